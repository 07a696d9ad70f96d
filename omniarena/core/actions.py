"""ActionSet: the single source of truth for an arena's text actions.

``describe()`` writes the prompt's action section, ``parse(text)`` turns a model reply into a native
action, ``format(action)`` turns a native action back into canonical text. Prompt and parser come from
the same definition, so they cannot drift apart.
"""

from __future__ import annotations

import logging
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from gymnasium import spaces

from omniarena.core.grammar import ANSWER_FORMATS, Extracted, extract_answer, normalize, strip_wrappers

__all__ = [
    "ActionSet",
    "ActionSpec",
    "DiscreteActionSet",
    "ParseResult",
    "ANSWER_FORMAT",
    "match_span",
    "mention_pattern",
]

logger = logging.getLogger(__name__)

# The example never sits inside answer tags, so a reply that only repeats the prompt names no action.
ANSWER_FORMAT = (
    "Think step by step if you like, then end your reply with exactly one action between answer tags, "
    "written <answer>ACTION</answer> where ACTION is one of the actions above (for example {example}). "
    "Only the last answer counts; naming several different actions is not an answer."
)
NO_TAG = "no <answer>...</answer> tag (this arena reads only the tagged answer: answer_format='tags')"
_ERROR_EXCERPT = 60


@dataclass(frozen=True)
class ParseResult:
    """What :meth:`ActionSet.parse` read from a reply.

    ``action`` is the native action (``None`` when ``ok`` is false), ``error`` says why parsing failed,
    ``raw`` is the full reply, ``answer`` the span the grammar picked out of it and ``rule`` which rule
    found it ("exact", "answer_tag", "action_line", "fence", "whole"; "none" when there was none).
    """

    action: Any
    ok: bool
    error: str | None
    raw: str
    answer: str = ""
    rule: str = ""


class ActionSet(ABC):
    """Text <-> native actions for one arena, and which native actions are legal.

    Subclasses implement ``_parse``, ``describe``, ``format``, ``native_space``, ``is_legal`` and
    ``sample_legal``. ``mask`` is whatever the arena's observation carries as ``action_mask`` (``None``
    when it has none): only the action set knows its shape, so nothing else assumes an integer action.
    :meth:`parse` never raises: anything a subclass raises becomes a failed :class:`ParseResult`.
    """

    @abstractmethod
    def native_space(self) -> spaces.Space:
        """The native action space these actions live in (a new instance each call)."""

    @abstractmethod
    def is_legal(self, action: Any, mask: Any = None) -> bool:
        """Whether native ``action`` is one of this set's actions and legal under ``mask``."""

    @abstractmethod
    def sample_legal(self, rng: np.random.Generator, mask: Any = None) -> Any:
        """A uniformly random native action that is legal under ``mask`` (any action if none is)."""

    def illegal_reason(self, action: Any, mask: Any = None) -> str | None:
        """Why native ``action`` cannot be played now, or ``None`` if it can (override for a finer reason)."""
        if self.is_legal(action, mask):
            return None
        shown = self.try_format(action) or repr(action)
        return f"'{shown}' is not legal now"

    @abstractmethod
    def describe(self) -> str:
        """The action section of a prompt: every action, its meaning, and the answer format."""

    @abstractmethod
    def format(self, action: Any) -> str:
        """Canonical text for a native action (what :meth:`parse` maps back to the same action)."""

    def try_format(self, action: Any) -> str | None:
        """:meth:`format`, or ``None`` when ``action`` is not one of this set's native actions."""
        try:
            return self.format(action)
        except (TypeError, ValueError, IndexError, KeyError):
            return None

    @abstractmethod
    def _parse(self, text: str, answer_format: str = "any") -> ParseResult:
        """Parse ``text`` (a ``str``); may raise, :meth:`parse` turns exceptions into failures."""

    def parse(self, text: Any, answer_format: str = "any") -> ParseResult:
        """Read the last well-formed answer in ``text``; never raises, never executes text.

        ``answer_format="tags"`` accepts only an ``<answer>...</answer>`` tag (no prose fallback).
        """
        if not isinstance(text, str):
            text = "" if text is None else str(text)
        if answer_format not in ANSWER_FORMATS:
            raise ValueError(f"answer_format={answer_format!r}; use one of {', '.join(ANSWER_FORMATS)}")
        try:
            return self._parse(text, answer_format)
        except Exception as exc:  # a parser bug must not end an episode
            logger.warning("parser %s failed: %r", type(self).__name__, exc)
            return ParseResult(None, False, f"could not read the reply ({type(exc).__name__})", text)

    @staticmethod
    def extract(text: str, answer_format: str) -> Extracted:
        """The answer span of ``text`` under ``answer_format`` (the shared grammar)."""
        return extract_answer(text, answer_format)


@dataclass(frozen=True)
class ActionSpec:
    """One discrete text action: its canonical ``name``, accepted ``aliases`` and a one-line ``help``."""

    name: str
    help: str = ""
    aliases: tuple[str, ...] = field(default_factory=tuple)


def excerpt(text: str, limit: int = _ERROR_EXCERPT, line_separator: str | None = None) -> str:
    """A single-line quote of ``text``, cut to ``limit`` characters with "...".

    Whitespace is collapsed; with ``line_separator``, non-empty lines are kept apart by it instead
    (so a board stays readable on one line: "2 . | . 4").
    """
    if line_separator is None:
        flat = " ".join(text.split())
    else:
        flat = line_separator.join(line.strip() for line in text.splitlines() if line.strip())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def mentionable(word: str) -> bool:
    """Whether ``word`` may be found by mention inside prose (not a single character, not a bare number)."""
    return len(word) >= 2 and not word.replace(".", "").isdigit()


