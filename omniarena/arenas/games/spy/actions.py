"""Who is the Spy replies: ``clue: <free text>``, ``vote: N`` (a player number, 1-based) and ``abstain``.

**Native actions** (``Discrete(V + n + 2)`` for a vocabulary of ``V`` clue phrases and ``n`` players):
``0..V-1`` give the clue phrase ``V[i]`` (attribute-value statements such as "a red circle"), ``V..V+n-1``
vote for Player 1..n, ``V+n`` abstains and ``V+n+1`` is the free-text slot. A non-language agent plays
with the first three kinds through ``action_mask``; the free-text slot is never in the mask. A text reply
``clue: two circles, one red`` parses to :class:`FreeClue`, an ``int`` equal to the free-text slot that
carries its text, so free text travels through the native step without widening the space; a clue
that is exactly a vocabulary phrase parses to that phrase's index.

**Parsing** reads the span the shared grammar picks (answer tag, ``Action:`` line, code fence or the
whole reply) and looks in it for reply forms: ``clue:`` (its text runs to the end of the line or the
next reply form), ``vote`` followed by a number (``vote: 3``, ``vote 3``, ``vote for player 3``) and the
word ``abstain``. Exactly one distinct form is an answer; several different ones (a list, an echo of
the prompt) are not. A span that is only a number or only a vocabulary phrase is taken as a vote or a
clue. A clue may not contain another reply form nor an ``answer:``/``action:``/``move:`` label, so quoting
clues back in observations never makes an echo parse.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from gymnasium import spaces

from omniarena.arenas.games.spy.scenes.base import Vocabulary
from omniarena.core.actions import ANSWER_FORMAT, NO_TAG, ActionSet, ParseResult, excerpt
from omniarena.core.spaces import CONTROL

__all__ = ["FreeClue", "SpyActions", "FREE_TEXT_EXAMPLE"]

FREE_TEXT_EXAMPLE = "in my own words"  # what the bare free-text slot formats as
_MARK = re.compile(r"(?<![\w])(?:(clue)\s*[:：]|(vote)(?![\w])|(abstain)(?![\w]))", re.IGNORECASE)
_VOTE_ARGUMENT = re.compile(r"\s*[:：=]?\s*(?:for\s+)?(?:player\s*)?#?\s*(\d{1,4})(?![\w.,]?\d)", re.IGNORECASE)
_BARE_VOTE = re.compile(r"^(?:player\s*)?#?\s*(\d{1,4})$", re.IGNORECASE)
_LABEL = re.compile(r"\b(?:action|answer|move)[ \t*_]*[:：]", re.IGNORECASE)
_STRIP = " \t\r\n\"'`*_.,;:!?[]{}<>"
_SPACE = re.compile(r"\s+")
# How error messages name the reply forms without writing one (an echoed error must not parse as a reply).
CLUE_HINT = "the word clue, a colon and a few words about your image"
VOTE_HINT = "the word vote and a player number"


class FreeClue(int):
    """A free-text clue: an ``int`` equal to the action set's free-text slot, carrying ``text``."""

    text: str

    def __new__(cls, slot: int, text: str) -> FreeClue:
        value = super().__new__(cls, slot)
        value.text = text
        return value

    def __reduce__(self) -> tuple[Any, tuple[int, str]]:
        return FreeClue, (int(self), self.text)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FreeClue):
            return int(self) == int(other) and self.text == other.text
        return int(self) == other

    def __hash__(self) -> int:
        return int.__hash__(self)

    def __repr__(self) -> str:
        return f"FreeClue({int(self)}, {self.text!r})"


