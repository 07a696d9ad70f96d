"""The thin Gymnasium glue every single-agent arena shares.

An arena folder keeps its game in ``rules.py`` (pure state and transitions), its drawing in
``render.py`` (state -> image) and its ``ActionSet`` in ``actions.py``; ``env.py`` subclasses
:class:`Arena` and fills in four hooks:

- ``_new_episode(options)``: build the initial state from ``self.np_random``;
- ``_apply(action) -> Outcome``: one legal native action; reward, termination, effect;
- ``_draw() -> np.ndarray``: the image of the current state (call a pure render function);
- ``_describe() -> str``: the state in words, with the legal actions.

``action_mask()`` (override it when legality depends on the state) is exposed as the observation's
``action_mask`` key. An illegal native action leaves the state unchanged and is reported in
``info["illegal"]``; the text layer (:class:`~omniarena.core.textenv.TextActions`) checks legality
before stepping so a text agent's illegal move goes through its invalid-action policy instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import gymnasium as gym
import numpy as np
from gymnasium import spaces

from omniarena.core.actions import DiscreteActionSet
from omniarena.core.observation import clean_text, observation_space

__all__ = ["Arena", "Outcome"]


@dataclass
class Outcome:
    """What one legal action did: reward, whether the episode ended, whether the state changed."""

    reward: float = 0.0
    terminated: bool = False
    effective: bool = True
    info: dict[str, Any] = field(default_factory=dict)


class Arena(gym.Env):
    """Base for single-agent arenas with a ``Discrete`` native action space named by a DiscreteActionSet."""

    metadata: dict[str, Any] = {"render_modes": ["rgb_array", "ansi"], "render_fps": 4}

    def __init__(
        self,
        action_set: DiscreteActionSet,
        image_shape: tuple[int, int],
        render_mode: str | None = None,
        illegal_penalty: float = 0.0,
    ) -> None:
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(
                f"render_mode={render_mode!r} is not supported; use one of {self.metadata['render_modes']}"
            )
        self.render_mode = render_mode
        self.action_set = action_set
        self.illegal_penalty = float(illegal_penalty)
        self.action_space: spaces.Discrete = spaces.Discrete(action_set.n)
        height, width = image_shape
        self.observation_space = observation_space(
            height, width, {"action_mask": spaces.Box(0, 1, (action_set.n,), np.int8)}
        )
        self._steps = 0

    # --- hooks -----------------------------------------------------------------------------------
    def _new_episode(self, options: dict[str, Any]) -> None:
        raise NotImplementedError

    def _apply(self, action: int) -> Outcome:
        raise NotImplementedError

    def _draw(self) -> np.ndarray:
        raise NotImplementedError

    def _describe(self) -> str:
        raise NotImplementedError

    def action_mask(self) -> np.ndarray:
        """1 for each native action that is legal now (default: all)."""
        return np.ones(int(self.action_space.n), dtype=np.int8)

    def _info(self) -> dict[str, Any]:
        """Extra info for every reset/step (override to add e.g. a score)."""
        return {}

    # --- gymnasium API ---------------------------------------------------------------------------
    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        super().reset(seed=seed)
        self._steps = 0
        self._new_episode(dict(options or {}))
        return self._observe(), self._info()

    def step(self, action: Any) -> tuple[dict[str, Any], float, bool, bool, dict[str, Any]]:
        action = int(action)
        self._steps += 1
        if not (0 <= action < int(self.action_space.n)) or not self.action_mask()[action]:
            info = {**self._info(), "illegal": True, "effective": False}
            return self._observe(), self.illegal_penalty, False, False, info
        outcome = self._apply(action)
        info = {**self._info(), **outcome.info, "illegal": False, "effective": outcome.effective}
        return self._observe(), float(outcome.reward), bool(outcome.terminated), False, info

    def render(self) -> np.ndarray | str | None:
        if self.render_mode == "rgb_array":
            return self._draw()
        if self.render_mode == "ansi":
            return self._describe()
        return None

    def _observe(self) -> dict[str, Any]:
        return {
            "image": self._draw(),
            "text": clean_text(self._describe()),
            "action_mask": self.action_mask(),
        }
