"""History: put the last ``k`` (observation, action) pairs into the observation text.

Models without memory of earlier turns see what they saw and did before. The section comes first,
the current observation last, so it is what the model reads just before answering::

    Previous steps (oldest first):
    [1] Observation: Target: 3 / Current: 1 ...
        Action: +
    ...

    Current observation:
    <the arena's text>

The remembered texts are shortened to ``max_chars`` each, the oldest pairs are dropped when the whole
text would exceed the text space, and the history is cleared on ``reset``.
"""

from __future__ import annotations

from collections import deque
from typing import Any, SupportsFloat

import gymnasium as gym

from omniarena.core.actions import excerpt
from omniarena.core.observation import MAX_TEXT, clean_text

__all__ = ["History"]

HEADER = "Previous steps (oldest first):"
CURRENT = "Current observation:"


def action_label(action: Any, info: dict[str, Any], action_set: Any = None) -> str:
    """How an action appears in the history: what the arena read, or the reply and why it was invalid."""
    record = info.get("action")
    if isinstance(record, dict):
        if record.get("valid") and record.get("parsed") is not None:
            return str(record["parsed"])
        reason = record.get("error") or "not legal"
        return f"{excerpt(str(record.get('raw', action)))} (invalid: {reason})"
    formatted = action_set.try_format(action) if action_set is not None else None
    return formatted if formatted is not None else excerpt(str(action))


class History(gym.Wrapper):
    """Add the last ``k`` (observation text, action) pairs to ``obs["text"]``; see the module docstring."""

    def __init__(self, env: gym.Env, k: int = 4, max_chars: int = 600) -> None:
        if k < 1:
            raise ValueError(f"k must be >= 1, got {k}")
        super().__init__(env)
        self.k = int(k)
        self.max_chars = int(max_chars)
        self._pairs: deque[tuple[str, str]] = deque(maxlen=self.k)
        self._last_text = ""

    def reset(self, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        obs, info = self.env.reset(**kwargs)
        self._pairs.clear()
        self._last_text = str(obs.get("text", ""))
        return self._with_history(obs), info

    def step(self, action: Any) -> tuple[dict[str, Any], SupportsFloat, bool, bool, dict[str, Any]]:
        obs, reward, terminated, truncated, info = self.env.step(action)
        self._pairs.append(
            (self._last_text, action_label(action, info, getattr(self.env.unwrapped, "action_set", None)))
        )
        self._last_text = str(obs.get("text", ""))
        return self._with_history(obs), reward, terminated, truncated, info

    @property
    def pairs(self) -> list[tuple[str, str]]:
        """The remembered (observation text, action) pairs, oldest first."""
        return list(self._pairs)

    def _with_history(self, obs: dict[str, Any]) -> dict[str, Any]:
        if not self._pairs:
            return obs
        current = f"{CURRENT}\n{obs['text']}"
        entries = [self._entry(i, text, act) for i, (text, act) in enumerate(self._pairs, start=1)]
        # Drop the oldest entries rather than cut the current observation.
        while entries and len(HEADER) + sum(len(e) + 1 for e in entries) + len(current) + 2 > MAX_TEXT:
            entries.pop(0)
        if not entries:
            return obs
        out = dict(obs)
        out["text"] = clean_text("\n".join([HEADER, *entries]) + "\n\n" + current)
        return out

    def _entry(self, index: int, text: str, action: str) -> str:
        flat = excerpt(text, self.max_chars, line_separator=" / ")
        return f"[{index}] Observation: {flat}\n    Action: {action}"
