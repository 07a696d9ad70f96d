"""Shapes scenes (CLEVR-like): coloured shapes of three sizes on a 3x3 layout, drawn with Pillow.

The spy's scene differs from the civilians' in one attribute of one object: its ``color``, ``shape``,
``size`` or ``position`` (another cell), or the ``count`` of objects (one added or removed). Difficulty
sets how many objects there are and how subtle the change is: a near colour (red -> orange), a near
shape (square -> diamond), one size step and a neighbouring cell on "hard"; clearly different values
otherwise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any

import numpy as np
from PIL import Image, ImageDraw

from omniarena.arenas.games.spy.scenes.base import COLORS, Scene, ScenePair, Vocabulary, check_difficulty, pick

__all__ = ["ATTRIBUTES", "Obj", "ShapesSource"]

ATTRIBUTES = ("color", "shape", "size", "position", "count")
SHAPES = ("circle", "square", "triangle", "diamond", "hexagon", "star")
SIZES = ("small", "medium", "large")
REGIONS = ("top left", "top", "top right", "left", "centre", "right", "bottom left", "bottom", "bottom right")
# Near neighbours for subtle changes; a clear change picks a value outside these.
NEAR_COLORS = {
    "red": ("orange", "pink"),
    "orange": ("red", "yellow"),
    "yellow": ("orange",),
    "green": ("teal",),
    "teal": ("green", "blue"),
    "blue": ("teal", "purple"),
    "purple": ("blue", "pink"),
    "pink": ("purple", "red"),
}
NEAR_SHAPES = {
    "circle": ("hexagon",),
    "hexagon": ("circle",),
    "square": ("diamond",),
    "diamond": ("square",),
    "triangle": ("star",),
    "star": ("triangle",),
}
# Difficulty: how many objects, and whether changes are subtle.
DIFFICULTY: dict[str, dict[str, Any]] = {
    "easy": {"objects": (3, 4), "subtle": False},
    "medium": {"objects": (4, 6), "subtle": False},
    "hard": {"objects": (6, 8), "subtle": True},
}
HEIGHT, WIDTH = 240, 320
_CELL_H, _CELL_W = HEIGHT // 3, WIDTH // 3
_RADIUS = {"small": 13, "medium": 20, "large": 27}
_JITTER = (_CELL_W // 2 - _RADIUS["large"] - 4, _CELL_H // 2 - _RADIUS["large"] - 4)
_BACKGROUND = (236, 236, 232)
_OUTLINE = (40, 40, 40)


@dataclass(frozen=True)
class Obj:
    """One object: what it is, the cell it stands in (0-8, row by row) and its offset inside the cell."""

    shape: str
    color: str
    size: str
    cell: int
    dx: int = 0
    dy: int = 0

    def words(self) -> str:
        return f"a {self.size} {self.color} {self.shape} at the {REGIONS[self.cell]}"


def _neighbours(cell: int) -> set[int]:
    row, col = divmod(cell, 3)
    return {
        r * 3 + c
        for r, c in ((row - 1, col), (row + 1, col), (row, col - 1), (row, col + 1))
        if 0 <= r < 3 and 0 <= c < 3
    }


def _vocabulary() -> Vocabulary:
    phrases = [f"a {color} {shape}" for color in COLORS for shape in SHAPES]
    phrases += [f"a {size} {shape}" for size in SIZES for shape in SHAPES]
    phrases += [f"a {shape} at the {region}" for shape in SHAPES for region in REGIONS]
    phrases += ["1 object"] + [f"{n} objects" for n in range(2, 10)]
    return Vocabulary(phrases)


VOCABULARY = _vocabulary()


class ShapesSource:
    """Shapes scene pairs at ``difficulty``; ``changes`` limits which attributes the spy's scene may differ in."""

    name = "shapes"
    vocabulary = VOCABULARY
    image_shape = (HEIGHT, WIDTH)

    def __init__(self, difficulty: str = "medium", changes: tuple[str, ...] = ATTRIBUTES) -> None:
        self.difficulty = check_difficulty(difficulty)
        unknown = sorted(set(changes) - set(ATTRIBUTES))
        if unknown or not changes:
            raise ValueError(f"changes={changes!r}; pick from {', '.join(ATTRIBUTES)}")
        self.changes = tuple(changes)
        self.objects = DIFFICULTY[difficulty]["objects"]
        self.subtle = bool(DIFFICULTY[difficulty]["subtle"])

    def generate(self, rng: np.random.Generator) -> ScenePair:
        count = int(rng.integers(self.objects[0], self.objects[1] + 1))
        cells = sorted(int(c) for c in rng.permutation(9)[:count])
        civilian = tuple(self._random_object(rng, cell) for cell in cells)
        attribute = pick(rng, self.changes)
        spy, difference = self._change(rng, civilian, attribute)
        return ScenePair(
            self.scene(civilian), self.scene(spy), {"source": self.name, "attribute": attribute, **difference}
        )

    def scene(self, objects: tuple[Obj, ...]) -> Scene:
        objects = tuple(sorted(objects, key=lambda o: o.cell))
        return Scene(objects, self.facts(objects), self.describe(objects))

    def facts(self, objects: tuple[Obj, ...]) -> frozenset[int]:
        lookup = VOCABULARY.lookup
        found = {lookup("1 object" if len(objects) == 1 else f"{len(objects)} objects")}
        for o in objects:
            found.add(lookup(f"a {o.color} {o.shape}"))
            found.add(lookup(f"a {o.size} {o.shape}"))
            found.add(lookup(f"a {o.shape} at the {REGIONS[o.cell]}"))
        return frozenset(i for i in found if i is not None)

    @staticmethod
    def describe(objects: tuple[Obj, ...]) -> str:
        noun = "object" if len(objects) == 1 else "objects"
        return f"{len(objects)} {noun}: " + "; ".join(o.words() for o in objects) + "."

    def draw(self, scene: Scene) -> np.ndarray:
        return _draw(scene.content)

    # --- generation -------------------------------------------------------------------------------
    @staticmethod
    def _random_object(rng: np.random.Generator, cell: int) -> Obj:
        dx = int(rng.integers(-_JITTER[0], _JITTER[0] + 1))
        dy = int(rng.integers(-_JITTER[1], _JITTER[1] + 1))
        return Obj(pick(rng, SHAPES), pick(rng, tuple(COLORS)), pick(rng, SIZES), cell, dx, dy)

    def _other(
        self, rng: np.random.Generator, value: str, values: tuple[str, ...], near: dict[str, tuple[str, ...]]
    ) -> str:
        options = near[value] if self.subtle else tuple(v for v in values if v != value and v not in near[value])
        return pick(rng, options)

    def _change(
        self, rng: np.random.Generator, objects: tuple[Obj, ...], attribute: str
    ) -> tuple[tuple[Obj, ...], dict[str, Any]]:
        index = int(rng.integers(len(objects)))
        target = objects[index]
        changed: Obj | None
        if attribute == "color":
            changed = replace(target, color=self._other(rng, target.color, tuple(COLORS), NEAR_COLORS))
        elif attribute == "shape":
            changed = replace(target, shape=self._other(rng, target.shape, SHAPES, NEAR_SHAPES))
        elif attribute == "size":
            step = SIZES.index(target.size)
            options = [s for s in range(3) if s != step and (self.subtle or abs(s - step) == 2 or step == 1)]
            if self.subtle:
                options = [s for s in options if abs(s - step) == 1]
            changed = replace(target, size=SIZES[pick(rng, options)])
        elif attribute == "position":
            free = sorted(set(range(9)) - {o.cell for o in objects})
            near = sorted(set(free) & _neighbours(target.cell))
            far = sorted(set(free) - _neighbours(target.cell))
            options = (near or free) if self.subtle else (far or free)
            changed = replace(target, cell=pick(rng, options))
        else:  # count: one object added or removed
            free = sorted(set(range(9)) - {o.cell for o in objects})
            if len(objects) > 1 and (not free or rng.random() < 0.5):
                spy = objects[:index] + objects[index + 1 :]
                return spy, {
                    "change": "removed",
                    "civilian": target.words(),
                    "spy": None,
                    "count": [len(objects), len(spy)],
                }
            added = self._random_object(rng, pick(rng, free))
            spy = objects + (added,)
            return spy, {"change": "added", "civilian": None, "spy": added.words(), "count": [len(objects), len(spy)]}
        spy = objects[:index] + (changed,) + objects[index + 1 :]
        before, after = (
            getattr(target, "cell" if attribute == "position" else attribute),
            getattr(changed, "cell" if attribute == "position" else attribute),
        )
        if attribute == "position":
            before, after = REGIONS[before], REGIONS[after]
        return spy, {
            "change": f"{before} -> {after}",
            "civilian": target.words(),
            "spy": changed.words(),
            "from": before,
            "to": after,
        }


