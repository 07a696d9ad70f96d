"""Who is the Spy heuristic player: truthful clues, votes for the least consistent player.

The player reads only its own seat's view (:class:`~.env.SpyView`): the vocabulary statements true of
its own scene, the statements every clue so far makes, and its role where the variant tells it.

- **Clues**: a civilian states a random true fact about its scene that nobody has stated yet. A player not
  told its role (``roles="hidden"``) takes itself for the spy once two or more others have said something
  false of its scene. A spy that knows (or so guesses) it is the spy hides: once another player's clue is false of
  its own scene (so it is about the detail that differs), it states only new facts that share no word
  with that clue nor with its own facts that do (so nothing about the object or bar that clue was
  about); with no such fact left, a fact of the most general kind (an object count, a chart's kind),
  and last a fact someone else already stated.
- **Votes**: for the other player whose clues make the most statements false of its own scene, then
  the one whose clues most often only repeated another player's (ties broken at random; no evidence at
  all: a random other player, or abstain where allowed).

The heuristic is the arena's expert (``scripted``). Measured baselines (``benchmarks/spy.py --baselines``:
4 players, 2 clue rounds, roles known, seeds 0-299; share of games in which heuristic civilians gave the
spy the most votes):

============  ==========  =============  ============  ==========
scenes        difficulty  heuristic spy  truthful spy  random spy
============  ==========  =============  ============  ==========
shapes        easy        46%            50%           99%
shapes        medium      40%            37%           99%
shapes        hard        29%            33%           99%
charts        easy        42%            62%           100%
charts        medium      40%            54%           100%
charts        hard        37%            56%           100%
============  ==========  =============  ============  ==========

("truthful": ``SpyHeuristic(vague=False)``, a spy stating random true facts; "random": :class:`RandomSpy`.)
With ``roles="hidden"`` (shapes, medium) the heuristic spy is caught in 47% of 300 games: it hides only
once it has guessed its role.
"""

from __future__ import annotations

from typing import Any

from omniarena.core.agent import NativeAgent

__all__ = ["SpyHeuristic", "RandomSpy", "general_facts"]


_FILLER = frozenset({"a", "an", "the", "at", "is", "on", "of", "mostly", "shown"})


def _content_words(phrase: str) -> frozenset[str]:
    return frozenset(w for w in phrase.split() if w not in _FILLER)


def general_facts(facts: frozenset[int], phrases: tuple[str, ...]) -> list[int]:
    """The facts that say least about any one object: counts, kinds of chart, textures."""
    return [
        i
        for i in sorted(facts)
        if any(w in phrases[i] for w in (" object", " chart", "detailed", "smooth", " is shown"))
    ]


class SpyHeuristic(NativeAgent):
    """The heuristic player described in the module docstring (``vague=False``: a spy states random facts too)."""

    name = "scripted"

    def __init__(self, env: Any, *, seed: int | None = None, player: str | None = None, vague: bool = True) -> None:
        super().__init__(env, seed=seed, player=player)
        self.vague = bool(vague)

    def choose(self, observation: dict[str, Any]) -> int:
        view = self.expert_state()
        actions = self.action_set
        if view.phase == "clue":
            return self._clue(view, actions.vocabulary.phrases)
        suspicion = self.suspicion(view)
        others = [c for c in view.candidates if c != view.seat] or list(view.candidates)
        top = max(suspicion[c] for c in others)
        if top == (0, 0) and view.abstain:
            return actions.abstain
        tied = [c for c in others if suspicion[c] == top]
        return actions.first_vote + int(self.rng.choice(tied))

    def _clue(self, view: Any, phrases: tuple[str, ...]) -> int:
        said = set().union(*(st for _, st in view.clues)) if view.clues else set()
        mine = set().union(*(st for s, st in view.clues if s == view.seat)) if view.clues else set()
        fresh = sorted(view.facts - said)
        if self.role(view) == "spy" and self.vague:
            # Another player's clue that is false here is about the detail that differs: stay off its words.
            contradicted = {i for s, st in view.clues if s != view.seat for i in st - view.facts}
            risky = {w for i in contradicted for w in _content_words(phrases[i])}
            # One step further: the words of its own facts that touch those (the same object seen otherwise).
            risky |= {w for i in view.facts if _content_words(phrases[i]) & risky for w in _content_words(phrases[i])}
            safe = [i for i in fresh if not (_content_words(phrases[i]) & risky)]
            shared = sorted((said - mine) & view.facts)
            options = safe or [i for i in general_facts(view.facts, phrases) if i not in mine] or shared
            if options:
                return int(self.rng.choice(options))
        options = fresh or sorted(view.facts - mine) or sorted(view.facts)
        return int(self.rng.choice(options))

    @staticmethod
    def role(view: Any) -> str:
        """The role the view tells, else a guess: the spy when two or more other players said something
        false of its own scene (the civilians share a scene, so only the spy can contradict a civilian)."""
        if view.role is not None:
            return str(view.role)
        contradicting = {s for s, st in view.clues if s != view.seat and st - view.facts}
        return "spy" if len(contradicting) >= 2 else "civilian"

    @staticmethod
    def suspicion(view: Any) -> dict[int, tuple[int, int]]:
        """Per seat: how many statements its clues made that are false of this player's own scene, then
        how many only repeated what another player had said before (a spy hiding says nothing new)."""
        false = dict.fromkeys(range(view.players), 0)
        repeated = dict.fromkeys(range(view.players), 0)
        said: dict[int, int] = {}  # statement -> the first seat that made it
        for seat, statements in view.clues:
            false[seat] += len(statements - view.facts)
            repeated[seat] += sum(1 for st in statements if said.get(st, seat) != seat)
            for st in statements:
                said.setdefault(st, seat)
        return {seat: (false[seat], repeated[seat]) for seat in range(view.players)}


class RandomSpy(SpyHeuristic):
    """A heuristic civilian, but as a spy that is told so (``roles="known"``) it gives random vocabulary clues
    (true or not) and votes at random.

    The "random spy" of the baselines: what the heuristic civilians face when the spy does not try.
    """

    def choose(self, observation: dict[str, Any]) -> int:
        view = self.expert_state()
        if view.role != "spy":
            return super().choose(observation)
        return self.action_set.sample_legal(self.rng, observation["action_mask"])
