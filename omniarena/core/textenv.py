"""TextActions: free model text -> ``ActionSet.parse`` -> native step, under an invalid-action policy.

Policies (``invalid=`` argument):

- ``"noop"`` (default): the state does not change, the step returns ``invalid_penalty`` and the error
  is echoed at the end of the next observation's text;
- ``"retry:N"``: like noop for N more tries in a row, then the episode ends as a forfeit
  (``terminated``, ``info["forfeit"] = True``, reward ``forfeit_penalty``);
- ``"random"``: a uniformly random legal action is played instead;
- ``"terminate"``: the episode ends at once (``info["forfeit"] = True``, reward ``forfeit_penalty``).

Every step reports ``info["action"] = {raw, parsed, format_ok, valid, effective, error}``:
``format_ok`` means the reply named an action, ``valid`` that the action was legal in the state,
``effective`` that it changed the state. The same bookkeeping serves the PettingZoo wrapper in
:mod:`omniarena.core.textaec`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gymnasium as gym
import numpy as np

from omniarena.core.actions import ActionSet, ParseResult
from omniarena.core.observation import clean_text, text_space

__all__ = ["InvalidPolicy", "TextActions", "action_record", "legal_mask", "ACTION_TEXT_SPACE"]

ACTION_TEXT_SPACE_LENGTH = 4096
# Replies are free text; the space documents the shape (any printable text) for samplers and checkers.
ACTION_TEXT_SPACE = text_space(ACTION_TEXT_SPACE_LENGTH)


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


def action_record(
    result: ParseResult,
    action_set: ActionSet,
    valid: bool,
    effective: bool,
    error: str | None,
    played: Any = None,
) -> dict[str, Any]:
    """The ``info["action"]`` dict for one text step; ``played`` is the substitute the random policy played."""
    record = {
        "raw": result.raw,
        "parsed": None if result.action is None else action_set.format(result.action),
        "format_ok": result.ok,
        "valid": valid,
        "effective": effective,
        "error": error,
    }
    if played is not None:
        record["played"] = action_set.format(played)
    return record


def legal_mask(observation: Any) -> np.ndarray | None:
    """The ``action_mask`` of an observation, if it has one."""
    if isinstance(observation, dict) and "action_mask" in observation:
        return np.asarray(observation["action_mask"])
    return None


def check_legal(result: ParseResult, mask: np.ndarray | None, action_set: ActionSet) -> str | None:
    """Why a parsed action cannot be played now, or ``None`` if it can."""
    if not result.ok:
        return result.error or "no action found in the reply"
    if mask is not None:
        index = int(result.action)
        if not (0 <= index < len(mask)) or not mask[index]:
            return f"'{action_set.format(result.action)}' is not legal now"
    return None


def with_error(observation: dict[str, Any], error: str) -> dict[str, Any]:
    """A copy of ``observation`` whose text ends with the invalid-action message."""
    echoed = dict(observation)
    echoed["text"] = clean_text(f"{observation['text']}\n\nYour last reply was invalid: {error}")
    return echoed


def random_legal(mask: np.ndarray | None, space: gym.spaces.Space, rng: np.random.Generator) -> Any:
    if mask is not None and mask.any():
        return int(rng.choice(np.flatnonzero(mask)))
    if isinstance(space, gym.spaces.Discrete):  # nothing legal: still draw from the seeded generator
        return int(space.start + rng.integers(space.n))
    return space.sample()


class TextActions(gym.Wrapper):
    """Let an arena take free text as its action; see the module docstring for the policies."""

    def __init__(
        self,
        env: gym.Env,
        invalid: str | InvalidPolicy = "noop",
        invalid_penalty: float = 0.0,
        forfeit_penalty: float = -1.0,
    ) -> None:
        super().__init__(env)
        self.policy = InvalidPolicy.parse(invalid)
        self.invalid_penalty = float(invalid_penalty)
        self.forfeit_penalty = float(forfeit_penalty)
        self.action_set: ActionSet = getattr(env.unwrapped, "action_set")  # noqa: B009  (not on gym.Env)
        self.action_space = ACTION_TEXT_SPACE
        self._last_obs: dict[str, Any] | None = None
        self._failures = 0

    def reset(self, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        obs, info = self.env.reset(**kwargs)
        self._last_obs = obs
        self._failures = 0
        return obs, info

    def step(self, action: Any) -> tuple[dict[str, Any], float, bool, bool, dict[str, Any]]:
        if self._last_obs is None:
            raise gym.error.ResetNeeded("call reset() before step()")
        result = self.action_set.parse(action)
        error = check_legal(result, legal_mask(self._last_obs), self.action_set)
        if error is None:
            self._failures = 0
            return self._play(result, result.action, None)
        return self._invalid(result, error)

    def _play(
        self, result: ParseResult, native: Any, error: str | None
    ) -> tuple[dict[str, Any], float, bool, bool, dict[str, Any]]:
        obs, reward, terminated, truncated, info = self.env.step(native)
        self._last_obs = obs
        valid = error is None
        info = dict(info)
        effective = bool(info.get("effective", True))
        info["action"] = action_record(result, self.action_set, valid, effective, error, None if valid else native)
        return obs, float(reward), terminated, truncated, info

    def _invalid(self, result: ParseResult, error: str) -> tuple[dict[str, Any], float, bool, bool, dict[str, Any]]:
        assert self._last_obs is not None
        if self.policy.kind == "random":
            native = random_legal(legal_mask(self._last_obs), self.env.action_space, self.np_random)
            return self._play(result, native, error)
        self._failures += 1
        info: dict[str, Any] = {"action": action_record(result, self.action_set, False, False, error)}
        if self.policy.forfeits(self._failures):
            info["forfeit"] = True
            return self._last_obs, self.forfeit_penalty, True, False, info
        return with_error(self._last_obs, error), self.invalid_penalty, False, False, info