def _points(shape: str, cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    if shape == "square":
        s = r * 0.86
        return [(cx - s, cy - s), (cx + s, cy - s), (cx + s, cy + s), (cx - s, cy + s)]
    if shape == "diamond":
        return [(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)]
    if shape == "triangle":
        return [(cx + r * math.cos(a), cy + r * math.sin(a)) for a in (-math.pi / 2, math.pi / 6, 5 * math.pi / 6)]
    if shape == "hexagon":
        return [(cx + r * math.cos(math.pi / 3 * k), cy + r * math.sin(math.pi / 3 * k)) for k in range(6)]
    if shape == "star":
        return [
            (
                cx + (r if k % 2 == 0 else r * 0.45) * math.cos(-math.pi / 2 + math.pi / 5 * k),
                cy + (r if k % 2 == 0 else r * 0.45) * math.sin(-math.pi / 2 + math.pi / 5 * k),
            )
            for k in range(10)
        ]
    raise ValueError(f"unknown shape {shape!r}")


@cache
def _sprite(shape: str, color: str, size: str) -> tuple[np.ndarray, np.ndarray]:
    """One object with its shadow, drawn once at 4x and reduced: (RGB float32, alpha float32 HxWx1)."""
    k = 4
    r = _RADIUS[size]
    side = 2 * r + 6
    image = Image.new("RGBA", (side * k, side * k), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    c, rr = side * k / 2, r * k
    # a soft shadow under each object gives the CLEVR-like depth cue without a renderer
    draw.ellipse((c - rr * 0.9, c + rr * 0.7, c + rr * 0.9, c + rr * 1.05), fill=(200, 200, 196, 255))
    if shape == "circle":
        draw.ellipse((c - rr, c - rr, c + rr, c + rr), fill=COLORS[color], outline=_OUTLINE, width=2 * k)
    else:
        draw.polygon(_points(shape, c, c, rr), fill=COLORS[color], outline=_OUTLINE, width=2 * k)
    rgba = np.asarray(image.reduce(k), dtype=np.float32)
    return rgba[..., :3], rgba[..., 3:] / 255.0


@lru_cache(maxsize=1)
def _background() -> np.ndarray:
    return np.full((HEIGHT, WIDTH, 3), _BACKGROUND, np.uint8)


@lru_cache(maxsize=256)
def _draw(objects: tuple[Obj, ...]) -> np.ndarray:
    """The scene's image (read-only; cached, since every civilian sees the same scene), from cached sprites."""
    image = _background().copy()
    for o in objects:
        rgb, alpha = _sprite(o.shape, o.color, o.size)
        row, col = divmod(o.cell, 3)
        top = int(row * _CELL_H + _CELL_H / 2 + o.dy) - rgb.shape[0] // 2
        left = int(col * _CELL_W + _CELL_W / 2 + o.dx) - rgb.shape[1] // 2
        region = image[top : top + rgb.shape[0], left : left + rgb.shape[1]]
        below = region.astype(np.float32)
        region[:] = below + alpha * (rgb - below)
    image.flags.writeable = False
    return image
