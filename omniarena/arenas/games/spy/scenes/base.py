"""What every scene source shares: the scene pair, the clue vocabulary and the named colours.

A source (:mod:`.shapes`, :mod:`.charts`, :mod:`.photos`) draws a :class:`ScenePair` from a seeded
generator: the civilians' scene, the spy's scene and the ground-truth ``difference`` between them. Each
scene knows its image and its *facts*: the indices of the statements of the source's :class:`Vocabulary`
that are true of it. The vocabulary is the native clue space (``Discrete`` over attribute-value phrases)
and what the heuristic players and the end-of-game analysis read free-text clues with.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

__all__ = ["COLORS", "DIFFICULTIES", "Scene", "ScenePair", "Source", "Vocabulary", "check_difficulty"]

# Named colours the sources draw with and the clues speak of (RGB).
COLORS: dict[str, tuple[int, int, int]] = {
    "red": (214, 40, 40),
    "orange": (245, 130, 20),
    "yellow": (240, 205, 30),
    "green": (50, 160, 60),
    "teal": (20, 150, 150),
    "blue": (40, 90, 220),
    "purple": (130, 60, 190),
    "pink": (235, 110, 170),
}
DIFFICULTIES = ("easy", "medium", "hard")
_SPACE = re.compile(r"\s+")
_ARTICLE = re.compile(r"^(?:a|an|the)\s+")


def check_difficulty(difficulty: str) -> str:
    if difficulty not in DIFFICULTIES:
        raise ValueError(f"difficulty={difficulty!r}; use one of {', '.join(DIFFICULTIES)}")
    return difficulty


def _key(phrase: str) -> str:
    """A phrase as it is matched: lower case, single spaces, no leading article."""
    return _ARTICLE.sub("", _SPACE.sub(" ", phrase.strip().lower()))


class Vocabulary:
    """The fixed clue phrases of one source; clue index ``i`` is ``phrases[i]``.

    :meth:`lookup` finds the phrase a clue is exactly; :meth:`mentions` the phrases a free-text clue
    contains as whole words ("two red circles, a red circle at the top" mentions "a red circle" and
    "a circle at the top"), longest first and without overlaps.
    """

    def __init__(self, phrases: Iterable[str]) -> None:
        self.phrases = tuple(phrases)
        self._exact = {phrase: i for i, phrase in enumerate(self.phrases)}  # the fast path: canonical phrases
        self._index: dict[str, int] = {}
        for i, phrase in enumerate(self.phrases):
            if self._index.setdefault(_key(phrase), i) != i:
                raise ValueError(f"the clue phrase {phrase!r} is listed twice")
        keys = sorted(self._index, key=len, reverse=True)
        self._pattern = re.compile(r"(?<![\w])(" + "|".join(map(re.escape, keys)) + r")(?![\w])")
        self._cache: dict[str, frozenset[int]] = {}

    def __len__(self) -> int:
        return len(self.phrases)

    def lookup(self, text: str) -> int | None:
        index = self._exact.get(text)
        return index if index is not None else self._index.get(_key(text))

    def mentions(self, text: str) -> frozenset[int]:
        cached = self._cache.get(text)
        if cached is None:
            flat = _SPACE.sub(" ", text.lower())
            cached = frozenset(self._index[m.group(1)] for m in self._pattern.finditer(flat))
            if len(self._cache) < 4096:
                self._cache[text] = cached
        return cached


@dataclass(frozen=True)
class Scene:
    """One player's scene: generator-specific ``content``, its facts and its description in words."""

    content: Any
    facts: frozenset[int]
    description: str


@dataclass(frozen=True)
class ScenePair:
    """The civilians' and the spy's scene and what differs (``difference``: JSON-ready, with ``attribute``)."""

    civilian: Scene
    spy: Scene
    difference: dict[str, Any] = field(default_factory=dict)

    @property
    def telling(self) -> frozenset[int]:
        """Statements true of one scene and false of the other: the clues that give the difference away."""
        return self.civilian.facts ^ self.spy.facts


class Source(Protocol):
    """A scene generator: ``name``, its ``vocabulary``, ``generate`` a pair and ``draw`` one scene."""

    name: str
    vocabulary: Vocabulary
    image_shape: tuple[int, int]

    def generate(self, rng: np.random.Generator) -> ScenePair: ...

    def draw(self, scene: Scene) -> np.ndarray: ...


def pick(rng: np.random.Generator, items: Sequence[Any]) -> Any:
    """One of ``items``, uniformly (``rng.choice`` would turn tuples into arrays)."""
    return items[int(rng.integers(len(items)))]
