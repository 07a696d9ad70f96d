"""Summaries of evaluation records: one row per (arena, agent, opponent, arena arguments)."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["Summary", "summarize", "mean_and_se"]


@dataclass(frozen=True)
class Summary:
    """Aggregates over the episodes of one group; rates are over all moves of the evaluated agent.

    Episodes that ended in an error are counted in ``errors`` and left out of every other number.
    """

    arena: str
    agent: str
    vs: str | None
    env_kwargs: str
    episodes: int
    errors: int
    success_rate: float
    mean_return: float
    se_return: float
    format_ok_rate: float
    valid_rate: float
    effective_rate: float
    mean_steps: float
    agent_args: str = ""  # the agent's and opponent's arguments, where given
    mean_progression: float = math.nan  # mean info["progression"] (BALROG's 0-100) over episodes that report it

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else math.nan


def mean_and_se(values: list[float]) -> tuple[float, float]:
    """Mean and standard error of the mean (0 for fewer than two values; NaN for none)."""
    if not values:
        return math.nan, math.nan
    mean = sum(values) / len(values)
    if len(values) < 2:
        return mean, 0.0
    variance = sum((v - mean) ** 2 for v in values) / (len(values) - 1)
    return mean, math.sqrt(variance / len(values))


def _rate(part: int, whole: int) -> float:
    return part / whole if whole else math.nan


def setting(record: dict[str, Any]) -> str:
    """The arena side of a record's group: its arguments, then a non-default observe mode."""
    text = json.dumps(record.get("env_kwargs") or {}, sort_keys=True, default=str)
    if record.get("observe", "both") != "both":
        text += f" observe={record['observe']}"
    return text


def agent_setting(record: dict[str, Any]) -> str:
    """The agent side of a record's group: the agent's and opponent's arguments where given."""
    parts = [
        f"{name}={json.dumps(record[field], sort_keys=True, default=str)}"
        for field, name in (("agent_kwargs", "args"), ("vs_kwargs", "vs_args"))
        if record.get(field)
    ]
    return " ".join(parts)


def group_of(record: dict[str, Any]) -> tuple[str, str, str | None, str, str]:
    """The :func:`summarize` row a record belongs to (so runs that differ in any of these never merge)."""
    return record["arena"], record["agent"], record.get("vs"), setting(record), agent_setting(record)


def summarize(records: Iterable[dict[str, Any]]) -> list[Summary]:
    """One :class:`Summary` per :func:`group_of` group, in order of appearance."""
    groups: dict[tuple[str, str, str | None, str, str], list[dict[str, Any]]] = {}
    for record in records:
        groups.setdefault(group_of(record), []).append(record)
    rows = []
    for (arena, agent, vs, kwargs, agent_args), members in groups.items():
        ok = [r for r in members if r.get("error") is None]
        mean, se = mean_and_se([float(r["return"]) for r in ok])
        moves = sum(int(r["steps"]) for r in ok)
        rows.append(
            Summary(
                arena=arena,
                agent=agent,
                vs=vs,
                env_kwargs=kwargs,
                episodes=len(ok),
                errors=len(members) - len(ok),
                success_rate=_rate(sum(bool(r["success"]) for r in ok), len(ok)),
                mean_return=mean,
                se_return=se,
                format_ok_rate=_rate(sum(int(r["format_ok"]) for r in ok), moves),
                valid_rate=_rate(sum(int(r["valid"]) for r in ok), moves),
                effective_rate=_rate(sum(int(r["effective"]) for r in ok), moves),
                mean_steps=moves / len(ok) if ok else math.nan,
                agent_args=agent_args,
                mean_progression=_mean([float(r["progression"]) for r in ok if r.get("progression") is not None]),
            )
        )
    return rows
