"""Recordings of sample matches for a report: stored matches replayed (same seed, same seats) into GIFs.

A match replays exactly as it was played (every embedded arena and built-in agent is deterministic for a
seed), so a report can show what happened without the run having recorded every match. A replay whose
ranks differ from the stored ones (an arena or agent that is not deterministic) is logged.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from omniarena.league.match import AgentEntry, Match, play_match
from omniarena.league.store import Store

__all__ = ["record_samples"]

logger = logging.getLogger(__name__)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_") or "x"


def record_samples(store: Store, directory: str | Path, per_arena: int = 1) -> list[tuple[str, Path]]:
    """Replay the first ``per_arena`` stored matches of each arena into ``directory``; (caption, GIF) pairs."""
    identity = store.meta("identity") or {"agents": {}}
    agents = {name: AgentEntry(name, a["spec"], dict(a["args"])) for name, a in identity["agents"].items()}
    taken: dict[str, int] = {}
    samples: list[tuple[str, Path]] = []
    for result in store.results():
        arena = result["arena"]
        if taken.get(arena, 0) >= per_arena:
            continue
        if any(str(v) == "<hidden>" for name in result["seats"] for v in agents[name].args.values()):
            continue  # an agent with a secret argument cannot be rebuilt from the store
        taken[arena] = taken.get(arena, 0) + 1
        match = Match(arena, result["env_kwargs"], tuple(result["seats"]), int(result["seed"]), result["stage"])
        where = Path(directory) / _slug(arena.split("/")[-1]) / result["key"]
        replay: dict[str, Any] = play_match(match, agents, record_dir=where)
        if replay.get("error") is not None or not replay.get("recording"):
            logger.warning("could not record %s: %s", match.key, replay.get("error"))
            continue
        if replay["ranks"] != result["ranks"]:
            logger.warning("replaying %s gave ranks %s, the store has %s", match.key, replay["ranks"], result["ranks"])
        winner = [n for n, r in zip(result["seats"], result["ranks"], strict=True) if r == 0]
        outcome = "draw" if len(winner) == len(result["seats"]) else f"{', '.join(winner)} won"
        samples.append(
            (f"{arena}: {' vs '.join(result['seats'])}, seed {result['seed']} ({outcome})", Path(replay["recording"]))
        )
    return samples
