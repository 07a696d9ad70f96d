"""The seven tetrominoes and the Super Rotation System (SRS) as data: spawn pictures and wall-kick tables.

Each piece is drawn in its SRS bounding box in the spawn orientation (rotation 0); rotations 1, 2, 3 are
quarter turns clockwise of that box, computed once at import. Kick offsets are the SRS tables of the
Tetris Guideline, written as (x, y) with y pointing **up**, as every SRS reference writes them; rotating
tries each offset in order and takes the first position that fits (the O piece never kicks).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["KINDS", "SHAPES", "KICKS", "Shape", "box_size"]

KINDS = "IOTSZJL"  # kind k (1..7) is KINDS[k - 1]; 0 is an empty cell

# Rotation 0 of each piece in its SRS box; '#' is a cell.
_SPAWN = {
    "I": ("....", "####", "....", "...."),
    "O": ("##", "##"),
    "T": (".#.", "###", "..."),
    "S": (".##", "##.", "..."),
    "Z": ("##.", ".##", "..."),
    "J": ("#..", "###", "..."),
    "L": ("..#", "###", "..."),
}

# (from rotation, to rotation) -> offsets (x right, y up), tried in order.
_KICKS_JLSTZ = {
    (0, 1): ((0, 0), (-1, 0), (-1, 1), (0, -2), (-1, -2)),
    (1, 0): ((0, 0), (1, 0), (1, -1), (0, 2), (1, 2)),
    (1, 2): ((0, 0), (1, 0), (1, -1), (0, 2), (1, 2)),
    (2, 1): ((0, 0), (-1, 0), (-1, 1), (0, -2), (-1, -2)),
    (2, 3): ((0, 0), (1, 0), (1, 1), (0, -2), (1, -2)),
    (3, 2): ((0, 0), (-1, 0), (-1, -1), (0, 2), (-1, 2)),
    (3, 0): ((0, 0), (-1, 0), (-1, -1), (0, 2), (-1, 2)),
    (0, 3): ((0, 0), (1, 0), (1, 1), (0, -2), (1, -2)),
}
_KICKS_I = {
    (0, 1): ((0, 0), (-2, 0), (1, 0), (-2, -1), (1, 2)),
    (1, 0): ((0, 0), (2, 0), (-1, 0), (2, 1), (-1, -2)),
    (1, 2): ((0, 0), (-1, 0), (2, 0), (-1, 2), (2, -1)),
    (2, 1): ((0, 0), (1, 0), (-2, 0), (1, -2), (-2, 1)),
    (2, 3): ((0, 0), (2, 0), (-1, 0), (2, 1), (-1, -2)),
    (3, 2): ((0, 0), (-2, 0), (1, 0), (-2, -1), (1, 2)),
    (3, 0): ((0, 0), (1, 0), (-2, 0), (1, -2), (-2, 1)),
    (0, 3): ((0, 0), (-1, 0), (2, 0), (-1, 2), (2, -1)),
}
_NO_KICKS = {key: ((0, 0),) for key in _KICKS_I}


@dataclass(frozen=True)
class Shape:
    """One piece in one rotation, in its box: everything collision, drops and drawing need, precomputed.

    ``cells``: (row, col) inside the box, row 0 at the top. ``left``/``width``: the leftmost occupied
    box column and the width in columns; ``top``/``bottom``: the first and last occupied box rows.
    ``row_bits``: (box row, bit mask of that row's cells, bit 0 = the leftmost occupied column).
    ``lowest``: (column offset from ``left``, lowest occupied box row in that column). ``form``: the cells
    relative to the top-left occupied corner, equal for rotations that differ only by a shift (S, Z, I, O).
    """

    cells: tuple[tuple[int, int], ...]
    left: int
    width: int
    top: int
    bottom: int
    row_bits: tuple[tuple[int, int], ...]
    lowest: tuple[tuple[int, int], ...]
    form: tuple[tuple[int, int], ...]

    @property
    def height(self) -> int:
        return self.bottom - self.top + 1

    def picture(self, mark: str = "#", empty: str = ".") -> tuple[str, ...]:
        """The shape cropped to its cells, one string per row (what the text and rules show)."""
        cells = set(self.cells)
        return tuple(
            "".join(mark if (row, col) in cells else empty for col in range(self.left, self.left + self.width))
            for row in range(self.top, self.bottom + 1)
        )


def _shape(cells: tuple[tuple[int, int], ...]) -> Shape:
    rows = sorted({r for r, _ in cells})
    cols = sorted({c for _, c in cells})
    left = cols[0]
    row_bits = tuple((r, sum(1 << (c - left) for rr, c in cells if rr == r)) for r in rows)
    lowest = tuple((c - left, max(r for r, cc in cells if cc == c)) for c in cols)
    form = tuple(sorted((r - rows[0], c - left) for r, c in cells))
    return Shape(tuple(sorted(cells)), left, cols[-1] - left + 1, rows[0], rows[-1], row_bits, lowest, form)


def _rotations(picture: tuple[str, ...]) -> tuple[Shape, ...]:
    size = len(picture)
    cells = tuple((r, c) for r, line in enumerate(picture) for c, ch in enumerate(line) if ch == "#")
    shapes = []
    for _ in range(4):
        shapes.append(_shape(cells))
        cells = tuple((c, size - 1 - r) for r, c in cells)  # a quarter turn clockwise inside the box
    return tuple(shapes)


def box_size(kind: int) -> int:
    """Side of the SRS box of piece ``kind`` (1..7)."""
    return len(_SPAWN[KINDS[kind - 1]])


# SHAPES[kind][rotation]; index 0 is a placeholder so that kinds index directly.
SHAPES: tuple[tuple[Shape, ...], ...] = ((),) + tuple(_rotations(_SPAWN[letter]) for letter in KINDS)
# KICKS[kind][(from, to)]: (row offset, column offset) in grid terms (rows grow downwards).
KICKS: tuple[dict[tuple[int, int], tuple[tuple[int, int], ...]], ...] = ({},) + tuple(
    {
        turn: tuple((-y, x) for x, y in offsets)
        for turn, offsets in (_KICKS_I if letter == "I" else _NO_KICKS if letter == "O" else _KICKS_JLSTZ).items()
    }
    for letter in KINDS
)
