"""TurnArena: the PettingZoo AEC glue every turn-based arena shares.

Players are ``player_0 .. player_{n-1}``; ``player_0`` moves first. An arena subclasses
:class:`TurnArena` and fills in hooks, each for one player's point of view:

- ``_new_game(options)``: the initial state, from ``self.np_random``;
- ``_apply(agent, action) -> TurnOutcome``: one legal native action of the player to move;
- ``_next_agent(agent)``: who moves next (default: the next seat);
- ``_draw(agent)`` (``agent`` is ``None`` for the spectator's ``render``), ``_rules(agent)``,
  ``_state(agent)``, ``_legal(agent)``: the observation's image and text parts;
- ``action_mask(agent)``: the legal native actions of ``agent`` now (all zeros when not its turn);
- ``_forfeit_rewards(agent)``: the final rewards when ``agent`` forfeits (default: +1 to every other);
- ``expert_state(agent)``: what the arena's scripted expert reads.

The base keeps PettingZoo's dicts and offers the hooks the text layer and step limits call instead of
writing into them: :meth:`penalize` (an invalid reply: the turn stays, a reward), :meth:`forfeit`,
:meth:`truncate_all` and :meth:`annotate`. Observations are drawn once per state and viewer and handed
out as fresh copies. Misuse raises: a step before ``reset()`` or after the game is over, a native action
outside the action space.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from gymnasium import spaces
from pettingzoo import AECEnv

from omniarena.core.actions import ActionSet
from omniarena.core.arena import check_native, legal_text, native_record
from omniarena.core.seats import Seats

__all__ = ["TurnArena", "TurnOutcome", "GameOver"]


class GameOver(RuntimeError):
    """A step with no game in progress: before ``reset()`` or after every player is done."""


@dataclass
class TurnOutcome:
    """What one legal move did: per-player rewards, whether the game ended, whether the state changed."""

    rewards: dict[str, float] = field(default_factory=dict)
    terminated: bool = False
    effective: bool = True
    infos: dict[str, dict[str, Any]] = field(default_factory=dict)


class TurnArena(Seats, AECEnv):
    """Base of turn-based arenas; see the module docstring for the hooks."""

    metadata: dict[str, Any] = {"render_modes": ["rgb_array", "ansi"], "is_parallelizable": False, "render_fps": 2}

    def __init__(
        self,
        action_set: ActionSet,
        players: int,
        image_shape: tuple[int, int],
        render_mode: str | None = None,
    ) -> None:
        AECEnv.__init__(self)
        self._seat(action_set, players, image_shape, render_mode)
        self._clear()

    # --- hooks -----------------------------------------------------------------------------------
    def _new_game(self, options: dict[str, Any]) -> None:
        raise NotImplementedError

    def _apply(self, agent: str, action: Any) -> TurnOutcome:
        raise NotImplementedError

    def _next_agent(self, agent: str) -> str:
        index = self.possible_agents.index(agent)
        return self.possible_agents[(index + 1) % len(self.possible_agents)]

    def _legal(self, agent: str) -> str:
        if not self._to_move(agent):
            return ""
        return legal_text(self.action_set, self.action_mask(agent))

    def action_mask(self, agent: str) -> np.ndarray:
        native = self.action_spaces[agent]
        size = int(native.n) if isinstance(native, spaces.Discrete) else 0
        return np.full(size, int(self._to_move(agent)), dtype=np.int8)

    def _forfeit_rewards(self, agent: str) -> dict[str, float]:
        return {other: 1.0 for other in self.agents if other != agent}

    def _on_end(self, forfeited: str | None) -> None:
        """Called once when the game ends (``forfeited``: the player who forfeited, if one did)."""

    def expert_state(self, agent: str) -> Any:
        raise NotImplementedError(f"{type(self).__name__} exposes no state to experts")

    # --- PettingZoo API ---------------------------------------------------------------------------
    def _clear(self) -> None:
        self.agents = self.possible_agents[:]
        self.rewards = dict.fromkeys(self.agents, 0.0)
        self._cumulative_rewards = dict.fromkeys(self.agents, 0.0)
        self.terminations = dict.fromkeys(self.agents, False)
        self.truncations = dict.fromkeys(self.agents, False)
        self.infos: dict[str, dict[str, Any]] = {agent: {} for agent in self.agents}
        self.agent_selection = self.possible_agents[0]

    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None) -> None:
        self._reseed(seed)
        self._clear()
        self._new_game(dict(options or {}))
        self._started = True
        self._version += 1

    def step(self, action: Any) -> None:
        agent = self._live_selection()
        if agent is None:
            self._was_dead_step(action)
            return
        check_native(self, self.action_set, action)
        self._begin_step(agent)
        if not self.action_set.is_legal(action, self.action_mask(agent)):
            record = native_record(self.action_set, action, False, False)
            self.infos[agent] = {"illegal": True, "effective": False, "action": record}
            self._accumulate_rewards()
            return
        outcome = self._apply(agent, action)
        self._version += 1
        self.rewards.update(outcome.rewards)
        for player, extra in outcome.infos.items():
            self.infos[player] = {**self.infos.get(player, {}), **extra}
        record = native_record(self.action_set, action, True, outcome.effective)
        self.infos[agent] = {
            **self.infos.get(agent, {}),
            "illegal": False,
            "effective": outcome.effective,
            "action": record,
        }
        if outcome.terminated:
            self._end(None)
        else:
            self.agent_selection = self._next_agent(agent)
        self._accumulate_rewards()

    def render(self) -> np.ndarray | str | None:
        if self.render_mode == "rgb_array":
            return self._draw(None)
        if self.render_mode == "ansi":
            return self._state(self.agent_selection)
        return None

    # --- hooks for the text layer and the step limits -----------------------------------------------
    def penalize(self, agent: str, penalty: float, info: dict[str, Any]) -> None:
        """An invalid reply of ``agent``: nothing moves, the turn stays, ``agent`` gets ``penalty``."""
        self._begin_step(agent)
        self.rewards[agent] = float(penalty)
        self.infos[agent] = {**self.infos.get(agent, {}), **info}
        self._accumulate_rewards()

    def forfeit(self, agent: str, penalty: float = -1.0, info: dict[str, Any] | None = None) -> None:
        """End the game now: ``agent`` gets ``penalty``, the others :meth:`_forfeit_rewards`."""
        if not self.agents or all(self.terminations.values()):
            return
        self._begin_step(agent)
        self.rewards.update(self._forfeit_rewards(agent))
        self.rewards[agent] = float(penalty)
        self.infos[agent] = {**self.infos.get(agent, {}), **(info or {}), "forfeit": True}
        self._end(agent)
        self._accumulate_rewards()

    def truncate_all(self) -> None:
        """Truncate every player still in the game (a step limit was reached)."""
        for player in self.agents:
            if not self.terminations[player]:
                self.truncations[player] = True

    def annotate(self, agent: str, **info: Any) -> None:
        """Add keys to ``agent``'s info (the text layer's ``action`` record)."""
        self.infos[agent] = {**self.infos.get(agent, {}), **info}

    # --- helpers -----------------------------------------------------------------------------------
    def _live_selection(self) -> str | None:
        """The player to move, or ``None`` when it is done (PettingZoo's dead step); raises with no game."""
        if not self._started or not self.agents:
            raise GameOver(
                f"{type(self).__name__}: no game in progress ("
                + ("reset() was never called" if not self._started else "every player is done")
                + "); call reset() before step()"
            )
        agent = self.agent_selection
        return None if self.terminations[agent] or self.truncations[agent] else agent

    def _begin_step(self, agent: str) -> None:
        self._cumulative_rewards[agent] = 0.0
        self.rewards = dict.fromkeys(self.agents, 0.0)

    def _to_move(self, agent: str) -> bool:
        return (
            self._started
            and agent in self.agents
            and agent == self.agent_selection
            and not (self.terminations[agent] or self.truncations[agent])
        )

    def _end(self, forfeited: str | None) -> None:
        self.terminations = dict.fromkeys(self.agents, True)
        self._on_end(forfeited)
