"""Task suites: named lists of (arena, arguments, opponent) with seeds and a metric, kept as data files.

A suite is a JSON file (``omniarena/tasks/suite_files/<name>.json`` for the shipped ones, or any path)::

    {"name": "gym-cards", "description": "...", "metric": "success", "episodes": 100, "seed": 0,
     "entries": [{"arena": "omniarena/NumberLine-v0"}, {"arena": "omniarena/ConnectFour-v0", "vs": "scripted",
                  "kwargs": {"invalid": "retry:2"}}]}

``metric`` is ``success`` (success rate), ``return`` (mean return) or ``progression`` (mean
``info["progression"]``, BALROG's 0-100 metric); a suite's score is the mean of the
metric over its entries. Every entry runs on seeds ``seed .. seed + episodes - 1`` through the
evaluation runner, so results are resumable and parallel like ``omniarena eval``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from omniarena.core.registry import spec
from omniarena.tasks.eval import EvalJob, evaluate_many
from omniarena.tasks.stats import Summary, summarize

__all__ = ["Suite", "SuiteResult", "list_suites", "load_suite", "run_suite"]

METRICS = {"success": "success_rate", "return": "mean_return", "progression": "mean_progression"}
_ENTRY_KEYS = {"arena", "kwargs", "vs"}


@dataclass(frozen=True)
class Suite:
    name: str
    description: str
    metric: str
    episodes: int
    seed: int
    jobs: tuple[EvalJob, ...]


@dataclass(frozen=True)
class SuiteResult:
    suite: Suite
    summaries: list[Summary]
    score: float
    records: list[dict[str, Any]]


def _shipped() -> dict[str, Any]:
    folder = resources.files("omniarena.tasks").joinpath("suite_files")
    return {entry.name[: -len(".json")]: entry for entry in folder.iterdir() if entry.name.endswith(".json")}


def list_suites() -> list[str]:
    """Names of the suites shipped with omniarena."""
    return sorted(_shipped())


def _fail(source: str, problem: str) -> ValueError:
    return ValueError(f"suite {source}: {problem}")


def load_suite(name_or_path: str | Path) -> Suite:
    """A shipped suite by name, or a suite file by path; a bad file fails naming what to fix."""
    shipped = _shipped()
    source = str(name_or_path)
    if source in shipped:
        text = shipped[source].read_text(encoding="utf-8")
    elif Path(source).is_file():
        text = Path(source).read_text(encoding="utf-8")
    else:
        raise ValueError(f"no suite {source!r}: give a file path or one of {', '.join(sorted(shipped))}")
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise _fail(source, f"not valid JSON ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list) or not data["entries"]:
        raise _fail(source, 'needs an object with a non-empty "entries" list')
    metric = data.get("metric", "success")
    if metric not in METRICS:
        raise _fail(source, f"metric {metric!r} is not one of {', '.join(METRICS)}")
    episodes, seed = data.get("episodes", 100), data.get("seed", 0)
    if not isinstance(episodes, int) or episodes < 1 or not isinstance(seed, int):
        raise _fail(source, '"episodes" must be a positive integer and "seed" an integer')
    jobs = []
    for index, entry in enumerate(data["entries"]):
        if not isinstance(entry, dict) or "arena" not in entry:
            raise _fail(source, f'entry {index} needs an "arena" id')
        extra = set(entry) - _ENTRY_KEYS
        if extra:
            raise _fail(source, f"entry {index} has unknown keys {sorted(extra)}; use {sorted(_ENTRY_KEYS)}")
        spec(entry["arena"])  # an unknown id fails here, naming the closest ones
        jobs.append(EvalJob(entry["arena"], "", entry.get("vs"), dict(entry.get("kwargs") or {})))
    name = str(data.get("name", Path(source).stem))
    return Suite(name, str(data.get("description", "")), metric, episodes, seed, tuple(jobs))


def run_suite(
    suite: Suite,
    agent: str,
    episodes: int | None = None,
    workers: int = 1,
    out: str | Path | None = None,
    progress: bool = True,
    agent_kwargs: dict[str, Any] | None = None,
    vs_kwargs: dict[str, Any] | None = None,
    env_kwargs: dict[str, Any] | None = None,
) -> SuiteResult:
    """Evaluate ``agent`` on every entry of ``suite``; ``episodes`` overrides the suite's count.

    ``agent_kwargs`` go to the agent in every entry, ``vs_kwargs`` to the opponent in the entries that
    have one (the multi-player arenas); ``env_kwargs`` (e.g. ``{"observe": "text"}``) to every entry's arena,
    over the entry's own.
    """
    jobs = [
        EvalJob(
            job.arena,
            agent,
            job.vs,
            {**job.env_kwargs, **(env_kwargs or {})},
            dict(agent_kwargs or {}),
            dict(vs_kwargs or {}) if spec(job.arena).multi_agent else {},
        )
        for job in suite.jobs
    ]
    count = suite.episodes if episodes is None else episodes
    records = evaluate_many(jobs, count, seed=suite.seed, workers=workers, out=out, progress=progress)
    summaries = summarize(records)
    values = [float(getattr(s, METRICS[suite.metric])) for s in summaries]
    score = sum(values) / len(values) if values else float("nan")
    return SuiteResult(suite, summaries, score, records)
