"""Ratings, always recomputed from stored results: Elo, Bradley-Terry with bootstrap CIs, OpenSkill, Nash.

Results replay in plan order (their ``ordinal``), so a rating does not depend on which worker finished
first. Every N-player result counts as its pairwise outcomes (1 won, 0.5 tied, 0 lost, from the ranks).

- :func:`elo`: online Elo, ``R += K (S - E)`` with ``E = 1 / (1 + 10^((R_other - R) / 400))``.
- :func:`bradley_terry`: maximum likelihood of ``P(i beats j) = 1 / (1 + 10^((R_j - R_i) / 400))`` on
  scale 400, mean 1000 (Chatbot Arena's model; a tie counts half a win each way), with percentile
  confidence intervals from ``rounds`` bootstrap resamples of the matches.
- :func:`openskill_ratings`: Plackett-Luce through the ``openskill`` package, with the ordinal
  ``mu - 3 sigma`` and :func:`openskill_win_probability`.
- :func:`payoff_matrix` and :func:`nash`: the mean score of each agent against each other, and the
  maximin mixture of the zero-sum game it defines (a linear program), whose support says which agents a
  best mixed population keeps.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from omniarena.league.match import pairwise_scores

__all__ = [
    "Outcome",
    "outcomes",
    "elo",
    "elo_expected",
    "bradley_terry",
    "BTRatings",
    "openskill_ratings",
    "openskill_win_probability",
    "payoff_matrix",
    "nash",
    "records",
    "BASE",
    "SCALE",
    "need",
]

BASE, SCALE = 1000.0, 400.0
LEAGUE_EXTRA = "pip install 'omniarena[league]'"


def need(module: str) -> Any:
    """Import ``module`` (a dependency of the ``[league]`` extra), or fail naming the extra to install."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        import gymnasium as gym

        raise gym.error.DependencyNotInstalled(f"league ratings and reports need {module}: {LEAGUE_EXTRA}") from exc


_LOG10 = math.log(10.0)

Outcome = tuple[str, str, float]  # (agent, other, agent's score)


def outcomes(results: Iterable[Mapping[str, Any]]) -> list[Outcome]:
    """The pairwise outcomes of ``results`` in their order."""
    return [pair for result in results for pair in pairwise_scores(result)]


def elo_expected(rating: float, other: float) -> float:
    return 1.0 / (1.0 + 10.0 ** ((other - rating) / SCALE))


def elo(pairs: Iterable[Outcome], k: float = 32.0, base: float = BASE, agents: Sequence[str] = ()) -> dict[str, float]:
    """Online Elo over ``pairs`` in order, everyone starting at ``base``."""
    ratings = dict.fromkeys(agents, base)
    for a, b, score in pairs:
        ra, rb = ratings.setdefault(a, base), ratings.setdefault(b, base)
        expected = elo_expected(ra, rb)
        ratings[a] = ra + k * (score - expected)
        ratings[b] = rb - k * (score - expected)
    return ratings


@dataclass(frozen=True)
class BTRatings:
    """Bradley-Terry ratings with bootstrap intervals, per agent."""

    agents: tuple[str, ...]
    rating: dict[str, float]
    ci_low: dict[str, float]
    ci_high: dict[str, float]


def _fit(n: int, a: np.ndarray, b: np.ndarray, score: np.ndarray, weight: np.ndarray, l2: float) -> np.ndarray:
    """Bradley-Terry strengths (natural log scale, mean 0) maximizing the weighted likelihood (Newton)."""
    theta = np.zeros(n)
    wins, losses = weight * score, weight * (1.0 - score)
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(theta[b] - theta[a]))
        residual = wins * (1.0 - p) - losses * p  # d loglik / d (theta_a - theta_b)
        grad = np.bincount(a, residual, n) - np.bincount(b, residual, n) - l2 * theta
        h = weight * p * (1.0 - p)
        hessian = np.zeros((n, n))
        np.add.at(hessian, (a, a), h)
        np.add.at(hessian, (b, b), h)
        np.add.at(hessian, (a, b), -h)
        np.add.at(hessian, (b, a), -h)
        hessian += l2 * np.eye(n) + 1e-9
        step = np.linalg.solve(hessian, grad)
        theta += step
        if np.max(np.abs(step)) < 1e-9:
            break
    return theta - theta.mean()


