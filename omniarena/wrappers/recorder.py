"""Recorder: write every step of an arena to disk as JSON lines, PNG frames and one GIF/MP4 per episode.

Files per episode, under ``directory`` (the stem is ``seed<N>`` or ``episode<N>``; a suffix ``-1``,
``-2`` ... is added when the name is taken, so re-runs and parallel workers never overwrite each other):

- ``<stem>.jsonl``: one line for the reset, then one per step (flushed as it is written);
- ``<stem>/frame_00000.png`` ...: the observation image after the reset and after each step;
- ``<stem>.gif`` or ``<stem>.mp4``: the episode as a video, written when it ends (GIF with Pillow,
  MP4 with imageio-ffmpeg from the ``[record]`` extra).

:class:`Recorder` wraps a Gymnasium env, :class:`AECRecorder` a PettingZoo AEC env; both keep the
observation and action spaces unchanged.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import math
from pathlib import Path
from typing import IO, Any, SupportsFloat

import gymnasium as gym
import numpy as np
from gymnasium.error import DependencyNotInstalled
from pettingzoo.utils.env import AECEnv, ParallelEnv
from pettingzoo.utils.wrappers import BaseParallelWrapper, BaseWrapper
from PIL import Image

from omniarena.core.observation import text_of

__all__ = ["Recorder", "AECRecorder", "ParallelRecorder", "EpisodeWriter", "json_safe"]

logger = logging.getLogger(__name__)

VIDEO_FORMATS = ("gif", "mp4")
GIF_QUANTIZE = Image.Quantize.FASTOCTREE
# x264 wants even frame sizes and imageio-ffmpeg resizes to multiples of 16 with a warning; pad instead.
_MACRO_BLOCK = 16


def json_safe(value: Any) -> Any:
    """``value`` as strict JSON types: numpy scalars/arrays become numbers/lists, NaN/inf become strings,
    unknown objects ``repr``; strings keep lone surrogates escaped so the UTF-8 log can always be written."""
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8") if _has_surrogate(value) else value
    if isinstance(value, np.generic):
        return json_safe(value.item())
    if isinstance(value, np.ndarray):
        if value.size > 4096:
            return f"<array shape={list(value.shape)} dtype={value.dtype}>"
        return json_safe(value.tolist())
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [json_safe(v) for v in value]
    return repr(value)


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _check_video(video: str | None) -> None:
    if video is None:
        return
    if video not in VIDEO_FORMATS:
        raise ValueError(f"video={video!r}; use 'gif', 'mp4' or None")
    # GIFs are written with Pillow (a core dependency); MP4 needs imageio and its ffmpeg binary.
    needed = ["imageio", "imageio_ffmpeg"] if video == "mp4" else []
    for module in needed:
        if importlib.util.find_spec(module) is None:
            raise DependencyNotInstalled(
                f'recording {video} videos needs {module}; install it with: pip install "omniarena[record]"'
            )


def _pad_to_blocks(frame: np.ndarray) -> np.ndarray:
    height, width = frame.shape[:2]
    pad_h, pad_w = (-height) % _MACRO_BLOCK, (-width) % _MACRO_BLOCK
    if pad_h or pad_w:
        frame = np.pad(frame, ((0, pad_h), (0, pad_w), (0, 0)))
    return frame


def image_of(observation: Any) -> np.ndarray | None:
    """The RGB image of an observation, if it has one."""
    if isinstance(observation, dict) and "image" in observation:
        image = np.asarray(observation["image"])
    elif isinstance(observation, np.ndarray):
        image = observation
    else:
        return None
    if image.ndim == 3 and image.shape[-1] == 3 and image.dtype == np.uint8:
        return image
    return None


class EpisodeWriter:
    """The files of recorded episodes in one directory (shared by :class:`Recorder` and :class:`AECRecorder`)."""

    def __init__(self, directory: str | Path, save_frames: bool = True, video: str | None = "gif", fps: int = 4):
        _check_video(video)
        if fps <= 0:
            raise ValueError(f"fps must be positive, got {fps}")
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.save_frames = save_frames
        self.video = video
        self.fps = int(fps)
        self.episode = -1
        self.step = 0
        self.stem: str | None = None
        self._log: IO[str] | None = None
        self._frames: list[Any] = []  # RGB arrays for MP4, palette images for GIF
        self.paths: list[Path] = []  # every finished video, in order

    @property
    def open(self) -> bool:
        return self._log is not None

    def begin(self, seed: int | None) -> None:
        """Start a new episode (ending the current one, if any)."""
        self.end()
        self.episode += 1
        self.step = 0
        base = f"seed{seed}" if seed is not None else f"episode{self.episode}"
        for attempt in range(10_000):
            stem = base if attempt == 0 else f"{base}-{attempt}"
            try:
                # Exclusive creation claims the name atomically, also against other processes.
                self._log = open(self.directory / f"{stem}.jsonl", "x", encoding="utf-8")  # noqa: SIM115
            except FileExistsError:
                continue
            self.stem = stem
            break
        else:
            raise RuntimeError(f"no free episode name for {base!r} in {self.directory}")
        self._frames = []

    def write(self, record: dict[str, Any], frame: np.ndarray | None) -> None:
        """Write one line (``episode`` and ``step`` are filled in) and its frame."""
        assert self._log is not None and self.stem is not None, "begin() an episode first"
        line = {"episode": self.episode, "step": self.step, **json_safe(record)}
        self._log.write(json.dumps(line, ensure_ascii=False, allow_nan=False) + "\n")
        self._log.flush()
        if frame is not None:
            if self.save_frames:
                folder = self.directory / self.stem
                folder.mkdir(exist_ok=True)
                Image.fromarray(frame).save(folder / f"frame_{self.step:05d}.png", compress_level=1)
            if self.video == "gif":
                # Quantize now: a palette frame is a third of the memory, and octree is ~5x faster than
                # the median cut imageio would use at the end.
                self._frames.append(Image.fromarray(frame).quantize(method=GIF_QUANTIZE, dither=Image.Dither.NONE))
            elif self.video:
                self._frames.append(frame)
        self.step += 1

    def end(self) -> Path | None:
        """Close the current episode and write its video; returns the video path, if one was written."""
        if self._log is None:
            return None
        self._log.close()
        self._log = None
        frames, self._frames = self._frames, []
        if not self.video or not frames or self.stem is None:
            return None
        path = self.directory / f"{self.stem}.{self.video}"
        try:
            self._write_video(path, frames)
        except ValueError as exc:  # e.g. frames of different sizes: keep the JSONL and PNGs
            logger.warning("could not write %s: %s", path, exc)
            return None
        self.paths.append(path)
        return path

    def _write_video(self, path: Path, frames: list[Any]) -> None:
        if self.video == "gif":
            first, *rest = frames
            first.save(path, save_all=True, append_images=rest, duration=round(1000 / self.fps), loop=0)
        else:
            import imageio.v2 as imageio

            imageio.mimwrite(path, [_pad_to_blocks(f) for f in frames], format="FFMPEG", fps=self.fps)


class Recorder(gym.Wrapper):
    """Record a Gymnasium arena: JSONL steps, PNG frames, one GIF/MP4 per episode (see module docstring).

    Each step line holds ``text`` (the observation text after the step), ``reply`` (the action as given),
    ``parsed`` (the action the arena read), ``reward``, ``terminated``, ``truncated``, ``action``
    (``info["action"]``) and ``info`` (the rest of the info, made JSON-safe).
    """

    def __init__(
        self,
        env: gym.Env,
        directory: str | Path,
        save_frames: bool = True,
        video: str | None = "gif",
        fps: int = 4,
    ) -> None:
        super().__init__(env)
        self.writer = EpisodeWriter(directory, save_frames=save_frames, video=video, fps=fps)

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None) -> tuple[Any, dict[str, Any]]:
        obs, info = self.env.reset(seed=seed, options=options)
        self.writer.begin(seed)
        self.writer.write({"event": "reset", "seed": seed, "text": text_of(obs), "info": info}, self._frame(obs))
        return obs, info

    def step(self, action: Any) -> tuple[Any, SupportsFloat, bool, bool, dict[str, Any]]:
        obs, reward, terminated, truncated, info = self.env.step(action)
        if self.writer.open:
            record = {
                "event": "step",
                "text": text_of(obs),
                "reply": action,
                "parsed": parsed_action(self.env, action, info),
                "reward": reward,
                "terminated": terminated,
                "truncated": truncated,
                "action": info.get("action"),
                "info": {k: v for k, v in info.items() if k != "action"},
            }
            self.writer.write(record, self._frame(obs))
            if terminated or truncated:
                self.writer.end()
        return obs, reward, terminated, truncated, info

    def close(self) -> None:
        self.writer.end()
        super().close()

    def _frame(self, obs: Any) -> np.ndarray | None:
        frame = image_of(obs)
        if frame is None and self.env.render_mode == "rgb_array":
            frame = image_of(self.env.render())
        return frame


def parsed_action(env: Any, action: Any, info: dict[str, Any]) -> Any:
    """The action the arena read: ``info["action"]["parsed"]`` in text mode, else the native action's text."""
    record = info.get("action")
    if isinstance(record, dict):
        return record.get("parsed")
    action_set = getattr(env.unwrapped, "action_set", None)
    return action_set.try_format(action) if action_set is not None else json_safe(action)


