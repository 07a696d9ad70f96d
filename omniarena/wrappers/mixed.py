"""Mixed-game vector envs: one Gymnasium vector env whose sub-environments are different games.

VLM-Gym trains one policy on several games at once. :func:`make_vec_mixed` gives that as a normal
``gymnasium.vector.VectorEnv``: sub-environment ``i`` plays ``ids[i % len(ids)]``, in worker processes
(``vectorization_mode="async"``, the default) or in this process (``"sync"``), with Gymnasium's
auto-reset. :class:`UniformObservation` makes the games stack:

- the observation is ``{"image", "text"}``: every image brought to one shape (``fit="pad"`` centres it
  on black, shrinking it first, aspect kept, if it is larger; ``fit="resize"`` stretches it), the text as
  the game wrote it; game-specific keys such as ``action_mask`` differ in size between games and are
  dropped;
- in text mode (the default) every sub-env takes any text reply and parses it with its own game's action
  set; in native mode the games must share one native action space;
- ``info["game"]`` names each sub-env's game at every step, and the step that ends an episode adds
  ``info["episode"] = {"r": return, "l": length, "game": id}``: per-game statistics from one vector.

>>> import omniarena
>>> envs = omniarena.make_vec_mixed(["omniarena/2048-v0", "omniarena/Sokoban-v0"], vectorization_mode="sync")
>>> obs, info = envs.reset(seed=0)
>>> obs["image"].shape[0], list(info["game"])
(2, ['omniarena/2048-v0', 'omniarena/Sokoban-v0'])
>>> envs.close()
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any, SupportsFloat

import gymnasium as gym
import numpy as np
from gymnasium import spaces
from PIL import Image

from omniarena.core.registry import make, spec
from omniarena.core.spaces import UnicodeText
from omniarena.core.textenv import ACTION_TEXT_LENGTH

__all__ = ["FITS", "UniformObservation", "fit_image", "make_vec_mixed"]

FITS = ("pad", "resize")


def fit_image(image: np.ndarray, shape: tuple[int, int], fit: str = "pad") -> np.ndarray:
    """``image`` (H×W×3 uint8) brought to ``shape`` (height, width): padded (centred on black, shrunk
    first with its aspect kept if it is larger) or, with ``fit="resize"``, stretched."""
    height, width = shape
    if image.shape[:2] == (height, width):
        return image
    if fit == "resize":
        return np.asarray(Image.fromarray(image).resize((width, height), Image.Resampling.BILINEAR))
    rows, cols = image.shape[:2]
    if rows > height or cols > width:
        scale = min(height / rows, width / cols)
        rows, cols = max(1, int(rows * scale)), max(1, int(cols * scale))
        image = np.asarray(Image.fromarray(image).resize((cols, rows), Image.Resampling.BILINEAR))
    out = np.zeros((height, width, 3), dtype=np.uint8)
    top, left = (height - rows) // 2, (width - cols) // 2
    out[top : top + rows, left : left + cols] = image
    return out


class UniformObservation(gym.Wrapper):
    """One game's env with the observation and action spaces every game of a mixed vector shares; see
    the module docstring."""

    def __init__(
        self,
        env: gym.Env,
        game: str,
        image_shape: tuple[int, int],
        text_length: int,
        fit: str = "pad",
        action_space: spaces.Space | None = None,
    ) -> None:
        super().__init__(env)
        if fit not in FITS:
            raise ValueError(f"fit={fit!r} is not one of {FITS}")
        self.game = game
        self.image_shape = (int(image_shape[0]), int(image_shape[1]))
        self.fit = fit
        self.observation_space = spaces.Dict(
            {
                "image": spaces.Box(0, 255, (*self.image_shape, 3), np.uint8),
                "text": UnicodeText(int(text_length)),
            }
        )
        if action_space is not None:
            self.action_space = action_space
        self._return, self._length = 0.0, 0

    def _observation(self, obs: dict[str, Any]) -> dict[str, Any]:
        return {"image": fit_image(obs["image"], self.image_shape, self.fit), "text": obs["text"]}

    def reset(self, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        obs, info = self.env.reset(**kwargs)
        self._return, self._length = 0.0, 0
        return self._observation(obs), {**info, "game": self.game}

    def step(self, action: Any) -> tuple[dict[str, Any], SupportsFloat, bool, bool, dict[str, Any]]:
        obs, reward, terminated, truncated, info = self.env.step(action)
        self._return += float(reward)
        self._length += 1
        info = {**info, "game": self.game}
        if terminated or truncated:
            info["episode"] = {"r": self._return, "l": self._length, "game": self.game}
        return self._observation(obs), reward, terminated, truncated, info


def _sub_env(
    game: str, image_shape: tuple[int, int], text_length: int, fit: str, text_mode: bool, kwargs: dict
) -> gym.Env:
    env = make(game, **kwargs)
    action_space = UnicodeText(ACTION_TEXT_LENGTH) if text_mode else None
    return UniformObservation(env, game, image_shape, text_length, fit, action_space)


def make_vec_mixed(
    ids: Sequence[str],
    num_envs: int | None = None,
    *,
    image_shape: tuple[int, int] | None = None,
    fit: str = "pad",
    vectorization_mode: str = "async",
    vector_kwargs: dict[str, Any] | None = None,
    **make_kwargs: Any,
) -> gym.vector.VectorEnv:
    """A vector env of ``num_envs`` (default ``len(ids)``) sub-envs, sub-env ``i`` playing ``ids[i % len(ids)]``.

    ``image_shape`` (height, width) defaults to the largest height and width among the games; ``fit`` is
    "pad" or "resize" (see :func:`fit_image`). ``make_kwargs`` go to every :func:`omniarena.make` (e.g.
    ``action_mode="native"``, ``observe="text"``, ``invalid="retry:2"``); ``vector_kwargs`` to Gymnasium's
    ``AsyncVectorEnv``/``SyncVectorEnv``.
    """
    games = list(ids)
    if not games:
        raise ValueError("make_vec_mixed needs at least one arena id")
    for game in games:
        if spec(game).multi_agent:  # spec() names close ids for an unknown one
            raise ValueError(f"{game} has several players; a mixed vector env takes single-player ids")
    count = len(games) if num_envs is None else int(num_envs)
    if count < len(games):
        raise ValueError(f"num_envs={count} is fewer than the {len(games)} games; give at least one env per game")
    if fit not in FITS:
        raise ValueError(f"fit={fit!r} is not one of {FITS}")
    if vectorization_mode not in ("async", "sync"):
        raise ValueError(f"vectorization_mode={vectorization_mode!r}: use 'async' (worker processes) or 'sync'")
    text_mode = make_kwargs.get("action_mode", "text") == "text"
    probes = {game: make(game, **make_kwargs) for game in dict.fromkeys(games)}
    try:
        observation_spaces: list[Any] = [env.observation_space for env in probes.values()]
        shapes = [space["image"].shape for space in observation_spaces]
        text_length = max(space["text"].max_length for space in observation_spaces)
        if not text_mode:
            natives = {game: env.action_space for game, env in probes.items()}
            if len({repr(space) for space in natives.values()}) > 1:
                listed = "; ".join(f"{game}: {space}" for game, space in natives.items())
                raise ValueError(
                    f"native mode needs one action space for every game, and these differ ({listed}); "
                    "use action_mode='text' (each game parses its own replies) or games with the same space"
                )
    finally:
        for env in probes.values():
            env.close()
    shape = image_shape or (max(s[0] for s in shapes), max(s[1] for s in shapes))
    fns = [
        partial(_sub_env, games[i % len(games)], tuple(shape), text_length, fit, text_mode, dict(make_kwargs))
        for i in range(count)
    ]
    vector_cls = gym.vector.AsyncVectorEnv if vectorization_mode == "async" else gym.vector.SyncVectorEnv
    return vector_cls(fns, **(vector_kwargs or {}))
