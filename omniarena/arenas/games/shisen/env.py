"""Shisen-sho: clear the board by removing pairs of equal tiles that a path with at most two turns joins."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from omniarena.arenas.games.shisen import rules
from omniarena.arenas.games.shisen.actions import CellPairActions
from omniarena.arenas.games.shisen.render import BoardPainter, image_shape
from omniarena.core.arena import Arena, Outcome

MIN_SIDE, MAX_SIDE = 4, 12


class ShisenShoEnv(Arena):
    """Remove matching tiles in pairs; a pair may go when a path with at most two turns joins them.

    ## Description
    Shisen-sho as in VLM-Gym: a ``rows`` x ``cols`` board full of tiles, ``kinds`` kinds, equally
    many of each. Two tiles of the same kind can be removed together when a path of at most three
    straight segments (at most two turns) joins them through empty cells; the path may run outside
    the board through the ring of empty cells around it. Clear the board to win.

    Every deal is solvable by construction: the generator plays a game on a full board of blank
    tiles (removing connectable pairs one at a time, which depends only on which cells are
    occupied), then gives the removed pairs their kinds. ``traps`` of the kinds are dealt into
    "A B / B A" 2x2 squares: pair the other A's together and the other B's together, and the last
    A's and B's block each other for good. So a deal can be made unsolvable by bad play, and then
    the game ends when no pair connects. The tiles are shapes (circle, square, triangle, diamond,
    cross, hexagon) in six colours; shape and a colour letter tell the kinds apart, never colour alone.

    ## Actions
    Native ``Discrete(cells * (cells - 1) / 2)``: one action per unordered pair of distinct cells
    (2,016 on 8x8, 10,296 on 12x12); ``action_mask`` marks the pairs that can be removed now.
    Text: the two cells as (row,column), 1-indexed from the top left: "(1,2) (3,4)"; also
    "r1c2 r3c4", "row 1 column 2 and row 3 column 4", "B1 D3" (column letter, row number) and
    "1 2 3 4" (see :mod:`omniarena.arenas.games.shisen.actions`). A cell off the board or the same
    cell twice is an invalid reply; a pair of different tiles, an empty cell or a pair no path joins
    is an illegal move, explained in the next text (native: ``info["illegal"]``, state unchanged).

    ## Observation
    ``{"image": HxWx3 uint8 (626x592 from 6x6 up, 498x464 on 4x4), "text": the rules, the board as a
    grid of two-letter tiles ("Cr" = red circle) under column numbers and beside row numbers, the
    pairs removed and the last move, "action_mask": int8[pairs]}``. The image shows the same board
    inside its ring with row and column numbers, and the path of the last removed pair in gold.

    ## Rewards
    +1 for each pair removed. ``info`` holds ``score`` (pairs removed), ``pairs_left``, ``open_pairs``
    (pairs removable now) and ``success`` (the board is clear).

    ## Episode end
    Terminated when the board is clear (``info["success"] = True``) or when no pair connects
    (``info["stuck"] = True``; only after a wrong pairing). Truncated at the registry's ``max_steps``.

    ``reset(options={"board": array})`` starts from a given board instead of a deal (0 = empty,
    1..kinds; an even number of each kind), e.g. to replay a position; it need not be solvable.

    ## Arguments
    ``rows``, ``cols``: 4..12 (an even number of cells). ``kinds``: 1..36 kinds of tiles; the cell
    count divided by ``kinds`` must be even. ``traps``: the share (0..1) of kinds dealt into trap
    squares. ``list_pairs``: list the removable pairs in the text (off by default: finding them is
    the puzzle). ``render_mode``: "rgb_array" or "ansi".

    ## Baselines
    Native mode, seeds 0..99 (Hard: 0..49). Expert: ``ShisenShoExpert`` (a complete solver,
    :mod:`omniarena.arenas.games.shisen.solver`, planned once per deal); random: uniform over the
    removable pairs (``action_mask``); blind: uniform over all cell pairs, within ``max_steps``.

    =================  =====  =====  ===================  ===================  ================
    variant            board  kinds  expert success       random success       blind success
                                     (mean pairs)         (mean pairs)         (mean pairs)
    =================  =====  =====  ===================  ===================  ================
    ShisenSho-Easy     4x4    4      100/100 (8.00 of 8)  94/100 (7.88)        0/100 (2.44)
    ShisenSho-Medium   6x6    9      100/100 (18.00)      93/100 (17.86)       0/100 (1.31)
    ShisenSho-v0       8x8    16     100/100 (32.00)      83/100 (31.61)       0/100 (0.99)
    ShisenSho-Hard     12x12  36     50/50 (72.00)        38/50 (71.44)        0/100 (0.90)
    =================  =====  =====  ===================  ===================  ================

    The random agent is told which pairs are removable; what it lacks is the pairing, so it falls
    into trap squares. Finding the removable pairs is the puzzle for a model. On a busy machine
    (load ~6) a deal takes ~9 ms on 8x8 and ~18 ms on 12x12, the expert's plan about as long (then
    a lookup per move). Throughput there (text mode: parse + step + image + text, random legal
    replies, one core): ~600 text steps/s on 8x8 while 2048-v0 ran ~1,600 (its quiet-machine rate is
    ~9,000); the image is 1.1 MB, copied twice per step.

    ## Version history
    v0: first release.

    >>> env = ShisenShoEnv(rows=8, cols=8, kinds=16)
    >>> obs, info = env.reset(seed=0)
    >>> obs["image"].shape, obs["action_mask"].shape, int(obs["action_mask"].sum()) > 0, info["pairs_left"]
    ((626, 592, 3), (2016,), True, 32)
    """

    def __init__(
        self,
        rows: int = 8,
        cols: int = 8,
        kinds: int = 16,
        traps: float = 1.0,
        list_pairs: bool = False,
        render_mode: str | None = None,
    ) -> None:
        for name, side in (("rows", rows), ("cols", cols)):
            if not MIN_SIDE <= side <= MAX_SIDE:
                raise ValueError(f"{name} must be {MIN_SIDE}..{MAX_SIDE}, got {side}")
        cells = rows * cols
        if not 1 <= kinds <= rules.MAX_KINDS or cells % kinds or (cells // kinds) % 2:
            raise ValueError(
                f"a {rows}x{cols} board holds {cells} tiles: kinds must divide it into an even number of tiles "
                f"per kind (and be 1..{rules.MAX_KINDS}), got {kinds}"
            )
        if not 0.0 <= traps <= 1.0:
            raise ValueError(f"traps must be in 0..1, got {traps}")
        super().__init__(CellPairActions(rows, cols, explain=self._why_illegal), image_shape(rows, cols), render_mode)
        self.rows, self.cols, self.kinds = int(rows), int(cols), int(kinds)
        self.traps = float(traps)
        self.list_pairs = bool(list_pairs)
        self.board = np.zeros((self.rows, self.cols), dtype=rules.BOARD_DTYPE)
        self.removed = 0
        self.last: tuple[tuple[int, int], tuple[int, int]] | None = None  # 0-indexed cells of the last pair
        self.last_kind = rules.EMPTY
        self.last_path: tuple[tuple[int, int], ...] | None = None  # its corners, padded coordinates
        self._first = self._second = self._actions = np.zeros(0, dtype=np.int64)
        self._open = np.zeros(0, dtype=bool)
        self._pairs = rules.stack_pairs(*(np.zeros(0, dtype=np.int64),) * 4)
        self._through = np.zeros((2, 0, 0), dtype=bool)
        self._paths = rules.Paths.of_board(self.board)  # the path rule on the current board
        self._mask = np.zeros(self.action_set.n, dtype=np.int8)
        self._painter = BoardPainter()  # this env's image, repainted where the board changed

    # --- state -------------------------------------------------------------------------------------
    def _new_episode(self, options: dict[str, Any]) -> None:
        if "board" in options:
            self.board = self._checked_board(options["board"])
        else:
            self.board = rules.deal(self.rows, self.cols, self.kinds, self.np_random, self.traps).board
        self.removed = 0
        self.last = self.last_path = None
        # Same-kind pairs never change during an episode (tiles only go), so they are listed once, and
        # the path rule is updated in place as tiles go.
        self._first, self._second = rules.same_kind_pairs(self.board)
        self._actions = self.action_set.index[self._first, self._second]
        cols = self.cols
        self._pairs = rules.stack_pairs(
            self._first // cols + 1, self._first % cols + 1, self._second // cols + 1, self._second % cols + 1
        )
        self._paths = rules.Paths.of_board(self.board)
        self._update_open()

    def _checked_board(self, board: Any) -> np.ndarray:
        """A board given to ``reset(options={"board": ...})``: kinds 0..kinds, an even count of each."""
        array = np.asarray(board)
        if array.shape != (self.rows, self.cols) or not np.issubdtype(array.dtype, np.integer):
            raise ValueError(f"options['board'] must be a {self.rows}x{self.cols} array of ints, got {array.shape}")
        if array.min() < rules.EMPTY or array.max() > self.kinds:
            raise ValueError(f"board values must be 0 (empty) .. {self.kinds}, got {array.min()}..{array.max()}")
        if (np.bincount(array.reshape(-1), minlength=self.kinds + 1)[1:] % 2).any():
            raise ValueError("every kind must appear an even number of times on options['board']")
        return array.astype(rules.BOARD_DTYPE)

    def _update_open(self) -> None:
        flat = self.board.reshape(-1)
        alive = (flat[self._first] != rules.EMPTY) & (flat[self._second] != rules.EMPTY)
        self._through = self._paths.joined(self._pairs)  # kept: it also holds the path of the next move
        self._open = alive & self._through.any(axis=(0, 2))
        self._mask = np.zeros(self.action_set.n, dtype=np.int8)
        self._mask[self._actions[self._open]] = 1

    def _apply(self, action: int) -> Outcome:
        a, b = self.action_set.cells(action)
        [candidate] = np.flatnonzero(self._actions == action)
        self.last_path = rules.shortest_path((a[0] + 1, a[1] + 1), (b[0] + 1, b[1] + 1), self._through[:, candidate])
        self.last, self.last_kind = (a, b), int(self.board[a])
        self.board[a] = self.board[b] = rules.EMPTY
        for row, col in (a, b):
            self._paths.remove(row + 1, col + 1)
        self.removed += 1
        self._update_open()
        cleared = not self.board.any()
        stuck = not cleared and not self._open.any()
        return Outcome(1.0, cleared or stuck, True, {"stuck": stuck} if stuck else {})

    def action_mask(self) -> np.ndarray:
        return self._mask.copy()

    def expert_state(self) -> np.ndarray:
        """A copy of the board (row 0 at the top; 0 = empty, 1..kinds = tile kinds)."""
        return self.board.copy()

    def _info(self) -> dict[str, Any]:
        pairs_left = int(np.count_nonzero(self.board)) // 2
        return {
            "score": self.removed,
            "pairs_left": pairs_left,
            "open_pairs": int(self._open.sum()),
            "success": pairs_left == 0,
        }

    def _why_illegal(self, action: int) -> str | None:
        """Why the pair ``action`` cannot be removed now, in the terms of the rules."""
        a, b = self.action_set.cells(action)
        names = self.action_set.format(action).split(" ")
        for cell, name in ((a, names[0]), (b, names[1])):
            if self.board[cell] == rules.EMPTY:
                return f"{name} is empty; pick two cells that hold tiles"
        kind_a, kind_b = int(self.board[a]), int(self.board[b])
        if kind_a != kind_b:
            return (
                f"{names[0]} holds {rules.kind_code(kind_a)} ({rules.kind_name(kind_a)}) and {names[1]} holds "
                f"{rules.kind_code(kind_b)} ({rules.kind_name(kind_b)}): only two equal tiles can be removed"
            )
        return (
            f"no path with at most two turns joins the tile at {names[0]} to the one at {names[1]} through "
            "empty cells (other tiles are in the way)"
        )

    # --- observations ------------------------------------------------------------------------------
    def _status(self) -> str:
        pairs_left = int(np.count_nonzero(self.board)) // 2
        if pairs_left == 0:
            return "Board cleared!"
        if not self._open.any():
            return f"No pair can be joined: game over ({pairs_left} pairs left)"
        return f"Pairs removed: {self.removed}   Pairs left: {pairs_left}"

    def _draw(self) -> np.ndarray:
        return self._painter.paint(self.board, self.last_path, self._status())

    def _rules(self) -> str:
        shapes = ", ".join(f"{letter} {name}" for name, letter in rules.SHAPES)
        colours = ", ".join(f"{letter} {name}" for name, letter in rules.COLOURS)
        per_kind = self.rows * self.cols // self.kinds
        return (
            f"Shisen-sho on a {self.rows}x{self.cols} board with {self.kinds} kinds of tiles, {per_kind} of each. "
            "Remove all tiles in pairs. Two tiles can be removed together when they are the same kind and a path "
            "of at most three straight horizontal or vertical segments (at most two turns) joins them through "
            "empty cells. The path may leave the board: the ring of cells just outside it "
            f"(row 0, row {self.rows + 1}, column 0 and column {self.cols + 1}) is always empty. "
            "Each removed pair scores 1; clearing the board wins; the game also ends when no pair can be joined, "
            "which a wrong choice of partners can cause.\n"
            f"A tile is a shape in a colour, written as shape letter + colour letter (Cr is a red circle). "
            f"Shapes: {shapes}. Colours: {colours}; the colour's letter is also written on the tile. "
            f"Cells are (row,column): rows 1..{self.rows} from the top, columns 1..{self.cols} from the left."
        )

    def _state(self) -> str:
        header = "    " + " ".join(f"{col:>2}" for col in range(1, self.cols + 1))
        lines = [header] + [_row_text(row + 1, tuple(values)) for row, values in enumerate(self.board.tolist())]
        pairs_left = int(np.count_nonzero(self.board)) // 2
        text = ["Board (. = empty cell):\n" + "\n".join(lines)]
        text.append(f"Pairs removed: {self.removed}. Pairs left: {pairs_left}.")
        if self.last is not None:
            (r1, c1), (r2, c2) = self.last
            # Not "Last move: (1,2) and (3,4)": an echoed observation would read as that answer.
            code = rules.kind_code(self.last_kind)
            text.append(f"The last pair removed was {code}, from ({r1 + 1},{c1 + 1}) and from ({r2 + 1},{c2 + 1}).")
        return "\n".join(text)

    def _legal(self) -> str:
        count = int(self._open.sum())
        if not np.count_nonzero(self.board):
            return "Legal moves: none (the board is clear)."
        if count == 0:
            return "Legal moves: none; no pair of equal tiles can be joined, the game is over."
        if self.list_pairs:
            pairs = "; ".join(self.action_set.format(a) for a in np.sort(self._actions[self._open]).tolist())
            return f"Legal moves ({count} removable pairs): {pairs}."
        return (
            "Legal moves: any two cells holding the same tile that a path with at most two turns joins "
            f"({count} such pairs now)."
        )


_CODES = [" ."] + [rules.kind_code(kind) for kind in range(1, rules.MAX_KINDS + 1)]


@lru_cache(maxsize=4096)
def _row_text(number: int, values: tuple[int, ...]) -> str:
    """One line of the text board: the row number and the two-letter tiles (rows change two cells a move)."""
    return f"{number:>2}  " + " ".join(_CODES[value] for value in values)
