"""Self-play and exploitability on two-player simultaneous arenas (FightLadder's two experiments).

:func:`selfplay` trains the learner (``player_0``) against opponents drawn per episode by the league's
PFSP sampler (:class:`omniarena.league.selfplay.League`): the pool starts with ``pool`` (default: the
random agent); every finished training episode is reported to the league, and when the learner's recent
win rate passes ``threshold`` its current weights are saved under ``<out>/pool/`` and join the pool as
``policy:<checkpoint>`` opponents (the learner then has to beat its past selves too).

:func:`exploit` freezes one agent (any spec), trains a best response against it for a fixed step budget,
and reports the best response's win rate over fresh seeded episodes: the higher, the more exploitable
the frozen agent.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from omniarena.agents.pixel import network
from omniarena.agents.pixel.envs import is_versus
from omniarena.agents.pixel.ppo import PPOConfig, TrainResult, evaluate, train
from omniarena.league.match import AgentEntry
from omniarena.league.selfplay import League

__all__ = ["selfplay", "exploit", "LEARNER"]

logger = logging.getLogger(__name__)

LEARNER = "learner"


def _check_versus(arena: str) -> None:
    if not is_versus(arena):
        raise ValueError(
            f"{arena} has one player; self-play and exploit need a two-player arena such as omniarena/Fight2P-v0"
        )


def selfplay(
    config: PPOConfig,
    pool: Sequence[AgentEntry] = (AgentEntry("random", "random"),),
    weighting: str = "squared",
    threshold: float = 0.7,
    min_games: int = 20,
    window: int = 50,
) -> tuple[TrainResult, League]:
    """Train by self-play against the league (see the module docstring); returns the run and the league."""
    _check_versus(config.arena)
    if not pool:
        raise ValueError("self-play needs at least one opponent to start the pool (e.g. random)")
    if config.workers > 1:
        logger.warning("self-play draws each episode's opponent from the league in this process: workers=1")
        config = replace(config, workers=1)
    out = Path(config.out or "runs/selfplay")
    config = replace(config, out=str(out))
    model = network.ActorCritic(config.preprocess.shape, _dims(config), config.width)

    def snapshot(learner: str, number: int) -> AgentEntry:
        path = network.save(out / "pool" / f"snapshot{number}.pt", model, config.preprocess, {"arena": config.arena})
        logger.info("snapshot %d joins the pool (%s)", number, path)
        return AgentEntry(f"snapshot{number}", f"policy:{path}")

    league = League(pool, weighting, snapshot, threshold, min_games, window, seed=config.seed)

    def draw() -> tuple[str, str, dict[str, Any]]:
        entry = league.next_opponent(LEARNER)
        return entry.name, entry.spec, dict(entry.args)

    def report(info: dict[str, Any], score: float | None) -> None:
        if score is not None and "opponent" in info:
            league.report({"learner": LEARNER, "opponent": str(info["opponent"]), "score": score})

    first = pool[0]
    result = train(
        config,
        opponents=draw,
        eval_opponents=lambda: (first.name, first.spec, dict(first.args)),
        on_episode=report,
        model=model,
        meta={"selfplay": True},
    )
    summary = {
        "pool": [
            {"name": e.name, "spec": e.spec, "win_rate": league.win_rate(LEARNER, e.name)} for e in league.pool.values()
        ],
        "snapshots": [e.name for e in league.snapshots],
        "eval_opponent": first.name,
    }
    (out / "pool.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return result, league


def exploit(
    config: PPOConfig,
    agent: str,
    agent_args: dict[str, Any] | None = None,
    episodes: int = 20,
) -> dict[str, Any]:
    """Train a best response to the frozen ``agent`` for ``config.steps`` and measure its win rate."""
    _check_versus(config.arena)
    args = dict(agent_args or {})

    def frozen() -> tuple[str, str, dict[str, Any]]:
        return "frozen", agent, args

    result = train(config, opponents=frozen, meta={"exploit": agent, "exploit_args": args})
    final = evaluate(
        result.model,
        config.preprocess,
        config.arena,
        episodes,
        seed=50_000,
        env_kwargs=config.env_kwargs,
        opponents=frozen,
    )
    report = {
        "arena": config.arena,
        "agent": agent,
        "agent_args": args,
        "steps": result.steps,
        "episodes": episodes,
        "best_response_win_rate": final["eval_win_rate"],
        "best_response_return": final["eval_return"],
        "cpu_seconds": round(result.cpu_seconds, 1),
        "checkpoint": str(result.checkpoint) if result.checkpoint else None,
    }
    if config.out:
        Path(config.out).mkdir(parents=True, exist_ok=True)
        (Path(config.out) / "exploit.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return report


def _dims(config: PPOConfig) -> list[int]:
    import omniarena

    env = omniarena.make_multi(config.arena, action_mode="native", **config.env_kwargs)
    try:
        return network.action_dims(env.action_space("player_0"))
    finally:
        env.close()