class SpyActions(ActionSet):
    """Clue, vote and abstain replies for ``players`` players over ``vocabulary``'s clue phrases."""

    def __init__(self, vocabulary: Vocabulary, players: int, clue_length: int = 80, abstain: bool = False) -> None:
        self.vocabulary = vocabulary
        self.players = int(players)
        self.clue_length = int(clue_length)
        self.abstain_allowed = bool(abstain)
        self.first_vote = len(vocabulary)
        self.abstain = self.first_vote + self.players
        self.free = self.abstain + 1
        self.n = self.free + 1

    # --- native actions ---------------------------------------------------------------------------
    def native_space(self) -> spaces.Discrete:
        return spaces.Discrete(self.n)

    def clue(self, text: str) -> int:
        """The native action for a clue: its vocabulary index, else a :class:`FreeClue`."""
        index = self.vocabulary.lookup(text)
        return index if index is not None else FreeClue(self.free, text)

    def vote(self, player: int) -> int:
        """The native action voting for Player ``player`` (1-based)."""
        if not 1 <= player <= self.players:
            raise ValueError(f"there is no Player {player}; players are 1..{self.players}")
        return self.first_vote + player - 1

    def decode(self, action: Any) -> tuple[str, Any]:
        """("clue", text), ("vote", seat) or ("abstain", None) for a native action."""
        index = int(action)
        if isinstance(action, FreeClue):
            return "clue", action.text
        if index < self.first_vote:
            return "clue", self.vocabulary.phrases[index]
        if index < self.abstain:
            return "vote", index - self.first_vote
        if index == self.abstain:
            return "abstain", None
        return "clue", FREE_TEXT_EXAMPLE

    def _index(self, action: Any) -> int | None:
        if isinstance(action, (bool, np.bool_)) or not isinstance(action, (int, np.integer)):
            return None
        index = int(action)
        return index if 0 <= index < self.n else None

    def is_legal(self, action: Any, mask: Any = None) -> bool:
        index = self._index(action)
        if index is None:
            return False
        if mask is None:
            return True
        mask = np.asarray(mask)
        if isinstance(action, FreeClue):
            return bool(mask[: self.first_vote].any())
        return bool(mask[index])

    def illegal_reason(self, action: Any, mask: Any = None) -> str | None:
        if self.is_legal(action, mask):
            return None
        index = self._index(action)
        if index is None:
            return f"{action!r} is not one of this game's replies"
        mask = np.asarray(mask)
        kind, value = self.decode(action)
        if not mask.any():
            return "it is not your turn"
        clue_phase = bool(mask[: self.first_vote].any())
        if kind == "clue":
            if index == self.free and not isinstance(action, FreeClue):
                return f"the free-text slot needs a clue's text: reply with {CLUE_HINT}"
            return f"it is the vote phase: reply with {VOTE_HINT}"
        if clue_phase:
            return f"it is the clue phase: give a clue first ({CLUE_HINT})"
        if kind == "abstain":
            return "abstaining is not allowed in this game: vote for a player"
        legal = [
            str(i - self.first_vote + 1) for i in np.flatnonzero(mask[self.first_vote : self.abstain]) + self.first_vote
        ]
        return f"Player {value + 1} is not a candidate in this vote; vote for one of players {', '.join(legal)}"

    def sample_legal(self, rng: np.random.Generator, mask: Any = None) -> int:
        if mask is not None:
            legal = np.flatnonzero(np.asarray(mask))
            if legal.size:
                return int(legal[rng.integers(legal.size)])
        return int(rng.integers(self.free))  # any action but the bare free-text slot

    def format(self, action: Any) -> str:
        index = self._index(action)
        if index is None:
            raise ValueError(f"{action!r} is not an action of {self.native_space()}")
        kind, value = self.decode(action)
        if kind == "clue":
            return f"clue: {value}"
        if kind == "vote":
            return f"vote: {value + 1}"
        return "abstain"

    def describe(self) -> str:
        lines = [
            "Replies (one per turn):",
            f"- in a clue round: clue: followed by a few words about your image (at most {self.clue_length} "
            "characters), e.g. clue: a large red circle. A clue may not contain the reply forms themselves.",
            f"- in the vote: vote: followed by the number (1 to {self.players}) of the player you think is the spy, "
            "e.g. vote: 2.",
        ]
        if self.abstain_allowed:
            lines.append("- in the vote, if you cannot tell: abstain")
        lines.append(ANSWER_FORMAT.format(example="vote: 2"))
        return "\n".join(lines)

    # --- parsing ------------------------------------------------------------------------------------
    def _clue_candidate(self, text: str) -> tuple[str, Any]:
        words = _SPACE.sub(" ", CONTROL.sub("", text)).strip(_STRIP)
        if not words:
            return "error", f"an empty clue: write {CLUE_HINT}"
        if len(words) > self.clue_length:
            return "error", f"the clue is {len(words)} characters long; at most {self.clue_length} are allowed"
        if _LABEL.search(words):
            return "error", "a clue may not contain an 'answer:', 'action:' or 'move:' label"
        return "clue", words

    def _vote_candidate(self, number: str) -> tuple[str, Any]:
        player = int(number)
        if not 1 <= player <= self.players:
            return "error", f"there is no Player {player}; vote for a player from 1 to {self.players}"
        return "vote", player

    def _candidates(self, span: str) -> list[tuple[str, Any]]:
        marks = []
        for match in _MARK.finditer(span):
            if match.group(2):
                argument = _VOTE_ARGUMENT.match(span, match.end())
                if argument is None:
                    continue  # "vote" in prose ("I will vote carefully") is not a reply
                marks.append((match.start(), argument.end(), "vote", argument.group(1)))
            else:
                marks.append((match.start(), match.end(), "clue" if match.group(1) else "abstain", None))
        found = []
        for i, (_start, end, kind, value) in enumerate(marks):
            if kind == "vote":
                found.append(self._vote_candidate(value))
            elif kind == "abstain":
                found.append(("abstain", None))
            else:
                stop = marks[i + 1][0] if i + 1 < len(marks) else len(span)
                line_end = span.find("\n", end)
                if 0 <= line_end < stop:
                    stop = line_end
                found.append(self._clue_candidate(span[end:stop]))
        return found

    def _native(self, kind: str, value: Any) -> int:
        if kind == "clue":
            return self.clue(value)
        if kind == "vote":
            return self.vote(value)
        return self.abstain

    def _parse(self, text: str, answer_format: str = "any") -> ParseResult:
        extracted = self.extract(text, answer_format)
        span, rule = extracted.text, extracted.source
        if rule == "none":
            return ParseResult(None, False, f"{NO_TAG}; expected e.g. <answer>vote: 2</answer>", text, "", rule)
        found = list(dict.fromkeys(self._candidates(span)))
        if not found:
            bare = span.strip(_STRIP)
            number = _BARE_VOTE.match(bare)
            if number is not None:
                found = [self._vote_candidate(number.group(1))]
            elif len(bare) <= 64 and self.vocabulary.lookup(bare) is not None:
                found = [("clue", bare)]
        if len(found) == 1:
            kind, value = found[0]
            if kind == "error":
                return ParseResult(None, False, value, text, span, rule)
            return ParseResult(self._native(kind, value), True, None, text, span, rule)
        if found:
            shown = ", ".join(
                "an invalid form" if k == "error" else k if v is None else f"{k}: {v}" for k, v in found[:4]
            )
            error = f"ambiguous: the reply holds several different replies ({excerpt(shown)}); give exactly one"
        elif not span.strip():
            error = f"empty reply: give a clue ({CLUE_HINT}) or a vote ({VOTE_HINT})"
        else:
            error = f"'{excerpt(span)}' is not a reply; give a clue ({CLUE_HINT}) or a vote ({VOTE_HINT})"
        return ParseResult(None, False, error, text, span, rule)
