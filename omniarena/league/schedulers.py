"""Schedulers: which matches a tournament plays, decided from the results stored so far.

A scheduler's :meth:`~Scheduler.plan` returns every match decided so far, given the finished results
(by match key). Static schedules (round-robin, gauntlet, least-played) decide everything at once; adaptive
ones (ladder, Swiss, PFSP) add a stage only once the stage before it has finished, and decide it from that
stage's stored results alone, so a resumed tournament plans exactly the matches the first run planned.

Two-player games always come in side-swapped pairs on the same seed; an N-player group plays every
rotation of its seats. Seeds come from the tournament seed and the names involved (not their positions),
so adding an agent or an arena leaves every other match as it was.

- ``round-robin``: ``games_per_pair`` games for every group of agents in every arena;
- ``gauntlet``: ``challenger`` against each agent of the field, ``games_per_pair`` games each;
- ``ladder``: ``challenger`` climbs ``rungs`` (default: the other agents in config order), ``games_per_pair``
  games per rung, and climbs on while its score on a rung is at least ``promote`` (default 0.5);
- ``swiss``: ``rounds`` rounds; each pairs agents of equal standing, never the same pair twice while another
  pairing exists; an odd agent out gets a bye (a point, no game), never twice while others had none;
- ``least-played``: ``matches`` games per arena, each stage playing a side-swapped pair for the pairs with
  the fewest games so far (balanced at every moment, so a cut-short budget is still fair);
- ``pfsp``: ``matches`` games per arena for ``learner``, opponents drawn in stages of ``batch`` pairs with
  prioritized fictitious self-play weights of the learner's win rate ``x`` against each:
  ``squared`` (1-x)^2 (AlphaStar's hard), ``variance`` x(1-x), ``linear`` 1-x, ``uniform``.
"""

from __future__ import annotations

import itertools
import math
import zlib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from omniarena.league.match import Match, pairwise_scores

if TYPE_CHECKING:
    from omniarena.league.config import ArenaEntry, TournamentConfig

__all__ = ["Scheduler", "make_scheduler", "pfsp_weight", "WEIGHTINGS", "match_seed", "swiss_pairs"]

Results = Mapping[str, Mapping[str, Any]]
WEIGHTINGS = ("squared", "variance", "linear", "uniform")


def pfsp_weight(win_rate: float, weighting: str) -> float:
    """PFSP's priority of an opponent the learner beats with probability ``win_rate``."""
    x = min(max(float(win_rate), 0.0), 1.0)
    if weighting == "squared":
        return (1.0 - x) ** 2
    if weighting == "variance":
        return x * (1.0 - x)
    if weighting == "linear":
        return 1.0 - x
    if weighting == "uniform":
        return 1.0
    raise ValueError(f"unknown PFSP weighting {weighting!r}; use one of {', '.join(WEIGHTINGS)}")


def match_seed(seed: int, *labels: str | int) -> int:
    """A seed in [0, 2**31) from the tournament seed and labels, stable across runs and platforms."""
    words = [int(seed)] + [zlib.crc32(str(label).encode()) for label in labels]
    return int(np.random.SeedSequence(words).generate_state(1)[0] % (2**31))


