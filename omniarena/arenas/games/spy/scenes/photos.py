"""Scenes from your own images: any directory of PNG/JPEG/BMP/GIF/WebP files (``images=``).

Each game picks one image (centre-cropped and resized to the scene size); the spy's copy is edited in
one rectangular region: ``recolor`` (hue turned), ``blur``, ``remove`` (filled in from the pixels around
it) or ``mirror`` (flipped left to right). The edit and its box are recorded in the difference. Difficulty
sets the region's size (45%, 33% or 22% of each side) and the strength of recolouring and blurring. An
edit that barely changes the pixels (a mirror of a symmetric patch) is drawn again elsewhere.

Facts are read from the pixels: the dominant named colour of each ninth of the image and whether it is
detailed or smooth, so the heuristic players and the clue analysis work on any photograph.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageFilter

from omniarena.arenas.games.spy.scenes.base import COLORS, Scene, ScenePair, Vocabulary, check_difficulty, pick
from omniarena.arenas.games.spy.scenes.shapes import REGIONS

__all__ = ["EDITS", "Photo", "PhotosSource"]

EDITS = ("recolor", "blur", "remove", "mirror")
SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp")
DIFFICULTY: dict[str, dict[str, Any]] = {
    "easy": {"region": 0.45, "hue": 110, "blur": 6},
    "medium": {"region": 0.33, "hue": 80, "blur": 4},
    "hard": {"region": 0.22, "hue": 45, "blur": 3},
}
HEIGHT, WIDTH = 240, 320
PALETTE = {**COLORS, "white": (245, 245, 245), "gray": (128, 128, 128), "black": (20, 20, 20), "brown": (120, 75, 40)}
_MIN_CHANGE = 10.0  # mean absolute pixel change inside the box for an edit to count
_DETAIL = 14.0  # mean absolute gradient above which a region is "detailed"
_PALETTE_RGB = np.array(list(PALETTE.values()), dtype=np.float32)
_PALETTE_NAMES = tuple(PALETTE)


@dataclass(frozen=True)
class Photo:
    """An image file and the edit applied to it: ``edit`` is ``(kind, (x0, y0, x1, y1), strength)`` or ``None``."""

    path: str
    edit: tuple[str, tuple[int, int, int, int], int] | None = None


def _vocabulary() -> Vocabulary:
    phrases = [f"the {region} is mostly {color}" for region in REGIONS for color in PALETTE]
    phrases += [f"the {region} is {texture}" for region in REGIONS for texture in ("detailed", "smooth")]
    return Vocabulary(phrases)


VOCABULARY = _vocabulary()


def list_images(directory: str | Path) -> tuple[str, ...]:
    root = Path(directory).expanduser()
    if not root.is_dir():
        raise ValueError(f"images={str(directory)!r} is not a directory; pass a folder of PNG or JPEG files")
    files = tuple(sorted(str(p) for p in root.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()))
    if not files:
        raise ValueError(
            f"images={str(directory)!r} holds no image ({', '.join(SUFFIXES)}); add some or pick another folder"
        )
    return files


@lru_cache(maxsize=64)
def _load(path: str) -> np.ndarray:
    """The image centre-cropped to the scene's aspect ratio and resized to it (read-only)."""
    with Image.open(path) as raw:
        image = raw.convert("RGB")
    w, h = image.size
    scale = min(w / WIDTH, h / HEIGHT)
    cw, ch = WIDTH * scale, HEIGHT * scale
    box = ((w - cw) / 2, (h - ch) / 2, (w + cw) / 2, (h + ch) / 2)
    array = np.asarray(image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS, box=box), dtype=np.uint8)
    array.flags.writeable = False
    return array


def _edit(image: np.ndarray, kind: str, box: tuple[int, int, int, int], strength: int) -> np.ndarray:
    x0, y0, x1, y1 = box
    out = image.copy()
    patch = Image.fromarray(image[y0:y1, x0:x1])
    if kind == "recolor":
        hsv = np.asarray(patch.convert("HSV"), dtype=np.uint8).copy()
        hsv[..., 0] = (hsv[..., 0].astype(np.int32) + strength) % 256
        hsv[..., 1] = np.maximum(hsv[..., 1], 90)  # grey patches need some saturation to show a hue at all
        out[y0:y1, x0:x1] = np.asarray(Image.fromarray(hsv, "HSV").convert("RGB"))
    elif kind == "blur":
        out[y0:y1, x0:x1] = np.asarray(patch.filter(ImageFilter.GaussianBlur(strength)))
    elif kind == "remove":
        # filled in from its borders (each row blends its left and right edge pixels, each column its top and
        # bottom ones): what lay inside is gone, the background around it runs on
        left, right = image[y0:y1, x0].astype(np.float32), image[y0:y1, x1 - 1].astype(np.float32)
        top, bottom = image[y0, x0:x1].astype(np.float32), image[y1 - 1, x0:x1].astype(np.float32)
        u = np.linspace(0.0, 1.0, x1 - x0, dtype=np.float32)[None, :, None]
        v = np.linspace(0.0, 1.0, y1 - y0, dtype=np.float32)[:, None, None]
        rows = left[:, None] * (1 - u) + right[:, None] * u
        columns = top[None] * (1 - v) + bottom[None] * v
        out[y0:y1, x0:x1] = ((rows + columns) / 2).astype(np.uint8)
    elif kind == "mirror":
        out[y0:y1, x0:x1] = image[y0:y1, x0:x1][:, ::-1]
    else:
        raise ValueError(f"unknown edit {kind!r}; use one of {', '.join(EDITS)}")
    return out


