"""The observation contract: ``{"image": HxWx3 uint8, "text": str}`` plus optional keys.

``text`` is what an LLM needs to act without the image; ``image`` is what a VLM or pixel agent sees.
Arenas may add keys (``action_mask``, ``features``) but never drop these two. Text carries any printable
Unicode; only control characters (other than newline and tab) are removed, and its length is capped.

``observe=`` ablates a modality (:data:`OBSERVE_MODES`): "text" blanks the image (same shape, never
drawn), "image" keeps the rules, the instruction, the legal actions and the last error but not the
state in words. :func:`compose_text` is the one place that rule lives.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import numpy as np
from gymnasium import spaces

from omniarena.core.spaces import CONTROL, UnicodeText

__all__ = ["MAX_TEXT", "OBSERVE_MODES", "observation_space", "text_space", "clean_text", "text_of", "compose_text"]

MAX_TEXT = 8192
OBSERVE_MODES = ("both", "text", "image")


@functools.cache
def text_space(max_length: int = MAX_TEXT) -> UnicodeText:
    """The (shared) text space of observations: any printable Unicode up to ``max_length`` characters."""
    return UnicodeText(max_length)


@functools.lru_cache(maxsize=64)
def image_space(height: int, width: int) -> spaces.Box:
    """One ``Box`` per image shape, shared by every arena instance: its bounds arrays are as big as an image."""
    return spaces.Box(0, 255, (height, width, 3), np.uint8)


def observation_space(height: int, width: int, extra: Mapping[str, spaces.Space] | None = None) -> spaces.Dict:
    """The Dict space every arena declares: image, text, and any ``extra`` keys."""
    members: dict[str, spaces.Space] = {"image": image_space(height, width), "text": text_space()}
    members.update(extra or {})
    return spaces.Dict(members)


def clean_text(text: Any, max_length: int = MAX_TEXT) -> str:
    """Make ``text`` a member of the text space: control characters go, length is capped."""
    text = str(text)
    if CONTROL.search(text) is not None:
        text = CONTROL.sub("", text)
    if len(text) > max_length:
        text = text[: max_length - 3] + "..."
    return text


def compose_text(rules: str, state: str, legal: str, observe: str = "both") -> str:
    """An observation's text from its parts; under ``observe="image"`` the state in words is left out."""
    parts = (rules, legal) if observe == "image" else (rules, state, legal)
    return clean_text("\n".join(part for part in parts if part))


def text_of(observation: Any) -> str | None:
    """The ``text`` of an observation dict, or ``None`` for anything else (a terminal ``None``, a native array)."""
    return observation.get("text") if isinstance(observation, dict) else None
