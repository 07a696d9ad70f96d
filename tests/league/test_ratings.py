"""Ratings: Bradley-Terry recovers known strengths with honest intervals, Elo is the formula, OpenSkill is the
package's, and the Nash mixture of Rock-Paper-Scissors is uniform."""

from __future__ import annotations

import math

import numpy as np
import pytest

from omniarena.league import ratings


def _synthetic(strengths: dict[str, float], games: int, rng: np.random.Generator) -> list[tuple[str, str, float]]:
    """``games`` games per pair with P(a beats b) from the Bradley-Terry model on scale 400."""
    names = list(strengths)
    pairs = []
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            p = ratings.elo_expected(strengths[a], strengths[b])
            pairs += [(a, b, float(rng.random() < p)) for _ in range(games)]
    return pairs


TRUTH = {"a": 1300.0, "b": 1150.0, "c": 1050.0, "d": 950.0, "e": 850.0, "f": 700.0}


def test_bradley_terry_recovers_the_order_of_known_strengths() -> None:
    pairs = _synthetic(TRUTH, 60, np.random.default_rng(1))
    fitted = ratings.bradley_terry(pairs, rounds=50, seed=0)
    assert sorted(fitted.rating, key=fitted.rating.get, reverse=True) == list(TRUTH)
    assert sum(fitted.rating.values()) / len(TRUTH) == pytest.approx(ratings.BASE)
    for name in TRUTH:
        assert fitted.ci_low[name] < fitted.rating[name] < fitted.ci_high[name]


def test_bradley_terry_intervals_cover_the_truth_at_about_the_nominal_rate() -> None:
    rng = np.random.default_rng(7)
    covered = total = 0
    for replicate in range(25):
        fitted = ratings.bradley_terry(_synthetic(TRUTH, 30, rng), rounds=100, seed=replicate)
        for name, truth in TRUTH.items():
            total += 1
            covered += fitted.ci_low[name] <= truth <= fitted.ci_high[name]  # TRUTH has mean 1000, as the fit
    rate = covered / total
    assert 0.85 <= rate <= 1.0, f"95% intervals covered the truth {rate:.0%} of the time"


def test_bradley_terry_ties_count_half_and_a_perfect_record_stays_finite() -> None:
    even = ratings.bradley_terry([("a", "b", 0.5)] * 10, rounds=0)
    assert even.rating["a"] == pytest.approx(even.rating["b"])
    perfect = ratings.bradley_terry([("a", "b", 1.0)] * 10, rounds=20)
    assert math.isfinite(perfect.rating["a"]) and perfect.rating["a"] > perfect.rating["b"] + 400


def test_elo_matches_the_formula() -> None:
    pairs = [("a", "b", 1.0), ("b", "c", 0.5), ("c", "a", 1.0)]
    got = ratings.elo(pairs, k=32)
    r = {"a": 1000.0, "b": 1000.0, "c": 1000.0}
    for x, y, s in pairs:
        e = 1 / (1 + 10 ** ((r[y] - r[x]) / 400))
        r[x], r[y] = r[x] + 32 * (s - e), r[y] - 32 * (s - e)
    assert got == pytest.approx(r)
    assert ratings.elo([("a", "b", 1.0)]) == {"a": 1016.0, "b": 984.0}  # even ratings: E = 0.5, K/2 moves


def test_openskill_agrees_with_the_package() -> None:
    from openskill.models import PlackettLuce

    results = [
        {"seats": ["x", "y"], "ranks": [0, 1]},
        {"seats": ["y", "z"], "ranks": [0, 0]},
        {"seats": ["z", "x", "y"], "ranks": [0, 2, 1]},
    ]
    ours = ratings.openskill_ratings(results)
    model = PlackettLuce()
    x, y, z = model.rating(), model.rating(), model.rating()
    [[x], [y]] = model.rate([[x], [y]], ranks=[0, 1])
    [[y], [z]] = model.rate([[y], [z]], ranks=[0, 0])
    [[z], [x], [y]] = model.rate([[z], [x], [y]], ranks=[0, 2, 1])
    for name, theirs in (("x", x), ("y", y), ("z", z)):
        assert ours[name].mu == pytest.approx(theirs.mu)
        assert ours[name].sigma == pytest.approx(theirs.sigma)
        assert ours[name].ordinal() == pytest.approx(theirs.mu - 3 * theirs.sigma)
    expected = model.predict_win([[x], [y]])[0]
    assert ratings.openskill_win_probability(ours, "x", "y") == pytest.approx(expected)


def test_the_nash_mixture_of_rock_paper_scissors_is_uniform() -> None:
    # Mean scores of rock, paper, scissors against each other.
    payoff = np.array([[0.5, 0.0, 1.0], [1.0, 0.5, 0.0], [0.0, 1.0, 0.5]])
    mixture, value = ratings.nash(payoff)
    assert mixture == pytest.approx([1 / 3, 1 / 3, 1 / 3], abs=1e-6)
    assert value == pytest.approx(0.0, abs=1e-9)


def test_nash_keeps_only_the_dominant_agent() -> None:
    payoff = np.array([[0.5, 0.9, 0.8], [0.1, 0.5, 0.6], [0.2, 0.4, 0.5]])
    mixture, _ = ratings.nash(payoff)
    assert mixture == pytest.approx([1.0, 0.0, 0.0], abs=1e-6)


def test_payoff_matrix_and_records_from_results() -> None:
    results = [
        {"seats": ["a", "b"], "ranks": [0, 1]},
        {"seats": ["b", "a"], "ranks": [0, 0]},
        {"seats": ["a", "b", "c"], "ranks": [0, 1, 1]},
    ]
    matrix, games = ratings.payoff_matrix(ratings.outcomes(results), ["a", "b", "c"])
    assert games[0, 1] == 3 and matrix[0, 1] == pytest.approx((1 + 0.5 + 1) / 3)
    assert matrix[1, 2] == pytest.approx(0.5) and math.isnan(matrix[0, 0])
    table = ratings.records(results)
    assert table["a"] == {"games": 3, "wins": 2, "draws": 1, "losses": 0}
    assert table["c"] == {"games": 1, "wins": 0, "draws": 0, "losses": 1}
