"""Swap (match-3) rules: pure board transitions on a board of colour indices, no drawing.

A board is an ``int8`` array ``(rows, cols)`` of colours ``0..colours-1``, row 0 at the top;
:data:`EMPTY` (-1) marks a cleared cell that has not been refilled. A *swap* exchanges the tiles of
one edge, an orthogonally adjacent pair of cells; edges are numbered horizontal first (row by row,
left to right), then vertical (row by row, top to bottom), so an 8x8 board has 56 + 56 = 112.

Inside a move the board is a ``bytearray`` of ``rows * (cols + 1)`` bytes, row-major, each row ending
in a spare byte (:data:`_PAD`), and lines are found on *bitboards*: one Python int per colour with bit
``r * (cols + 1) + c`` set where that colour lies, built in C by ``bytes.translate`` and ``int(..., 2)``.
The spare bit ending every row is always 0, so shifting by 1 never carries a tile into the next row; a
line of three is ``b & b >> 1 & b >> 2`` (across) or the same with shifts of a row (down), and which
swaps make a line is read off shifted bitboards too, without swapping anything. A few dozen integer
operations per colour replace hundreds of small numpy calls per step.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

__all__ = [
    "EMPTY",
    "MIN_COLOURS",
    "Edges",
    "MoveResult",
    "edges",
    "find_matches",
    "has_lines",
    "legal_swaps",
    "new_board",
    "play",
    "reshuffle",
    "resolve",
    "swapped",
    "wave_points",
]

EMPTY = -1
MIN_COLOURS = 3  # with two colours a board without lines can still be forced; three always leave a choice
BOARD_DTYPE = np.int8
RESHUFFLE_TRIES = 100  # permutations tried before a dead board is replaced by a freshly generated one
_GENERATE_TRIES = 1000


@dataclass(frozen=True)
class Edges:
    """The adjacent cell pairs of a ``rows`` x ``cols`` board: edge ``i`` joins (r1[i], c1[i]) and (r2[i], c2[i])."""

    rows: int
    cols: int
    r1: tuple[int, ...]
    c1: tuple[int, ...]
    r2: tuple[int, ...]
    c2: tuple[int, ...]
    horizontal: int  # edges 0..horizontal-1 join left-right neighbours, the rest top-bottom ones

    @property
    def count(self) -> int:
        return len(self.r1)

    def cells(self, edge: int) -> tuple[tuple[int, int], tuple[int, int]]:
        """The two 0-indexed cells of ``edge``, top/left one first."""
        return (self.r1[edge], self.c1[edge]), (self.r2[edge], self.c2[edge])

    def index(self, cell_a: tuple[int, int], cell_b: tuple[int, int]) -> int | None:
        """The edge joining two 0-indexed cells (in either order), or ``None`` if they are not neighbours."""
        return _edge_lookup(self.rows, self.cols).get((min(cell_a, cell_b), max(cell_a, cell_b)))


@lru_cache(maxsize=32)
def edges(rows: int, cols: int) -> Edges:
    """Every edge of the board: horizontal ones first, then vertical ones, each row-major."""
    across = [(r, c, r, c + 1) for r in range(rows) for c in range(cols - 1)]
    down = [(r, c, r + 1, c) for r in range(rows - 1) for c in range(cols)]
    r1, c1, r2, c2 = zip(*(across + down), strict=True)
    return Edges(rows, cols, r1, c1, r2, c2, len(across))


@lru_cache(maxsize=32)
def _edge_lookup(rows: int, cols: int) -> dict[tuple[tuple[int, int], tuple[int, int]], int]:
    e = edges(rows, cols)
    return {e.cells(i): i for i in range(e.count)}


_PAD = 254  # the spare byte ending each row of the padded layout
_HOLE = 255  # EMPTY as a byte (int8 -1 read as uint8)
# _ONES[k] maps colour k's byte to "1" and every other byte (other colours, holes, pads) to "0".
_ONES = tuple(bytes(ord("1") if byte == k else ord("0") for byte in range(256)) for k in range(16))


@dataclass(frozen=True)
class _Layout:
    """Geometry of the padded layout of a ``rows`` x ``cols`` board (bit i of a bitboard is byte i)."""

    rows: int
    cols: int
    width: int  # bytes (bits) per row: cols + 1, the last one a pad
    edge_bits: np.ndarray  # per edge, the bit of its top/left cell; vertical edges' shifted up by rows * width
    board_bits: int  # every cell's bit set: shifts carry bits past the board, this cuts them off
    nbytes: int  # bytes holding rows * width bits


@lru_cache(maxsize=32)
def _layout(rows: int, cols: int) -> _Layout:
    width = cols + 1
    e = edges(rows, cols)
    anchors = np.array([r * width + c for r, c in zip(e.r1, e.c1, strict=True)], dtype=np.intp)
    anchors[e.horizontal :] += rows * width
    board_bits = sum(1 << (r * width + c) for r in range(rows) for c in range(cols))
    return _Layout(rows, cols, width, anchors, board_bits, (rows * width + 7) // 8)


def _padded(board: np.ndarray) -> bytearray:
    rows, cols = board.shape
    padded = np.full((rows, cols + 1), _PAD, dtype=np.uint8)
    padded[:, :cols] = board.astype(np.int8, copy=False).view(np.uint8)
    return bytearray(padded.tobytes())


def _unpadded(cells: bytearray, layout: _Layout) -> np.ndarray:
    grid = np.frombuffer(cells, dtype=np.uint8).reshape(layout.rows, layout.width)
    return grid[:, : layout.cols].view(BOARD_DTYPE).copy()


def _bitboards(cells: bytearray, colours: int) -> list[int]:
    reverse = bytes(cells[::-1])  # int(..., 2) reads the most significant bit first: byte 0 is bit 0
    return [int(reverse.translate(_ONES[k]), 2) for k in range(colours)]


def _unpack(bits: int, layout: _Layout) -> np.ndarray:
    """The bits of ``bits`` that lie on the board as a uint8 array indexed by bit position."""
    raw = np.frombuffer((bits & layout.board_bits).to_bytes(layout.nbytes, "little"), dtype=np.uint8)
    return np.unpackbits(raw, bitorder="little")


def _line_bits(boards: Sequence[int], width: int) -> int:
    """The bits of every cell in a line of three or more (lines of four or more are overlapping threes)."""
    lines = 0
    down = 2 * width
    for b in boards:
        across = b & (b >> 1) & (b >> 2)
        column = b & (b >> width) & (b >> down)
        lines |= across | (across << 1) | (across << 2) | column | (column << width) | (column << down)
    return lines


def find_matches(board: np.ndarray) -> np.ndarray:
    """Boolean mask of the cells in a horizontal or vertical line of three or more equal colours."""
    layout = _layout(*board.shape)
    lines = _line_bits(_bitboards(_padded(board), int(board.max(initial=-1)) + 1), layout.width)
    grid = _unpack(lines, layout)[: layout.rows * layout.width].reshape(layout.rows, layout.width)
    return grid[:, : layout.cols].astype(bool)


def has_lines(board: np.ndarray) -> bool:
    """Whether ``board`` holds a line of three or more (a stable board never does)."""
    return bool(find_matches(board).any())


def wave_points(tiles: int, wave: int) -> int:
    """Points for clearing ``tiles`` tiles in cascade ``wave`` (1 = the swap's own clear): tiles x wave."""
    return int(tiles) * int(wave)


def _uniform_colours(rng: np.random.Generator, count: int, colours: int) -> list[int]:
    """``count`` uniform colours (``Generator.integers`` costs several times more per call than ``random``)."""
    return (rng.random(count) * colours).astype(np.intp).tolist()


def _resolve_cells(
    cells: bytearray, layout: _Layout, rng: np.random.Generator | None, colours: int
) -> tuple[list[int], list[int]]:
    """:func:`resolve` on the padded layout (changed in place); returns the waves and the final bitboards."""
    rows, width = layout.rows, layout.width
    waves: list[int] = []
    while True:
        boards = _bitboards(cells, colours)
        lines = _line_bits(boards, width)
        if not lines:
            return waves, boards
        gone: dict[int, set[int]] = {}  # column -> cleared rows
        while lines:
            low = lines & -lines
            row, col = divmod(low.bit_length() - 1, width)
            gone.setdefault(col, set()).add(row)
            lines ^= low
        waves.append(sum(map(len, gone.values())))
        for col, cleared in gone.items():
            kept = bytes(tile for row, tile in enumerate(cells[col::width]) if row not in cleared)
            cells[col::width] = bytes((_HOLE,)) * (rows - len(kept)) + kept
        if rng is not None:  # the holes are the top len(cleared) cells of each column; draw them row-major
            holes = sorted((row, col) for col, cleared in gone.items() for row in range(len(cleared)))
            for (row, col), colour in zip(holes, _uniform_colours(rng, len(holes), colours), strict=True):
                cells[row * width + col] = colour


def resolve(board: np.ndarray, rng: np.random.Generator | None, colours: int) -> tuple[np.ndarray, list[int]]:
    """Clear, drop and refill until no line is left; returns the stable board and the tiles of each wave.

    Each wave clears every cell in a line at once; the tiles above fall into the holes, then the holes
    at the top of each column refill with uniform colours from ``rng`` (one draw per hole, row-major).
    With ``rng=None`` nothing refills: holes stay :data:`EMPTY` and never match (what a player who
    cannot see the refills can predict).
    """
    layout = _layout(*board.shape)
    cells = _padded(board)
    waves, _ = _resolve_cells(cells, layout, rng, colours)
    return _unpadded(cells, layout), waves


def swapped(board: np.ndarray, edge: int) -> np.ndarray:
    """A copy of ``board`` with the two tiles of ``edge`` exchanged."""
    a, b = edges(*board.shape).cells(edge)
    out = board.copy()
    out[a], out[b] = board[b], board[a]
    return out


def _legal_bits(boards: Sequence[int], layout: _Layout) -> tuple[int, int]:
    """Anchor bits of the horizontal and the vertical edges whose swap makes a line.

    For a colour's bitboard ``b``, ``b << 1`` has bit p set when p's left neighbour has the colour
    (``>> 1`` right, ``<< width`` above, ``>> width`` below). A tile arriving at p from its right
    neighbour lines up if two of its colour lie left of p, or two above/below p, or one above and one
    below; the arriving tile's own old cell cannot count (it now holds the other tile).
    """
    w, w2 = layout.width, 2 * layout.width
    across = down = 0
    for b in boards:
        left, left2, right, right2 = b << 1, b << 2, b >> 1, b >> 2
        up, up2, below, below2 = b << w, b << w2, b >> w, b >> w2
        vertical = (up & up2) | (below & below2) | (up & below)
        horizontal = (left & left2) | (right & right2) | (left & right)
        elsewhere = ~b  # a tile landing on its own colour changes nothing
        from_right = right & ((left & left2) | vertical) & elsewhere  # anchor p, edge (p, p+1)
        from_left = left & ((right & right2) | vertical) & elsewhere  # lands on p+1
        from_below = below & ((up & up2) | horizontal) & elsewhere  # anchor p, edge (p, p+width)
        from_above = up & ((below & below2) | horizontal) & elsewhere  # lands on p+width
        across |= from_right | (from_left >> 1)
        down |= from_below | (from_above >> w)
    return across, down


def _legal_mask(boards: Sequence[int], layout: _Layout) -> np.ndarray:
    """int8 mask over the edges from a stable board's bitboards (see :func:`_legal_bits`)."""
    across, down = _legal_bits(boards, layout)
    span = layout.rows * layout.width  # the vertical edges' bits go above the horizontal ones: one unpack
    both = (across & layout.board_bits) | (down & layout.board_bits) << span
    raw = np.frombuffer(both.to_bytes(2 * layout.nbytes, "little"), dtype=np.uint8)
    return np.unpackbits(raw, bitorder="little")[layout.edge_bits].view(np.int8)


def legal_swaps(board: np.ndarray, colours: int | None = None) -> np.ndarray:
    """int8 mask over the edges of a stable board: 1 where the swap makes a line of three or more."""
    colours = int(board.max(initial=-1)) + 1 if colours is None else colours
    return _legal_mask(_bitboards(_padded(board), colours), _layout(*board.shape))


def _draw_without_lines(rows: int, cols: int, colours: int, rng: np.random.Generator) -> np.ndarray:
    """A random board with no line of three: each cell avoids the colour of two equal cells left or above."""
    grid = [[EMPTY] * cols for _ in range(rows)]
    draws = iter(rng.random(rows * cols).tolist())
    for r in range(rows):
        for c in range(cols):
            banned = set()
            if c >= 2 and grid[r][c - 1] == grid[r][c - 2]:
                banned.add(grid[r][c - 1])
            if r >= 2 and grid[r - 1][c] == grid[r - 2][c]:
                banned.add(grid[r - 1][c])
            allowed = [k for k in range(colours) if k not in banned]
            grid[r][c] = allowed[int(next(draws) * len(allowed))]
    return np.array(grid, dtype=BOARD_DTYPE)


def new_board(rows: int, cols: int, colours: int, rng: np.random.Generator) -> np.ndarray:
    """A random board with no ready-made line and at least one legal swap (redrawn until it has one)."""
    if colours < MIN_COLOURS:
        raise ValueError(f"a match-3 board needs at least {MIN_COLOURS} colours, got {colours}")
    for _ in range(_GENERATE_TRIES):
        board = _draw_without_lines(rows, cols, colours, rng)
        if legal_swaps(board, colours).any():
            return board
    raise RuntimeError(f"no playable {rows}x{cols} board with {colours} colours in {_GENERATE_TRIES} draws")


def reshuffle(board: np.ndarray, rng: np.random.Generator, colours: int) -> np.ndarray:
    """The same tiles in a random order with no line and a legal swap; a fresh board if none is found."""
    for _ in range(RESHUFFLE_TRIES):
        shuffled = rng.permutation(board.reshape(-1)).reshape(board.shape)
        if not has_lines(shuffled) and legal_swaps(shuffled, colours).any():
            return shuffled
    return new_board(*board.shape, colours, rng)


@dataclass(frozen=True)
class MoveResult:
    """What one legal swap did: the stable board after it, its legal swaps, the tiles of each wave, the points."""

    board: np.ndarray
    legal: np.ndarray
    waves: tuple[int, ...]
    points: int
    reshuffled: bool


def play(board: np.ndarray, edge: int, rng: np.random.Generator, colours: int) -> MoveResult:
    """Swap ``edge``, resolve every cascade with seeded refills, reshuffle if no legal swap remains."""
    layout = _layout(*board.shape)
    cells = _padded(board)
    (r1, c1), (r2, c2) = edges(*board.shape).cells(edge)
    a, b = r1 * layout.width + c1, r2 * layout.width + c2
    cells[a], cells[b] = cells[b], cells[a]
    waves, boards = _resolve_cells(cells, layout, rng, colours)
    stable = _unpadded(cells, layout)
    legal = _legal_mask(boards, layout)
    reshuffled = not legal.any()
    if reshuffled:
        stable = reshuffle(stable, rng, colours)
        legal = legal_swaps(stable, colours)
    points = sum(wave_points(tiles, wave) for wave, tiles in enumerate(waves, start=1))
    return MoveResult(stable, legal, tuple(waves), points, reshuffled)
