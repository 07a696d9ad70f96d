"""``omniarena/MineRL-v0``: a MineRL environment behind omniarena's contract, when ``minerl`` is installed.

The same low-level text grammar as the flying-squid arena (``forward, jump, ticks 10``, ``camera -10 30``;
no skills: MineRL has no mineflayer) lowered to MineRL 1.0's action dict, which is this adapter's native
space plus ``ticks`` (how many MineRL steps the action repeats). Observations are ``image`` (MineRL's
``pov``, resized to ``width`` x ``height``) and ``pov``, with a ``text`` built from whatever the MineRL
environment reports (inventory, life and location stats, compass). Without ``minerl`` the constructor
raises ``DependencyNotInstalled``: MineRL's install needs JDK 8 and downloads Minecraft through Gradle,
which fails on machines without general internet. :func:`to_minerl` and :func:`observation_text` are
the mapping, tested without MineRL.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Mapping
from typing import Any

import numpy as np
from gymnasium.error import DependencyNotInstalled
from PIL import Image

from omniarena.arenas.minecraft.actions import BUTTONS, MinecraftActions
from omniarena.core.arena import Arena, Outcome

__all__ = ["MineRLEnv", "observation_text", "to_minerl"]

MINERL_HINT = (
    "omniarena/MineRL-v0 wraps the `minerl` package, which is not installed. It needs JDK 8 and downloads "
    "Minecraft with Gradle at install time (pip install minerl, on a machine with general internet). "
    "Without it, use the flying-squid arena: omniarena.make('omniarena/Minecraft-v0')."
)


def to_minerl(action: Mapping[str, Any]) -> tuple[dict[str, Any], int]:
    """(MineRL action dict, repeats) of a native action of this adapter; camera as float32 [pitch, yaw]."""
    minerl_action: dict[str, Any] = {key: int(action[key]) for key in BUTTONS}
    minerl_action["camera"] = np.asarray(action["camera"], dtype=np.float32).reshape(2)
    return minerl_action, int(action.get("ticks", 1))


def _resize(pov: np.ndarray, height: int, width: int) -> np.ndarray:
    frame = np.asarray(pov, dtype=np.uint8)
    if frame.shape[:2] == (height, width):
        return frame.copy()
    return np.asarray(Image.fromarray(frame).resize((width, height), Image.BILINEAR))


def observation_text(obs: Mapping[str, Any]) -> str:
    """The state in words from a MineRL observation's non-image keys (those it has)."""
    lines = []
    inventory = obs.get("inventory")
    if isinstance(inventory, Mapping):
        held = {k: int(np.asarray(v).sum()) for k, v in inventory.items() if int(np.asarray(v).sum()) > 0}
        lines.append("Inventory: " + (", ".join(f"{k} x{v}" for k, v in sorted(held.items())) or "empty") + ".")
    stats = obs.get("life_stats")
    if isinstance(stats, Mapping):
        lines.append(", ".join(f"{k} {float(np.asarray(v)):.0f}" for k, v in sorted(stats.items())).capitalize() + ".")
    location = obs.get("location_stats")
    if isinstance(location, Mapping):
        keys = [k for k in ("xpos", "ypos", "zpos", "yaw", "pitch") if k in location]
        lines.append("Location: " + ", ".join(f"{k} {float(np.asarray(location[k])):.1f}" for k in keys) + ".")
    compass = obs.get("compass")
    if isinstance(compass, Mapping) and "angle" in compass:
        lines.append(f"Compass angle to the goal: {float(np.asarray(compass['angle'])):.0f} degrees.")
    return "\n".join(lines) or "MineRL reports no state besides the image."


class MineRLEnv(Arena):
    """A MineRL environment (``env_id``, e.g. "MineRLTreechop-v0") with image + text and text actions.

    Nondeterministic and not picklable (a Java Minecraft client runs behind it). Reward and episode end
    are MineRL's; a step repeats the action ``ticks`` times and sums the rewards.
    """

    metadata: dict[str, Any] = {"render_modes": ["rgb_array", "ansi"], "render_fps": 20}

    def __init__(
        self, env_id: str = "MineRLTreechop-v0", width: int = 640, height: int = 360, render_mode: str | None = None
    ) -> None:
        if importlib.util.find_spec("minerl") is None:
            raise DependencyNotInstalled(MINERL_HINT)
        super().__init__(MinecraftActions(skills=False, ticks_key=True), (int(height), int(width)), render_mode)
        self.observation_space.spaces["pov"] = self.observation_space.spaces["image"]
        self.env_id = env_id
        self.width, self.height = int(width), int(height)
        gym = importlib.import_module("gym")  # MineRL registers with the old gym API
        importlib.import_module("minerl")
        self._env = gym.make(env_id)
        self._obs: Mapping[str, Any] = {}

    def _new_episode(self, options: dict[str, Any]) -> None:
        seed = int(self.np_random.integers(2**31))
        if hasattr(self._env, "seed"):
            self._env.seed(seed)
        self._obs = self._env.reset()

    def _apply(self, action: Any) -> Outcome:
        minerl_action, repeats = to_minerl(self.action_set.complete(action))
        total, done = 0.0, False
        for _ in range(repeats):
            self._obs, reward, done, _ = self._env.step(minerl_action)
            total += float(reward)
            if done:
                break
        return Outcome(total, bool(done), True)

    def _draw(self) -> np.ndarray:
        pov = self._obs.get("pov")
        if pov is None:
            return np.zeros((self.height, self.width, 3), np.uint8)
        return _resize(pov, self.height, self.width)

    def _rules(self) -> str:
        return f"MineRL task {self.env_id}: play Minecraft from the first-person image."

    def _state(self) -> str:
        return observation_text(self._obs)

    def observation(self) -> dict[str, Any]:
        obs = super().observation()
        obs["pov"] = obs["image"]
        return obs

    def close(self) -> None:
        env = getattr(self, "_env", None)
        if env is not None:
            env.close()
        super().close()
