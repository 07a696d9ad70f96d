"""Seats: the plumbing the turn-based and the simultaneous bases share.

Players ``player_0 .. player_{n-1}``, one action space and one observation space object for every seat
(the image ``Box`` is shared across instances too), one :class:`~omniarena.core.arena.ObservationCache`
per seat (drawn once per state and viewer, handed out as fresh copies), ``observe=`` ablations, and the
seeded generator. Subclasses supply ``_draw(agent)``, ``_rules(agent)``, ``_state(agent)``,
``_legal(agent)``, ``action_mask(agent)`` and bump ``_version`` when the state changes.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from gymnasium import spaces
from gymnasium.utils import seeding

from omniarena.core.actions import ActionSet
from omniarena.core.arena import ObservationCache
from omniarena.core.observation import compose_text, observation_space

__all__ = ["Seats"]


class Seats:
    """Mixin for PettingZoo arenas with image + text observations from each player's side."""

    metadata: dict[str, Any]
    _version: int

    def _seat(self, action_set: ActionSet, players: int, image_shape: tuple[int, int], render_mode: str | None) -> None:
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(f"render_mode={render_mode!r}; use one of {self.metadata['render_modes']}")
        self.render_mode = render_mode
        self.action_set = action_set
        self.possible_agents = [f"player_{i}" for i in range(players)]
        native = action_set.native_space()
        extra = {}
        if isinstance(native, spaces.Discrete):
            extra["action_mask"] = spaces.Box(0, 1, (int(native.n),), np.int8)
        shared = observation_space(*image_shape, extra)
        self.action_spaces = dict.fromkeys(self.possible_agents, native)
        self.observation_spaces = dict.fromkeys(self.possible_agents, shared)
        self._caches = {agent: ObservationCache((*image_shape, 3)) for agent in self.possible_agents}
        self.np_random, self.np_random_seed = seeding.np_random(None)
        self._seeded = False
        self._started = False
        self._version = 0

    def _reseed(self, seed: int | None) -> None:
        if seed is not None or not self._seeded:
            self.np_random, self.np_random_seed = seeding.np_random(seed)
            self._seeded = True

    def observation_space(self, agent: str) -> spaces.Space:
        return self.observation_spaces[agent]

    def action_space(self, agent: str) -> spaces.Space:
        return self.action_spaces[agent]

    def observe(self, agent: str) -> dict[str, Any]:
        image, text = self._caches[agent].get(
            self._version, lambda: self._draw(agent), lambda observe: self._text(agent, observe)
        )
        obs: dict[str, Any] = {"image": image, "text": text}
        if "action_mask" in self.observation_spaces[agent].spaces:
            obs["action_mask"] = np.array(self.action_mask(agent), dtype=np.int8)
        return obs

    def set_observe(self, observe: str) -> None:
        """Ablate a modality for every player: "both", "text" (blank image) or "image" (no state in words)."""
        for cache in self._caches.values():
            cache.set_observe(observe)

    @property
    def observe_mode(self) -> str:
        return next(iter(self._caches.values())).observe

    def close(self) -> None:
        pass

    def _text(self, agent: str, observe: str) -> str:
        state = "" if observe == "image" else self._state(agent)
        return compose_text(self._rules(agent), state, self._legal(agent), observe)

    # hooks the subclasses fill in
    def _draw(self, agent: str | None) -> np.ndarray:
        raise NotImplementedError

    def _rules(self, agent: str) -> str:
        return ""

    def _state(self, agent: str) -> str:
        raise NotImplementedError

    def _legal(self, agent: str) -> str:
        raise NotImplementedError

    def action_mask(self, agent: str) -> np.ndarray:
        raise NotImplementedError