class AECRecorder(BaseWrapper):
    """Record a turn-based PettingZoo arena: one line per move with the mover, its view and its reply.

    Each move line holds ``player``, ``text`` (what the mover saw), ``reply``, ``parsed``, ``rewards``
    (every player's reward for the move), ``terminated``/``truncated`` (of the mover) and ``action``;
    the frame is the mover's view after its move. The video ends when every player is done.
    """

    def __init__(
        self,
        env: AECEnv,
        directory: str | Path,
        save_frames: bool = True,
        video: str | None = "gif",
        fps: int = 4,
    ) -> None:
        super().__init__(env)
        self.writer = EpisodeWriter(directory, save_frames=save_frames, video=video, fps=fps)

    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None) -> None:
        self.env.reset(seed=seed, options=options)
        self.writer.begin(seed)
        first = self.env.agent_selection
        obs = self.env.observe(first)
        self.writer.write({"event": "reset", "seed": seed, "player": first, "text": text_of(obs)}, image_of(obs))

    def step(self, action: Any) -> None:
        player = self.env.agent_selection
        done = self.env.terminations.get(player, False) or self.env.truncations.get(player, False)
        seen = None if done else text_of(self.env.observe(player))
        self.env.step(action)
        if done or not self.writer.open:
            if not self.env.agents:
                self.writer.end()
            return
        info = dict(self.env.infos.get(player, {}))
        record = {
            "event": "step",
            "player": player,
            "text": seen,
            "reply": action,
            "parsed": parsed_action(self.env, action, info),
            "rewards": dict(self.env.rewards),
            "terminated": self.env.terminations.get(player, False),
            "truncated": self.env.truncations.get(player, False),
            "action": info.pop("action", None),
            "info": info,
        }
        frame = image_of(self.env.observe(player)) if player in self.env.agents else None
        self.writer.write(record, frame)
        if not self.env.agents:
            self.writer.end()

    def close(self) -> None:
        self.writer.end()
        super().close()


