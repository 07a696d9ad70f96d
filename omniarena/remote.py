"""A served arena as a local Gymnasium env: ``omniarena.remote.make("http://127.0.0.1:8000")``.

The env holds one WebSocket session of OpenEnv's ``GenericEnvClient``; its observations are the same dict as a
local env's (``text``, ``image`` decoded to an H x W x 3 uint8 array, ``action_mask`` where the arena has one).
``step`` takes the text of a reply, or a native action (int, list, dict). Needs the ``[serve]`` extra.
"""

from __future__ import annotations

from typing import Any

import gymnasium as gym
import numpy as np

from omniarena.core.spaces import UnicodeText


class RemoteEnv(gym.Env):
    """One session on a served arena. ``reset_kwargs`` (e.g. ``seat=1``) go with every reset."""

    metadata: dict[str, Any] = {"render_modes": []}

    def __init__(self, url: str, token: str | None = None, timeout: float = 60.0, **reset_kwargs: Any) -> None:
        from openenv.core.generic_client import GenericEnvClient

        headers = {"Authorization": f"Bearer {token}"} if token else None
        self.url = url
        self.reset_kwargs = reset_kwargs
        self._client = GenericEnvClient(base_url=url, message_timeout_s=timeout, headers=headers).sync()
        self._client.connect()
        self.action_space = UnicodeText(max_length=1 << 16)
        self.observation_space = gym.spaces.Dict({"text": UnicodeText(max_length=1 << 20)})
        self.last_seat: str | None = None

    def _convert(self, result: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        from omniarena.serve.wire import observation_dict

        payload = dict(result.observation)
        info = dict(result.metadata or payload.get("metadata") or {})
        self.last_seat = payload.get("seat")
        if self.last_seat:
            info.setdefault("seat", self.last_seat)
        return observation_dict(payload), info

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        kwargs = {**self.reset_kwargs, **(options or {})}
        if seed is not None:
            kwargs["seed"] = int(seed)
        obs, info = self._convert(self._client.reset(**kwargs))
        info.pop("terminated", None), info.pop("truncated", None)
        return obs, info

    def step(self, action: Any) -> tuple[dict[str, Any], float, bool, bool, dict[str, Any]]:
        if isinstance(action, str):
            message: dict[str, Any] = {"text": action}
        else:
            value = action.tolist() if isinstance(action, np.ndarray) else action
            if isinstance(value, np.generic):
                value = value.item()
            message = {"native": value}
        result = self._client.step(message)
        obs, info = self._convert(result)
        truncated = bool(info.pop("truncated", False))
        terminated = bool(info.pop("terminated", bool(result.done) and not truncated))
        return obs, float(result.reward or 0.0), terminated, truncated, info

    def close(self) -> None:
        client, self._client = getattr(self, "_client", None), None
        if client is not None:
            client.close()


def make(url: str, token: str | None = None, **reset_kwargs: Any) -> RemoteEnv:
    """A Gymnasium env over a WebSocket session of the arena served at ``url``."""
    return RemoteEnv(url, token=token, **reset_kwargs)


def is_url(text: str) -> bool:
    """Whether an arena argument names a served arena (``http://`` or ``https://``) rather than an id."""
    return text.startswith(("http://", "https://", "ws://", "wss://"))
