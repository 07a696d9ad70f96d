"""Expert for the formula games: follow a solver formula token by token."""

from __future__ import annotations

from typing import Any

import numpy as np

from omniarena.arenas.games.cardkit.solver import solutions
from omniarena.core.agent import NativeAgent

__all__ = ["SolverExpert"]


class SolverExpert(NativeAgent):
    """Plays the next token of the first solver formula that extends the formula so far.

    If no solution extends it (the hand is unsolvable, or another player's tokens went astray), it
    plays the first legal token, which always leads to a complete formula.
    """

    name = "scripted"

    def choose(self, observation: dict[str, Any]) -> int:
        state, game, mask = self.expert_state()
        prefix = state.formula
        for formula in solutions(tuple(sorted(state.values)), game.target, game.operators, game.parens):
            if len(formula) > len(prefix) and formula[: len(prefix)] == prefix:
                return game.index(formula[len(prefix)])
        equals = game.index("=")
        if mask[equals]:
            return equals
        return int(np.flatnonzero(mask)[0])
