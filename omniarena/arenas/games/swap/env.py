"""Swap: a match-3 game. Swap neighbouring tiles to line up three or more; reach the score target in time."""

from __future__ import annotations

from typing import Any

import numpy as np

from omniarena.arenas.games.swap import rules
from omniarena.arenas.games.swap.actions import swap_actions
from omniarena.arenas.games.swap.render import TILES, image_shape, render
from omniarena.core.arena import Arena, Outcome

MIN_SIDE, MAX_SIDE = 4, 10


class SwapEnv(Arena):
    """Swap two neighbouring tiles to line up three or more of a kind; cascades score more.

    ## Description
    Match-3 as in VLM-Gym's swap puzzle: a ``rows`` x ``cols`` board of ``colours`` tile kinds (each a
    colour *and* a shape: red circle R, blue square B, yellow triangle Y, green diamond G, pink star P,
    cyan cross C). A move swaps two orthogonally adjacent tiles and is allowed only if it lines up three
    or more equal tiles across or down. Every tile in a line clears at once (crossing lines share a
    tile), the tiles above fall into the holes, and the holes at the top refill with uniformly random
    kinds drawn from ``self.np_random``; new lines clear again, in cascades, until the board is stable.
    A new board has no ready-made line and at least one legal swap. When a move leaves no legal swap,
    the board is reshuffled (seeded, free of charge, ``info["reshuffled"]``): its tiles are permuted
    until there is no line and a legal swap (after 100 failed permutations a fresh board is drawn), so
    a game never gets stuck. The image shows the board with row and column labels under a header with
    the score, the target and the moves left.

    ## Actions
    Native ``Discrete(E)`` over the edges between neighbouring cells, horizontal edges first (row by
    row, left to right), then vertical ones (E = 112 on 8x8, 60 on 6x6). ``action_mask`` marks the swaps
    that make a line; any other swap is illegal: natively a no-op with ``info["illegal"]`` (no move is
    used), in text mode an invalid reply under the invalid-action policy. Text (1-indexed (row, column),
    row 1 at the top): ``swap (3,4) (3,5)``, ``(3,4) right`` (left/up/down, north/..., arrows, u/d/l/r),
    ``r3c4 r3c5``, ``(3,4) with (3,5)``, ``swap('3,4', '3,5')``.

    ## Observation
    ``{"image": (84 + 52R) x (36 + 52C) x 3 uint8 (500 x 452 on 8x8), "text": rules, the board as a
    labelled letter grid, score, target, moves left, what the last swap did and the legal swaps,
    "action_mask": int8[E]}``.

    ## Rewards
    The points of the swap: each cleared tile scores its wave number (1 in the swap's own clear, 2 in
    the first cascade, 3 in the next, ...). ``info`` holds ``score``, ``target``, ``moves_left``,
    ``success``, and after a swap ``waves`` (tiles cleared per wave) and ``reshuffled``.

    ## Episode end
    Terminated when the score reaches ``target`` (``info["success"] = True``) or when the last of the
    ``moves`` swaps is made without reaching it. Truncated at the registry's ``max_steps`` (which
    counts illegal native actions and invalid replies too).

    ## Arguments
    ``rows``, ``cols``: board size, 4 to 10. ``colours``: tile kinds, 3 to 6. ``target``: points to
    reach. ``moves``: the move budget. ``render_mode``: "rgb_array" or "ansi". ``reset(options=
    {"board": rows x cols array of kinds})`` starts from a given stable board with a legal swap.

    ## Baselines
    Native mode, seeds 0..199, one episode each. Expert: ``SwapExpert`` (greedy one-ply: the legal swap
    whose clear and visible cascades score most, lowest on the board on ties); random: uniform over the
    legal swaps (the registry's random agent, seed 0). Mean scores stop growing at the target, where an
    episode ends.

    ==============  =====  =====  ============  ===========================  ===========================
    variant         board  kinds  target/moves  expert success (mean score)  random success (mean score)
    ==============  =====  =====  ============  ===========================  ===========================
    Swap-Easy-v0    6x6    4      500 / 20      194/200 (550)                19/200 (320)
    Swap-v0         8x8    5      600 / 25      176/200 (624)                1/200 (289)
    Swap-Hard-v0    8x8    6      250 / 20      148/200 (252)                9/200 (150)
    ==============  =====  =====  ============  ===========================  ===========================

    The expert needs about 1 ms a move on 6x6 and 1.5 ms on 8x8. Throughput (text mode: parse + step +
    image + text, random legal replies, one core): about 70% of 2048-v0's rate measured side by side
    (1,500 vs 2,000 steps per CPU-second on a busy 2-core machine); the image costs most, then the
    cascades.

    ## Version history
    v0: first release.

    >>> env = SwapEnv(rows=8, cols=8, colours=5)
    >>> obs, info = env.reset(seed=0)
    >>> obs["image"].shape, obs["action_mask"].shape, int(obs["action_mask"].sum()) > 0, info["score"]
    ((500, 452, 3), (112,), True, 0)
    """

    def __init__(
        self,
        rows: int = 8,
        cols: int = 8,
        colours: int = 5,
        target: int = 600,
        moves: int = 25,
        render_mode: str | None = None,
    ) -> None:
        for name, value in (("rows", rows), ("cols", cols)):
            if not MIN_SIDE <= value <= MAX_SIDE:
                raise ValueError(f"{name} must be {MIN_SIDE}..{MAX_SIDE}, got {value}")
        if not rules.MIN_COLOURS <= colours <= len(TILES):
            raise ValueError(f"colours must be {rules.MIN_COLOURS}..{len(TILES)}, got {colours}")
        if target < 1 or moves < 1:
            raise ValueError(f"target and moves must be positive, got target={target}, moves={moves}")
        super().__init__(swap_actions(rows, cols), image_shape(rows, cols), render_mode=render_mode)
        self.rows, self.cols, self.colours = int(rows), int(cols), int(colours)
        self.target, self.moves = int(target), int(moves)
        self.board = np.zeros((self.rows, self.cols), dtype=rules.BOARD_DTYPE)
        self.score = 0
        self.moves_left = self.moves
        self.last: rules.MoveResult | None = None
        self._legal_swaps = np.zeros(self.action_set.n, dtype=np.int8)
        # The grid's fixed parts: column numbers over the letters, a row number before each row.
        width, label = len(str(self.cols)), len(str(self.rows))
        numbers = " ".join(str(c).rjust(width) for c in range(1, self.cols + 1))
        self._grid_header = f"Board (rows top to bottom, columns left to right):\n{' ' * (label + 1)}{numbers}"
        self._row_labels = [f"{str(r).rjust(label)} " for r in range(1, self.rows + 1)]
        self._letters = [t.letter.rjust(width) for t in TILES]

    # --- episode -----------------------------------------------------------------------------------
    def _new_episode(self, options: dict[str, Any]) -> None:
        board = options.get("board")
        self.board = (
            rules.new_board(self.rows, self.cols, self.colours, self.np_random)
            if board is None
            else (self._checked_board(board))
        )
        self.score = 0
        self.moves_left = self.moves
        self.last = None
        self._legal_swaps = rules.legal_swaps(self.board, self.colours)

    def _checked_board(self, board: Any) -> np.ndarray:
        array = np.asarray(board)
        if array.shape != (self.rows, self.cols) or not np.issubdtype(array.dtype, np.integer):
            raise ValueError(f"options['board'] must be a {self.rows}x{self.cols} integer array, got {array.shape}")
        if array.min() < 0 or array.max() >= self.colours:
            raise ValueError(f"options['board'] holds kinds 0..{self.colours - 1}, got {array.min()}..{array.max()}")
        array = array.astype(rules.BOARD_DTYPE)
        if rules.has_lines(array) or not rules.legal_swaps(array, self.colours).any():
            raise ValueError("options['board'] must have no line of three and at least one legal swap")
        return array

    def _apply(self, action: int) -> Outcome:
        result = rules.play(self.board, int(action), self.np_random, self.colours)
        self.board = result.board
        self._legal_swaps = result.legal
        self.last = result
        self.score += result.points
        self.moves_left -= 1
        done = self.success or self.moves_left == 0
        return Outcome(float(result.points), done, True, {"waves": result.waves, "reshuffled": result.reshuffled})

    @property
    def success(self) -> bool:
        return self.score >= self.target

    def action_mask(self) -> np.ndarray:
        return self._legal_swaps.copy()

    def expert_state(self) -> dict[str, Any]:
        """The board (row 0 at the top, kinds 0..colours-1), the mask of legal swaps, score, target, moves left."""
        return {
            "board": self.board.copy(),
            "legal": self._legal_swaps.copy(),
            "colours": self.colours,
            "score": self.score,
            "target": self.target,
            "moves_left": self.moves_left,
        }

    def _info(self) -> dict[str, Any]:
        return {"score": self.score, "target": self.target, "moves_left": self.moves_left, "success": self.success}

    # --- observation ---------------------------------------------------------------------------------
    def _draw(self) -> np.ndarray:
        return render(self.board, self.score, self.target, self.moves_left)

    def _rules(self) -> str:
        kinds = ", ".join(f"{t.letter} = {t.description}" for t in TILES[: self.colours])
        return (
            f"Swap (match-3) on a {self.rows}x{self.cols} board with {self.colours} kinds of tile ({kinds}). "
            "Swap two side-by-side tiles (same row or column) so that three or more equal tiles line up across "
            "or down; a swap that lines up nothing is not allowed. Lined-up tiles clear, the tiles above fall, "
            "new random tiles drop in from the top, and any new lines clear too (cascades). Each cleared tile "
            "scores 1 point in the swap's own clear, 2 in the first cascade, 3 in the next, and so on. "
            f"Reach {self.target} points within {self.moves} swaps. If no swap can line up tiles, the board "
            "is reshuffled for free. Cells are (row,column), row 1 at the top, column 1 at the left."
        )

    def _state(self) -> str:
        letters, labels = self._letters, self._row_labels
        lines = [
            label + " ".join([letters[k] for k in row]) for label, row in zip(labels, self.board.tolist(), strict=True)
        ]
        status = f"Score: {self.score} of {self.target}. Moves left: {self.moves_left} of {self.moves}."
        return "\n".join([self._grid_header, *lines, status, self._last()])

    def _last(self) -> str:
        if self.last is None:
            return "No swap made yet."
        waves = self.last.waves
        cleared = " + ".join(map(str, waves))
        cascade = f" in {len(waves)} waves" if len(waves) > 1 else ""
        text = f"Last swap cleared {cleared} tiles{cascade} for {self.last.points} points."
        if self.last.reshuffled:
            text += " No swap could line up tiles after it, so the board was reshuffled."
        return text

    def _legal(self) -> str:
        names = self.action_set.names
        legal = [names[i] for i in np.flatnonzero(self._legal_swaps)]
        return f"Legal swaps ({len(legal)}): {', '.join(legal)}."
