"""Connect Four scripted expert: depth-limited alpha-beta negamax (see :mod:`.search`).

Measured baselines (200 games, native mode, seats swapped every other game, game seeds 0-199):

- ``ConnectFourExpert(depth=4)`` vs random: 200 wins, 0 losses, 0 draws (100%); 200 games in ~5 s.
- random vs random: the first-named agent won 103, lost 96, drew 1; the first mover (player_0) won
  113 of 200 (56.5%).
"""

from __future__ import annotations

from typing import Any

from omniarena.arenas.games.connect_four import search
from omniarena.core.agent import NativeAgent


class ConnectFourExpert(NativeAgent):
    """Alpha-beta search ``depth`` plies deep; ties go to the column nearest the centre.

    With ``randomize=True`` ties are broken uniformly at random by the agent's seeded rng instead,
    so self-play and tournaments see varied games while staying reproducible.
    """

    name = "scripted"

    def __init__(
        self,
        env: Any,
        *,
        seed: int | None = None,
        player: str | None = None,
        depth: int = 4,
        randomize: bool = False,
    ) -> None:
        super().__init__(env, seed=seed, player=player)
        if depth < 1:
            raise ValueError(f"depth must be >= 1, got {depth}")
        self.depth = int(depth)
        self.randomize = bool(randomize)

    def choose(self, observation: dict[str, Any]) -> int:
        board, piece = self.expert_state()
        columns, _ = search.best_moves(board, piece, self.depth, all_ties=self.randomize)
        if self.randomize and len(columns) > 1:
            return int(self.rng.choice(columns))
        return columns[0]
