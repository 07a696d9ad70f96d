"""Jigsaw: put a shuffled (and maybe rotated) picture back together, AGILE-style, over any image."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from omniarena.arenas.jigsaw import render
from omniarena.arenas.jigsaw.actions import (
    MAX_CALLS,
    RELATIONS,
    arrangement_actions,
    pair_actions,
    program_actions,
    relation_actions,
)
from omniarena.arenas.jigsaw.images import ImageSource
from omniarena.arenas.jigsaw.rewards import REWARDS, reward
from omniarena.arenas.jigsaw.rules import MAX_SIDE, MIN_SIDE, Board, scramble
from omniarena.core.arena import Arena, Outcome

MODES = ("multi", "single", "pairs")
NATIVE = ("program", "pair")
# Where B sits from A for each relation answer (A left of B: B is one column right of A).
_OFFSETS = {"left": (0, 1), "right": (0, -1), "above": (1, 0), "below": (-1, 0)}


class JigsawEnv(Arena):
    """Reassemble a picture cut into ``rows`` x ``cols`` square pieces, shuffled and optionally rotated.

    ## Description
    AGILE's interactive jigsaw as an arena. A picture (bundled photos, procedural pictures, or the user's
    own, see :mod:`~omniarena.arenas.jigsaw.images`) is centre-cropped to the grid's aspect ratio and cut
    into ``rows`` x ``cols`` square pieces (2..8 a side, non-square grids too). The start is shuffled from
    the seed with exactly ``in_place`` pieces already correct (AGILE's difficulty levels); with
    ``rotation`` every other piece is also turned 0, 90, 180 or 270 degrees. A piece is correct when it
    sits upright in its own cell. Three modes:

    - ``"multi"`` (default): up to ``turns`` turns; each reply plays up to ``max_calls`` calls (swap,
      rotate, the observation tools crop/zoom/observe, submit) and the next observation shows the board
      (or the last tool's view). The episode ends when the picture is whole, on ``submit()``, or after
      the last turn.
    - ``"single"`` (Jigsaw-R1): one reply gives the whole arrangement; the episode ends with it.
    - ``"pairs"``: two pieces A and B that are neighbours in the picture; say whether A is left of,
      right of, above or below B. One reply.

    ## Actions
    Text and native forms are in :mod:`~omniarena.arenas.jigsaw.actions`. Multi: a program of calls, one
    per line (``swap('1,1', '1,2')``, ``rotate('2,1', 90)``, ``crop('board', [0, 0, 0.5, 0.5])``,
    ``zoom('1,2', 2)``, ``observe()``, ``submit()``), positional or keyword, or llm-jigsaw's
    ``{"moves": [...]}`` JSON; native ``Dict(count, calls)`` (a single call action also works). Single:
    ``[3, 1, 4, 2]``, native ``MultiDiscrete([N] * N)``. Pairs: ``left``/``right``/``above``/``below``,
    native ``Discrete(4)``. Python in a reply is never run: it is read with ``ast`` for literal calls only.

    ## Observation
    ``{"image": 508 x 482 x 3 uint8, "text": str}``. The image: a header (turn, hint), column numbers
    above and row numbers left of a 448 x 448 board area with the pieces, optional white grid lines
    (``grid``) and each cell's number in its corner (``labels``); after a crop or zoom the area shows that
    view until ``observe()`` or the next board move. The text: the grid size, the labelling scheme, the
    turns left, what the last turn did (and any error) and, with ``hint``, how many pieces are in place.

    ## Rewards
    ``reward=`` one of ``"agile"`` (0.8 x solved + 0.2 x format at the end, ``-turn_penalty`` each turn),
    ``"fraction"`` (fraction of pieces correct, at the end), ``"adjacency"`` (fraction of correct
    neighbour pairs, at the end), ``"dense"`` (change in correct pieces / N each turn); see
    :mod:`~omniarena.arenas.jigsaw.rewards`. Pairs: 1 for the right answer (agile: 0.8 x right + 0.2).
    ``info`` holds ``correct``, ``pieces``, ``success``, ``adjacency`` and ``turns_left``.

    ## Episode end
    Terminated when solved, on ``submit()``, after ``turns`` turns (multi), or after the one reply
    (single, pairs). Truncated at the registry's ``max_steps`` (invalid replies count).

    ## Arguments
    ``rows``, ``cols`` (2..8), ``rotation``, ``in_place`` (0..N-2), ``mode``, ``turns`` (multi, >= 1),
    ``max_calls`` (1..64, default 16), ``tools`` (crop/zoom/observe), ``reward``, ``turn_penalty``,
    ``hint``, ``grid``, ``labels``, ``images``, ``render_mode``. ``reset(options={"image": i})`` picks
    picture ``i`` of the source (a procedural seed with ``images="procedural"``).

    ## Baselines
    ``benchmarks/jigsaw.py``: native mode, 100 episodes each (seeds 10000..10099, a random bundled photo per
    seed), default ``reward="agile"`` (turn penalty 0.01). Expert: ``JigsawExpert`` (greedy border solver,
    then its moves, 16 a turn; with rotation it tries each whole-board orientation); random: 1-4 random
    swaps/rotations a turn (single: a uniform permutation; pairs: a uniform answer).

    ========================  ====================  ====================
    variant                   expert success (ret)  random success (ret)
    ========================  ====================  ====================
    Jigsaw-2x2-v0             91/100 (0.917)        30/100 (0.395)
    Jigsaw-3x3-v0             100/100 (0.990)       0/100 (0.100)
    Jigsaw-4x4-v0             91/100 (0.917)        0/100 (0.100)
    Jigsaw-5x5-v0             91/100 (0.907)        0/100 (0.080)
    Jigsaw-Rot-3x3-v0         90/100 (0.894)        0/100 (0.100)
    Jigsaw-Swap-3x3-v0        100/100 (0.929)       0/100 (-0.100)
    Jigsaw-Procedural-3x3-v0  100/100 (0.990)       0/100 (0.100)
    Jigsaw-Single-2x2-v0      91/100 (0.918)        4/100 (0.222)
    Jigsaw-Pairs-3x3-v0       100/100 (1.000)       21/100 (0.368)
    ========================  ====================  ====================

    AGILE's setting (2x2, one answer, no piece in place): the random agent solves 72 of 2,000 (3.6%;
    uniform chance 1/24 = 4.2%), beside AGILE's reported random baseline of about 4%. The solver alone,
    5 shuffles of each of the 8 bundled photos: 2x2 35/40, 3x3 40/40, 4x4 35/40, 5x5 35/40, 6x6 30/40,
    8x8 30/40, 2x3 40/40; with rotation (any whole-board turn counted, as the expert tries them all) 2x2
    25/40, 3x3 35/40, 4x4 30/40. Flat regions (sky, background) are where it fails; 2x2 has the fewest
    borders to compare.

    ## Version history
    v0: first release.

    >>> env = JigsawEnv(rows=3, cols=3)
    >>> obs, info = env.reset(seed=0)
    >>> obs["image"].shape, info["pieces"], info["correct"]
    ((508, 482, 3), 9, 0)
    """

    def __init__(
        self,
        rows: int = 3,
        cols: int = 3,
        rotation: bool = False,
        in_place: int = 0,
        mode: str = "multi",
        turns: int = 10,
        max_calls: int = MAX_CALLS,
        tools: bool = True,
        reward: str = "agile",
        turn_penalty: float = 0.01,
        hint: bool = False,
        grid: bool = True,
        labels: bool = True,
        images: Any = "bundled",
        native: str = "program",
        render_mode: str | None = None,
    ) -> None:
        for name, value in (("rows", rows), ("cols", cols)):
            if not MIN_SIDE <= value <= MAX_SIDE:
                raise ValueError(f"{name} must be {MIN_SIDE}..{MAX_SIDE}, got {value}")
        if mode not in MODES:
            raise ValueError(f"mode={mode!r}; use one of {', '.join(MODES)}")
        if reward not in REWARDS:
            raise ValueError(f"reward={reward!r}; use one of {', '.join(REWARDS)}")
        if mode == "single" and rotation:
            raise ValueError("mode='single' answers an arrangement only; use rotation=False (or mode='multi')")
        if turns < 1:
            raise ValueError(f"turns must be at least 1, got {turns}")
        pieces = rows * cols
        if not 0 <= in_place <= pieces - 2:
            raise ValueError(f"in_place must be 0..{pieces - 2} on a {rows}x{cols} board, got {in_place}")
        if native not in NATIVE:
            raise ValueError(
                f"native={native!r}; use 'program' (a turn of calls) or 'pair' (one move as a MultiDiscrete pair)"
            )
        if native == "pair" and mode != "multi":
            raise ValueError("native='pair' plays one move per turn of mode='multi'")
        if native == "pair":
            action_set: Any = pair_actions(rows, cols, bool(rotation))
        elif mode == "multi":
            action_set = program_actions(rows, cols, bool(rotation), bool(tools), int(max_calls))
        elif mode == "single":
            action_set = arrangement_actions(rows, cols)
        else:
            action_set = relation_actions()
        super().__init__(action_set, render.image_shape(), render_mode=render_mode)
        self.rows, self.cols, self.rotation, self.in_place = int(rows), int(cols), bool(rotation), int(in_place)
        self.mode, self.turns, self.reward_kind = mode, int(turns), reward
        self.turn_penalty, self.hint, self.grid, self.labels = float(turn_penalty), bool(hint), bool(grid), bool(labels)
        self.source = ImageSource(images)
        self.native = native
        self.piece = render.layout(self.rows, self.cols).piece
        self.board = Board.solved(self.rows, self.cols)
        self.tiles = np.zeros((4 if rotation else 1, pieces, self.piece, self.piece, 3), np.uint8)
        self.picture_name = ""
        self.turn = 0
        self.start_correct = 0
        self.view: np.ndarray | None = None
        self.view_caption = ""
        self.report = ""
        self.pair: tuple[int, int, int] = (0, 1, 0)  # piece A, piece B, relation index
        self._canvas: np.ndarray | None = None
        self._drawn = (self.board.pieces.copy(), self.board.turns.copy())
        self.answered: bool | None = None

    # --- episode -----------------------------------------------------------------------------------
    def _new_episode(self, options: dict[str, Any]) -> None:
        index = options.get("image")
        side = self.piece
        picture, self.picture_name = self.source.pick(
            self.np_random, self.rows * side, self.cols * side, None if index is None else int(index)
        )
        self.tiles = render.cut(picture, self.rows, self.cols, self.rotation)
        self._canvas = None  # a new picture: the next image is drawn whole
        self.board = scramble(self.rows, self.cols, self.in_place, self.rotation, self.np_random)
        self.start_correct = self.board.correct()
        self.turn = 0
        self.view, self.view_caption, self.report, self.answered = None, "", "", None
        if self.mode == "pairs":
            self.pair = self._new_pair()

    def _new_pair(self) -> tuple[int, int, int]:
        """Two neighbouring pieces of the picture, in a random order, and how the first sits to the second."""
        rng = self.np_random
        while True:
            relation = int(rng.integers(len(RELATIONS)))
            dr, dc = _OFFSETS[RELATIONS[relation].name]
            first = int(rng.integers(self.rows * self.cols))
            row, col = divmod(first, self.cols)
            if 0 <= row + dr < self.rows and 0 <= col + dc < self.cols:
                return first, (row + dr) * self.cols + col + dc, relation

    def _apply(self, action: Any) -> Outcome:
        if self.mode == "pairs":
            return self._answer_pair(int(action))
        before = self.board.copy()
        if self.mode == "single":
            self.board = self.board.arranged(np.asarray(action))
            cells = ", ".join(str(int(c) + 1) for c in np.asarray(action))
            self.report = (
                f"Your answer put the pieces of cells {cells} in positions 1 to {self.board.size}: "
                f"{self.board.correct()} of {self.board.size} right."
            )
            self.turn = 1
            return self._outcome(before, ended=True, played=1)
        if self.native == "pair":
            program = [self.action_set.to_call(action)]
        else:
            program = self.action_set.program(action)
        submitted, played = self._play(program)
        self.turn += 1
        ended = submitted or self.board.solved_now or self.turn >= self.turns
        return self._outcome(before, ended, played)

    def _play(self, program: list[dict[str, Any]]) -> tuple[bool, int]:
        """Run the calls in order; (whether submit() was called, how many calls ran)."""
        calls = self.action_set.calls
        done: list[str] = []
        submitted = False
        for call in program:
            name = calls.names[call["function"]]
            text = self._in_words(name, call)
            if name == "swap":
                self.board.swap(int(call["swap.a"]), int(call["swap.b"]))
                self.view = None
            elif name == "rotate":
                self.board.rotate(int(call["rotate.p"]), int(call["rotate.degrees"]))
                self.view = None
            elif name in ("crop", "zoom"):
                target = self._target_pixels(int(call[f"{name}.target"]))
                self.view = (
                    render.crop_view(target, call["crop.box"])
                    if name == "crop"
                    else render.zoom_view(target, float(call["zoom.factor"]))
                )
                self.view_caption = text
            elif name == "observe":
                self.view = None
            done.append(text)
            if name == "submit":
                submitted = True
                break
            if self.board.solved_now:
                break
        skipped = len(program) - len(done)
        tail = f" ({skipped} later call{'s' if skipped > 1 else ''} skipped: the episode ended)" if skipped else ""
        self.report = f"Last turn ({len(done)} call{'s' if len(done) > 1 else ''}): {'; '.join(done)}{tail}."
        return submitted, len(done)

    def _in_words(self, name: str, call: dict[str, Any]) -> str:
        """What a call did, in words (never in call syntax, so an echoed observation is not read as a move)."""

        def cell(value: Any) -> str:
            return "cell " + f"{int(value) // self.cols + 1},{int(value) % self.cols + 1}"

        def target(value: Any) -> str:
            return "the board" if int(value) == 0 else cell(int(value) - 1)

        if name == "swap":
            return f"swapped {cell(call['swap.a'])} and {cell(call['swap.b'])}"
        if name == "rotate":
            return f"turned {cell(call['rotate.p'])} by {90 * int(call['rotate.degrees'])} degrees clockwise"
        if name == "crop":
            x1, y1, x2, y2 = (float(v) for v in call["crop.box"])
            return f"cropped {target(call['crop.target'])} to x {x1:.2f}-{x2:.2f}, y {y1:.2f}-{y2:.2f}"
        if name == "zoom":
            return f"zoomed {float(call['zoom.factor']):.1f}x into {target(call['zoom.target'])}"
        return "showed the board" if name == "observe" else "submitted"

    def _target_pixels(self, target: int) -> np.ndarray:
        if target == 0:
            return self._board_pixels()
        cell = target - 1
        return self.tiles[int(self.board.turns[cell]), int(self.board.pieces[cell])]

    def _answer_pair(self, answer: int) -> Outcome:
        self.answered = answer == self.pair[2]
        self.turn = 1
        right = float(self.answered)
        value = 0.8 * right + 0.2 if self.reward_kind == "agile" else right
        truth = RELATIONS[self.pair[2]]
        self.report = f"Answer '{RELATIONS[answer].name}' is {'right' if self.answered else 'wrong'}: {truth.help}."
        return Outcome(value, True, True, {"success": self.answered})

    def _outcome(self, before: Board, ended: bool, played: int) -> Outcome:
        value = reward(self.reward_kind, before, self.board, ended, self.turn_penalty)
        return Outcome(value, ended, True, {"calls_played": played})

    @property
    def success(self) -> bool:
        if self.mode == "pairs":
            return bool(self.answered)
        return self.board.solved_now

    def expert_state(self) -> dict[str, Any]:
        """What a solver may see: the pieces as drawn in each cell (``[N, s, s, 3]``), never their identity."""
        state: dict[str, Any] = {
            "mode": self.mode,
            "rows": self.rows,
            "cols": self.cols,
            "rotation": self.rotation,
            "turns_left": self.turns - self.turn,
        }
        if self.mode == "pairs":
            state["pieces"] = np.stack([self.tiles[0, self.pair[0]], self.tiles[0, self.pair[1]]])
        else:
            state["pieces"] = self.tiles[self.board.turns.astype(np.intp), self.board.pieces.astype(np.intp)].copy()
            state["max_calls"] = getattr(self.action_set, "max_calls", 1)
        return state

    def _info(self) -> dict[str, Any]:
        info: dict[str, Any] = {
            "success": self.success,
            "turns_left": self.turns - self.turn if self.mode == "multi" else 1 - self.turn,
        }
        if self.mode != "pairs":
            info.update(correct=self.board.correct(), pieces=self.board.size, adjacency=self.board.adjacency_fraction())
        return info

    # --- observation ---------------------------------------------------------------------------------
    def _board_pixels(self) -> np.ndarray:
        return render.compose(self.tiles, self.board.pieces, self.board.turns, self.rows, self.cols)

    def _header(self) -> str:
        head = f"Jigsaw {self.rows}x{self.cols}"
        if self.mode == "multi":
            head += f" | turn {min(self.turn + 1, self.turns)} of {self.turns}"
        if self.hint and self.mode != "pairs":
            head += f" | {self.board.correct()}/{self.board.size} in place"
        return head

    def _draw(self) -> np.ndarray:
        if self.mode == "pairs":
            pieces = self.expert_state()["pieces"]
            return render.pair_image(pieces[0], pieces[1], "Where is piece A next to piece B in the picture?")
        if self.view is not None:
            return render.view_image(
                self.view, f"{self.view_caption[0].upper()}{self.view_caption[1:]} | observe() shows the board"
            )
        return self._board_image().copy()

    def _board_image(self) -> np.ndarray:
        """The board image, kept between turns: only the cells whose piece or rotation changed are redrawn."""
        pieces, turns = self.board.pieces, self.board.turns
        if self._canvas is None:
            self._canvas = render.draw(
                self._board_pixels(), self.rows, self.cols, self._header(), self.grid, self.labels
            )
        else:
            for cell in np.flatnonzero((pieces != self._drawn[0]) | (turns != self._drawn[1])).tolist():
                tile = self.tiles[int(turns[cell]), int(pieces[cell])]
                render.draw_cell(self._canvas, tile, cell, self.rows, self.cols, self.grid, self.labels)
            render.set_header(self._canvas, self._header())
        self._drawn = (pieces.copy(), turns.copy())
        return self._canvas

    def _text(self, observe: str) -> str:
        text = super()._text(observe)
        if observe != "text":
            return text
        # observe="text" shows no image: say so, and speak of the puzzle rather than a picture nobody sees.
        plain = re.sub(r"\b[Pp]ictures?\b", lambda m: "Puzzle" if m.group(0)[0] == "P" else "puzzle", text)
        plain = re.sub(r"\b[Ii]mages?\b", lambda m: "View" if m.group(0)[0] == "I" else "view", plain)
        return f"Text-only mode: the pieces' contents are not shown, only their cells.\n{plain}"

    def _rules(self) -> str:
        n = self.rows * self.cols
        if self.mode == "pairs":
            return (
                f"Jigsaw pair question. A picture was cut into {self.rows}x{self.cols} pieces; the image shows two of "
                "them, A and B, which touch in the picture. Say where A sits next to B: left (A is left of B), right, "
                "above or below."
            )
        rotation = (
            " Pieces may also be rotated by 90, 180 or 270 degrees; a piece counts only when upright."
            if self.rotation
            else ""
        )
        common = (
            f"Jigsaw: a picture was cut into {self.rows} rows x {self.cols} columns = {n} square pieces and shuffled."
            f"{rotation} Cells are named 'row,col' (row 1 at the top, column 1 at the left) or by the number 1..{n} "
            "drawn in each cell's corner, row by row from the top left."
        )
        if self.mode == "single":
            return f"{common} Answer the whole arrangement in one reply."
        examples = f"swap('1,1', '1,2') or swap(1, {self.rows * self.cols})" + (
            ", rotate('2,1', 90)" if self.rotation else ""
        )
        if self.native == "pair":
            return (
                f"{common} Put every piece in its place within {self.turns} moves, one move per reply, e.g. "
                f"{examples}. The episode ends when the picture is whole or after the last move."
            )
        tools = " Crop and zoom show a part of the board without changing it." if self.action_set.tools else ""
        return (
            f"{common} Put every piece in its place within {self.turns} turns; each turn may hold up to "
            f"{self.action_set.max_calls} calls, e.g. {examples}.{tools} The episode ends when the picture is whole, on submit(), "
            "or after the last turn."
        )

    def _state(self) -> str:
        lines = [f"Picture: {self.picture_name}."]
        if self.mode == "multi":
            lines.append(f"Turns left: {self.turns - self.turn} of {self.turns}.")
            if self.view is not None:
                lines.append(f"The image shows what you {self.view_caption}, not the board.")
        if self.hint and self.mode != "pairs":
            lines.append(f"Hint: {self.board.correct()} of {self.board.size} pieces are in place.")
        lines.append(self.report or "No move made yet.")
        return "\n".join(lines)
