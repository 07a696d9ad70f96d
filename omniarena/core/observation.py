"""The observation contract: ``{"image": HxWx3 uint8, "text": str}`` plus optional keys.

``text`` is what an LLM needs to act without the image; ``image`` is what a VLM or pixel agent sees.
Arenas may add keys (``action_mask``, ``features``) but never drop these two.
"""

from __future__ import annotations

import string
from typing import Any

import numpy as np
from gymnasium import spaces

__all__ = ["TEXT_CHARSET", "MAX_TEXT", "observation_space", "text_space", "clean_text", "text_of"]

# gymnasium's Text space defaults to alphanumerics only; observations need prose, symbols and the
# few non-ASCII glyphs arenas draw in words (suits, arrows, operators).
TEXT_CHARSET = frozenset(string.printable + "♠♥♦♣×÷−·•→←↑↓✓✗°±≤≥…–—‘’“”█▒░○●◯⬤")
MAX_TEXT = 8192
_CHARSET_STR = "".join(sorted(TEXT_CHARSET))


def text_space(max_length: int = MAX_TEXT) -> spaces.Text:
    return spaces.Text(max_length=max_length, min_length=0, charset=_CHARSET_STR)


def observation_space(height: int, width: int, extra: dict[str, spaces.Space] | None = None) -> spaces.Dict:
    """The Dict space every arena declares: image, text, and any ``extra`` keys."""
    members: dict[str, spaces.Space] = {
        "image": spaces.Box(0, 255, (height, width, 3), np.uint8),
        "text": text_space(),
    }
    members.update(extra or {})
    return spaces.Dict(members)


def clean_text(text: Any, max_length: int = MAX_TEXT) -> str:
    """Make ``text`` a member of the text space: unknown characters become '?', length is capped."""
    text = str(text)
    if not TEXT_CHARSET.issuperset(text):
        text = "".join(ch if ch in TEXT_CHARSET else "?" for ch in text)
    if len(text) > max_length:
        text = text[: max_length - 3] + "..."
    return text


def text_of(observation: Any) -> str | None:
    """The ``text`` of an observation dict, or ``None`` for anything else (a terminal ``None``, a native array)."""
    return observation.get("text") if isinstance(observation, dict) else None