def bradley_terry(
    pairs: Sequence[Outcome],
    rounds: int = 200,
    confidence: float = 0.95,
    seed: int = 0,
    l2: float = 1e-3,
    agents: Sequence[str] = (),
    groups: Sequence[int] | None = None,
) -> BTRatings:
    """Bradley-Terry ratings of ``pairs`` (see the module docstring), with ``rounds`` bootstrap resamples.

    ``groups`` (one id per pair) resamples whole matches: the pairs of one N-player match stay together.
    ``l2`` is a weak prior that keeps an agent that won every game at a finite rating.
    """
    names = list(dict.fromkeys([*agents, *(x for a, b, _ in pairs for x in (a, b))]))
    index = {name: i for i, name in enumerate(names)}
    n = len(names)
    if not pairs:
        flat = dict.fromkeys(names, BASE)
        return BTRatings(tuple(names), flat, dict(flat), dict(flat))
    a = np.array([index[p[0]] for p in pairs])
    b = np.array([index[p[1]] for p in pairs])
    score = np.array([p[2] for p in pairs], dtype=float)
    to_rating = SCALE / _LOG10
    point = BASE + to_rating * _fit(n, a, b, score, np.ones(len(pairs)), l2)
    group_ids = np.asarray(groups if groups is not None else range(len(pairs)))
    _, group_index = np.unique(group_ids, return_inverse=True)
    count = int(group_index.max()) + 1
    rng = np.random.default_rng(seed)
    samples = np.empty((rounds, n))
    for r in range(rounds):
        drawn = rng.multinomial(count, np.full(count, 1.0 / count))
        samples[r] = BASE + to_rating * _fit(n, a, b, score, drawn[group_index].astype(float), l2)
    tail = (1.0 - confidence) / 2 * 100
    low, high = np.percentile(samples, [tail, 100 - tail], axis=0) if rounds else (point, point)
    return BTRatings(
        tuple(names),
        {name: float(point[i]) for name, i in index.items()},
        {name: float(low[i]) for name, i in index.items()},
        {name: float(high[i]) for name, i in index.items()},
    )


def openskill_ratings(results: Iterable[Mapping[str, Any]], agents: Sequence[str] = ()) -> dict[str, Any]:
    """OpenSkill Plackett-Luce ratings (``openskill`` model objects) after ``results`` in order."""
    model = need("openskill.models").PlackettLuce()
    ratings = {name: model.rating(name=name) for name in agents}
    for result in results:
        seats = result["seats"]
        teams = [[ratings.setdefault(name, model.rating(name=name))] for name in seats]
        rated = model.rate(teams, ranks=[float(r) for r in result["ranks"]])
        for name, (rating,) in zip(seats, rated, strict=True):
            ratings[name] = rating
    return ratings


def openskill_win_probability(ratings: Mapping[str, Any], agent: str, other: str) -> float:
    """OpenSkill's predicted probability that ``agent`` beats ``other``."""
    return float(need("openskill.models").PlackettLuce().predict_win([[ratings[agent]], [ratings[other]]])[0])


def payoff_matrix(pairs: Iterable[Outcome], agents: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Mean score of row agent against column agent (NaN where they never met), and the games behind each."""
    index = {name: i for i, name in enumerate(agents)}
    total = np.zeros((len(agents), len(agents)))
    games = np.zeros_like(total)
    for a, b, score in pairs:
        if a in index and b in index:
            i, j = index[a], index[b]
            total[i, j] += score
            total[j, i] += 1.0 - score
            games[i, j] += 1
            games[j, i] += 1
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(games > 0, total / np.maximum(games, 1), np.nan)
    return mean, games


def nash(payoff: np.ndarray) -> tuple[np.ndarray, float]:
    """The maximin mixture of the zero-sum game ``payoff - 0.5`` (unplayed cells count as even) and its value."""
    linprog = need("scipy.optimize").linprog

    game = np.nan_to_num(np.asarray(payoff, dtype=float) - 0.5, nan=0.0)
    np.fill_diagonal(game, 0.0)
    n = game.shape[0]
    # Variables (x_1..x_n, v): maximize v subject to (game^T x)_j >= v for every column j, sum x = 1, x >= 0.
    cost = np.zeros(n + 1)
    cost[-1] = -1.0
    upper = np.hstack([-game.T, np.ones((n, 1))])
    equal = np.hstack([np.ones((1, n)), np.zeros((1, 1))])
    solved = linprog(
        cost,
        A_ub=upper,
        b_ub=np.zeros(n),
        A_eq=equal,
        b_eq=[1.0],
        bounds=[(0, None)] * n + [(None, None)],
        method="highs",
    )
    if not solved.success:  # pragma: no cover - a bounded feasible LP always solves
        raise RuntimeError(f"the Nash linear program failed: {solved.message}")
    mixture = np.clip(solved.x[:n], 0.0, None)
    return mixture / mixture.sum(), float(solved.x[-1])


def records(results: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, int]]:
    """Games, wins, draws and losses per agent: a win is the best rank alone, a draw a rank everyone shares."""
    table: dict[str, dict[str, int]] = {}
    for result in results:
        ranks = result["ranks"]
        everyone_tied = len(set(ranks)) == 1
        for name, rank in zip(result["seats"], ranks, strict=True):
            row = table.setdefault(name, {"games": 0, "wins": 0, "draws": 0, "losses": 0})
            row["games"] += 1
            if everyone_tied:
                row["draws"] += 1
            elif rank == 0 and ranks.count(0) == 1:
                row["wins"] += 1
            elif rank == 0:
                row["draws"] += 1
            else:
                row["losses"] += 1
    return table