@lru_cache(maxsize=128)
def _draw(photo: Photo) -> np.ndarray:
    image = _load(photo.path)
    if photo.edit is not None:
        image = _edit(image, *photo.edit)
        image.flags.writeable = False
    return image


def facts_of(image: np.ndarray) -> frozenset[int]:
    """The vocabulary statements the pixels support: each ninth's nearest named colour and its texture."""
    found = set()
    gray = image.astype(np.float32).mean(axis=2)
    for index, region in enumerate(REGIONS):
        row, col = divmod(index, 3)
        ys, xs = slice(row * HEIGHT // 3, (row + 1) * HEIGHT // 3), slice(col * WIDTH // 3, (col + 1) * WIDTH // 3)
        mean = image[ys, xs].reshape(-1, 3).astype(np.float32).mean(axis=0)
        color = _PALETTE_NAMES[int(np.argmin(((_PALETTE_RGB - mean) ** 2).sum(axis=1)))]
        cell = gray[ys, xs]
        detail = (np.abs(np.diff(cell, axis=0)).mean() + np.abs(np.diff(cell, axis=1)).mean()) / 2
        texture = "detailed" if detail > _DETAIL else "smooth"
        for phrase in (f"the {region} is mostly {color}", f"the {region} is {texture}"):
            found.add(VOCABULARY.lookup(phrase))
    return frozenset(i for i in found if i is not None)


def describe(image: np.ndarray) -> str:
    """The image in words, from its facts (what a text-only player is told it sees)."""
    return "; ".join(VOCABULARY.phrases[i] for i in sorted(facts_of(image))) + "."


class PhotosSource:
    """Scene pairs from the images in ``directory``; ``changes`` limits the kinds of edit."""

    name = "images"
    vocabulary = VOCABULARY
    image_shape = (HEIGHT, WIDTH)

    def __init__(self, directory: str | Path, difficulty: str = "medium", changes: tuple[str, ...] = EDITS) -> None:
        self.difficulty = check_difficulty(difficulty)
        unknown = sorted(set(changes) - set(EDITS))
        if unknown or not changes:
            raise ValueError(f"changes={changes!r}; pick from {', '.join(EDITS)}")
        self.changes = tuple(changes)
        self.files = list_images(directory)
        self.knobs = DIFFICULTY[difficulty]

    def generate(self, rng: np.random.Generator) -> ScenePair:
        path = pick(rng, self.files)
        original = _load(path)
        bw, bh = int(WIDTH * self.knobs["region"]), int(HEIGHT * self.knobs["region"])
        edit: tuple[str, tuple[int, int, int, int], int] = ("recolor", (0, 0, bw, bh), int(self.knobs["hue"]))
        for _ in range(12):
            kind = pick(rng, self.changes)
            x0, y0 = int(rng.integers(0, WIDTH - bw + 1)), int(rng.integers(0, HEIGHT - bh + 1))
            strength = int(self.knobs["blur"] if kind == "blur" else self.knobs["hue"])
            edit = (kind, (x0, y0, x0 + bw, y0 + bh), strength)
            patch = _edit(original, *edit)[y0 : y0 + bh, x0 : x0 + bw].astype(np.int16)
            if np.abs(patch - original[y0 : y0 + bh, x0 : x0 + bw]).mean() >= _MIN_CHANGE:
                break
        civilian, spy = Photo(path), Photo(path, edit)
        kind, box, strength = edit
        difference = {
            "source": self.name,
            "attribute": kind,
            "image": Path(path).name,
            "box": list(box),
            "strength": strength,
        }
        return ScenePair(self.scene(civilian), self.scene(spy), difference)

    def scene(self, photo: Photo) -> Scene:
        image = _draw(photo)
        return Scene(photo, facts_of(image), describe(image))

    def draw(self, scene: Scene) -> np.ndarray:
        return _draw(scene.content)