def mention_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern finding any of ``words`` as a whole word (longest first, case folded), or ``None`` for none."""
    ordered = sorted(words, key=len, reverse=True)
    if not ordered:
        return None
    return re.compile(r"(?<![\w])(" + "|".join(re.escape(w) for w in ordered) + r")(?![\w])", re.IGNORECASE)


def match_span(span: str, lookup: dict[str, int], mention: re.Pattern[str] | None) -> tuple[int | None, list[int]]:
    """The index a reply's answer span names, strict to lenient, and every index it mentions.

    ``lookup`` maps normalized names to indices; ``mention`` finds them in prose (:func:`mention_pattern`).
    Tried in order: the span itself, then without quotes, brackets, markdown and punctuation; then the
    names mentioned as whole words, which count only when they all name one index. Returns
    ``(index, [])`` on a match, else ``(None, mentioned)``: several means the reply is ambiguous.
    """
    for candidate in (span, strip_wrappers(span), strip_wrappers(strip_wrappers(span).strip("()"))):
        index = lookup.get(normalize(candidate))
        if index is not None:
            return index, []
    named: dict[int, None] = {}
    for match in mention.finditer(span) if mention is not None else ():
        named[lookup[normalize(match.group(1))]] = None
    if len(named) == 1:
        return next(iter(named)), []
    return None, list(named)


class DiscreteActionSet(ActionSet):
    """Actions ``0..n-1`` named by :class:`ActionSpec`s; the native space is ``Discrete(n)``.

    Matching, from strict to lenient, on the span :func:`extract_answer` picked: the exact name or
    alias (case and whitespace folded); the same after peeling quotes, brackets, markdown and
    punctuation; finally a name or alias mentioned as a whole word in the span, where one-character
    names and bare numbers count only as exact answers, never as mentions. A span that mentions two or
    more *different* actions is ambiguous ("up, down, left or right", an echoed prompt): not an answer.
    """

    def __init__(self, specs: Sequence[ActionSpec], title: str = "Actions") -> None:
        if not specs:
            raise ValueError("an action set needs at least one action")
        self.specs = tuple(specs)
        self.title = title
        self._lookup: dict[str, int] = {}
        for index, spec in enumerate(self.specs):
            for word in (spec.name, *spec.aliases):
                key = normalize(word)
                owner = self._lookup.setdefault(key, index)
                if owner != index:
                    raise ValueError(f"{word!r} names both {self.specs[owner].name!r} and {spec.name!r}")
        # The lenient "last mention" fallback reads prose, where one-letter words ("a") and bare numbers
        # ("a 2-way threat") are not moves; such names and aliases still match exactly.
        self._mention = mention_pattern(w for w in self._lookup if mentionable(w))

    @property
    def n(self) -> int:
        return len(self.specs)

    @property
    def names(self) -> list[str]:
        return [spec.name for spec in self.specs]

    def describe(self) -> str:
        lines = [f"{self.title}:"]
        for spec in self.specs:
            alias = f" (also: {', '.join(spec.aliases)})" if spec.aliases else ""
            lines.append(f"- {spec.name}: {spec.help}{alias}" if spec.help else f"- {spec.name}{alias}")
        lines.append(ANSWER_FORMAT.format(example=self.specs[0].name))
        return "\n".join(lines)

    def format(self, action: Any) -> str:
        index = int(action)
        if not 0 <= index < len(self.specs):
            raise IndexError(f"action {index} is out of range 0..{len(self.specs) - 1}")
        return self.specs[index].name

    def native_space(self) -> spaces.Discrete:
        return spaces.Discrete(self.n)

    def is_legal(self, action: Any, mask: Any = None) -> bool:
        try:
            index = int(action)
        except (TypeError, ValueError):
            return False
        if not 0 <= index < self.n:
            return False
        return mask is None or bool(np.asarray(mask)[index])

    def sample_legal(self, rng: np.random.Generator, mask: Any = None) -> int:
        if mask is not None:
            legal = np.flatnonzero(np.asarray(mask))
            if legal.size:
                return int(legal[rng.integers(legal.size)])
        return int(rng.integers(self.n))

    def lookup(self, word: str) -> int | None:
        """Index of the action named exactly ``word`` (case/whitespace folded), else ``None``."""
        return self._lookup.get(normalize(word))

    def _parse(self, text: str, answer_format: str = "any") -> ParseResult:
        if answer_format == "any" and len(text) <= 64:  # a bare action name, as pixel or scripted agents send
            index = self.lookup(text)
            if index is not None:
                return ParseResult(index, True, None, text, text, "exact")
        extracted = self.extract(text, answer_format)
        span, rule = extracted.text, extracted.source
        if rule == "none":
            return ParseResult(None, False, f"{NO_TAG}; expected e.g. <answer>{self.names[0]}</answer>", text, "", rule)
        index, named = match_span(span, self._lookup, self._mention)
        if index is not None:
            return ParseResult(index, True, None, text, span, rule)
        if named:
            listed = ", ".join(self.specs[i].name for i in named)
            error = (
                f"ambiguous: the reply names several actions ({listed}); "
                f"give exactly one, e.g. <answer>{self.specs[named[0]].name}</answer>"
            )
        elif not span.strip():
            error = "empty reply: no action given"
        else:
            error = f"'{excerpt(span)}' is not an action; the actions are: {', '.join(self.names)}"  # not "one of": 'one' names an action
        return ParseResult(None, False, error, text, span, rule)
