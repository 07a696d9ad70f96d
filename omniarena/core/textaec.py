"""AECTextActions: the text layer of :mod:`omniarena.core.textenv` for turn-based PettingZoo arenas.

The acting player's reply is parsed by the arena's ``action_set``; a legal action is stepped, an
invalid one goes through the same policies as the single-agent wrapper. Under ``noop`` and ``retry``
the turn stays with the same player, its reward is ``invalid_penalty`` and the error is appended to
its next observation's text. A forfeit (``terminate``, or ``retry:N`` exhausted) calls the arena's
``forfeit(agent)``, which ends the game with that player losing.

The arena (``env.unwrapped``) provides ``action_set``, ``forfeit(agent)`` and the standard AEC
bookkeeping (``rewards``, ``_cumulative_rewards``, ``infos``, ``_accumulate_rewards``).
"""

from __future__ import annotations

from typing import Any

import gymnasium as gym
from pettingzoo.utils.env import AECEnv
from pettingzoo.utils.wrappers import BaseWrapper

from omniarena.core.actions import ActionSet, ParseResult
from omniarena.core.textenv import (
    ACTION_TEXT_SPACE,
    InvalidPolicy,
    action_record,
    check_legal,
    legal_mask,
    random_legal,
    with_error,
)

__all__ = ["AECTextActions"]


class AECTextActions(BaseWrapper):
    """Free-text actions for an AEC arena; see the module docstring."""

    def __init__(
        self,
        env: AECEnv,
        invalid: str | InvalidPolicy = "noop",
        invalid_penalty: float = 0.0,
        forfeit_penalty: float = -1.0,
    ) -> None:
        super().__init__(env)
        self.policy = InvalidPolicy.parse(invalid)
        self.invalid_penalty = float(invalid_penalty)
        self.forfeit_penalty = float(forfeit_penalty)
        self.action_set: ActionSet = env.unwrapped.action_set
        self._errors: dict[str, str] = {}
        self._failures: dict[str, int] = {}

    def action_space(self, agent: str) -> gym.spaces.Space:
        return ACTION_TEXT_SPACE

    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None) -> None:
        self._errors = {}
        self._failures = {}
        self.env.reset(seed=seed, options=options)

    def observe(self, agent: str) -> Any:
        obs = self.env.observe(agent)
        error = self._errors.get(agent)
        return with_error(obs, error) if error and isinstance(obs, dict) else obs

    def step(self, action: Any) -> None:
        raw = self.env.unwrapped
        agent = raw.agent_selection
        if raw.terminations[agent] or raw.truncations[agent]:
            self.env.step(None)
            return
        result = self.action_set.parse(action)
        error = check_legal(result, self._mask(agent), self.action_set)
        if error is None:
            self._errors.pop(agent, None)
            self._failures[agent] = 0
            self._play(agent, result, result.action, None)
            return
        if self.policy.kind == "random":
            native = random_legal(self._mask(agent), self.env.action_space(agent), raw.np_random)
            self._play(agent, result, native, error)
            return
        self._failures[agent] = self._failures.get(agent, 0) + 1
        record = action_record(result, self.action_set, False, False, error)
        if self.policy.forfeits(self._failures[agent]):
            raw.forfeit(agent, penalty=self.forfeit_penalty)
            raw.infos[agent] = {**raw.infos.get(agent, {}), "action": record, "forfeit": True}
            return
        self._errors[agent] = error
        # The turn stays with ``agent``: only its reward changes, as an AEC step of its own.
        raw._cumulative_rewards[agent] = 0.0
        raw.rewards = {a: 0.0 for a in raw.agents}
        raw.rewards[agent] = self.invalid_penalty
        raw._accumulate_rewards()
        raw.infos[agent] = {**raw.infos.get(agent, {}), "action": record}

    def _mask(self, agent: str) -> Any:
        # The arena's own mask hook avoids rendering a whole observation just to read its mask.
        raw = self.env.unwrapped
        return raw.action_mask(agent) if hasattr(raw, "action_mask") else legal_mask(self.env.observe(agent))

    def _play(self, agent: str, result: ParseResult, native: Any, error: str | None) -> None:
        raw = self.env.unwrapped
        self.env.step(native)
        info = raw.infos.get(agent, {})
        effective = bool(info.get("effective", True))
        record = action_record(
            result, self.action_set, error is None, effective, error, None if error is None else native
        )
        raw.infos[agent] = {**info, "action": record}