class ParallelRecorder(BaseParallelWrapper):
    """Record a simultaneous-move PettingZoo arena: one line per joint step, every player's view and reply.

    Each step line holds, per player, ``text`` (what it saw before the step), ``reply``, ``parsed``,
    ``reward``, ``terminated``, ``truncated`` and ``action``; the frame is the first player's view after
    the step. The video ends when the game does.
    """

    def __init__(
        self,
        env: ParallelEnv,
        directory: str | Path,
        save_frames: bool = True,
        video: str | None = "gif",
        fps: int = 4,
    ) -> None:
        super().__init__(env)
        self.writer = EpisodeWriter(directory, save_frames=save_frames, video=video, fps=fps)
        self._seen: dict[str, Any] = {}

    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None) -> Any:
        observations, infos = self.env.reset(seed=seed, options=options)
        self.writer.begin(seed)
        self._seen = {player: text_of(obs) for player, obs in observations.items()}
        first = next(iter(observations.values()), None)
        self.writer.write({"event": "reset", "seed": seed, "texts": self._seen}, image_of(first))
        return observations, infos

    def step(self, actions: dict[str, Any]) -> Any:
        observations, rewards, terminations, truncations, infos = self.env.step(actions)
        if self.writer.open:
            players = {}
            for player, reply in actions.items():
                info = dict(infos.get(player, {}))
                players[player] = {
                    "text": self._seen.get(player),
                    "reply": reply,
                    "parsed": parsed_action(self.env, reply, info),
                    "reward": rewards.get(player, 0.0),
                    "terminated": terminations.get(player, False),
                    "truncated": truncations.get(player, False),
                    "action": info.pop("action", None),
                    "info": info,
                }
            first = observations.get(self.env.possible_agents[0])
            self.writer.write({"event": "step", "players": players}, image_of(first))
            if not self.env.agents:
                self.writer.end()
        self._seen = {player: text_of(obs) for player, obs in observations.items()}
        return observations, rewards, terminations, truncations, infos

    def close(self) -> None:
        self.writer.end()
        super().close()
