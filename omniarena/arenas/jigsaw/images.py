"""Where jigsaw pictures come from: the bundled photos, procedural pictures, or the user's own.

``images=`` takes ``"bundled"`` (eight public-domain / CC0 photos from scikit-image's sample data, see
``omniarena/assets/jigsaw/LICENSE.txt``), ``"procedural"`` (a new picture from every seed: smooth colour
fields with shapes and stripes, so borders carry information), a directory (every PNG/JPEG/BMP/WebP in it,
sorted by name), a file path, an ``HxWx3`` (or ``HxW``) uint8 array, or a list of paths and arrays.
Pictures are decoded once, when the arena is built; each is centre-cropped to the board's aspect ratio
and resized once per board size.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

__all__ = ["BUNDLED", "ImageSource", "procedural_image", "fit"]

ASSETS = Path(__file__).resolve().parents[2] / "assets" / "jigsaw"
BUNDLED = ("astronaut", "chelsea", "coffee", "hubble_deep_field", "rocket", "camera", "coins", "ihc")
SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".webp"}
MIN_PIXELS = 16  # a picture smaller than this on a side cannot be cut


@lru_cache(maxsize=len(BUNDLED))
def _bundled(name: str) -> np.ndarray:
    image = _decode(ASSETS / f"{name}.jpg")
    image.flags.writeable = False
    return image


def _decode(path: Path) -> np.ndarray:
    try:
        with Image.open(path) as handle:
            return np.asarray(handle.convert("RGB"), dtype=np.uint8)
    except (OSError, ValueError) as exc:
        raise ValueError(f"images: cannot read {path} as a picture ({exc})") from None


def _as_rgb(array: Any, where: str) -> np.ndarray:
    image = np.asarray(array)
    if image.ndim == 2:
        image = np.repeat(image[:, :, None], 3, axis=2)
    if image.ndim != 3 or image.shape[2] not in (3, 4) or image.dtype != np.uint8:
        raise ValueError(f"images: {where} must be an HxWx3 (or HxW) uint8 array, got {image.dtype} {image.shape}")
    if min(image.shape[:2]) < MIN_PIXELS:
        raise ValueError(f"images: {where} is {image.shape[1]}x{image.shape[0]}, at least {MIN_PIXELS} px a side")
    return np.ascontiguousarray(image[:, :, :3])


def fit(image: np.ndarray, height: int, width: int) -> np.ndarray:
    """``image`` centre-cropped to the aspect ratio ``width:height`` and resized to exactly that size."""
    h, w = image.shape[:2]
    if w * height > h * width:  # too wide: cut the sides
        crop = max(1, round(h * width / height))
        x = (w - crop) // 2
        image = image[:, x : x + crop]
    else:
        crop = max(1, round(w * height / width))
        y = (h - crop) // 2
        image = image[y : y + crop]
    if image.shape[:2] == (height, width):
        return np.ascontiguousarray(image)
    return np.asarray(Image.fromarray(image).resize((width, height), Image.Resampling.BILINEAR), dtype=np.uint8)


def procedural_image(seed: int, height: int, width: int) -> np.ndarray:
    """A picture drawn from ``seed``: a smooth colour field, blobs, rectangles and stripes."""
    full_height, full_width = height, width
    height, width = max(MIN_PIXELS, height // 2), max(MIN_PIXELS, width // 2)  # drawn at half size, then scaled
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    y /= height
    x /= width
    image = np.zeros((height, width, 3), np.float32)
    for channel in range(3):  # a few low-frequency waves per channel
        for _ in range(3):
            fx, fy = rng.uniform(0.5, 3.0, size=2)
            phase = rng.uniform(0, 2 * np.pi)
            image[:, :, channel] += np.sin(2 * np.pi * (fx * x + fy * y) + phase)
    image = (image - image.min()) / max(float(np.ptp(image)), 1e-6) * 200 + 25
    for _ in range(int(rng.integers(4, 9))):  # discs
        cy, cx, radius = rng.uniform(0, 1), rng.uniform(0, 1), rng.uniform(0.05, 0.25)
        inside = (y - cy) ** 2 + (x - cx) ** 2 < radius**2
        image[inside] = rng.uniform(0, 255, size=3)
    for _ in range(int(rng.integers(2, 5))):  # rectangles
        y0, x0 = rng.uniform(0, 0.8, size=2)
        y1, x1 = y0 + rng.uniform(0.1, 0.4), x0 + rng.uniform(0.1, 0.4)
        inside = (y >= y0) & (y < y1) & (x >= x0) & (x < x1)
        image[inside] = rng.uniform(0, 255, size=3)
    angle = rng.uniform(0, np.pi)
    stripes = np.sin((np.cos(angle) * x + np.sin(angle) * y) * rng.uniform(8, 20) * np.pi) > 0.6
    image[stripes] = image[stripes] * 0.6 + rng.uniform(0, 255, size=3) * 0.4
    small = Image.fromarray(image.clip(0, 255).astype(np.uint8))
    return np.asarray(small.resize((full_width, full_height), Image.Resampling.BILINEAR), dtype=np.uint8)


class ImageSource:
    """The pictures one arena draws from; ``pick(rng, height, width)`` gives a picture of the board's size."""

    def __init__(self, images: Any = "bundled") -> None:
        self.procedural = isinstance(images, str) and images == "procedural"
        self.pictures: list[np.ndarray] = []
        self.names: list[str] = []
        self._sized: dict[tuple[int, int, int], np.ndarray] = {}
        if self.procedural:
            self.description = "procedural pictures (a new one from every seed)"
            return
        if isinstance(images, str) and images == "bundled":
            for name in BUNDLED:
                self.pictures.append(_bundled(name))
                self.names.append(name)
            self.description = f"{len(BUNDLED)} bundled photos"
            return
        entries = [images] if isinstance(images, (str, Path, np.ndarray)) else images
        if not isinstance(entries, Sequence) or not entries:
            raise ValueError(
                "images= takes 'bundled', 'procedural', a directory, a file, an array, or a non-empty list of files and arrays"
            )
        for index, entry in enumerate(entries):
            if isinstance(entry, (str, Path)):
                self._add_path(Path(entry))
            else:
                self.pictures.append(_as_rgb(entry, f"entry {index}"))
                self.names.append(f"array {index}")
        self.description = f"{len(self.pictures)} user pictures"

    def _add_path(self, path: Path) -> None:
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES)
            if not files:
                raise ValueError(f"images: {path} holds no picture ({', '.join(sorted(SUFFIXES))})")
            for file in files:
                self._add_path(file)
        elif path.is_file():
            self.pictures.append(_as_rgb(_decode(path), str(path)))
            self.names.append(path.name)
        else:
            raise ValueError(f"images: {path} is neither a file nor a directory")

    def __len__(self) -> int:
        return len(self.pictures)

    def pick(
        self, rng: np.random.Generator, height: int, width: int, index: int | None = None
    ) -> tuple[np.ndarray, str]:
        """(picture resized to ``height`` x ``width``, its name), drawn from ``rng`` unless ``index`` is given."""
        if self.procedural:
            seed = int(rng.integers(2**31)) if index is None else int(index)
            return procedural_image(seed, height, width), f"procedural #{seed}"
        if index is None:
            index = int(rng.integers(len(self.pictures)))
        if not 0 <= index < len(self.pictures):
            raise ValueError(f"image index {index} is out of range 0..{len(self.pictures) - 1}")
        cache = self._sized
        key = (index, height, width)
        if key not in cache:
            picture = fit(self.pictures[index], height, width)
            picture.flags.writeable = False
            cache[key] = picture
        return cache[key], self.names[index]
