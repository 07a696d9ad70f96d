"""TextWorld's admissible commands as the legal actions: native ``Discrete(MAX_COMMANDS)`` indexes today's list.

The list changes with every state (the arena calls :meth:`CommandActions.update`); index ``i`` is the
``i``-th admissible command in sorted order and ``action_mask`` marks the indices in use. A reply
is read by the shared grammar (last ``<answer>`` tag, ``Action:`` line...) and matched to a command
with case and spacing folded; a reply that only mentions one command inside prose is that command, one
that names several is ambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
from gymnasium import spaces

from omniarena.core.actions import ANSWER_FORMAT, NO_TAG, ActionSet, ParseResult, excerpt, match_span, mention_pattern
from omniarena.core.grammar import normalize

__all__ = ["CommandActions", "MAX_COMMANDS"]

MAX_COMMANDS = 256


class CommandActions(ActionSet):
    """The admissible commands of the current state (at most :data:`MAX_COMMANDS`)."""

    def __init__(self) -> None:
        self.commands: list[str] = []
        self._lookup: dict[str, int] = {}
        self._mention: re.Pattern[str] | None = None

    def update(self, commands: Sequence[str]) -> None:
        unique = sorted({" ".join(c.split()) for c in commands if c and c.strip()})[:MAX_COMMANDS]
        self.commands = unique
        self._lookup = {normalize(c): i for i, c in enumerate(unique)}
        self._mention = mention_pattern(self._lookup)

    @property
    def names(self) -> list[str]:
        return list(self.commands)

    def mask(self) -> np.ndarray:
        mask = np.zeros(MAX_COMMANDS, dtype=np.int8)
        mask[: len(self.commands)] = 1
        return mask

    def native_space(self) -> spaces.Discrete:
        return spaces.Discrete(MAX_COMMANDS)

    def is_legal(self, action: Any, mask: Any = None) -> bool:
        try:
            index = int(action)
        except (TypeError, ValueError):
            return False
        if not 0 <= index < MAX_COMMANDS:
            return False
        if mask is not None:
            return bool(np.asarray(mask)[index])
        return True

    def sample_legal(self, rng: np.random.Generator, mask: Any = None) -> int:
        legal = np.flatnonzero(np.asarray(mask)) if mask is not None else np.arange(len(self.commands))
        if legal.size:
            return int(legal[rng.integers(legal.size)])
        return int(rng.integers(MAX_COMMANDS))

    def illegal_reason(self, action: Any, mask: Any = None) -> str | None:
        if self.is_legal(action, mask):
            return None
        return f"command {action!r} is not one of the {len(self.commands)} admissible commands now"

    def describe(self) -> str:
        return (
            "Actions: type one of the admissible commands listed with the state (they change as you play), "
            "e.g. 'go north', 'open the wooden door', 'take the key from the box'.\n"
            + ANSWER_FORMAT.format(example=self.commands[0] if self.commands else "look")
        )

    def format(self, action: Any) -> str:
        index = int(action)
        if not 0 <= index < MAX_COMMANDS:
            raise IndexError(f"action {index} is out of range 0..{MAX_COMMANDS - 1}")
        if index >= len(self.commands):
            raise IndexError(f"action {index}: only {len(self.commands)} commands are admissible now")
        return self.commands[index]

    def _parse(self, text: str, answer_format: str = "any") -> ParseResult:
        if answer_format == "any" and len(text) <= 120:
            index = self._lookup.get(normalize(text))
            if index is not None:
                return ParseResult(index, True, None, text, text, "exact")
        extracted = self.extract(text, answer_format)
        span, rule = extracted.text, extracted.source
        if rule == "none":
            return ParseResult(None, False, f"{NO_TAG}; expected e.g. <answer>look</answer>", text, "", rule)
        index, named = match_span(span, self._lookup, self._mention)
        if index is not None:
            return ParseResult(index, True, None, text, span, rule)
        if named:
            listed = ", ".join(self.commands[i] for i in named)
            return ParseResult(None, False, f"ambiguous: the reply names several commands ({listed})", text, span, rule)
        if not span.strip():
            return ParseResult(None, False, "empty reply: no command given", text, span, rule)
        return ParseResult(
            None, False, f"'{excerpt(span)}' is not an admissible command now (see the list)", text, span, rule
        )
