"""SimultaneousArena: the PettingZoo ParallelEnv glue for arenas where every player acts at once.

Players are ``player_0 .. player_{n-1}``. An arena subclasses :class:`SimultaneousArena` and fills in:

- ``_new_game(options)``: the initial state, from ``self.np_random``;
- ``_apply(actions) -> JointOutcome``: one joint step; ``actions[agent]`` is a legal native action, or
  ``None`` when that player does nothing this step (its reply was invalid under ``noop``);
- ``_draw(agent)`` (``None``: the spectator's ``render``), ``_rules(agent)``, ``_state(agent)``,
  ``_legal(agent)``: the observation's parts from ``agent``'s side;
- ``action_mask(agent)``: the legal native actions of ``agent`` now (default: all);
- ``_forfeit_rewards(forfeiters)``: the final rewards when players forfeit (default: +1 to the others);
- ``expert_state(agent)``: what the arena's scripted expert reads.

:meth:`forfeit` is the hook the text layer calls instead of writing into the arena. Observations are
drawn once per state and viewer and handed out as fresh copies. Misuse raises: a step before ``reset()``
or after the game ended, a missing player, a native action outside the action space.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from gymnasium import spaces
from pettingzoo import ParallelEnv

from omniarena.core.actions import ActionSet
from omniarena.core.arena import check_native, legal_text, native_record
from omniarena.core.seats import Seats
from omniarena.core.turns import GameOver

__all__ = ["SimultaneousArena", "JointOutcome", "StepResult"]

StepResult = tuple[dict[str, Any], dict[str, float], dict[str, bool], dict[str, bool], dict[str, dict[str, Any]]]


@dataclass
class JointOutcome:
    """What one joint step did: rewards, whether the game ended, per-player effect and extra info."""

    rewards: dict[str, float] = field(default_factory=dict)
    terminated: bool = False
    effective: dict[str, bool] = field(default_factory=dict)
    infos: dict[str, dict[str, Any]] = field(default_factory=dict)


class SimultaneousArena(Seats, ParallelEnv):
    """Base of simultaneous-move arenas; see the module docstring for the hooks."""

    metadata: dict[str, Any] = {"render_modes": ["rgb_array", "ansi"], "render_fps": 2}

    def __init__(
        self,
        action_set: ActionSet,
        players: int,
        image_shape: tuple[int, int],
        render_mode: str | None = None,
    ) -> None:
        self._seat(action_set, players, image_shape, render_mode)
        self.agents: list[str] = []

    # --- hooks -----------------------------------------------------------------------------------
    def _new_game(self, options: dict[str, Any]) -> None:
        raise NotImplementedError

    def _apply(self, actions: dict[str, Any]) -> JointOutcome:
        raise NotImplementedError

    def _legal(self, agent: str) -> str:
        return legal_text(self.action_set, self.action_mask(agent)) if agent in self.agents else ""

    def action_mask(self, agent: str) -> np.ndarray:
        native = self.action_spaces[agent]
        size = int(native.n) if isinstance(native, spaces.Discrete) else 0
        return np.full(size, int(agent in self.agents), dtype=np.int8)

    def _forfeit_rewards(self, forfeiters: list[str]) -> dict[str, float]:
        return {agent: 1.0 for agent in self.agents if agent not in forfeiters}

    def expert_state(self, agent: str) -> Any:
        raise NotImplementedError(f"{type(self).__name__} exposes no state to experts")

    # --- PettingZoo API ---------------------------------------------------------------------------
    def reset(
        self, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
        self._reseed(seed)
        self.agents = self.possible_agents[:]
        self._new_game(dict(options or {}))
        self._started = True
        self._version += 1
        return self._observations(self.agents), {agent: {} for agent in self.agents}

    def step(self, actions: dict[str, Any]) -> StepResult:
        self._require_game()
        missing = [agent for agent in self.agents if agent not in actions]
        if missing:
            raise ValueError(f"{type(self).__name__}.step needs an action for every live player; missing {missing}")
        for agent in self.agents:
            check_native(self, self.action_set, actions[agent])
        return self.joint_step({agent: actions[agent] for agent in self.agents})

    def joint_step(self, actions: dict[str, Any], extra_infos: dict[str, dict[str, Any]] | None = None) -> StepResult:
        """One joint step where ``actions[agent]`` may be ``None`` (that player does nothing)."""
        self._require_game()
        played = {}
        illegal = {}
        for agent in self.agents:
            action = actions.get(agent)
            legal = action is not None and self.action_set.is_legal(action, self.action_mask(agent))
            played[agent] = action if legal else None
            illegal[agent] = action is not None and not legal
        outcome = self._apply(played)
        self._version += 1
        infos = {}
        for agent in self.agents:
            effective = played[agent] is not None and outcome.effective.get(agent, True)
            infos[agent] = {
                **outcome.infos.get(agent, {}),
                **(extra_infos or {}).get(agent, {}),
                "illegal": illegal[agent],
                "effective": effective,
            }
            if actions.get(agent) is not None:  # the text layer writes its own record over this one
                infos[agent]["action"] = native_record(self.action_set, actions[agent], not illegal[agent], effective)
        return self._finish(dict.fromkeys(self.agents, 0.0) | outcome.rewards, outcome.terminated, infos)

    def forfeit(
        self, forfeiters: Iterable[str], penalty: float = -1.0, infos: dict[str, dict] | None = None
    ) -> StepResult:
        """End the game now: each of ``forfeiters`` gets ``penalty``, the others :meth:`_forfeit_rewards`;
        each player's info is ``infos[agent]`` + ``forfeit`` + the arena's :meth:`_end_info`."""
        self._require_game()
        forfeiters = [agent for agent in forfeiters if agent in self.agents]
        rewards = dict.fromkeys(self.agents, 0.0) | self._forfeit_rewards(forfeiters)
        rewards.update(dict.fromkeys(forfeiters, float(penalty)))
        self._on_end(forfeiters)
        merged = {
            agent: {**(infos or {}).get(agent, {}), "forfeit": agent in forfeiters, **self._end_info(agent)}
            for agent in self.agents
        }
        self._version += 1
        return self._finish(rewards, True, merged)

    def truncate_all(self) -> None:
        """End the game by truncation after the current step (a step limit was reached)."""
        self.agents = []

    def _on_end(self, forfeiters: list[str]) -> None:
        """Called when the game ends by forfeit (``forfeiters`` lost)."""

    def _end_info(self, agent: str) -> dict[str, Any]:
        """What ``agent``'s info reports when the game ends by forfeit (e.g. the score); none by default."""
        return {}

    def render(self) -> np.ndarray | str | None:
        if self.render_mode == "rgb_array":
            return self._draw(None)
        if self.render_mode == "ansi":
            return self._state(self.possible_agents[0])
        return None

    def _observations(self, agents: Iterable[str]) -> dict[str, Any]:
        return {agent: self.observe(agent) for agent in agents}

    def _require_game(self) -> None:
        if not self._started or not self.agents:
            raise GameOver(
                f"{type(self).__name__}: no game in progress ("
                + ("reset() was never called" if not self._started else "the game is over")
                + "); call reset() before step()"
            )

    def _finish(self, rewards: dict[str, float], terminated: bool, infos: dict[str, dict[str, Any]]) -> StepResult:
        live = list(self.agents)
        terminations = dict.fromkeys(live, bool(terminated))
        truncations = dict.fromkeys(live, False)
        if terminated:
            self.agents = []
        observations = self._observations(live)
        return observations, rewards, terminations, truncations, infos
