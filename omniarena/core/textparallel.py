"""ParallelTextActions: the text layer for simultaneous-move arenas (:class:`~omniarena.core.simultaneous.SimultaneousArena`).

Every player's reply goes through the shared :class:`~omniarena.core.invalid.ReplyTracker`. Under
``noop`` and ``retry`` an invalid reply means that player does nothing this step: it gets
``invalid_penalty`` on top of the step's reward and its error is appended to its next observation
text. ``random`` plays a random legal action instead. A forfeit (``terminate``, or ``retry:N``
exhausted) ends the game through the arena's ``forfeit`` hook, the forfeiting players losing.
"""

from __future__ import annotations

from typing import Any

from pettingzoo.utils.env import ParallelEnv
from pettingzoo.utils.wrappers import BaseParallelWrapper

from omniarena.core.invalid import FORFEIT, NOOP, InvalidPolicy, with_error
from omniarena.core.observation import clean_text
from omniarena.core.simultaneous import StepResult
from omniarena.core.textaec import PlayersText

__all__ = ["ParallelTextActions"]


class ParallelTextActions(PlayersText, BaseParallelWrapper):
    """Free-text actions for a simultaneous-move arena; see the module docstring."""

    def __init__(
        self,
        env: ParallelEnv,
        invalid: str | InvalidPolicy = "noop",
        invalid_penalty: float = 0.0,
        forfeit_penalty: float = -1.0,
        answer_format: str = "any",
    ) -> None:
        BaseParallelWrapper.__init__(self, env)
        self._text_layer(env, invalid, invalid_penalty, forfeit_penalty, answer_format)

    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None) -> Any:
        self._new_episode(seed)
        return self.env.reset(seed=seed, options=options)

    def step(self, actions: dict[str, Any]) -> StepResult:
        raw = self.env.unwrapped
        raw._require_game()
        verdicts = {
            agent: self.tracker.judge(agent, actions.get(agent), raw.action_mask(agent), raw.np_random)
            for agent in raw.agents
        }
        forfeiters = [agent for agent, verdict in verdicts.items() if verdict.kind == FORFEIT]
        if forfeiters:
            records = {agent: {"action": self.tracker.record(v)} for agent, v in verdicts.items()}
            result = raw.forfeit(forfeiters, self.tracker.forfeit_penalty, records)
        else:
            natives = {agent: v.native for agent, v in verdicts.items()}
            obs, rewards, terminations, truncations, infos = raw.joint_step(natives)
            for agent, verdict in verdicts.items():
                infos[agent]["action"] = self.tracker.record(verdict, infos[agent].get("effective", True))
                if verdict.kind == NOOP:
                    rewards[agent] = rewards.get(agent, 0.0) + self.tracker.invalid_penalty
            result = (obs, rewards, terminations, truncations, infos)
        observations = result[0]
        for agent, obs in observations.items():
            error = self.tracker.pending_error(agent)
            if error and verdicts.get(agent) is not None and not verdicts[agent].steps and raw.agents:
                obs["text"] = clean_text(with_error(obs["text"], error))
        return result
