"""Plumbing every world shares: importing its engine (or naming the extra), resizing frames, words for offsets."""

from __future__ import annotations

import contextlib
import importlib
import io
from collections.abc import Iterator
from typing import Any

import numpy as np
from gymnasium.error import DependencyNotInstalled
from PIL import Image

__all__ = ["need", "resize", "steps", "quiet_stdout"]


def need(module: str, extra: str) -> Any:
    """Import ``module`` (an engine), or raise ``DependencyNotInstalled`` naming the extra that brings it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise DependencyNotInstalled(
            f'{module} is not installed (or failed to import: {exc}). Install it with: pip install "omniarena[{extra}]"'
        ) from exc


def resize(frame: np.ndarray, height: int, width: int) -> np.ndarray:
    """``frame`` (HxWx3 uint8) scaled to ``height`` x ``width`` with nearest-neighbour (pixels stay sharp)."""
    if frame.shape[:2] == (height, width):
        return np.ascontiguousarray(frame, dtype=np.uint8)
    image = Image.fromarray(np.ascontiguousarray(frame, dtype=np.uint8))
    return np.asarray(image.resize((width, height), Image.NEAREST), dtype=np.uint8).copy()


def steps(count: int, direction: str) -> str:
    """'1 step left', '3 steps forward'."""
    return f"{count} step{'s' if count != 1 else ''} {direction}"


@contextlib.contextmanager
def quiet_stdout() -> Iterator[None]:
    """Swallow what an engine ``print``s (BabyAI's level generator writes rejection notes to stdout)."""
    with contextlib.redirect_stdout(io.StringIO()):
        yield
