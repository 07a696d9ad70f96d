"""A self-play league for training code: PFSP opponent sampling and snapshots of the learner.

::

    league = League([AgentEntry("random", "random")], weighting="squared", snapshot=save_policy)
    opponent = league.next_opponent("learner")         # an AgentEntry, drawn by PFSP weights
    ...                                                # play it (play_match, or your own loop)
    league.report({"learner": "learner", "opponent": opponent.name, "score": 1.0})

:meth:`League.next_opponent` draws from the pool with prioritized fictitious self-play weights of the
learner's win rate ``x`` against each opponent (FightLadder's and AlphaStar's ``squared`` (1-x)^2, focusing
on opponents it cannot beat yet; ``variance`` x(1-x), on opponents of its own level; ``linear`` 1-x;
``uniform``, which over snapshots alone is plain fictitious self-play). An opponent not yet played counts as
an even match.

When the learner's win rate over its last ``window`` games passes ``snapshot_threshold`` (after at least
``min_games`` since the last snapshot), :meth:`League.report` calls ``snapshot(learner, number)`` (RLlib's
self-play callback pattern): the callback saves the learner's current weights and returns the
:class:`AgentEntry` that plays them (e.g. ``policy:<path>``, or ``module:Class`` with a checkpoint argument),
which joins the pool of opponents.
"""

from __future__ import annotations

import collections
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from omniarena.league.match import AgentEntry, pairwise_scores
from omniarena.league.schedulers import WEIGHTINGS, pfsp_weight

__all__ = ["League"]

Snapshot = Callable[[str, int], AgentEntry]


class League:
    """Opponent sampling and learner snapshots for self-play training (see the module docstring)."""

    def __init__(
        self,
        opponents: Sequence[AgentEntry] = (),
        weighting: str = "squared",
        snapshot: Snapshot | None = None,
        snapshot_threshold: float = 0.7,
        min_games: int = 20,
        window: int = 100,
        seed: int | None = 0,
    ) -> None:
        if weighting not in WEIGHTINGS:
            raise ValueError(f"unknown weighting {weighting!r}; use one of {', '.join(WEIGHTINGS)}")
        if not 0.0 < snapshot_threshold <= 1.0:
            raise ValueError(f"snapshot_threshold must be in (0, 1], got {snapshot_threshold}")
        if min_games < 1 or window < 1:
            raise ValueError("min_games and window must be >= 1")
        self.pool: dict[str, AgentEntry] = {}
        for entry in opponents:
            self.add(entry)
        self.weighting = weighting
        self.snapshot = snapshot
        self.snapshot_threshold = float(snapshot_threshold)
        self.min_games = int(min_games)
        self.window = int(window)
        self.rng = np.random.default_rng(seed)
        self.snapshots: list[AgentEntry] = []
        # (learner, opponent) -> [score sum, games]; learner -> its recent scores, games since its last snapshot
        self._table: dict[tuple[str, str], list[float]] = collections.defaultdict(lambda: [0.0, 0.0])
        self._recent: dict[str, collections.deque[float]] = {}
        self._since: collections.Counter[str] = collections.Counter()

    def add(self, entry: AgentEntry) -> None:
        """Add an opponent to the pool (a name already there is a mistake)."""
        if entry.name in self.pool:
            raise ValueError(f"the league already has an opponent named {entry.name!r}")
        self.pool[entry.name] = entry

    def win_rate(self, learner: str, opponent: str) -> float:
        """The learner's mean score against ``opponent`` (0.5 before any game)."""
        total, games = self._table[(learner, opponent)]
        return (total + 0.5) / (games + 1.0)

    def weights(self, learner: str) -> dict[str, float]:
        """The sampling probability of each opponent for ``learner``."""
        names = [name for name in self.pool if name != learner]
        if not names:
            raise ValueError("the league has no opponent: add one, or report games so a snapshot joins the pool")
        raw = np.array([pfsp_weight(self.win_rate(learner, n), self.weighting) for n in names]) + 1e-6
        return {name: float(w) for name, w in zip(names, raw / raw.sum(), strict=True)}

    def next_opponent(self, learner: str) -> AgentEntry:
        """An opponent for ``learner``'s next game, drawn by PFSP weights."""
        weights = self.weights(learner)
        names = list(weights)
        return self.pool[names[int(self.rng.choice(len(names), p=list(weights.values())))]]

    def report(self, result: Mapping[str, Any], learner: str | None = None) -> AgentEntry | None:
        """Count one game; returns the snapshot it triggered, if any.

        ``result`` is ``{"learner", "opponent", "score"}`` (1 won, 0.5 drew, 0 lost), or a finished match
        result of :func:`~omniarena.league.match.play_match` (then ``learner`` names the learner's agent).
        """
        if "seats" in result:
            if learner is None:
                raise ValueError("report(match_result, learner=NAME): name the learner's agent in the match")
            games = [(a, b, s) for a, b, s in pairwise_scores(result) if learner in (a, b)]
            if not games:
                raise ValueError(f"{learner!r} did not play in this match (seats {result['seats']})")
            snapshot = None
            for a, b, score in games:
                opponent, own = (b, score) if a == learner else (a, 1.0 - score)
                snapshot = self._count(learner, opponent, own) or snapshot
            return snapshot
        score = float(result["score"])
        if not 0.0 <= score <= 1.0:
            raise ValueError(f"score must be 1 (won), 0.5 (drew) or 0 (lost), got {score}")
        return self._count(str(result["learner"]), str(result["opponent"]), score)

    def _count(self, learner: str, opponent: str, score: float) -> AgentEntry | None:
        cell = self._table[(learner, opponent)]
        cell[0] += score
        cell[1] += 1
        recent = self._recent.setdefault(learner, collections.deque(maxlen=self.window))
        recent.append(score)
        self._since[learner] += 1
        if self.snapshot is None or self._since[learner] < self.min_games:
            return None
        if sum(recent) / len(recent) < self.snapshot_threshold:
            return None
        entry = self.snapshot(learner, len(self.snapshots))
        self.add(entry)
        self.snapshots.append(entry)
        self._since[learner] = 0
        recent.clear()  # the learner faces a stronger pool now: its win rate is measured afresh
        return entry
