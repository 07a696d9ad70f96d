"""Invalid replies: the policies and the one tracker every text layer (Gymnasium, AEC, Parallel) uses.

Policies (``invalid=`` argument):

- ``"noop"`` (default): the state does not change, the step returns ``invalid_penalty`` and the error
  is echoed at the end of that player's next observation text;
- ``"retry:N"``: like noop for N more tries in a row, then the player forfeits;
- ``"random"``: a uniformly random legal action is played instead;
- ``"terminate"``: the player forfeits at once.

One player's arenas default to ``noop``; arenas of several players to :data:`MULTI_AGENT_INVALID`
(``retry:2``: the third invalid reply in a row forfeits, Kaggle Game Arena's rule), so a model that never
answers cannot stall its opponent for the whole step budget.

:class:`ReplyTracker` turns a reply into a :class:`Verdict` (play it, play a substitute, no-op, forfeit),
counts failures per player and writes the ``info["action"]`` record
``{raw, parsed, format_ok, valid, effective, error, rule}`` (+ ``played`` for a substitute); ``rule`` is
the grammar rule that found the answer ("exact", "answer_tag", "action_line", "fence", "whole", or
"none" when ``answer_format="tags"`` found no tag).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from omniarena.core.actions import ActionSet, ParseResult

__all__ = ["MULTI_AGENT_INVALID", "InvalidPolicy", "ReplyTracker", "Verdict", "PLAY", "SUBSTITUTE", "NOOP", "FORFEIT"]

PLAY, SUBSTITUTE, NOOP, FORFEIT = "play", "substitute", "noop", "forfeit"
# make_multi's default: after three invalid replies in a row the player forfeits (Kaggle Game Arena).
MULTI_AGENT_INVALID = "retry:2"


@dataclass(frozen=True)
class InvalidPolicy:
    """A parsed ``invalid=`` argument: ``kind`` in noop/retry/random/terminate, ``retries`` for retry."""

    kind: str
    retries: int = 0

    @classmethod
    def parse(cls, spec: str | InvalidPolicy) -> InvalidPolicy:
        if isinstance(spec, InvalidPolicy):
            return spec
        text = str(spec).strip().lower()
        if text in ("noop", "random", "terminate"):
            return cls(text)
        if text.startswith("retry"):
            _, _, count = text.partition(":")
            if count.strip().isdigit():
                return cls("retry", int(count))
        raise ValueError(
            f"invalid={spec!r} is not an invalid-action policy; use 'noop', 'retry:N' (e.g. 'retry:3'), "
            "'random' or 'terminate'"
        )

    def forfeits(self, failures: int) -> bool:
        """Whether ``failures`` invalid replies in a row end the episode as a forfeit."""
        return self.kind == "terminate" or (self.kind == "retry" and failures > self.retries)


@dataclass(frozen=True)
class Verdict:
    """What to do with one reply: ``kind`` is PLAY, SUBSTITUTE (random policy), NOOP or FORFEIT."""

    kind: str
    result: ParseResult
    native: Any = None  # the native action to step (PLAY, SUBSTITUTE)
    error: str | None = None  # why the reply was invalid (everything but PLAY)

    @property
    def steps(self) -> bool:
        """Whether the arena steps (a real or substitute action is played)."""
        return self.kind in (PLAY, SUBSTITUTE)


class ReplyTracker:
    """Parses replies, applies the policy and keeps each player's failure streak and pending error."""

    def __init__(
        self,
        action_set: ActionSet,
        invalid: str | InvalidPolicy = "noop",
        invalid_penalty: float = 0.0,
        forfeit_penalty: float = -1.0,
        answer_format: str = "any",
    ) -> None:
        self.action_set = action_set
        self.answer_format = answer_format
        self.policy = InvalidPolicy.parse(invalid)
        self.invalid_penalty = float(invalid_penalty)
        self.forfeit_penalty = float(forfeit_penalty)
        self._failures: dict[Any, int] = {}
        self._errors: dict[Any, str] = {}

    def reset(self) -> None:
        self._failures.clear()
        self._errors.clear()

    def judge(self, player: Any, reply: Any, mask: Any, rng: np.random.Generator) -> Verdict:
        """The verdict on ``player``'s ``reply`` given its legal-action ``mask``."""
        result = self.action_set.parse(reply, self.answer_format)
        if result.ok:
            error = self.action_set.illegal_reason(result.action, mask)
        else:
            error = result.error or "no action found in the reply"
        if error is None:
            self._failures[player] = 0
            self._errors.pop(player, None)
            return Verdict(PLAY, result, result.action)
        self._errors[player] = error
        if self.policy.kind == "random":
            return Verdict(SUBSTITUTE, result, self.action_set.sample_legal(rng, mask), error)
        self._failures[player] = self._failures.get(player, 0) + 1
        kind = FORFEIT if self.policy.forfeits(self._failures[player]) else NOOP
        return Verdict(kind, result, None, error)

    def pending_error(self, player: Any) -> str | None:
        """The error of ``player``'s last reply, to echo in its next observation (``None`` after a valid one)."""
        return self._errors.get(player)

    def record(self, verdict: Verdict, effective: bool = False) -> dict[str, Any]:
        """The ``info["action"]`` dict for ``verdict``; ``effective`` = the played action changed the state."""
        result = verdict.result
        record = {
            "raw": result.raw,
            "parsed": None if result.action is None else self.action_set.try_format(result.action),
            "format_ok": result.ok,
            "valid": verdict.kind == PLAY,
            "effective": bool(effective) and verdict.steps,
            "error": verdict.error,
            "rule": result.rule,
        }
        if verdict.kind == SUBSTITUTE:
            record["played"] = self.action_set.format(verdict.native)
        return record

    def penalty(self, verdict: Verdict) -> float:
        """The reward of a step that did not play (NOOP or FORFEIT)."""
        return self.forfeit_penalty if verdict.kind == FORFEIT else self.invalid_penalty


# An example answer inside an echoed error ("e.g. <answer>up</answer>") would make an echo of the next
# observation a valid reply: the error keeps the example but not the tags.
_TAGGED = re.compile(r"<\s*answer\s*>(.*?)<\s*/\s*answer\s*>", re.IGNORECASE | re.DOTALL)


def with_error(text: str, error: str | None) -> str:
    """Observation text with the invalid-reply message appended (unchanged when there is no error)."""
    if not error:
        return text
    untagged = _TAGGED.sub(r"\1 (between answer tags)", error)
    return f"{text}\n\nYour last reply was invalid: {untagged}"
