"""The Ray executor plays the same matches to the same results as the local one (a local Ray, 2 CPUs)."""

from __future__ import annotations

from pathlib import Path

import pytest
import ray  # the [ray] extra, which make test installs
from conftest import C4, RPS

from omniarena.league.config import load_config
from omniarena.league.ray_executor import run_ray
from omniarena.league.store import Store
from omniarena.league.tournament import run_tournament

CONFIG = {
    "seed": 9,
    "scheduler": {"kind": "round-robin", "games_per_pair": 4},
    "arenas": [{"id": C4}, {"id": RPS, "args": {"rounds": 3}}],
    "agents": [
        {"name": "random", "spec": "random"},
        {"name": "expert", "spec": "scripted", "args": {"depth": 2, "randomize": True}, "arenas": [C4]},
        {"name": "freq", "spec": "scripted", "arenas": [RPS]},
    ],
}


def _outcomes(db: Path) -> dict[str, tuple]:
    with Store(db) as store:
        return {r["key"]: (r["ordinal"], r["seats"], r["ranks"], r["returns"], r["steps"]) for r in store.results()}


@pytest.mark.slow
def test_ray_gives_the_local_results_for_the_same_seeds(tmp_path: Path) -> None:
    config = load_config(CONFIG)
    local = run_tournament(config, tmp_path / "local.sqlite", workers=1)
    ray.init(num_cpus=2, include_dashboard=False, logging_level="WARNING")
    try:
        remote = run_tournament(config, tmp_path / "ray.sqlite", workers=2, executor="ray")
        # the pooled actors that hold heavy envs (a browser, a server) play the same way
        on_actors = run_tournament(
            config, tmp_path / "actors.sqlite", executor=lambda t: run_ray(t, config.agent_map, 2, actors=True)
        )
    finally:
        ray.shutdown()
    assert local.played == remote.played == on_actors.played == local.planned == 8
    assert _outcomes(tmp_path / "ray.sqlite") == _outcomes(tmp_path / "local.sqlite")
    assert _outcomes(tmp_path / "actors.sqlite") == _outcomes(tmp_path / "local.sqlite")
