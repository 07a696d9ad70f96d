"""Tetris rules: the well, the falling piece, the 7-bag, SRS rotation, gravity, line clears; no drawing.

Coordinates: ``grid[row, col]``, row 0 at the top. The grid holds the ``height`` rows of the well under
:data:`BUFFER` spawn-zone rows (the guideline's rows 21-22 above a 20-row well); nothing exists above
the spawn zone, so it acts as a ceiling. Cells hold the kind of the piece that left them (1..7, see
:data:`~omniarena.arenas.games.tetris.pieces.KINDS`) or 0. Collisions are tested on one bit mask per row
(bit c = column c), kept in step with the grid at every lock.

Rules, following the Tetris Guideline where it is simple to:

- pieces come from a 7-bag: each run of seven pieces from the start is the seven kinds in a random order;
- a piece spawns in rotation 0 with its lowest cells in the lower spawn-zone row, and drops one row at
  once if it can; if the spawn cells are taken the game ends (**block-out**);
- rotation is SRS with its wall kicks (:mod:`~omniarena.arenas.games.tetris.pieces`): the first kick
  offset that fits wins, and a rotation that no offset fits is refused;
- each action is one tick: the piece falls one row every :func:`ticks_per_row` ticks; when it cannot
  fall it locks (no lock delay); a soft drop moves it one row down now (and locks it if it rests);
  a hard drop or a placement drops it to the bottom and locks it;
- a lock that completes rows clears them: 1/2/3/4 rows score 100/300/500/800 times the level; the level
  is the start level plus one for every 10 cleared rows; a piece that locks entirely inside the spawn
  zone ends the game (**lock-out**);
- hold swaps the falling piece with the held one (the next piece when none is held), once per piece.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from omniarena.arenas.games.tetris.pieces import KICKS, KINDS, SHAPES, Shape, box_size

__all__ = [
    "BUFFER",
    "LINE_SCORES",
    "LINES_PER_LEVEL",
    "PRIMITIVES",
    "Game",
    "Piece",
    "ticks_per_row",
]

BUFFER = 2  # spawn-zone rows above the well
LINE_SCORES = (0, 100, 300, 500, 800)  # times the level, for 0..4 rows cleared by one lock
LINES_PER_LEVEL = 10
# Primitive moves, in native-action order.
PRIMITIVES = ("noop", "left", "right", "rotate cw", "rotate ccw", "soft drop", "hard drop", "hold")
NOOP, LEFT, RIGHT, ROTATE_CW, ROTATE_CCW, SOFT_DROP, HARD_DROP, HOLD = range(len(PRIMITIVES))
_FASTEST_LEVEL = 20  # the fall-speed curve stops getting faster here


def ticks_per_row(gravity: int, level: int) -> int:
    """Ticks between two one-row falls at ``level``, when a row takes ``gravity`` ticks at level 1.

    The guideline's curve: a row takes (0.8 - 0.007 (level - 1)) ** (level - 1) of its level-1 time,
    rounded to whole ticks and never below one tick.
    """
    step = min(max(level, 1), _FASTEST_LEVEL) - 1
    return max(1, round(gravity * (0.8 - 0.007 * step) ** step))


class Piece(NamedTuple):
    """A piece in the well: its kind (1..7), rotation (0..3) and the grid row/column of its box's corner."""

    kind: int
    rotation: int
    row: int
    col: int

    @property
    def shape(self) -> Shape:
        return SHAPES[self.kind][self.rotation]

    @property
    def letter(self) -> str:
        return KINDS[self.kind - 1]

    @property
    def left(self) -> int:
        """The column of the piece's leftmost cell (what a placement names)."""
        return self.col + self.shape.left

    def cells(self) -> list[tuple[int, int]]:
        """The (row, col) grid cells the piece covers."""
        return [(self.row + r, self.col + c) for r, c in self.shape.cells]


