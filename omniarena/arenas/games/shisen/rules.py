"""Shisen-sho rules: tiles, the two-turn path rule and solvable deals; pure numpy, no drawing.

A board is an int8 array of tile kinds (0 = empty, 1..K = a kind). Paths run on the *padded* grid:
the board with one ring of always-empty cells around it, so board cell ``(r, c)`` (0-indexed) is
padded cell ``(r + 1, c + 1)``, which is also its 1-indexed name in the text and the image.

Two tiles connect when a path of at most three straight segments (at most two turns) joins them
through empty cells. Every such path is "horizontal, vertical, horizontal" through some column ``x``
(the straight and one-turn paths are the cases where a segment has length 0) or "vertical,
horizontal, vertical" through some row ``y``. So ``a`` and ``b`` connect through column ``x`` when
``x`` lies in both tiles' horizontal runs of empty cells (the run around a tile, the tile included)
and column ``x`` is empty strictly between their rows; :class:`Paths` tests every column and row of
many pairs at once from per-cell run extents and column/row prefix sums, a few numpy calls per state.

Deals are solvable by construction: the generator plays a game of Shisen-sho on a full board of
unlabelled tiles, removing one connectable pair at a time (connectability depends only on which cells
are occupied, never on the kinds), and only then labels the removed pairs with kinds. That removal
order is a solution of the dealt board.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

__all__ = [
    "COLOURS",
    "EMPTY",
    "MAX_KINDS",
    "SHAPES",
    "Paths",
    "deal",
    "stack_pairs",
    "kind_code",
    "kind_name",
    "kind_parts",
    "open_pairs",
    "pair_table",
    "same_kind_pairs",
    "shortest_path",
]

EMPTY = 0
# Tile identities: shape x colour. Text writes a tile as its shape letter and colour letter ("Cr" is
# a red circle); the image draws the shape in its colour with the colour letter inside, so the
# identity never rests on colour alone.
SHAPES = (("circle", "C"), ("square", "S"), ("triangle", "T"), ("diamond", "D"), ("cross", "X"), ("hexagon", "H"))
COLOURS = (("red", "r"), ("blue", "b"), ("green", "g"), ("yellow", "y"), ("purple", "p"), ("black", "k"))
MAX_KINDS = len(SHAPES) * len(COLOURS)
BOARD_DTYPE = np.int8
# How often the generator prefers a partner that is not a direct neighbour: adjacent equal tiles are
# the easiest pairs to spot, so most pairs are dealt apart.
_FAR_PARTNER = 0.85


def kind_parts(kind: int) -> tuple[int, int]:
    """(shape index, colour index) of tile ``kind`` (1..MAX_KINDS); kinds 1..6 differ in shape and colour."""
    index = int(kind) - 1
    if not 0 <= index < MAX_KINDS:
        raise ValueError(f"tile kinds are 1..{MAX_KINDS}, got {kind}")
    shape = index % len(SHAPES)
    return shape, (shape + index // len(SHAPES)) % len(COLOURS)


def kind_code(kind: int) -> str:
    """The two-letter text name of a kind: shape letter + colour letter ("Cr")."""
    shape, colour = kind_parts(kind)
    return SHAPES[shape][1] + COLOURS[colour][1]


def kind_name(kind: int) -> str:
    """ "red circle"."""
    shape, colour = kind_parts(kind)
    return f"{COLOURS[colour][0]} {SHAPES[shape][0]}"


@lru_cache(maxsize=32)
def pair_table(rows: int, cols: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(first, second, index): every unordered pair of distinct cells as native action ``k``.

    ``first[k] < second[k]`` are flat (row-major) cell indices, pairs in lexicographic order;
    ``index[i, j]`` is the action of cells ``i`` and ``j`` in either order (-1 on the diagonal).
    """
    cells = rows * cols
    first, second = np.triu_indices(cells, 1)
    index = np.full((cells, cells), -1, dtype=np.int64)
    index[first, second] = index[second, first] = np.arange(first.size)
    for array in (first, second, index):
        array.flags.writeable = False
    return first, second, index


_ORIENTATIONS = np.array([[0], [1]])


