"""A greedy jigsaw solver from piece borders alone (the classic pixel-compatibility approach).

Compatibility (Pomeranz et al.'s prediction idea, L1): piece ``a`` left of ``b`` costs how badly ``a``'s
last column, extrapolated one pixel by its gradient, predicts ``b``'s first column, plus the same from
``b`` towards ``a``. Vertical pairs are the same on rows. With rotation every piece is tried in its four
orientations.

Placement grows one cluster (Gallagher-style greedy): it starts from the most compatible pair, then
repeatedly puts the (free cell, unplaced piece, orientation) with the lowest mean cost to its placed
neighbours, preferring cells with more placed neighbours, never letting the cluster outgrow the board.
The solver sees only the pixels in each cell, never which piece it is.
"""

from __future__ import annotations

import numpy as np

__all__ = ["compatibility", "solve", "pair_costs"]


def _oriented(pieces: np.ndarray, rotation: bool) -> np.ndarray:
    """``[O, N, s, s, 3]`` float32: each piece turned 0..O-1 quarter turns clockwise (O = 4 with rotation)."""
    turns = range(4) if rotation else range(1)
    return np.stack([np.rot90(pieces, k=-k, axes=(1, 2)) for k in turns]).astype(np.float32)


def _l1(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Pairwise L1 distances between the rows of ``first`` [M, D] and ``second`` [M, D]: [M, M]."""
    out = np.empty((first.shape[0], second.shape[0]), np.float32)
    for start in range(0, first.shape[0], 32):  # chunks keep the temporary small
        out[start : start + 32] = np.abs(first[start : start + 32, None, :] - second[None, :, :]).sum(axis=2)
    return out


def compatibility(pieces: np.ndarray, rotation: bool) -> tuple[np.ndarray, np.ndarray]:
    """(horizontal, vertical) costs over oriented pieces ``m = o * N + p``: ``h[m1, m2]`` for m1 left of m2,
    ``v[m1, m2]`` for m1 above m2."""
    oriented = _oriented(pieces, rotation)
    count = oriented.shape[0] * oriented.shape[1]
    flat = oriented.reshape(count, *oriented.shape[2:])

    def costs(last: np.ndarray, before_last: np.ndarray, first: np.ndarray, after_first: np.ndarray) -> np.ndarray:
        forward = _l1((2 * last - before_last).reshape(count, -1), first.reshape(count, -1))
        backward = _l1(last.reshape(count, -1), (2 * first - after_first).reshape(count, -1))
        return forward + backward

    horizontal = costs(flat[:, :, -1], flat[:, :, -2], flat[:, :, 0], flat[:, :, 1])
    vertical = costs(flat[:, -1], flat[:, -2], flat[:, 0], flat[:, 1])
    return horizontal, vertical


def pair_costs(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Costs of piece ``first`` being left of, right of, above, below ``second`` (upright pieces)."""
    horizontal, vertical = compatibility(np.stack([first, second]), rotation=False)
    return np.array([horizontal[0, 1], horizontal[1, 0], vertical[0, 1], vertical[1, 0]])


def solve(pieces: np.ndarray, rows: int, cols: int, rotation: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """The solver's layout of the cells' contents ``pieces`` [N, s, s, 3]: (cell[pos], turns[pos]) = which
    cell's piece goes to position ``pos`` and how many quarter turns clockwise it needs there."""
    n = rows * cols
    horizontal, vertical = compatibility(pieces, rotation)
    orientations = 4 if rotation else 1
    count = n * orientations
    same = np.arange(count) % n
    blocked = same[:, None] == same[None, :]
    horizontal[blocked] = np.inf
    vertical[blocked] = np.inf
    # Start from the most compatible pair (either direction), the first oriented piece upright when rotating.
    h_best, v_best = np.unravel_index(np.argmin(horizontal[:n]), horizontal[:n].shape), None
    if rows > 1:
        v_best = np.unravel_index(np.argmin(vertical[:n]), vertical[:n].shape)
    if v_best is not None and (cols == 1 or vertical[v_best] < horizontal[h_best]):
        placed = {(0, 0): int(v_best[0]), (1, 0): int(v_best[1])}
    else:
        placed = {(0, 0): int(h_best[0]), (0, 1): int(h_best[1])}
    used = {m % n for m in placed.values()}
    while len(placed) < n:
        best: tuple[float, int, tuple[int, int], int] | None = None
        rs = [r for r, _ in placed]
        cs = [c for _, c in placed]
        free_pieces = np.array([m for m in range(count) if m % n not in used])
        for cell in _frontier(placed):
            r, c = cell
            if max(rs + [r]) - min(rs + [r]) >= rows or max(cs + [c]) - min(cs + [c]) >= cols:
                continue
            total = np.zeros(free_pieces.size, np.float32)
            neighbours = 0
            for (dr, dc), table, forward in (
                ((0, -1), horizontal, True),
                ((0, 1), horizontal, False),
                ((-1, 0), vertical, True),
                ((1, 0), vertical, False),
            ):
                other = placed.get((r + dr, c + dc))
                if other is None:
                    continue
                neighbours += 1
                total += table[other, free_pieces] if forward else table[free_pieces, other]
            mean = total / neighbours
            pick = int(np.argmin(mean))
            key = (-neighbours, float(mean[pick]))
            if best is None or key < (best[0], best[1]):
                best = (key[0], key[1], cell, int(free_pieces[pick]))
        assert best is not None, "the cluster cannot grow (a bug)"
        placed[best[2]] = best[3]
        used.add(best[3] % n)
    top, left = min(r for r, _ in placed), min(c for _, c in placed)
    cells = np.zeros(n, np.int64)
    turns = np.zeros(n, np.int64)
    for (r, c), m in placed.items():
        pos = (r - top) * cols + (c - left)
        cells[pos], turns[pos] = m % n, m // n
    return cells, turns


def _frontier(placed: dict[tuple[int, int], int]) -> list[tuple[int, int]]:
    cells = set()
    for r, c in placed:
        for dr, dc in ((0, 1), (0, -1), (1, 0), (-1, 0)):
            if (r + dr, c + dc) not in placed:
                cells.add((r + dr, c + dc))
    return sorted(cells)
