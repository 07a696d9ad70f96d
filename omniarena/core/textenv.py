"""TextActions: free model text -> ``ActionSet.parse`` -> native step, under an invalid-action policy.

The policies and the ``info["action"]`` record live in :mod:`omniarena.core.invalid` and are the same in
every layer; here a forfeit ends the episode (``terminated``, ``info["forfeit"] = True``, reward
``forfeit_penalty``). The action space is an :class:`~omniarena.core.spaces.ActionText` bound to the
arena's ``ActionSet``, so ``env.action_space.sample(obs["action_mask"])`` gives a legal reply.
"""

from __future__ import annotations

import copy
from typing import Any

import gymnasium as gym
import numpy as np

from omniarena.core.actions import ActionSet
from omniarena.core.arena import past_limit
from omniarena.core.invalid import FORFEIT, InvalidPolicy, ReplyTracker, with_error
from omniarena.core.observation import clean_text
from omniarena.core.spaces import ActionText

__all__ = ["TextActions", "legal_mask", "fresh_observation", "ACTION_TEXT_LENGTH"]

ACTION_TEXT_LENGTH = 4096


def legal_mask(observation: Any) -> np.ndarray | None:
    """The ``action_mask`` of an observation, if it has one."""
    if isinstance(observation, dict) and "action_mask" in observation:
        return np.asarray(observation["action_mask"])
    return None


def fresh_observation(env: Any, last: dict[str, Any]) -> dict[str, Any]:
    """A new observation of the unchanged state: the arena's ``observation()`` hook, else a deep copy."""
    hook = getattr(env, "observation", None)
    return hook() if callable(hook) else copy.deepcopy(last)


_STEP_KEYS = ("action", "illegal", "effective", "forfeit")


def _carried(info: dict[str, Any]) -> dict[str, Any]:
    """The arena's state report in ``info`` (what a step that plays nothing repeats), without per-step keys."""
    return {key: value for key, value in info.items() if key not in _STEP_KEYS}


class TextActions(gym.Wrapper):
    """Let a single-agent arena take free text as its action; see :mod:`omniarena.core.invalid`."""

    def __init__(
        self,
        env: gym.Env,
        invalid: str | InvalidPolicy = "noop",
        invalid_penalty: float = 0.0,
        forfeit_penalty: float = -1.0,
        answer_format: str = "any",
    ) -> None:
        super().__init__(env)
        self.action_set: ActionSet = getattr(env.unwrapped, "action_set")  # noqa: B009  (not on gym.Env)
        self.tracker = ReplyTracker(self.action_set, invalid, invalid_penalty, forfeit_penalty, answer_format)
        self.action_space = ActionText(self.action_set, ACTION_TEXT_LENGTH)
        self._last_obs: dict[str, Any] | None = None
        self._last_info: dict[str, Any] = {}
        self._steps = 0

    @property
    def policy(self) -> InvalidPolicy:
        return self.tracker.policy

    def reset(self, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        obs, info = self.env.reset(**kwargs)
        self._last_obs = obs
        self._last_info = _carried(info)
        self._steps = 0
        self.tracker.reset()
        if "seed" in kwargs and kwargs["seed"] is not None:
            self.action_space.seed(int(kwargs["seed"]))
        return obs, info

    def step(self, action: Any) -> tuple[dict[str, Any], float, bool, bool, dict[str, Any]]:
        if self._last_obs is None:
            raise gym.error.ResetNeeded("the episode has ended (or was never started); call reset() before step()")
        self._steps += 1
        verdict = self.tracker.judge(None, action, legal_mask(self._last_obs), self.np_random)
        if verdict.steps:
            obs, reward, terminated, truncated, info = self.env.step(verdict.native)
            info = dict(info)
            info["action"] = self.tracker.record(verdict, bool(info.get("effective", True)))
            self._last_info = _carried(info)
        else:
            obs = fresh_observation(self.env.unwrapped, self._last_obs)
            terminated, truncated = verdict.kind == FORFEIT, False
            reward = self.tracker.penalty(verdict)
            # The arena's own report (score, success, ...) still describes the unchanged state.
            info = {**self._last_info, "effective": False, "action": self.tracker.record(verdict)}
            if terminated:
                info["forfeit"] = True
        truncated = bool(truncated) or (past_limit(self, self._steps) and not terminated)
        error = self.tracker.pending_error(None)
        if error and not verdict.steps and not terminated:
            obs["text"] = clean_text(with_error(obs["text"], error))
        self._last_obs = None if terminated or truncated else obs
        return obs, float(reward), bool(terminated), bool(truncated), info
