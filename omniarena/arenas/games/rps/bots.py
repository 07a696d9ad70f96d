"""Rock-Paper-Scissors CPU players: the frequency-counter expert and simple opponents for tests and baselines.

Every bot decides in native moves (0 rock, 1 paper, 2 scissors) and reads the match only through the
arena's ``expert_state(agent)`` (the opponent's moves so far), so each needs its seat (``player=``).
Measured baselines are in :class:`~omniarena.arenas.games.rps.env.RockPaperScissorsEnv`'s docstring.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from omniarena.arenas.games.rps.rules import MOVES, counter
from omniarena.core.agent import NativeAgent

__all__ = ["FrequencyExpert", "BiasedAgent", "CycleAgent"]


class _SeatedAgent(NativeAgent):
    """A bot that reads the match from its seat: ``player`` is required (a parallel env has no turn)."""

    def __init__(self, env: Any, *, seed: int | None = None, player: str | None = None) -> None:
        if player is None:
            raise ValueError(f"{type(self).__name__} needs player= (the seat it plays, e.g. 'player_0')")
        super().__init__(env, seed=seed, player=player)


class FrequencyExpert(_SeatedAgent):
    """Plays the counter to the opponent's most frequent move so far.

    Rounds where the opponent gave no move are skipped; ties between most frequent moves, and the
    first round, are decided by the agent's seeded ``rng``.
    """

    name = "scripted"

    def choose(self, observation: dict[str, Any]) -> int:
        seen = [move for move in self.expert_state() if move is not None]
        if not seen:
            return int(self.rng.integers(len(MOVES)))
        counts = np.bincount(seen, minlength=len(MOVES))
        favourites = np.flatnonzero(counts == counts.max())
        return counter(int(self.rng.choice(favourites)))


class BiasedAgent(_SeatedAgent):
    """Draws each move from the fixed distribution ``p`` over (rock, paper, scissors).

    ``p=(1, 0, 0)`` is "always rock"; the default favours rock 60% of the time.
    """

    name = "biased"

    def __init__(
        self,
        env: Any,
        *,
        seed: int | None = None,
        player: str | None = None,
        p: Sequence[float] = (0.6, 0.2, 0.2),
    ) -> None:
        super().__init__(env, seed=seed, player=player)
        weights = np.asarray(p, dtype=float)
        if weights.shape != (len(MOVES),) or (weights < 0).any() or not np.isclose(weights.sum(), 1.0):
            raise ValueError(f"p must be {len(MOVES)} non-negative probabilities summing to 1, got {tuple(p)}")
        self.p = weights

    def choose(self, observation: dict[str, Any]) -> int:
        return int(self.rng.choice(len(MOVES), p=self.p))


class CycleAgent(_SeatedAgent):
    """Plays rock, paper, scissors, rock, ... by round number, starting from ``start``."""

    name = "cycle"

    def __init__(self, env: Any, *, seed: int | None = None, player: str | None = None, start: int = 0) -> None:
        super().__init__(env, seed=seed, player=player)
        if start not in range(len(MOVES)):
            raise ValueError(f"start must be 0 (rock), 1 (paper) or 2 (scissors), got {start}")
        self.start = int(start)

    def choose(self, observation: dict[str, Any]) -> int:
        return (self.start + len(self.expert_state())) % len(MOVES)