class Scheduler:
    """Base of the schedulers (see the module docstring)."""

    kind = ""
    two_player_only = False
    params: tuple[str, ...] = ()

    def __init__(self, config: TournamentConfig) -> None:
        self.config = config
        unknown = sorted(set(config.params) - set(self.params))
        if unknown:
            accepted = ", ".join(self.params) or "(none)"
            raise ValueError(f"unknown parameter {', '.join(unknown)}; {self.kind} takes {accepted}")
        self.games = self._even("games_per_pair", 2)
        if self.two_player_only:
            for arena in config.arenas:
                if arena.players != 2:
                    raise ValueError(f"{self.kind} needs two-player arenas; {arena.id} seats {arena.players}")

    # -- parameters --
    def _int(self, name: str, default: int, minimum: int = 1) -> int:
        value = self.config.params.get(name, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise ValueError(f"{name} must be a whole number >= {minimum}, got {value!r}")
        return value

    def _even(self, name: str, default: int) -> int:
        value = self._int(name, default)
        if value % 2:
            raise ValueError(f"{name} must be even (two-player games come in side-swapped pairs), got {value}")
        return value

    def _agent(self, name: str) -> str:
        value = self.config.params.get(name)
        if value not in self.config.agent_map:
            raise ValueError(f"{name} must name one of the agents ({', '.join(self.config.agent_map)}), got {value!r}")
        return str(value)

    # -- helpers --
    def names(self, arena: ArenaEntry) -> list[str]:
        return [a.name for a in self.config.agents if a.plays(arena.id)]

    def group_games(self, arena: ArenaEntry, group: Sequence[str], games: int, *labels: str | int) -> list[Match]:
        """``games`` games of ``group``: every rotation of its seats on each seed (side swaps for two)."""
        size = len(group)
        matches = []
        for game in range(math.ceil(games / size)):
            seed = match_seed(self.config.seed, arena.id, *sorted(group), *labels, game)
            for turn in range(size):
                if len(matches) == games:
                    break
                seats = tuple(group[turn:]) + tuple(group[:turn])
                matches.append(Match(arena.id, arena.env_kwargs(), seats, seed, self.kind))
        return matches

    def planned(self) -> int:
        """How many matches the config asks for (for adaptive schedulers: at most)."""
        raise NotImplementedError

    def plan(self, done: Results) -> list[Match]:
        """Every match decided so far, given the finished results by key."""
        raise NotImplementedError


def _stage_done(matches: Sequence[Match], done: Results) -> bool:
    return all(m.key in done for m in matches)


def _score_of(agent: str, matches: Sequence[Match], done: Results) -> tuple[float, int]:
    """``agent``'s summed score and games over the finished ``matches``."""
    total, games = 0.0, 0
    for match in matches:
        result = done.get(match.key)
        if result is None:
            continue
        for a, b, score in pairwise_scores(result):
            if agent == a:
                total, games = total + score, games + 1
            elif agent == b:
                total, games = total + 1.0 - score, games + 1
    return total, games


class RoundRobin(Scheduler):
    kind = "round-robin"
    params = ("games_per_pair",)

    def groups(self, arena: ArenaEntry) -> list[tuple[str, ...]]:
        return list(itertools.combinations(self.names(arena), arena.players))

    def planned(self) -> int:
        return sum(len(self.groups(arena)) * self.games for arena in self.config.arenas)

    def plan(self, done: Results) -> list[Match]:
        return [
            m
            for arena in self.config.arenas
            for g in self.groups(arena)
            for m in self.group_games(arena, g, self.games)
        ]


class Gauntlet(RoundRobin):
    kind = "gauntlet"
    params = ("games_per_pair", "challenger")

    def __init__(self, config: TournamentConfig) -> None:
        super().__init__(config)
        self.challenger = self._agent("challenger")

    def groups(self, arena: ArenaEntry) -> list[tuple[str, ...]]:
        names = self.names(arena)
        if self.challenger not in names:
            return []
        field = [n for n in names if n != self.challenger]
        return [(self.challenger, *rest) for rest in itertools.combinations(field, arena.players - 1)]


class Ladder(Scheduler):
    kind = "ladder"
    two_player_only = True
    params = ("games_per_pair", "challenger", "rungs", "promote")

    def __init__(self, config: TournamentConfig) -> None:
        super().__init__(config)
        self.challenger = self._agent("challenger")
        rungs = config.params.get("rungs", [a.name for a in config.agents if a.name != self.challenger])
        if (
            not isinstance(rungs, list)
            or not rungs
            or any(r not in config.agent_map or r == self.challenger for r in rungs)
        ):
            raise ValueError(f"rungs must list other agents, lowest rung first; got {rungs!r}")
        self.rungs = [str(r) for r in rungs]
        promote = config.params.get("promote", 0.5)
        if not isinstance(promote, int | float) or not 0 <= promote <= 1:
            raise ValueError(f"promote must be a score between 0 and 1, got {promote!r}")
        self.promote = float(promote)

    def planned(self) -> int:
        return sum(len(self._rungs(arena)) * self.games for arena in self.config.arenas)

    def _rungs(self, arena: ArenaEntry) -> list[str]:
        names = self.names(arena)
        return [r for r in self.rungs if r in names] if self.challenger in names else []

    def plan(self, done: Results) -> list[Match]:
        matches: list[Match] = []
        for arena in self.config.arenas:
            for level, rung in enumerate(self._rungs(arena)):
                stage = self.group_games(arena, (self.challenger, rung), self.games, "ladder", level)
                matches += stage
                if not _stage_done(stage, done):
                    break
                score, games = _score_of(self.challenger, stage, done)
                if score / games < self.promote:
                    break  # the challenger stays on this rung
        return matches

    def rung_reached(self, arena: str, done: Results) -> int:
        """How many rungs the challenger has beaten in ``arena`` so far."""
        entry = next(a for a in self.config.arenas if a.id == arena)
        beaten = 0
        for level, rung in enumerate(self._rungs(entry)):
            stage = self.group_games(entry, (self.challenger, rung), self.games, "ladder", level)
            if not _stage_done(stage, done):
                break
            score, games = _score_of(self.challenger, stage, done)
            if score / games < self.promote:
                break
            beaten += 1
        return beaten


def swiss_pairs(
    standings: Sequence[str], played: set[frozenset[str]], byes: Mapping[str, int]
) -> tuple[list[tuple[str, str]], str | None]:
    """Pairs for one Swiss round: neighbours in ``standings`` (best first), avoiding pairs in ``played``.

    Searches (depth first, best-placed agent first) for a pairing with no repeat; only when none exists does
    it allow repeats. With an odd count, the lowest-placed agent with the fewest byes sits out.
    """
    order = list(standings)
    bye = None
    if len(order) % 2:
        bye = min(reversed(order), key=lambda name: byes.get(name, 0))
        order.remove(bye)

    def search(rest: list[str], allow_repeats: bool) -> list[tuple[str, str]] | None:
        if not rest:
            return []
        first, others = rest[0], rest[1:]
        for index, other in enumerate(others):
            if not allow_repeats and frozenset((first, other)) in played:
                continue
            tail = search(others[:index] + others[index + 1 :], allow_repeats)
            if tail is not None:
                return [(first, other), *tail]
        return None

    pairs = search(order, False)
    if pairs is None:
        pairs = search(order, True) or []
    return pairs, bye


class Swiss(Scheduler):
    kind = "swiss"
    two_player_only = True
    params = ("games_per_pair", "rounds")

    def __init__(self, config: TournamentConfig) -> None:
        super().__init__(config)
        self.rounds = self._int("rounds", 3)

    def planned(self) -> int:
        return sum(self.rounds * (len(self.names(arena)) // 2) * self.games for arena in self.config.arenas)

    def plan(self, done: Results) -> list[Match]:
        matches: list[Match] = []
        for arena in self.config.arenas:
            matches += self.arena_plan(arena, done)[0]
        return matches

    def arena_plan(self, arena: ArenaEntry, done: Results) -> tuple[list[Match], list[list[tuple[str, str]]]]:
        """The matches decided so far in ``arena`` and the pairs of each round."""
        names = self.names(arena)
        points = dict.fromkeys(names, 0.0)
        byes: dict[str, int] = {}
        played: set[frozenset[str]] = set()
        matches: list[Match] = []
        rounds: list[list[tuple[str, str]]] = []
        for number in range(1, self.rounds + 1):
            # Standings: points, then config order (stable), so round 1 pairs neighbours in the config.
            standings = sorted(names, key=lambda n: -points[n])
            pairs, bye = swiss_pairs(standings, played, byes)
            rounds.append(pairs)
            stage = [m for a, b in pairs for m in self.group_games(arena, (a, b), self.games, "swiss", number)]
            for m in stage:
                matches.append(Match(m.arena, m.env_kwargs, m.seats, m.seed, f"swiss-{number}"))
            if not _stage_done(stage, done):
                break
            if bye is not None:
                byes[bye] = byes.get(bye, 0) + 1
                points[bye] += self.games / 2  # a bye is worth a drawn set of games
            for a, b in pairs:
                played.add(frozenset((a, b)))
                for m in stage:
                    result = done[m.key]
                    for x, y, score in pairwise_scores(result):
                        if {x, y} == {a, b}:
                            points[x] += score
                            points[y] += 1.0 - score
        return matches, rounds


class LeastPlayed(Scheduler):
    kind = "least-played"
    two_player_only = True
    params = ("matches", "batch")

    def __init__(self, config: TournamentConfig) -> None:
        super().__init__(config)
        self.matches = self._even("matches", 2 * max(len(self.names(a)) for a in config.arenas))
        self.batch = self._int("batch", 1)

    def planned(self) -> int:
        return self.matches * len(self.config.arenas)

    def plan(self, done: Results) -> list[Match]:
        matches: list[Match] = []
        for arena in self.config.arenas:
            pairs = list(itertools.combinations(self.names(arena), 2))
            counts = dict.fromkeys(pairs, 0)
            planned = 0
            while planned < self.matches:
                # The pairs with the fewest games so far (config order breaks ties): a side-swapped pair each.
                chosen = sorted(pairs, key=lambda p: counts[p])[: self.batch]
                for pair in chosen:
                    if planned >= self.matches:
                        break
                    matches += self.group_games(arena, pair, 2, "least", counts[pair])
                    counts[pair] += 2
                    planned += 2
        return matches


class PFSP(Scheduler):
    kind = "pfsp"
    two_player_only = True
    params = ("matches", "learner", "weighting", "batch")

    def __init__(self, config: TournamentConfig) -> None:
        super().__init__(config)
        self.learner = self._agent("learner")
        self.matches = self._even("matches", 20)
        self.batch = self._int("batch", 4)
        self.weighting = str(config.params.get("weighting", "squared"))
        pfsp_weight(0.5, self.weighting)  # an unknown weighting fails here

    def planned(self) -> int:
        return self.matches * sum(self.learner in self.names(a) for a in self.config.arenas)

    def opponents(self, arena: ArenaEntry) -> list[str]:
        return [n for n in self.names(arena) if n != self.learner]

    def plan(self, done: Results) -> list[Match]:
        matches: list[Match] = []
        for arena in self.config.arenas:
            opponents = self.opponents(arena)
            if self.learner not in self.names(arena) or not opponents:
                continue
            history: dict[str, list[Match]] = {o: [] for o in opponents}
            planned, stage_number = 0, 0
            while planned < self.matches:
                rates = {}
                for o in opponents:
                    score, games = _score_of(self.learner, history[o], done)
                    rates[o] = (score + 0.5) / (games + 1)  # one virtual draw: no games is an even match
                weights = np.array([pfsp_weight(rates[o], self.weighting) for o in opponents]) + 1e-6
                rng = np.random.default_rng(match_seed(self.config.seed, arena.id, "pfsp", stage_number))
                picks = rng.choice(
                    len(opponents), size=min(self.batch, (self.matches - planned) // 2), p=weights / weights.sum()
                )
                stage = []
                for pick in picks:
                    opponent = opponents[int(pick)]
                    label = len(history[opponent])
                    pair = self.group_games(arena, (self.learner, opponent), 2, "pfsp", label)
                    history[opponent] += pair
                    stage += pair
                matches += stage
                planned += len(stage)
                stage_number += 1
                if not _stage_done(stage, done):
                    break
        return matches


SCHEDULER_CLASSES: dict[str, type[Scheduler]] = {
    cls.kind: cls for cls in (RoundRobin, Gauntlet, Ladder, Swiss, LeastPlayed, PFSP)
}


def make_scheduler(config: TournamentConfig) -> Scheduler:
    """The scheduler ``config`` names, its parameters checked (a ``ValueError`` says what is wrong)."""
    return SCHEDULER_CLASSES[config.scheduler](config)
