"""AECTextActions: the text layer for turn-based PettingZoo arenas (:class:`~omniarena.core.turns.TurnArena`).

The acting player's reply is judged by the shared :class:`~omniarena.core.invalid.ReplyTracker`: a legal
action is stepped; under ``noop`` and ``retry`` an invalid one keeps the turn with the same player
(the arena's ``penalize`` hook gives it ``invalid_penalty``) and its error is appended to that
player's next observation text; a forfeit calls the arena's ``forfeit`` hook, which ends the game with
that player losing. The layer never writes into the arena's dicts itself.
"""

from __future__ import annotations

from typing import Any

import gymnasium as gym
from pettingzoo.utils.env import AECEnv
from pettingzoo.utils.wrappers import BaseWrapper

from omniarena.core.invalid import FORFEIT, InvalidPolicy, ReplyTracker, with_error
from omniarena.core.observation import clean_text
from omniarena.core.spaces import ActionText
from omniarena.core.textenv import ACTION_TEXT_LENGTH

__all__ = ["AECTextActions", "PlayersText"]


class PlayersText:
    """What both multi-agent text layers hold: the arena's action set, the reply tracker and one shared
    :class:`~omniarena.core.spaces.ActionText` action space for every player."""

    def _text_layer(
        self, env: Any, invalid: str | InvalidPolicy, invalid_penalty: float, forfeit_penalty: float, answer_format: str
    ) -> None:
        self.action_set = env.unwrapped.action_set
        self.tracker = ReplyTracker(self.action_set, invalid, invalid_penalty, forfeit_penalty, answer_format)
        self._space = ActionText(self.action_set, ACTION_TEXT_LENGTH)

    @property
    def policy(self) -> InvalidPolicy:
        return self.tracker.policy

    def action_space(self, agent: str) -> gym.spaces.Space:
        return self._space

    def _new_episode(self, seed: int | None) -> None:
        self.tracker.reset()
        if seed is not None:
            self._space.seed(int(seed))


class AECTextActions(PlayersText, BaseWrapper):
    """Free-text actions for a turn-based arena; see the module docstring."""

    def __init__(
        self,
        env: AECEnv,
        invalid: str | InvalidPolicy = "noop",
        invalid_penalty: float = 0.0,
        forfeit_penalty: float = -1.0,
        answer_format: str = "any",
    ) -> None:
        BaseWrapper.__init__(self, env)
        self._text_layer(env, invalid, invalid_penalty, forfeit_penalty, answer_format)

    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None) -> None:
        self._new_episode(seed)
        self.env.reset(seed=seed, options=options)

    def observe(self, agent: str) -> Any:
        obs = self.env.observe(agent)
        error = self.tracker.pending_error(agent)
        if error and isinstance(obs, dict):
            obs["text"] = clean_text(with_error(obs["text"], error))
        return obs

    def step(self, action: Any) -> None:
        raw = self.env.unwrapped
        agent = raw._live_selection()
        if agent is None:  # a dead player's step (action None): PettingZoo's own bookkeeping
            self.env.step(action)
            return
        verdict = self.tracker.judge(agent, action, raw.action_mask(agent), raw.np_random)
        if verdict.steps:
            self.env.step(verdict.native)
            effective = bool(raw.infos.get(agent, {}).get("effective", True))
            raw.annotate(agent, action=self.tracker.record(verdict, effective))
        elif verdict.kind == FORFEIT:
            raw.forfeit(agent, penalty=self.tracker.penalty(verdict), info={"action": self.tracker.record(verdict)})
        else:
            raw.penalize(agent, self.tracker.penalty(verdict), {"action": self.tracker.record(verdict)})