class Game:
    """One game of Tetris: the well, the falling piece, the queue, hold, score, lines and level.

    Transitions that may lock a piece draw the next bag from ``rng`` when the queue runs short, so the
    whole game is a function of the seed and the actions. ``over`` is "" while the game runs, else
    "block-out" or "lock-out".
    """

    def __init__(
        self,
        rng: np.random.Generator,
        width: int = 10,
        height: int = 20,
        *,
        preview: int = 3,
        hold: bool = True,
        gravity: int = 4,
        start_level: int = 1,
    ) -> None:
        self.width, self.height = int(width), int(height)
        self.rows = self.height + BUFFER
        self.full_row = (1 << self.width) - 1
        self.preview = int(preview)
        self.hold_allowed = bool(hold)
        self.gravity = int(gravity)
        self.start_level = int(start_level)
        self.grid = np.zeros((self.rows, self.width), dtype=np.uint8)
        self.masks = [0] * self.rows
        self.queue: list[int] = []
        self.hold_kind = 0
        self.hold_used = False
        self.score = 0
        self.lines = 0
        self.pieces = 0  # pieces locked so far
        self.last_cleared = 0  # rows cleared by the last lock
        self.fall = 0  # ticks since the piece last fell
        self.over = ""
        self._below: list[list[int]] | None = None  # drop table, rebuilt after each lock
        self.piece = self._spawn(self._next(rng))

    # --- derived ---------------------------------------------------------------------------------
    @property
    def level(self) -> int:
        return self.start_level + self.lines // LINES_PER_LEVEL

    @property
    def ticks_per_row(self) -> int:
        return ticks_per_row(self.gravity, self.level)

    @property
    def can_hold(self) -> bool:
        return self.hold_allowed and not self.hold_used and not self.over

    def copy(self) -> Game:
        """An independent copy (what the expert reads and searches on)."""
        clone = object.__new__(Game)
        clone.__dict__.update(self.__dict__)
        clone.grid = self.grid.copy()
        clone.masks = list(self.masks)
        clone.queue = list(self.queue)
        return clone

    def set_well(self, cells: np.ndarray) -> None:
        """Replace the well's settled cells (``rows`` x ``width`` kinds, 0 = empty): set-ups for tests and puzzles.

        Full rows stay until a lock clears them; the falling piece is not moved.
        """
        cells = np.asarray(cells, dtype=np.uint8)
        if cells.shape != (self.rows, self.width):
            raise ValueError(f"the well is {self.rows}x{self.width} (spawn zone included), got {cells.shape}")
        self.grid = cells.copy()
        weights = 1 << np.arange(self.width)
        self.masks = [int(m) for m in (self.grid > 0).astype(np.int64) @ weights]
        self._below = None

    # --- geometry --------------------------------------------------------------------------------
    def fits(self, kind: int, rotation: int, row: int, col: int) -> bool:
        """Whether piece ``kind`` in ``rotation`` with its box corner at (row, col) is inside and free."""
        shape = SHAPES[kind][rotation]
        left = col + shape.left
        if left < 0 or left + shape.width > self.width:
            return False
        masks = self.masks
        for offset, bits in shape.row_bits:
            row_index = row + offset
            if row_index < 0 or row_index >= self.rows or masks[row_index] & (bits << left):
                return False
        return True

    def piece_fits(self, piece: Piece) -> bool:
        return self.fits(piece.kind, piece.rotation, piece.row, piece.col)

    def rotated(self, piece: Piece, turn: int) -> Piece | None:
        """``piece`` turned a quarter clockwise (``turn`` = 1) or counterclockwise (-1) with SRS kicks."""
        target = (piece.rotation + turn) % 4
        for d_row, d_col in KICKS[piece.kind][(piece.rotation, target)]:
            if self.fits(piece.kind, target, piece.row + d_row, piece.col + d_col):
                return Piece(piece.kind, target, piece.row + d_row, piece.col + d_col)
        return None

    def turned_to(self, piece: Piece, rotation: int) -> Piece | None:
        """``piece`` in ``rotation`` the way a placement turns it: clockwise once or twice, or once back."""
        turns = (rotation - piece.rotation) % 4
        for turn in (1,) * turns if turns <= 2 else (-1,):
            turned = self.rotated(piece, turn)
            if turned is None:
                return None
            piece = turned
        return piece

    def _first_filled(self) -> list[list[int]]:
        """``[col][row]``: the first filled row at or below ``row`` in column ``col`` (``rows`` if none)."""
        if self._below is None:
            index = np.where(self.grid > 0, np.arange(self.rows)[:, None], self.rows)
            below = np.minimum.accumulate(index[::-1], axis=0)[::-1]
            self._below = np.vstack([below, np.full((1, self.width), self.rows)]).T.tolist()
        return self._below

    def dropped(self, piece: Piece) -> Piece:
        """``piece`` (in a free position) moved straight down as far as it goes: where a hard drop puts it.

        Every piece's cells in one column are contiguous, so the drop is the smallest gap between each
        column's lowest cell and the first filled cell under it.
        """
        kind, rotation, row, col = piece
        shape = SHAPES[kind][rotation]
        below = self._first_filled()
        left = col + shape.left
        fall = min(below[left + offset][row + lowest + 1] - (row + lowest + 1) for offset, lowest in shape.lowest)
        return Piece(kind, rotation, row + fall, col)

    def landing(self, rotation: int, left: int) -> Piece | None:
        """Where "place column ``left`` rotation ``rotation``" puts the falling piece, or ``None``.

        The piece is turned to ``rotation`` (see :meth:`turned_to`), moved one column at a time until
        its leftmost cell is in column ``left``, then hard-dropped; any step that does not fit fails.
        """
        if self.over:
            return None
        piece = self.turned_to(self.piece, rotation)
        if piece is None:
            return None
        kind, rotation, row, col = piece
        target = left - SHAPES[kind][rotation].left
        step = 1 if target > col else -1
        while col != target:
            col += step
            if not self.fits(kind, rotation, row, col):
                return None
        return self.dropped(Piece(kind, rotation, row, col))

    def reachable(self, piece: Piece) -> list[tuple[Piece, int, int]]:
        """Where placements can take ``piece``: for each rotation it can be turned to, the turned piece and
        the range of box columns (low, high) it can shift to from there, one column at a time."""
        spans = []
        for rotation in range(4):
            turned = self.turned_to(piece, rotation)
            if turned is None:
                continue
            kind, _, row, col = turned
            low = high = col
            while self.fits(kind, rotation, row, low - 1):
                low -= 1
            while self.fits(kind, rotation, row, high + 1):
                high += 1
            spans.append((turned, low, high))
        return spans

    def placement_mask(self) -> np.ndarray:
        """int8 (4, width): 1 where "place column c rotation r" can be carried out now."""
        mask = np.zeros((4, self.width), dtype=np.int8)
        if self.over:
            return mask
        for turned, low, high in self.reachable(self.piece):
            offset = turned.shape.left
            mask[turned.rotation, low + offset : high + offset + 1] = 1
        return mask

    def primitive_mask(self) -> np.ndarray:
        """int8 over :data:`PRIMITIVES`: moves and turns that fit, drops and noop always, hold once per piece."""
        if self.over:
            return np.zeros(len(PRIMITIVES), dtype=np.int8)
        kind, rotation, row, col = self.piece
        return np.array(
            [
                1,
                self.fits(kind, rotation, row, col - 1),
                self.fits(kind, rotation, row, col + 1),
                self.rotated(self.piece, 1) is not None,
                self.rotated(self.piece, -1) is not None,
                1,
                1,
                self.can_hold,
            ],
            dtype=np.int8,
        )

    # --- transitions -----------------------------------------------------------------------------
    def act(self, action: int, rng: np.random.Generator) -> int:
        """Play primitive ``action`` (an index into :data:`PRIMITIVES`) for one tick; returns the score gained.

        The action must be legal (:meth:`primitive_mask`); moves and turns are followed by the tick's gravity.
        """
        piece = self.piece
        if action == HARD_DROP:
            self.piece = self.dropped(piece)
            return self._lock(rng)
        if action == SOFT_DROP:
            if self.fits(piece.kind, piece.rotation, piece.row + 1, piece.col):
                self.piece = piece._replace(row=piece.row + 1)
                self.fall = 0
                return 0
            return self._lock(rng)
        if action == HOLD:
            self._hold(rng)
            return 0
        if action in (LEFT, RIGHT):
            self.piece = piece._replace(col=piece.col + (1 if action == RIGHT else -1))
        elif action in (ROTATE_CW, ROTATE_CCW):
            turned = self.rotated(piece, 1 if action == ROTATE_CW else -1)
            if turned is not None:
                self.piece = turned
        return self._gravity(rng)

    def place(self, rotation: int, left: int, rng: np.random.Generator) -> int:
        """Carry out "place column ``left`` rotation ``rotation``" (must be legal); returns the score gained."""
        landed = self.landing(rotation, left)
        if landed is None:
            raise ValueError(f"place column {left} rotation {rotation} is not possible now")
        self.piece = landed
        return self._lock(rng)

    def _gravity(self, rng: np.random.Generator) -> int:
        self.fall += 1
        if self.fall < self.ticks_per_row:
            return 0
        self.fall = 0
        piece = self.piece
        if self.fits(piece.kind, piece.rotation, piece.row + 1, piece.col):
            self.piece = piece._replace(row=piece.row + 1)
            return 0
        return self._lock(rng)

    def _lock(self, rng: np.random.Generator) -> int:
        piece = self.piece
        level = self.level
        for row, col in piece.cells():
            self.grid[row, col] = piece.kind
            self.masks[row] |= 1 << col
        shape = piece.shape
        full = [r for r in range(piece.row + shape.top, piece.row + shape.bottom + 1) if self.masks[r] == self.full_row]
        self._below = None
        if full:
            keep = [r for r in range(self.rows) if r not in full]
            self.grid = np.concatenate([np.zeros((len(full), self.width), np.uint8), self.grid[keep]])
            self.masks = [0] * len(full) + [self.masks[r] for r in keep]
        gained = LINE_SCORES[len(full)] * level
        self.score += gained
        self.lines += len(full)
        self.last_cleared = len(full)
        self.pieces += 1
        self.hold_used = False
        if piece.row + shape.bottom < BUFFER:
            self.over = "lock-out"
        else:
            self.piece = self._spawn(self._next(rng))
        return gained

    def _hold(self, rng: np.random.Generator) -> None:
        incoming = self.hold_kind or self._next(rng)
        self.hold_kind = self.piece.kind
        self.hold_used = True
        self.piece = self._spawn(incoming)

    def _next(self, rng: np.random.Generator) -> int:
        """The next piece off the queue, refilled a whole bag at a time so the preview is always full."""
        while len(self.queue) <= self.preview:
            self.queue.extend(int(k) + 1 for k in rng.permutation(len(KINDS)))
        return self.queue.pop(0)

    def spawn_position(self, kind: int) -> Piece | None:
        """Where piece ``kind`` enters: rotation 0, lowest cells in the lower spawn-zone row, then one row
        lower when that fits; ``None`` when the spawn cells are taken (block-out)."""
        shape = SHAPES[kind][0]
        row, col = BUFFER - 1 - shape.bottom, (self.width - box_size(kind)) // 2
        if not self.fits(kind, 0, row, col):
            return None
        return Piece(kind, 0, row + 1 if self.fits(kind, 0, row + 1, col) else row, col)

    def _spawn(self, kind: int) -> Piece:
        """The new falling piece; on block-out the game ends with the piece shown where it would enter."""
        self.fall = 0
        piece = self.spawn_position(kind)
        if piece is None:
            self.over = "block-out"
            return Piece(kind, 0, BUFFER - 1 - SHAPES[kind][0].bottom, (self.width - box_size(kind)) // 2)
        return piece
