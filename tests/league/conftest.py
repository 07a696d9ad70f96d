"""Shared helpers of the league tests: small configs over the shipped two-player arenas."""

from __future__ import annotations

from typing import Any

import pytest

from omniarena.league.config import TournamentConfig, load_config

C4 = "omniarena/ConnectFour-v0"
RPS = "omniarena/RockPaperScissors-v0"
BIASED = "omniarena.arenas.games.rps.bots:BiasedAgent"


def rps_config(
    scheduler: dict[str, Any] | None = None, agents: int = 4, seed: int = 0, rounds: int = 3
) -> TournamentConfig:
    """RPS (``rounds`` rounds a match) between ``agents`` fixed-distribution agents."""
    dists = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.6, 0.2, 0.2], [0.2, 0.6, 0.2], [0.2, 0.2, 0.6]]
    return load_config(
        {
            "seed": seed,
            "scheduler": scheduler or {"kind": "round-robin", "games_per_pair": 2},
            "arenas": [{"id": RPS, "args": {"rounds": rounds}}],
            "agents": [{"name": f"a{i}", "spec": BIASED, "args": {"p": dists[i]}} for i in range(agents)],
        }
    )


@pytest.fixture
def small_config() -> TournamentConfig:
    """Both arenas, built-in agents: 16 quick matches."""
    return load_config(
        {
            "seed": 3,
            "scheduler": {"kind": "round-robin", "games_per_pair": 2},
            "arenas": [{"id": C4}, {"id": RPS, "args": {"rounds": 3}}],
            "agents": [
                {"name": "random", "spec": "random"},
                {"name": "expert", "spec": "scripted", "args": {"depth": 1}, "arenas": [C4]},
                {"name": "freq", "spec": "scripted", "arenas": [RPS]},
                {"name": "rock", "spec": BIASED, "args": {"p": [1.0, 0.0, 0.0]}, "arenas": [RPS]},
            ],
        }
    )
