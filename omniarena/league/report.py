"""Reports of a results store: leaderboards overall and per arena, payoff matrix with its Nash mixture.

:func:`build_report` computes everything from the stored results (nothing is kept from the run that
played them) into one JSON-able dict; :func:`write_csv`, :func:`write_plots` and :mod:`.html` turn it
into files. The leaderboard ranks by Bradley-Terry rating and shows its bootstrap interval, Elo,
OpenSkill's ordinal, and games, wins, draws and losses.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from omniarena.league import ratings
from omniarena.league.ratings import need
from omniarena.league.store import Store

__all__ = ["build_report", "leaderboard", "write_csv", "write_plots", "LEADERBOARD_FIELDS"]

LEADERBOARD_FIELDS = (
    "rank",
    "agent",
    "rating",
    "ci_low",
    "ci_high",
    "elo",
    "openskill",
    "games",
    "wins",
    "draws",
    "losses",
)


def _round(value: float, digits: int = 1) -> float:
    return round(float(value), digits)


def leaderboard(
    results: Sequence[Mapping[str, Any]], agents: Sequence[str], rounds: int = 200, seed: int = 0
) -> list[dict[str, Any]]:
    """One row per agent that played in ``results``, best Bradley-Terry rating first."""
    playing = [a for a in agents if any(a in r["seats"] for r in results)]
    playing += sorted({n for r in results for n in r["seats"]} - set(playing))
    pairs, groups = [], []
    for number, result in enumerate(results):
        for pair in ratings.outcomes([result]):
            pairs.append(pair)
            groups.append(number)
    bt = ratings.bradley_terry(pairs, rounds=rounds, seed=seed, agents=playing, groups=groups)
    elo = ratings.elo(pairs, agents=playing)
    skill = ratings.openskill_ratings(results, agents=playing)
    table = ratings.records(results)
    rows = []
    for name in playing:
        counts = table.get(name, {"games": 0, "wins": 0, "draws": 0, "losses": 0})
        rows.append(
            {
                "agent": name,
                "rating": _round(bt.rating[name]),
                "ci_low": _round(bt.ci_low[name]),
                "ci_high": _round(bt.ci_high[name]),
                "elo": _round(elo[name]),
                "openskill": round(float(skill[name].ordinal()), 3),
                "openskill_mu": round(float(skill[name].mu), 3),
                "openskill_sigma": round(float(skill[name].sigma), 3),
                **counts,
            }
        )
    rows.sort(key=lambda row: (-row["rating"], row["agent"]))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return [{key: row[key] for key in (*LEADERBOARD_FIELDS, "openskill_mu", "openskill_sigma")} for row in rows]


def _payoff(results: Sequence[Mapping[str, Any]], agents: Sequence[str]) -> dict[str, Any]:
    playing = [a for a in agents if any(a in r["seats"] for r in results)]
    matrix, games = ratings.payoff_matrix(ratings.outcomes(results), playing)
    mixture, value = ratings.nash(matrix) if playing else ([], 0.0)
    skill = ratings.openskill_ratings(results, agents=playing)
    predicted = [
        [None if a == b else round(ratings.openskill_win_probability(skill, a, b), 4) for b in playing] for a in playing
    ]
    return {
        "agents": playing,
        "openskill_win_probability": predicted,
        "matrix": [[None if math.isnan(v) else round(float(v), 4) for v in row] for row in matrix],
        "games": [[int(g) for g in row] for row in games],
        "nash": {name: round(float(p), 4) for name, p in zip(playing, mixture, strict=True)},
        "nash_value": round(value, 4),
        "support": [name for name, p in zip(playing, mixture, strict=True) if p > 1e-4],
    }


def build_report(store: Store, rounds: int = 200, seed: int = 0) -> dict[str, Any]:
    """The whole report of ``store`` (see the module docstring) as a JSON-able dict.

    ``planned`` is what the last config run on the store asks for, ``played`` the distinct finished
    matches stored; ``leaderboard`` is over every arena, ``arenas`` holds each arena's own.
    """
    results = list(store.results())
    identity = store.meta("identity") or {"agents": {}}
    agents = list(identity["agents"])
    config = store.meta("config") or {}
    arena_ids = list(dict.fromkeys([*(a["id"] for a in config.get("arenas", [])), *(r["arena"] for r in results)]))
    arenas = {}
    for arena in arena_ids:
        subset = [r for r in results if r["arena"] == arena]
        if subset:
            arenas[arena] = {
                "played": len(subset),
                "leaderboard": leaderboard(subset, agents, rounds, seed),
                **_payoff(subset, agents),
            }
    return {
        "name": config.get("name", ""),
        "planned": int(store.meta("planned") or 0),
        "played": len(results),
        "failures": len(store.failures()),
        "leaderboard": leaderboard(results, agents, rounds, seed),
        "payoff": _payoff(results, agents),
        "arenas": arenas,
        "agents": identity["agents"],
        "config": config,
    }


def write_csv(report: Mapping[str, Any], path: str | Path) -> Path:
    """Every leaderboard row (overall, then per arena) as CSV with an ``arena`` column ("all" overall)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fields = ["arena", *LEADERBOARD_FIELDS, "openskill_mu", "openskill_sigma"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        for row in report["leaderboard"]:
            writer.writerow({"arena": "all", **row})
        for arena, part in report["arenas"].items():
            for row in part["leaderboard"]:
                writer.writerow({"arena": arena, **row})
    return path


def write_plots(report: Mapping[str, Any], directory: str | Path) -> dict[str, Path]:
    """``payoff.png`` (the heatmap of mean scores) and ``ratings.png`` (ratings with their intervals)."""
    matplotlib = need("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}

    payoff = report["payoff"]
    names = payoff["agents"]
    matrix = np.array([[np.nan if v is None else v for v in row] for row in payoff["matrix"]], dtype=float)
    size = max(4.0, 0.7 * len(names) + 2.5)
    figure, axes = plt.subplots(figsize=(size + 1, size))
    image = axes.imshow(matrix, cmap="RdYlGn", vmin=0.0, vmax=1.0)
    axes.set_xticks(range(len(names)), names, rotation=45, ha="right")
    axes.set_yticks(range(len(names)), [f"{n} (Nash {payoff['nash'][n]:.2f})" for n in names])
    for i in range(len(names)):
        for j in range(len(names)):
            if not np.isnan(matrix[i, j]):
                axes.text(j, i, f"{matrix[i, j]:.2f}", ha="center", va="center", fontsize=9)
    axes.set_title("mean score of row against column")
    figure.colorbar(image, ax=axes, fraction=0.046)
    figure.tight_layout()
    paths["payoff"] = directory / "payoff.png"
    figure.savefig(paths["payoff"], dpi=100, bbox_inches="tight")
    plt.close(figure)

    rows = report["leaderboard"]
    figure, axes = plt.subplots(figsize=(7, max(2.5, 0.45 * len(rows) + 1.2)))
    y = np.arange(len(rows))[::-1]
    values = np.array([r["rating"] for r in rows])
    low = values - np.array([r["ci_low"] for r in rows])
    high = np.array([r["ci_high"] for r in rows]) - values
    axes.errorbar(values, y, xerr=[np.maximum(low, 0), np.maximum(high, 0)], fmt="o", capsize=4, color="tab:blue")
    axes.set_yticks(y, [r["agent"] for r in rows])
    axes.axvline(ratings.BASE, color="grey", linewidth=0.8, linestyle="--")
    axes.set_xlabel("Bradley-Terry rating (95% bootstrap interval)")
    axes.set_title(report.get("name") or "ratings")
    figure.tight_layout()
    paths["ratings"] = directory / "ratings.png"
    figure.savefig(paths["ratings"], dpi=100, bbox_inches="tight")
    plt.close(figure)
    return paths
