"""The wire models of a served arena (OpenEnv ``Action`` / ``Observation`` subclasses) and their encoding.

An action is ``{"text": "..."}`` (a model's reply, parsed by the arena's action set) or ``{"native": ...}`` (a
native action, checked against the arena's space). An observation carries ``text``, the image as base64 JPEG or
PNG with its size (left out under ``observe="text"``), ``action_mask`` where the arena has one, ``reward``,
``done`` and ``metadata`` (the step's ``info``, ``info["action"]`` included).
"""

from __future__ import annotations

import base64
import io
from typing import Any

import numpy as np
from openenv.core.env_server.types import Action, Observation
from PIL import Image
from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

IMAGE_FORMATS = ("jpeg", "png")


class ArenaAction(Action):
    """One move: ``text`` (free text from a model) or ``native`` (an action of the arena's native space)."""

    text: str | None = Field(default=None, description="a model's reply, parsed by the arena's action set")
    native: Any = Field(default=None, description="a native action (int, list or dict), checked against the space")

    @model_validator(mode="after")
    def _one_of(self) -> ArenaAction:
        if (self.text is None) == (self.native is None):
            # a PydanticCustomError (not a ValueError) keeps OpenEnv's error reply serializable
            raise PydanticCustomError("one_of", 'an action is {"text": "..."} or {"native": ...}, exactly one of them')
        return self


class ArenaObservation(Observation):
    """What one seat sees: the arena's text and image, and its action mask where it has one."""

    text: str = Field(default="", description="the arena's text observation")
    image: str | None = Field(default=None, description="base64 JPEG or PNG; absent under observe='text'")
    image_format: str | None = Field(default=None, description="'jpeg' or 'png'")
    width: int | None = Field(default=None, description="image width in pixels")
    height: int | None = Field(default=None, description="image height in pixels")
    action_mask: list[int] | None = Field(
        default=None, description="legal native actions (1) where the arena has a mask"
    )
    seat: str | None = Field(default=None, description="the seat this session plays in a multi-agent arena")


def encode_image(image: np.ndarray, image_format: str, quality: int = 90) -> str:
    """An H x W x 3 uint8 array as base64 JPEG or PNG text."""
    buffer = io.BytesIO()
    picture = Image.fromarray(np.ascontiguousarray(image, dtype=np.uint8))
    if image_format == "jpeg":
        picture.save(buffer, format="JPEG", quality=quality)
    else:
        picture.save(buffer, format="PNG", compress_level=1)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def decode_image(data: str) -> np.ndarray:
    """The inverse of :func:`encode_image`: an H x W x 3 uint8 array."""
    with Image.open(io.BytesIO(base64.b64decode(data))) as picture:
        return np.asarray(picture.convert("RGB"), dtype=np.uint8).copy()


def to_jsonable(value: Any) -> Any:
    """``info`` values made JSON-safe (numpy scalars and arrays become numbers and lists)."""
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(value)


def observation_model(
    obs: dict[str, Any],
    reward: float,
    done: bool,
    info: dict[str, Any],
    observe: str = "both",
    image_format: str = "jpeg",
    seat: str | None = None,
) -> ArenaObservation:
    """An arena's observation dict and step result as the wire model."""
    fields: dict[str, Any] = {"text": str(obs.get("text", ""))}
    if observe != "text" and "image" in obs:
        image = obs["image"]
        fields.update(
            image=encode_image(image, image_format),
            image_format=image_format,
            height=int(image.shape[0]),
            width=int(image.shape[1]),
        )
    if "action_mask" in obs:
        fields["action_mask"] = [int(v) for v in np.asarray(obs["action_mask"]).ravel()]
    return ArenaObservation(
        **fields, seat=seat, reward=float(reward), done=bool(done), metadata=to_jsonable(dict(info))
    )


def observation_dict(payload: dict[str, Any]) -> dict[str, Any]:
    """A wire observation (the ``observation`` part of a response) as an arena's observation dict."""
    obs: dict[str, Any] = {"text": payload.get("text", "")}
    if payload.get("image"):
        obs["image"] = decode_image(payload["image"])
    elif payload.get("height") and payload.get("width"):
        obs["image"] = np.zeros((payload["height"], payload["width"], 3), dtype=np.uint8)
    if payload.get("action_mask") is not None:
        obs["action_mask"] = np.asarray(payload["action_mask"], dtype=np.int8)
    return obs