def stack_pairs(ra: np.ndarray, ca: np.ndarray, rb: np.ndarray, cb: np.ndarray) -> tuple[np.ndarray, ...]:
    """Pairs of padded cells as :meth:`Paths.joined` reads them: (line, spot) of both cells, per orientation.

    Orientation 0 reads the grid by rows (line = row, spot = column), orientation 1 by columns.
    """
    return np.stack([ra, ca]), np.stack([ca, ra]), np.stack([rb, cb]), np.stack([cb, rb])


class Paths:
    """The path rule on one occupancy state: which cell pairs connect, and by which path.

    ``occupied`` is the padded grid (True = a tile); cells are given in padded coordinates. The grid
    is kept twice, as read by rows and as read by columns (padded to a square with empty cells), so
    that horizontal-vertical-horizontal and vertical-horizontal-vertical paths are tested by the same
    few numpy calls.
    """

    def __init__(self, occupied: np.ndarray) -> None:
        height, width = occupied.shape
        side = max(height, width)
        grid = np.zeros((2, side, side), dtype=bool)
        grid[0, :height, :width] = occupied
        grid[1, :width, :height] = occupied.T
        spots = np.arange(side)
        # low/high[o, line, spot]: the first and last spot of the run of empty cells around (line, spot);
        # the cell itself does not count (a tile's run is the empty cells beside it plus the tile).
        before = np.maximum.accumulate(np.where(grid, spots, -1), axis=2)
        self.low = np.zeros((2, side, side), dtype=np.int64)
        self.low[:, :, 1:] = before[:, :, :-1] + 1
        after = np.minimum.accumulate(np.where(grid, spots, side)[:, :, ::-1], axis=2)[:, :, ::-1]
        self.high = np.full((2, side, side), side - 1, dtype=np.int64)
        self.high[:, :, :-1] = after[:, :, 1:] - 1
        # count[o, line, spot]: tiles on lines < line at that spot (o = 0: rows above, in column spot).
        self.count = np.zeros((2, side + 1, side), dtype=np.int16)
        np.cumsum(grid, axis=1, out=self.count[:, 1:])
        self._spots = spots
        self._last = np.array([[width - 1], [height - 1]])  # the padding beyond the ring is not a way

    @classmethod
    def of_board(cls, board: np.ndarray) -> Paths:
        occupied = np.zeros((board.shape[0] + 2, board.shape[1] + 2), dtype=bool)
        occupied[1:-1, 1:-1] = board != EMPTY
        return cls(occupied)

    def copy(self) -> Paths:
        """An independent copy (for a search that branches)."""
        twin = object.__new__(Paths)
        twin.__dict__.update(self.__dict__)
        twin.low, twin.high, twin.count = self.low.copy(), self.high.copy(), self.count.copy()
        return twin

    def remove(self, row: int, col: int) -> None:
        """Update in place for the tile at padded cell (row, col) leaving (a few slice writes, no rebuild).

        The tile's run [low, high] becomes one empty run; the tiles that end it on either side now
        reach across it; and the counts below it in its column (by rows) and row (by columns) drop.
        """
        for o, line, spot in ((0, row, col), (1, col, row)):
            low, high = int(self.low[o, line, spot]), int(self.high[o, line, spot])
            self.low[o, line, low : high + 2] = low
            self.high[o, line, max(low - 1, 0) : high + 1] = high
            self.count[o, line + 1 :, spot] -= 1

    def joined(self, pairs: tuple[np.ndarray, ...]) -> np.ndarray:
        """Boolean (2, P, side): [0, p, x] whether column x joins pair p, [1, p, y] whether row y does.

        ``pairs`` comes from :func:`stack_pairs`. Column x joins a and b when it lies in both cells'
        runs along their rows and holds no tile strictly between their rows; rows likewise.
        """
        line_a, spot_a, line_b, spot_b = pairs
        o = _ORIENTATIONS
        low = np.maximum(self.low[o, line_a, spot_a], self.low[o, line_b, spot_b])
        high = np.minimum(np.minimum(self.high[o, line_a, spot_a], self.high[o, line_b, spot_b]), self._last)
        near, far = np.minimum(line_a, line_b), np.maximum(line_a, line_b)
        # Tiles strictly between the two lines (<= 0 when the lines are equal or adjacent).
        between = self.count[o, far] - self.count[o, near + 1]
        x = self._spots
        return (x >= low[..., None]) & (x <= high[..., None]) & (between <= 0)

    def connected(self, ra: np.ndarray, ca: np.ndarray, rb: np.ndarray, cb: np.ndarray) -> np.ndarray:
        """Whether each pair (a, b) joins by a path of at most two turns (both cells distinct)."""
        return self.joined(stack_pairs(ra, ca, rb, cb)).any(axis=(0, 2))

    def path(self, a: tuple[int, int], b: tuple[int, int]) -> tuple[tuple[int, int], ...] | None:
        """The shortest joining path as its corner points from ``a`` to ``b`` (padded coordinates), or None."""
        return shortest_path(a, b, self.joined(stack_pairs(*(np.array([v]) for v in (*a, *b))))[:, 0])


