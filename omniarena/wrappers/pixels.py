"""Pixel preprocessing for RL agents, numpy only: resize, grayscale and frame-stack an arena's image.

:class:`PixelObservation` turns a native-mode arena into a plain pixel env (a ``Box`` of uint8 frames,
channels first, the last ``stack`` frames on top of each other), the input most CNN policies take:

>>> import omniarena
>>> env = PixelObservation(omniarena.make("omniarena/2048-v0", action_mode="native"), size=(48, 48), stack=2)
>>> obs, info = env.reset(seed=0)
>>> obs.shape, obs.dtype
((2, 48, 48), dtype('uint8'))

The same steps run outside an env through :class:`Preprocess` (a trained policy sees one observation at a
time and keeps its own :class:`FrameStack`), so training and playing can never preprocess differently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import gymnasium as gym
import numpy as np

__all__ = ["Preprocess", "FrameStack", "PixelObservation", "resize", "grayscale"]

# ITU-R BT.601 luma weights, what most Atari pipelines use for grayscale
_LUMA = np.array([0.299, 0.587, 0.114], dtype=np.float32)


def resize(image: np.ndarray, size: Sequence[int]) -> np.ndarray:
    """``image`` (H×W×C uint8) at ``size`` (height, width): box-filter averaging when shrinking, else nearest."""
    height, width = int(size[0]), int(size[1])
    h, w = image.shape[:2]
    if (h, w) == (height, width):
        return image.copy()
    if h % height == 0 and w % width == 0:  # an exact shrink: average each block (no aliasing, fast)
        fy, fx = h // height, w // width
        blocks = image.reshape(height, fy, width, fx, -1).astype(np.float32)
        return blocks.mean(axis=(1, 3)).round().astype(np.uint8)
    rows = np.minimum(((np.arange(height) + 0.5) * h / height).astype(np.int64), h - 1)
    cols = np.minimum(((np.arange(width) + 0.5) * w / width).astype(np.int64), w - 1)
    return image[rows][:, cols].copy()


def grayscale(image: np.ndarray) -> np.ndarray:
    """``image`` (H×W×3) as H×W×1 luma."""
    return (image[..., :3].astype(np.float32) @ _LUMA).round().astype(np.uint8)[..., None]


@dataclass(frozen=True)
class Preprocess:
    """How an image becomes a network input: resized to ``size``, optionally gray, ``stack`` frames deep."""

    size: tuple[int, int] = (64, 64)
    gray: bool = True
    stack: int = 4

    def __post_init__(self) -> None:
        if len(self.size) != 2 or min(self.size) < 8:
            raise ValueError(f"size is (height, width), each >= 8; got {self.size}")
        if self.stack < 1:
            raise ValueError(f"stack must be >= 1, got {self.stack}")

    @property
    def channels(self) -> int:
        return (1 if self.gray else 3) * self.stack

    @property
    def shape(self) -> tuple[int, int, int]:
        """The stacked frame's shape: (channels, height, width)."""
        return (self.channels, int(self.size[0]), int(self.size[1]))

    def frame(self, image: np.ndarray) -> np.ndarray:
        """One image as a C×H×W uint8 frame."""
        small = resize(np.asarray(image), self.size)
        if self.gray:
            small = grayscale(small)
        return np.ascontiguousarray(small.transpose(2, 0, 1))

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "size": list(self.size)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Preprocess:
        return cls(size=(int(data["size"][0]), int(data["size"][1])), gray=bool(data["gray"]), stack=int(data["stack"]))


class FrameStack:
    """The last ``preprocess.stack`` frames, oldest first; a reset fills it with the first frame."""

    def __init__(self, preprocess: Preprocess) -> None:
        self.preprocess = preprocess
        self._frames: np.ndarray | None = None

    def reset(self, image: np.ndarray) -> np.ndarray:
        frame = self.preprocess.frame(image)
        self._frames = np.concatenate([frame] * self.preprocess.stack, axis=0)
        return self._frames.copy()

    def push(self, image: np.ndarray) -> np.ndarray:
        if self._frames is None:
            return self.reset(image)
        frame = self.preprocess.frame(image)
        c = frame.shape[0]
        self._frames = np.concatenate([self._frames[c:], frame], axis=0)
        return self._frames.copy()

    def clear(self) -> None:
        self._frames = None


class PixelObservation(gym.ObservationWrapper):
    """A native-mode arena seen as stacked pixel frames (``Box(0, 255, preprocess.shape, uint8)``)."""

    def __init__(self, env: gym.Env, size: Sequence[int] = (64, 64), gray: bool = True, stack: int = 4) -> None:
        super().__init__(env)
        self.preprocess = Preprocess((int(size[0]), int(size[1])), gray, int(stack))
        self.observation_space = gym.spaces.Box(0, 255, self.preprocess.shape, np.uint8)
        self._stack = FrameStack(self.preprocess)

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None) -> tuple[np.ndarray, dict]:
        obs, info = self.env.reset(seed=seed, options=options)
        return self._stack.reset(obs["image"]), info

    def observation(self, observation: dict[str, Any]) -> np.ndarray:
        return self._stack.push(observation["image"])
