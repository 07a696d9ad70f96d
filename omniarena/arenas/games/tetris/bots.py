"""Tetris scripted expert: Pierre Dellacherie's placement features with Islam El-Ashi's (El-Tetris) weights.

Every legal placement of the falling piece is dropped, locked and cleared on a copy of the row bit
masks and scored by six features: landing height, eroded piece cells (rows cleared x the piece's
cells in them), row transitions, column transitions, holes and cumulative well depth. Placements that
end on the same cells are scored once. When hold is free, the hold piece (or the next one) is scored
the same way from its spawn position and the expert holds when that is strictly better. All work is on
Python ints (one bit per column), about 1 ms a piece on a 10x20 well.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from omniarena.arenas.games.tetris.rules import HOLD, Game, Piece
from omniarena.core.agent import NativeAgent

__all__ = ["TetrisExpert", "best_placement", "evaluate"]

# El-Tetris weights (landing height, eroded cells, row transitions, column transitions, holes, wells).
LANDING, ERODED, ROW_TRANSITIONS, COLUMN_TRANSITIONS, HOLES, WELLS = (
    -4.500158825082766,
    3.4181268101392694,
    -3.2178882868487753,
    -9.348695305445199,
    -7.899265427351652,
    -3.3855972247263626,
)


@lru_cache(maxsize=16)
def _row_transitions(width: int) -> tuple[int, ...]:
    """Filled/empty changes along each possible row, the walls counting as filled."""
    span = (1 << (width + 1)) - 1
    table = []
    for row in range(1 << width):
        walled = (row << 1) | 1 | (1 << (width + 1))
        table.append(((walled ^ (walled >> 1)) & span).bit_count())
    return tuple(table)


def evaluate(game: Game, piece: Piece) -> float:
    """Dellacherie's value of locking ``piece`` (a resting position) in ``game``'s well; higher is better."""
    width, full = game.width, game.full_row
    masks = list(game.masks)
    cells = piece.cells()
    for r, c in cells:
        masks[r] |= 1 << c
    cleared = [r for r in {r for r, _ in cells} if masks[r] == full]
    eroded = len(cleared) * sum(1 for r, _ in cells if r in cleared)
    if cleared:
        masks = [0] * len(cleared) + [m for r, m in enumerate(masks) if r not in cleared]
    shape = piece.shape
    landing = game.rows - piece.row - (shape.top + shape.bottom) / 2
    top = next((i for i, m in enumerate(masks) if m), len(masks))
    row_table = _row_transitions(width)
    row_transitions = 2 * top  # empty rows above the stack: the two walls
    column_transitions = holes = wells = 0
    covered = 0
    right_wall = 1 << (width - 1)
    previous = 0
    for i in range(top, len(masks)):
        m = masks[i]
        row_transitions += row_table[m]
        column_transitions += (m ^ previous).bit_count()
        previous = m
        holes += (covered & ~m).bit_count()
        covered |= m
        well = ~m & full & ((m << 1) | 1) & ((m >> 1) | right_wall)
        below = i
        while well:  # each well cell counts itself and every empty cell under it
            wells += well.bit_count()
            below += 1
            if below == len(masks):
                break
            well &= ~masks[below]
    column_transitions += (~previous & full).bit_count()  # the floor counts as filled
    return (
        LANDING * landing
        + ERODED * eroded
        + ROW_TRANSITIONS * row_transitions
        + COLUMN_TRANSITIONS * column_transitions
        + HOLES * holes
        + WELLS * wells
    )


def best_placement(game: Game, piece: Piece) -> tuple[float, int, int]:
    """(value, rotation, leftmost column) of the best placement of ``piece`` (value -inf if there is none)."""
    best = (float("-inf"), piece.rotation, piece.left)
    seen: set[tuple[object, int, int]] = set()
    for turned, low, high in game.reachable(piece):
        kind, rotation, row, _ = turned
        shape = turned.shape
        for col in range(low, high + 1):
            landed = game.dropped(Piece(kind, rotation, row, col))
            key = (shape.form, landed.row + shape.top, col + shape.left)  # same cells, same value
            if key in seen:
                continue
            seen.add(key)
            value = evaluate(game, landed)
            if value > best[0]:
                best = (value, rotation, col + shape.left)
    return best


class TetrisExpert(NativeAgent):
    """Places every piece where Dellacherie's features score best; holds when the other piece scores better."""

    name = "scripted"

    def __init__(self, env: Any, *, seed: int | None = None, player: str | None = None, use_hold: bool = True) -> None:
        super().__init__(env, seed=seed, player=player)
        self.use_hold = bool(use_hold)

    def choose(self, observation: dict[str, Any]) -> int:
        game: Game = self.expert_state()
        value, rotation, column = best_placement(game, game.piece)
        if self.use_hold and game.can_hold and self.action_set.offset > HOLD:
            other = game.spawn_position(game.hold_kind or game.queue[0])
            if other is not None and best_placement(game, other)[0] > value:
                return HOLD
        return self.action_set.placement(rotation, column)
