"""Chart scenes: bar and line charts of seeded data, drawn with Pillow.

A chart has 4-7 categories (fruit names) and one series (bars) or one or two series (lines) with
integer values 0-9. The spy's chart differs in one ``value`` (one point of one series), one ``label``
(a category renamed) or one ``series`` (drawn in another colour). Difficulty sets the number of
categories and how far a changed value moves (by 1 on "hard", by 3 or more otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import numpy as np
from PIL import Image, ImageDraw

from omniarena.arenas.games.spy.scenes.base import COLORS, Scene, ScenePair, Vocabulary, check_difficulty, pick
from omniarena.core.draw import font

__all__ = ["ATTRIBUTES", "Chart", "ChartsSource"]

ATTRIBUTES = ("value", "label", "series")
KINDS = ("bar", "line")
LABELS = ("apple", "banana", "cherry", "grape", "kiwi", "lemon", "mango", "melon", "olive", "peach", "pear", "plum")
TOP = 9  # values are 0..TOP
DIFFICULTY: dict[str, dict[str, Any]] = {
    "easy": {"categories": (4, 4), "delta": 3},
    "medium": {"categories": (5, 6), "delta": 3},
    "hard": {"categories": (6, 7), "delta": 1},
}
HEIGHT, WIDTH = 240, 320
_LEFT, _RIGHT, _TOP, _BOTTOM = 34, 12, 30, 34  # plot margins
_BACKGROUND = (250, 250, 248)
_AXIS = (60, 60, 60)
_GRID = (222, 222, 222)


@dataclass(frozen=True)
class Chart:
    """A chart: its ``kind``, category ``labels`` and ``series`` as (colour name, values) pairs."""

    kind: str
    labels: tuple[str, ...]
    series: tuple[tuple[str, tuple[int, ...]], ...]

    def words(self) -> str:
        parts = [
            f"{color} series: "
            + ", ".join(f"{label} {value}" for label, value in zip(self.labels, values, strict=True))
            for color, values in self.series
        ]
        return f"a {self.kind} chart; " + "; ".join(parts)


def _vocabulary() -> Vocabulary:
    phrases = [f"a {kind} chart" for kind in KINDS]
    phrases += [f"a {color} series" for color in COLORS]
    phrases += [f"{label} is shown" for label in LABELS]
    phrases += [f"{label} is highest" for label in LABELS] + [f"{label} is lowest" for label in LABELS]
    phrases += [f"{color} {label} is {v}" for color in COLORS for label in LABELS for v in range(TOP + 1)]
    return Vocabulary(phrases)


VOCABULARY = _vocabulary()


class ChartsSource:
    """Chart scene pairs at ``difficulty``; ``changes`` limits what the spy's chart may differ in."""

    name = "charts"
    vocabulary = VOCABULARY
    image_shape = (HEIGHT, WIDTH)

    def __init__(self, difficulty: str = "medium", changes: tuple[str, ...] = ATTRIBUTES) -> None:
        self.difficulty = check_difficulty(difficulty)
        unknown = sorted(set(changes) - set(ATTRIBUTES))
        if unknown or not changes:
            raise ValueError(f"changes={changes!r}; pick from {', '.join(ATTRIBUTES)}")
        self.changes = tuple(changes)
        self.categories = DIFFICULTY[difficulty]["categories"]
        self.delta = int(DIFFICULTY[difficulty]["delta"])

    def generate(self, rng: np.random.Generator) -> ScenePair:
        kind = pick(rng, KINDS)
        count = int(rng.integers(self.categories[0], self.categories[1] + 1))
        labels = tuple(LABELS[i] for i in sorted(rng.permutation(len(LABELS))[:count]))
        colors = [str(c) for c in rng.permutation(list(COLORS))[: 1 if kind == "bar" else int(rng.integers(1, 3))]]
        series = tuple((c, tuple(int(v) for v in rng.integers(0, TOP + 1, count))) for c in colors)
        civilian = Chart(kind, labels, series)
        attribute = pick(rng, self.changes)
        spy, difference = self._change(rng, civilian, attribute)
        return ScenePair(
            self.scene(civilian), self.scene(spy), {"source": self.name, "attribute": attribute, **difference}
        )

    def scene(self, chart: Chart) -> Scene:
        return Scene(chart, self.facts(chart), chart.words() + ".")

    def facts(self, chart: Chart) -> frozenset[int]:
        lookup = VOCABULARY.lookup
        found = [lookup(f"a {chart.kind} chart")]
        found += [lookup(f"{label} is shown") for label in chart.labels]
        first = chart.series[0][1]
        found += [
            lookup(f"{label} is highest") for label, v in zip(chart.labels, first, strict=True) if v == max(first)
        ]
        found += [lookup(f"{label} is lowest") for label, v in zip(chart.labels, first, strict=True) if v == min(first)]
        for color, values in chart.series:
            found.append(lookup(f"a {color} series"))
            found += [lookup(f"{color} {label} is {v}") for label, v in zip(chart.labels, values, strict=True)]
        return frozenset(i for i in found if i is not None)

    def draw(self, scene: Scene) -> np.ndarray:
        return _draw(scene.content)

    def _change(self, rng: np.random.Generator, chart: Chart, attribute: str) -> tuple[Chart, dict[str, Any]]:
        if attribute == "label":
            index = int(rng.integers(len(chart.labels)))
            new = pick(rng, tuple(label for label in LABELS if label not in chart.labels))
            labels = chart.labels[:index] + (new,) + chart.labels[index + 1 :]
            return replace(chart, labels=labels), {"category": index, "from": chart.labels[index], "to": new}
        which = int(rng.integers(len(chart.series)))
        color, values = chart.series[which]
        if attribute == "series":
            used = {c for c, _ in chart.series}
            new_color = pick(rng, tuple(c for c in COLORS if c not in used))
            series = chart.series[:which] + ((new_color, values),) + chart.series[which + 1 :]
            return replace(chart, series=series), {"series": which, "from": color, "to": new_color}
        index = int(rng.integers(len(values)))
        old = values[index]
        options = [v for v in range(TOP + 1) if (abs(v - old) == 1 if self.delta == 1 else abs(v - old) >= self.delta)]
        new_value = pick(rng, options)
        changed = values[:index] + (new_value,) + values[index + 1 :]
        series = chart.series[:which] + ((color, changed),) + chart.series[which + 1 :]
        difference = {"series": which, "category": index, "label": chart.labels[index], "from": old, "to": new_value}
        return replace(chart, series=series), difference


