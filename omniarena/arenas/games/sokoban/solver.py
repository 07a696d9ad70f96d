"""Sokoban solver: breadth-first search over box pushes, on bitboards.

A search state is the set of box cells and the region the player can walk to (not the player's exact
cell: walking is free between pushes), both as Python ints with one bit per cell. Flood fill and push
generation are a handful of shifts and masks per state. Pushes onto dead cells (see
:func:`~omniarena.arenas.games.sokoban.rules.live_cells`) are pruned. Breadth-first order makes the
first solution found one with the fewest pushes; the walks between pushes are shortest paths.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from omniarena.arenas.games.sokoban.bitboard import bits, flood
from omniarena.arenas.games.sokoban.rules import State

__all__ = ["Solution", "solve", "DEFAULT_MAX_STATES"]

DEFAULT_MAX_STATES = 200_000


@dataclass(frozen=True)
class Solution:
    """A solution: the moves to play (native directions) and how many of them push a box."""

    moves: tuple[int, ...]
    pushes: int


def _walk(state: State, boxes: set[int], goal: int) -> list[int]:
    """Shortest list of directions taking the player from ``state.player`` to ``goal`` around ``boxes``."""
    room = state.room
    came: dict[int, tuple[int, int] | None] = {state.player: None}
    queue = deque([state.player])
    while queue:
        cell = queue.popleft()
        if cell == goal:
            break
        for direction, step in enumerate(room.offsets):
            nxt = cell + step
            if nxt not in came and nxt not in room.walls and nxt not in boxes:
                came[nxt] = (cell, direction)
                queue.append(nxt)
    path = []
    cell = goal
    while came[cell] is not None:
        cell, direction = came[cell]  # type: ignore[misc]
        path.append(direction)
    return path[::-1]


def _moves(state: State, pushes: list[tuple[int, int]]) -> tuple[int, ...]:
    """The full move list for ``pushes`` = [(box cell, direction), ...] from ``state``."""
    offsets = state.room.offsets
    boxes = set(state.boxes)
    moves: list[int] = []
    for box, direction in pushes:
        moves += _walk(state, boxes, box - offsets[direction])
        moves.append(direction)
        boxes.remove(box)
        boxes.add(box + offsets[direction])
        state = State(state.room, frozenset(boxes), box)
    return tuple(moves)


def solve(state: State, max_states: int = DEFAULT_MAX_STATES) -> Solution | None:
    """A solution with the fewest pushes, or ``None`` when there is none (or more than ``max_states`` states)."""
    room = state.room
    width = room.width
    floor = bits(room.floor())
    pushable = bits(room.live)
    targets = bits(room.targets)
    boxes = bits(state.boxes)
    if boxes == targets:
        return Solution((), 0)
    start = (boxes, flood(1 << state.player, floor & ~boxes, width))
    parents: dict[tuple[int, int], tuple[tuple[int, int], int, int] | None] = {start: None}
    # Box set -> the union of its player regions seen: a push ending in one is known without a flood fill.
    covered = {boxes: start[1]}
    queue = deque([start])
    while queue:
        key = queue.popleft()
        boxes, reach = key
        free = floor & ~boxes
        landing = free & pushable
        for direction, step in enumerate(room.offsets):
            # Boxes with the player able to stand behind them and a free live cell in front of them.
            # Shifts are written out (this is the hot loop): step > 0 moves bits down or right.
            if step > 0:
                candidates = boxes & (reach << step) & (landing >> step)
            else:
                candidates = boxes & (reach >> -step) & (landing << -step)
            while candidates:
                box = candidates & -candidates
                candidates ^= box
                moved = (boxes ^ box) | (box << step if step > 0 else box >> -step)
                known = covered.get(moved, 0)
                if known & box:  # the player ends where the box was
                    continue
                child = (moved, flood(box, floor & ~moved, width))
                covered[moved] = known | child[1]
                parents[child] = (key, box.bit_length() - 1, direction)
                if moved == targets:
                    return _solution(state, parents, child)
                if len(parents) > max_states:
                    return None
                queue.append(child)
    return None


def _solution(state: State, parents: dict, goal: tuple[int, int]) -> Solution:
    pushes = []
    link = parents[goal]
    while link is not None:
        key, box, direction = link
        pushes.append((box, direction))
        link = parents[key]
    pushes.reverse()
    return Solution(_moves(state, pushes), len(pushes))
