"""Plumbing every world shares: importing its engine (or naming the extra), resizing frames, words for offsets."""

from __future__ import annotations

import contextlib
import importlib
import io
from collections.abc import Iterator
from typing import Any

import numpy as np
from gymnasium.error import DependencyNotInstalled
from PIL import Image, ImageDraw

from omniarena.core.draw import PALETTE, font, to_array

__all__ = ["need", "resize", "steps", "quiet_stdout", "text_image"]


def need(module: str, extra: str, install: str | None = None) -> Any:
    """Import ``module`` (an engine), or raise ``DependencyNotInstalled`` naming the extra that brings it.

    ``install``: the command to give instead of ``pip install "omniarena[extra]"``.
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        command = install or f'pip install "omniarena[{extra}]"'
        raise DependencyNotInstalled(
            f"{module} is not installed (or failed to import: {exc}). Install it with: {command}"
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


def text_image(text: str, height: int, width: int, size: int = 15, title: str = "") -> np.ndarray:
    """``text`` typeset on a ``height`` x ``width`` page (wrapped to the width; what does not fit is cut)."""
    image = Image.new("RGB", (width, height), PALETTE["background"])
    draw = ImageDraw.Draw(image)
    face, margin, leading = font(size), 10, int(size * 1.35)
    y = margin
    if title:
        draw.text((margin, y), title, fill=PALETTE["accent"], font=font(size + 3))
        y += int((size + 3) * 1.6)
    limit = width - 2 * margin
    for paragraph in text.splitlines():
        line = ""
        for word in paragraph.split(" ") or [""]:
            trial = f"{line} {word}" if line else word
            if line and draw.textlength(trial, font=face) > limit:
                draw.text((margin, y), line, fill=PALETTE["ink"], font=face)
                y += leading
                line = word
            else:
                line = trial
        draw.text((margin, y), line, fill=PALETTE["ink"], font=face)
        y += leading
        if y > height - margin:
            break
    return to_array(image)