@lru_cache(maxsize=256)
def _draw(chart: Chart) -> np.ndarray:
    image = Image.new("RGB", (WIDTH, HEIGHT), _BACKGROUND)
    draw = ImageDraw.Draw(image)
    x0, y0, x1, y1 = _LEFT, _TOP, WIDTH - _RIGHT, HEIGHT - _BOTTOM
    step = (y1 - y0) / TOP
    small = font(10)
    for v in range(TOP + 1):
        y = y1 - v * step
        draw.line((x0, y, x1, y), fill=_GRID)
        draw.text((x0 - 6, y), str(v), fill=_AXIS, font=small, anchor="rm")
    draw.line((x0, y0, x0, y1), fill=_AXIS, width=2)
    draw.line((x0, y1, x1, y1), fill=_AXIS, width=2)
    slot = (x1 - x0) / len(chart.labels)
    centres = [x0 + slot * (i + 0.5) for i in range(len(chart.labels))]
    for x, label in zip(centres, chart.labels, strict=True):
        draw.text((x, y1 + 6), label, fill=_AXIS, font=small, anchor="mt")
    for color, values in chart.series:
        rgb = COLORS[color]
        points = [(x, y1 - v * step) for x, v in zip(centres, values, strict=True)]
        if chart.kind == "bar":
            half = slot * 0.32
            for x, y in points:
                draw.rectangle((x - half, min(y, y1 - 2), x + half, y1 - 1), fill=rgb, outline=_AXIS)
        else:
            draw.line(points, fill=rgb, width=3)
            for x, y in points:
                draw.ellipse((x - 4, y - 4, x + 4, y + 4), fill=rgb, outline=_AXIS)
    legend_x = x0 + 4
    for color, _ in chart.series:  # a swatch and the colour's name per series, above the plot
        draw.rectangle((legend_x, 9, legend_x + 12, 21), fill=COLORS[color], outline=_AXIS)
        draw.text((legend_x + 16, 15), color, fill=_AXIS, font=font(12), anchor="lm")
        legend_x += 90
    array = np.asarray(image, dtype=np.uint8)
    array.flags.writeable = False
    return array
