"""The thin Gymnasium glue every single-agent arena shares.

An arena folder keeps its game in ``rules.py`` (pure state and transitions), its drawing in
``render.py`` (state -> image) and its ``ActionSet`` in ``actions.py``; ``env.py`` subclasses
:class:`Arena` and fills in its hooks:

- ``_new_episode(options)``: build the initial state from ``self.np_random``;
- ``_apply(action) -> Outcome``: one legal native action; reward, termination, effect;
- ``_draw() -> np.ndarray``: the image of the current state: a pure render function's result, or an
  image the arena owns and repaints in place at its next ``_draw`` (an incremental painter); the base
  copies it before anything leaves the arena;
- ``_rules() -> str``: the rules and the instruction (what does not change with the state);
- ``_state() -> str``: the state in words;
- ``_legal() -> str``: the legal actions in words (default: from ``action_mask()`` and the action set);
- ``action_mask()``: which native actions are legal now (default: all), the observation's ``action_mask``;
- ``expert_state()``: what the arena's scripted expert reads (experts never reach into private state).

The base draws the image and writes the text at most once per state change and hands out fresh copies,
honours ``observe=`` ("text": a blank image, never drawn; "image": no state in words), and refuses
misuse loudly: a native action outside the action space raises, a step after the episode ended raises
``ResetNeeded``. An in-space but illegal native action leaves the state unchanged and is reported in
``info["illegal"]``; the text layer (:class:`~omniarena.core.textenv.TextActions`) checks legality first,
so a text agent's illegal move goes through its invalid-action policy instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import gymnasium as gym
import numpy as np
from gymnasium import spaces

from omniarena.core.actions import ActionSet, DiscreteActionSet
from omniarena.core.observation import OBSERVE_MODES, compose_text, observation_space

__all__ = ["Arena", "Outcome", "ObservationCache", "check_native", "legal_text", "native_record", "past_limit"]


@dataclass
class Outcome:
    """What one legal action did: reward, whether the episode ended, whether the state changed.

    ``truncated``: the engine under an adapter ended the episode on its own time limit (not a terminal state).
    """

    reward: float = 0.0
    terminated: bool = False
    effective: bool = True
    info: dict[str, Any] = field(default_factory=dict)
    truncated: bool = False


def check_native(owner: Any, action_set: ActionSet, action: Any) -> None:
    """Raise when ``action`` is not a native action of ``action_set`` (a programmer's mistake)."""
    if action_set.is_legal(action, None):
        return
    kind = TypeError if isinstance(action, (str, bytes)) or action is None else ValueError
    raise kind(
        f"{type(owner).__name__} in native mode takes an action of {action_set.native_space()}, got {action!r}. "
        "Text replies need action_mode='text' (the default of omniarena.make/make_multi)."
    )


def native_record(action_set: ActionSet, action: Any, legal: bool, effective: bool) -> dict[str, Any]:
    """``info["action"]`` of a native step: the same keys as the text layers' record (``rule`` "native")."""
    return {
        "raw": action,
        "parsed": action_set.try_format(action),
        "format_ok": True,
        "valid": bool(legal),
        "effective": bool(effective),
        "error": None if legal else f"'{action_set.try_format(action)}' is not legal now",
        "rule": "native",
    }


def legal_text(action_set: ActionSet, mask: Any) -> str:
    """'Legal actions: a, b.' from a discrete mask (``None`` or no named actions: empty)."""
    names = getattr(action_set, "names", None)
    if mask is None or names is None:
        return ""
    legal = [names[i] for i in np.flatnonzero(np.asarray(mask))]
    return f"Legal actions: {', '.join(legal)}." if legal else "Legal actions: none."


def past_limit(env: Any, steps: int) -> bool:
    """Whether ``steps`` reach the ``max_episode_steps`` gymnasium's ``TimeLimit`` enforces around ``env``.

    ``omniarena.make`` records the limit of the ``TimeLimit`` it built on the arena (``step_limit``);
    otherwise the registered spec's limit is used.
    """
    arena = env.unwrapped
    limit = getattr(arena, "step_limit", None) or getattr(arena.spec, "max_episode_steps", None)
    return limit is not None and steps >= limit


class ObservationCache:
    """An observation drawn once per state version and handed out as fresh copies.

    ``observe="text"`` never calls the drawing function: every observation shares one blank, read-only
    image of the same shape (an in-place edit raises instead of corrupting later observations).
    """

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape = tuple(shape)
        self.observe = "both"
        self._key: Any = None
        self._image: np.ndarray | None = None
        self._blank_image: np.ndarray | None = None
        self._text = ""

    def set_observe(self, observe: str) -> None:
        if observe not in OBSERVE_MODES:
            raise ValueError(f"observe={observe!r}; use one of {', '.join(OBSERVE_MODES)}")
        self.observe = observe
        self._key = None

    def get(self, key: Any, draw: Any, text: Any) -> tuple[np.ndarray, str]:
        """(image copy, text) for state ``key``; ``draw()`` and ``text(observe)`` run only for a new key."""
        if key != self._key:
            self._image = None if self.observe == "text" else draw()
            self._text = text(self.observe)
            self._key = key
        if self._image is None:  # observe="text": one blank image, never drawn, read-only so nobody can corrupt it
            return self._blank(), self._text
        return self._image.copy(), self._text

    def _blank(self) -> np.ndarray:
        if self._blank_image is None:
            self._blank_image = np.zeros(self.shape, np.uint8)
            self._blank_image.flags.writeable = False
        return self._blank_image


class Arena(gym.Env):
    """Base for single-agent arenas: a native action space from an ActionSet, image + text observations."""

    metadata: dict[str, Any] = {"render_modes": ["rgb_array", "ansi"], "render_fps": 4}

    def __init__(
        self,
        action_set: ActionSet,
        image_shape: tuple[int, int],
        render_mode: str | None = None,
        illegal_penalty: float = 0.0,
        mask_space: spaces.Space | None = None,
    ) -> None:
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(
                f"render_mode={render_mode!r} is not supported; use one of {self.metadata['render_modes']}"
            )
        self.render_mode = render_mode
        self.action_set = action_set
        self.illegal_penalty = float(illegal_penalty)
        self.action_space = action_set.native_space()
        height, width = image_shape
        if mask_space is None and isinstance(self.action_space, spaces.Discrete):
            mask_space = spaces.Box(0, 1, (int(self.action_space.n),), np.int8)
        self.observation_space = observation_space(
            height, width, {"action_mask": mask_space} if mask_space is not None else None
        )
        self._cache = ObservationCache((height, width, 3))
        self._version = 0
        self._steps = 0
        self._ended = True  # until the first reset

    # --- hooks -----------------------------------------------------------------------------------
    def _new_episode(self, options: dict[str, Any]) -> None:
        raise NotImplementedError

    def _apply(self, action: Any) -> Outcome:
        raise NotImplementedError

    def _draw(self) -> np.ndarray:
        raise NotImplementedError

    def _rules(self) -> str:
        return ""

    def _state(self) -> str:
        raise NotImplementedError

    def _legal(self) -> str:
        mask = self.action_mask()
        if mask is None or not isinstance(self.action_set, DiscreteActionSet):  # names may change with the state
            return legal_text(self.action_set, mask)
        key = mask.tobytes()  # a fixed set of names: the line depends on the mask alone
        memo = self.__dict__.setdefault("_legal_memo", {})
        text = memo.get(key)
        if text is None:
            text = legal_text(self.action_set, mask)
            if len(memo) < 256:  # bounded: masks that vary a lot are simply recomputed
                memo[key] = text
        return text

    def action_mask(self) -> np.ndarray | None:
        """1 for each native action that is legal now (default: all; one shared read-only array)."""
        if isinstance(self.action_space, spaces.Discrete):
            ones = self.__dict__.get("_all_legal")
            if ones is None or len(ones) != int(self.action_space.n):
                ones = np.ones(int(self.action_space.n), dtype=np.int8)
                ones.flags.writeable = False
                self.__dict__["_all_legal"] = ones
            return ones
        return None

    def expert_state(self) -> Any:
        """What the arena's scripted expert reads; arenas with an expert override it."""
        raise NotImplementedError(f"{type(self).__name__} exposes no state to experts")

    def _info(self) -> dict[str, Any]:
        """Extra info for every reset/step (override to add e.g. a score)."""
        return {}

    # --- gymnasium API ---------------------------------------------------------------------------
    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        super().reset(seed=seed)
        self._steps = 0
        self._ended = False
        self._new_episode(dict(options or {}))
        self._version += 1
        return self.observation(), self._info()

    def step(self, action: Any) -> tuple[dict[str, Any], float, bool, bool, dict[str, Any]]:
        if self._ended:
            raise gym.error.ResetNeeded(
                f"{type(self).__name__}: the episode has ended (or was never started); call reset() before step()"
            )
        check_native(self, self.action_set, action)
        self._steps += 1
        truncated = past_limit(self, self._steps)
        if not self.action_set.is_legal(action, self.action_mask()):
            self._ended = truncated
            info = {**self._info(), "illegal": True, "effective": False}
            info["action"] = native_record(self.action_set, action, False, False)
            return self.observation(), self.illegal_penalty, False, truncated, info
        outcome = self._apply(action)
        self._version += 1
        terminated = bool(outcome.terminated)
        truncated = truncated or (bool(outcome.truncated) and not terminated)
        self._ended = terminated or truncated
        info = {**self._info(), **outcome.info, "illegal": False, "effective": outcome.effective}
        info["action"] = native_record(self.action_set, action, True, outcome.effective)
        return self.observation(), float(outcome.reward), terminated, truncated, info

    def render(self) -> np.ndarray | str | None:
        if self.render_mode == "rgb_array":  # drawn now, and a copy: _draw may hand back the arena's own buffer
            return np.array(self._draw())
        if self.render_mode == "ansi":
            return self._text("both")
        return None

    # --- observations ----------------------------------------------------------------------------
    def set_observe(self, observe: str) -> None:
        """Ablate a modality: "both" (default), "text" (blank image) or "image" (no state in words)."""
        self._cache.set_observe(observe)

    @property
    def observe_mode(self) -> str:
        return self._cache.observe

    def _text(self, observe: str) -> str:
        return compose_text(self._rules(), "" if observe == "image" else self._state(), self._legal(), observe)

    def observation(self) -> dict[str, Any]:
        """The observation of the current state: fresh arrays, drawn at most once per state."""
        image, text = self._cache.get(self._version, self._draw, self._text)
        obs: dict[str, Any] = {"image": image, "text": text}
        mask = self.action_mask()
        if mask is not None:
            obs["action_mask"] = np.array(mask, dtype=np.int8)
        return obs
