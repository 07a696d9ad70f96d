"""Prompt pieces shared by the model agents: the system prompt, the image as PNG, the user message.

The action section of every prompt is the arena's own ``ActionSet.describe()``, so what a model is told
and what the parser accepts come from one definition.
"""

from __future__ import annotations

import base64
import io
from typing import Any

import numpy as np
from PIL import Image

from omniarena.agents.base import arena_of, takes_text
from omniarena.core.actions import ActionSet

__all__ = [
    "action_set_of",
    "arena_name",
    "encode_png",
    "png_data_url",
    "require_text_mode",
    "system_prompt",
    "user_message",
]

# Level 1 is several times faster than the default and a model reads the same pixels.
_PNG_COMPRESS_LEVEL = 1


def action_set_of(env: Any) -> ActionSet:
    """The arena's :class:`ActionSet` (the single source of the action text)."""
    return arena_of(env).action_set


def arena_name(env: Any, arena_id: str | None = None) -> str:
    """``arena_id``, else the registered id of ``env`` (Gymnasium envs carry it), else the arena's class name."""
    spec = getattr(env, "spec", None)
    return arena_id or getattr(spec, "id", None) or type(arena_of(env)).__name__


def require_text_mode(env: Any, player: str | None, agent: str) -> None:
    """Fail early when ``env`` expects native actions: model agents answer in text."""
    space = getattr(env, "action_space", None)
    if player is None and callable(space):  # a PettingZoo env built without a seat: nothing to check
        return
    if not takes_text(env, player):
        raise ValueError(
            f"the {agent} agent answers in text; make the arena with action_mode='text' (the default), "
            "not action_mode='native'"
        )


def system_prompt(
    env: Any,
    player: str | None = None,
    role: str | None = None,
    with_image: bool = True,
    arena_id: str | None = None,
) -> str:
    """A short role line naming the arena (``arena_id``, see :func:`arena_name`), then its ``describe()`` text.

    ``role`` replaces the default role line (e.g. a persona for self-play); the action section is always
    the arena's own.
    """
    if role is None:
        seat = f" as {player}" if player else ""
        seen = "a text description and an image" if with_image else "a text description"
        role = (
            f"You are playing the game {arena_name(env, arena_id)}{seat}. Each turn you get the current state as {seen}; "
            "reply with your next action."
        )
    return f"{role}\n\n{action_set_of(env).describe()}"


def encode_png(image: np.ndarray) -> str:
    """``image`` (HxWx3 uint8) as base64-encoded PNG text."""
    buffer = io.BytesIO()
    Image.fromarray(np.asarray(image, dtype=np.uint8)).save(buffer, format="PNG", compress_level=_PNG_COMPRESS_LEVEL)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def png_data_url(image: np.ndarray) -> str:
    """``image`` as a ``data:image/png;base64,...`` URL (what OpenAI-compatible vision endpoints read)."""
    return f"data:image/png;base64,{encode_png(image)}"


def user_message(observation: dict[str, Any], include_image: bool = True) -> dict[str, Any]:
    """The chat message for one observation: its text, plus the image as a PNG data URL part."""
    text = str(observation.get("text", ""))
    image = observation.get("image") if include_image else None
    if image is None:
        return {"role": "user", "content": text}
    return {
        "role": "user",
        "content": [
            {"type": "text", "text": text},
            {"type": "image_url", "image_url": {"url": png_data_url(image)}},
        ],
    }