def shortest_path(a: tuple[int, int], b: tuple[int, int], through: np.ndarray) -> tuple[tuple[int, int], ...] | None:
    """The shortest path from ``a`` to ``b`` among the columns / rows ``through`` (2, side) marks as joining.

    Ties go to fewer turns, then to the lowest column, then row. None when nothing joins them.
    """
    (ra, ca), (rb, cb) = a, b
    options = []
    for x in np.flatnonzero(through[0]).tolist():
        points = _corners(((ra, ca), (ra, x), (rb, x), (rb, cb)))
        options.append((abs(ca - x) + abs(ra - rb) + abs(x - cb), len(points), points))
    for y in np.flatnonzero(through[1]).tolist():
        points = _corners(((ra, ca), (y, ca), (y, cb), (rb, cb)))
        options.append((abs(ra - y) + abs(ca - cb) + abs(y - rb), len(points), points))
    return min(options)[2] if options else None


def _corners(points: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    """The path through ``points`` without repeated points or points in the middle of a straight run."""
    kept: list[tuple[int, int]] = []
    for point in points:
        if kept and kept[-1] == point:
            continue
        if len(kept) >= 2 and (kept[-2][0] == kept[-1][0] == point[0] or kept[-2][1] == kept[-1][1] == point[1]):
            kept[-1] = point
            continue
        kept.append(point)
    return tuple(kept)


def same_kind_pairs(board: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(first, second) flat cell indices of every unordered pair of tiles of the same kind."""
    cells = np.flatnonzero(board)
    kinds = board.flat[cells]
    i, j = np.triu_indices(cells.size, 1)
    same = kinds[i] == kinds[j]
    return cells[i[same]], cells[j[same]]


def open_pairs(board: np.ndarray, first: np.ndarray, second: np.ndarray, paths: Paths | None = None) -> np.ndarray:
    """Which candidate pairs (flat cells ``first``, ``second`` of equal kinds) are on the board and connect.

    ``paths``: :class:`Paths` of ``board`` when the caller has it already.
    """
    flat = board.reshape(-1)
    alive = (flat[first] != EMPTY) & (flat[second] != EMPTY)
    result = np.zeros(first.size, dtype=bool)
    if not alive.any():
        return result
    cols = board.shape[1]
    a, b = first[alive], second[alive]
    paths = Paths.of_board(board) if paths is None else paths
    result[alive] = paths.connected(a // cols + 1, a % cols + 1, b // cols + 1, b % cols + 1)
    return result


@dataclass(frozen=True)
class Deal:
    """A dealt board and the removal order that clears it (pairs of flat cell indices)."""

    board: np.ndarray
    solution: tuple[tuple[int, int], ...]


@lru_cache(maxsize=16)
def _fans(rows: int, cols: int) -> tuple[tuple[np.ndarray, ...], np.ndarray]:
    """Every (cell, cell) pair of a board as :func:`stack_pairs` arrays (2, cells, cells), and their distances.

    ``[:, k]`` of the arrays are the pairs of cell ``k`` with every cell, so the deal tests one cell
    against the whole board without building index arrays each time.
    """
    flat = np.arange(rows * cols)
    row, col = flat // cols + 1, flat % cols + 1
    square = (rows * cols, rows * cols)
    fans = stack_pairs(*(np.broadcast_to(v, square) for v in (row[:, None], col[:, None], row[None, :], col[None, :])))
    distance = np.abs(row[:, None] - row[None, :]) + np.abs(col[:, None] - col[None, :])
    return fans, distance


def _removal_order(rows: int, cols: int, rng: np.random.Generator) -> list[tuple[int, int]] | None:
    """Play a full board of unlabelled tiles to the end, one random connectable pair at a time."""
    occupied = np.zeros((rows + 2, cols + 2), dtype=bool)
    occupied[1:-1, 1:-1] = True
    paths = Paths(occupied)
    fans, distance = _fans(rows, cols)
    left = np.ones(rows * cols, dtype=bool)
    order = []
    for _ in range(rows * cols // 2):
        for a in rng.permutation(np.flatnonzero(left)).tolist():
            reachable = left & paths.joined(tuple(fan[:, a] for fan in fans)).any(axis=(0, 2))
            reachable[a] = False
            joined = np.flatnonzero(reachable)
            if joined.size:
                break
        else:
            return None
        far = joined[distance[a, joined] > 1]
        pool = far if far.size and rng.random() < _FAR_PARTNER else joined
        b = int(pool[rng.integers(pool.size)])
        left[a] = left[b] = False
        for cell in (a, b):
            paths.remove(cell // cols + 1, cell % cols + 1)
        order.append((a, b))
    return order


def _trap_couples(
    rows: int, cols: int, order: list[tuple[int, int]], wanted: int, rng: np.random.Generator
) -> list[tuple[int, int]]:
    """Up to ``wanted`` 2x2 squares whose four tiles lie in four different removal pairs.

    Each square yields two couples of pairs (its diagonal and its anti-diagonal) that will share a
    kind, dealing "A B / B A": if a player pairs the other A tiles together and the other B tiles
    together, the last A's and B's block each other for good.
    """
    pair_of = np.empty(rows * cols, dtype=np.int64)
    for index, (a, b) in enumerate(order):
        pair_of[a] = pair_of[b] = index
    used = np.zeros(len(order), dtype=bool)
    couples: list[tuple[int, int]] = []
    for corner in rng.permutation((rows - 1) * (cols - 1)).tolist():
        if len(couples) >= 2 * wanted:
            break
        top_left = corner // (cols - 1) * cols + corner % (cols - 1)
        square = pair_of[[top_left, top_left + cols + 1, top_left + 1, top_left + cols]]
        if len(set(square.tolist())) < 4 or used[square].any():
            continue
        used[square] = True
        couples.extend(((int(square[0]), int(square[1])), (int(square[2]), int(square[3]))))
    return couples


def deal(rows: int, cols: int, kinds: int, rng: np.random.Generator, traps: float = 1.0) -> Deal:
    """A ``rows`` x ``cols`` board with ``kinds`` kinds of tiles, equally many of each, and a solution.

    The cell count divided by ``kinds`` must be even (each kind is removed in pairs). ``traps`` (0..1)
    is the share of the kinds (with four or more tiles) dealt into "A B / B A" squares, the boards'
    pitfalls (see :func:`_trap_couples`).
    """
    cells = rows * cols
    if not 1 <= kinds <= MAX_KINDS or cells % kinds or (cells // kinds) % 2:
        raise ValueError(f"{rows}x{cols} cells cannot hold {kinds} kinds in pairs (cells / kinds must be even)")
    if not 0.0 <= traps <= 1.0:
        raise ValueError(f"traps must be in 0..1, got {traps}")
    while True:  # the removal game essentially never sticks; retrying keeps the deal exact if it does
        order = _removal_order(rows, cols, rng)
        if order is not None:
            break
    pairs_per_kind = cells // kinds // 2
    couples_per_kind = pairs_per_kind // 2
    wanted = int(traps * kinds * couples_per_kind) // 2  # squares; each gives two couples
    couples = _trap_couples(rows, cols, order, wanted, rng) if couples_per_kind else []
    coupled = {index for couple in couples for index in couple}
    singles = rng.permutation([index for index in range(len(order)) if index not in coupled]).tolist()
    # Each kind takes its share of couples, then singles up to its number of pairs.
    kind_pairs: list[list[int]] = [[] for _ in range(kinds)]
    for number, couple in enumerate(couples):
        kind_pairs[number // couples_per_kind].extend(couple)
    for pairs in kind_pairs:
        while len(pairs) < pairs_per_kind:
            pairs.append(singles.pop())
    board = np.zeros(cells, dtype=BOARD_DTYPE)
    for kind, index in zip(rng.permutation(np.arange(1, kinds + 1)).tolist(), range(kinds), strict=True):
        for pair in kind_pairs[index]:
            a, b = order[pair]
            board[a] = board[b] = kind
    return Deal(board.reshape(rows, cols), tuple((int(a), int(b)) for a, b in order))
