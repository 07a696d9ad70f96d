"""Sokoban rules: pure room state and moves, no drawing.

Cells are flat indices ``row * width + col`` (row 0 at the top) into a room whose border is wall, so a
step never leaves the grid. A :class:`Room` is what never changes (walls, targets); a :class:`State` adds
the boxes and the player. States are immutable: a move returns a new one, so undo is a stack of states.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

__all__ = [
    "DIRECTIONS",
    "UP",
    "DOWN",
    "LEFT",
    "RIGHT",
    "Room",
    "State",
    "blocked_reason",
    "legal_moves",
    "live_cells",
    "move",
]

DIRECTIONS = ("up", "down", "left", "right")  # native move i walks towards DIRECTIONS[i]
UP, DOWN, LEFT, RIGHT = range(4)
# XSB, the usual Sokoban text notation; floor is '-' rather than a space so that a text grid stays aligned.
WALL, FLOOR, TARGET, BOX, BOX_ON_TARGET, PLAYER, PLAYER_ON_TARGET = "#", "-", ".", "$", "*", "@", "+"


@dataclass(frozen=True)
class Room:
    """The fixed part of a level: a ``height`` x ``width`` grid of walls (border included) and targets."""

    height: int
    width: int
    walls: frozenset[int]
    targets: frozenset[int]

    @cached_property
    def offsets(self) -> tuple[int, int, int, int]:
        """The flat-index step of each direction (up, down, left, right)."""
        return (-self.width, self.width, -1, 1)

    @cached_property
    def live(self) -> frozenset[int]:
        """Floor cells from which a box can still reach some target (see :func:`live_cells`)."""
        return live_cells(self)

    @cached_property
    def template(self) -> tuple[str, ...]:
        """The XSB character of every cell without boxes and player: wall, floor or target."""
        return tuple(
            WALL if cell in self.walls else TARGET if cell in self.targets else FLOOR
            for cell in range(self.height * self.width)
        )

    def floor(self) -> list[int]:
        return [c for c in range(self.height * self.width) if c not in self.walls]

    def position(self, cell: int) -> tuple[int, int]:
        """(row, column), 1-based, as the text and the image label them."""
        row, col = divmod(cell, self.width)
        return row + 1, col + 1


@dataclass(frozen=True)
class State:
    """A room with its boxes and player; immutable and hashable."""

    room: Room
    boxes: frozenset[int]
    player: int

    @property
    def solved(self) -> bool:
        return self.boxes == self.room.targets

    @property
    def on_target(self) -> int:
        return len(self.boxes & self.room.targets)

    def cells(self) -> list[str]:
        """One XSB character per cell, row by row."""
        room = self.room
        chars = list(room.template)
        for cell in self.boxes:
            chars[cell] = BOX_ON_TARGET if cell in room.targets else BOX
        chars[self.player] = PLAYER_ON_TARGET if self.player in room.targets else PLAYER
        return chars

    def grid(self) -> list[str]:
        """The room as rows of XSB characters."""
        chars, width = self.cells(), self.room.width
        return ["".join(chars[start : start + width]) for start in range(0, len(chars), width)]

    @classmethod
    def from_rows(cls, rows: list[str] | tuple[str, ...]) -> State:
        """A state from XSB rows (``#`` wall, ``-`` or space floor, ``.`` target, ``$``/``*`` box, ``@``/``+`` player).

        The rows must have equal length and a wall border.
        """
        height, width = len(rows), len(rows[0])
        walls, targets, boxes, players = set(), set(), set(), []
        for row, line in enumerate(rows):
            if len(line) != width:
                raise ValueError(f"row {row} has {len(line)} cells, expected {width}")
            for col, char in enumerate(line):
                cell = row * width + col
                border = row in (0, height - 1) or col in (0, width - 1)
                if char == WALL:
                    walls.add(cell)
                    continue
                if border:
                    raise ValueError(f"the border must be wall; row {row} column {col} is {char!r}")
                if char in (TARGET, BOX_ON_TARGET, PLAYER_ON_TARGET):
                    targets.add(cell)
                if char in (BOX, BOX_ON_TARGET):
                    boxes.add(cell)
                if char in (PLAYER, PLAYER_ON_TARGET):
                    players.append(cell)
                elif char not in (FLOOR, " ", TARGET, BOX, BOX_ON_TARGET):
                    raise ValueError(f"unknown cell {char!r}")
        if len(players) != 1 or len(boxes) != len(targets) or not boxes:
            raise ValueError("a level needs one player and as many boxes as targets (at least one)")
        room = Room(height, width, frozenset(walls), frozenset(targets))
        return cls(room, frozenset(boxes), players[0])


def live_cells(room: Room) -> frozenset[int]:
    """Floor cells from which a box can be pushed onto some target, ignoring the other boxes.

    Computed backwards from the targets: a box reaches ``cell`` from ``cell - d`` when the player can
    stand at ``cell - 2d`` to push it. A box anywhere else (a corner off target, for one) is dead.
    """
    live = set(room.targets)
    frontier = list(room.targets)
    while frontier:
        cell = frontier.pop()
        for step in room.offsets:
            origin, behind = cell - step, cell - 2 * step
            if origin in live or origin in room.walls:
                continue
            if behind not in room.walls:  # origin is inside the border, so behind is on the grid
                live.add(origin)
                frontier.append(origin)
    return frozenset(live)


def move(state: State, direction: int) -> tuple[State, bool] | None:
    """The state after the player steps towards ``DIRECTIONS[direction]`` and whether it pushed a box.

    ``None`` when the move is blocked: a wall, or a box with a wall or another box behind it.
    """
    step = state.room.offsets[direction]
    ahead = state.player + step
    if ahead in state.room.walls:
        return None
    if ahead not in state.boxes:
        return replace(state, player=ahead), False
    beyond = ahead + step
    if beyond in state.room.walls or beyond in state.boxes:
        return None
    return replace(state, boxes=(state.boxes - {ahead}) | {beyond}, player=ahead), True


def blocked_reason(state: State, direction: int) -> str | None:
    """Why moving towards ``DIRECTIONS[direction]`` is blocked, or ``None`` when it is not."""
    step = state.room.offsets[direction]
    ahead = state.player + step
    if ahead in state.room.walls:
        return "a wall is in the way"
    if ahead in state.boxes:
        beyond = ahead + step
        if beyond in state.room.walls:
            return "the box there has a wall behind it"
        if beyond in state.boxes:
            return "the box there has another box behind it"
    return None


def legal_moves(state: State) -> np.ndarray:
    """int8 mask over (up, down, left, right): 1 where the move is not blocked."""
    walls, boxes, player = state.room.walls, state.boxes, state.player
    mask = np.zeros(4, dtype=np.int8)
    for index, step in enumerate(state.room.offsets):
        ahead = player + step
        if ahead in walls:
            continue
        if ahead in boxes and (ahead + step in walls or ahead + step in boxes):
            continue
        mask[index] = 1
    return mask
