"""Sokoban levels that are solvable by construction: reverse play from the solved room.

1. Carve a room: a random walk stamps small floor patterns (Boxoban's) into a walled grid until a
   given share of the inside is floor.
2. Put every box on a random target cell: the solved room.
3. Play backwards exhaustively: a breadth-first search over *pulls* (the player steps away from a box
   behind it and drags it along) from every solved position. Every pull undone is a legal push, so
   each state found can be solved, and its breadth-first depth is exactly its fewest-push solution.
4. Among the states with no box on a target, take one of the deepest; reject the room when that depth
   is below the variant's minimum and start again. The player starts on a random cell of its region.

Boxes start only where pulls put them, so never on a dead cell. All randomness comes from ``rng``
(the arena's ``np_random``); a room uses a few ms at 7x7 with 2 boxes.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from omniarena.arenas.games.sokoban.bitboard import bits, cells, flood
from omniarena.arenas.games.sokoban.rules import Room, State

__all__ = ["FLOOR_SHARE", "GenerationError", "Level", "generate", "pull_depths"]

FLOOR_SHARE = 0.75  # of the cells inside the border
# 3x3 floor stamps of the room walk, as (row, column) offsets: a line either way, Ls, a 2x2 block.
_STAMPS = (
    ((0, -1), (0, 0), (0, 1)),
    ((-1, 0), (0, 0), (1, 0)),
    ((0, -1), (0, 0), (1, 0)),
    ((0, -1), (0, 0), (1, -1), (1, 0)),
    ((0, 0), (0, 1), (1, 0)),
)
_HEADINGS = ((-1, 0), (1, 0), (0, -1), (0, 1))
_TURN_PROBABILITY = 0.35
_MAX_ATTEMPTS = 1000
# Reverse search budget per room: far above what 8x8 with 3 boxes needs (~2,000), a bound for big rooms.
_MAX_STATES = 50_000


class GenerationError(RuntimeError):
    """No room met the constraints within the attempt budget (the constraints are too tight)."""


@dataclass(frozen=True)
class Level:
    """A generated start state and the number of pushes of its shortest solution."""

    state: State
    min_pushes: int


def carve(rng: np.random.Generator, size: int, share: float = FLOOR_SHARE) -> np.ndarray:
    """A ``size`` x ``size`` bool grid of floor (True), walled border, connected, ``share`` of the inside floor."""
    floor = np.zeros((size, size), dtype=bool)
    wanted = max(1, int(share * (size - 2) ** 2))
    row, col = (int(v) for v in rng.integers(1, size - 1, 2))
    heading = _HEADINGS[int(rng.integers(4))]
    carved = 0
    while carved < wanted:
        if rng.random() < _TURN_PROBABILITY:
            heading = _HEADINGS[int(rng.integers(4))]
        row = min(max(row + heading[0], 1), size - 2)
        col = min(max(col + heading[1], 1), size - 2)
        for dr, dc in _STAMPS[int(rng.integers(len(_STAMPS)))]:
            r, c = row + dr, col + dc
            if 1 <= r <= size - 2 and 1 <= c <= size - 2 and not floor[r, c]:
                floor[r, c] = True
                carved += 1
    return floor


def pull_depths(room: Room, max_states: int = _MAX_STATES) -> dict[tuple[int, int], int]:
    """Breadth-first reverse play from the solved room: (boxes, player region) bitboards -> fewest pushes.

    Stops adding states after ``max_states``; the depths of the states found are exact either way.
    """
    width = room.width
    floor = bits(room.floor())
    solved = bits(room.targets)
    depths: dict[tuple[int, int], int] = {}
    # Box set -> the union of its player regions found so far: a child whose player cell is in it is
    # known without a flood fill (regions of one box set never overlap).
    covered: dict[int, int] = {solved: floor & ~solved}
    queue: deque[tuple[int, int]] = deque()
    free, unassigned = floor & ~solved, floor & ~solved
    while unassigned:  # the player may end a solution in any region of the solved room
        region = flood(unassigned & -unassigned, free, width)
        unassigned &= ~region
        depths[(solved, region)] = 0
        queue.append((solved, region))
    while queue:
        key = queue.popleft()
        boxes, reach = key
        depth = depths[key] + 1
        free = floor & ~boxes
        for step in (width, 1, -width, -1):  # shifts by whole rows or columns: down, right, up, left
            # A pull towards `step`: the player stands at box + step (reachable) and steps on to
            # box + 2 * step (free), dragging the box one cell. Shifts are written out: this is the hot loop.
            if step > 0:
                candidates = boxes & (reach >> step) & (free >> 2 * step)
            else:
                candidates = boxes & (reach << -step) & (free << -2 * step)
            while candidates:
                box = candidates & -candidates
                candidates ^= box
                stand = box << step if step > 0 else box >> -step
                player = stand << step if step > 0 else stand >> -step
                moved = (boxes ^ box) | stand
                known = covered.get(moved, 0)
                if known & player:
                    continue
                child = (moved, flood(player, floor & ~moved, width))
                covered[moved] = known | child[1]
                depths[child] = depth
                if len(depths) >= max_states:
                    return depths
                queue.append(child)
    return depths


def generate(
    rng: np.random.Generator, size: int, boxes: int, min_pushes: int, max_attempts: int = _MAX_ATTEMPTS
) -> Level:
    """A ``size`` x ``size`` level with ``boxes`` boxes, none on a target, needing >= ``min_pushes`` pushes."""
    for _ in range(max_attempts):
        floor = carve(rng, size)
        open_cells = np.flatnonzero(floor.ravel())
        if open_cells.size < boxes + 1:
            continue
        walls = frozenset(np.flatnonzero(~floor.ravel()).tolist())
        room = Room(size, size, walls, frozenset(rng.choice(open_cells, size=boxes, replace=False).tolist()))
        solved = bits(room.targets)
        depths = pull_depths(room)
        # Sorted so that the choice below depends only on the room and the rng, not on dict order.
        starts = sorted(key for key, depth in depths.items() if not key[0] & solved)
        deepest = max((depths[key] for key in starts), default=0)
        if deepest < max(1, min_pushes):
            continue
        candidates = [key for key in starts if depths[key] == deepest]
        box_bits, region = candidates[int(rng.integers(len(candidates)))]
        region_cells = cells(region)
        player = region_cells[int(rng.integers(len(region_cells)))]
        return Level(State(room, frozenset(cells(box_bits)), player), deepest)
    raise GenerationError(
        f"no {size}x{size} room with {boxes} boxes needing >= {min_pushes} pushes in {max_attempts} attempts; "
        "lower min_pushes or enlarge the room"
    )
