"""Scene sources for Who is the Spy: ``shapes`` (CLEVR-like), ``charts`` (bar and line) and ``images`` (yours)."""

from __future__ import annotations

from pathlib import Path

from omniarena.arenas.games.spy.scenes.base import DIFFICULTIES, Scene, ScenePair, Source, Vocabulary
from omniarena.arenas.games.spy.scenes.charts import ChartsSource
from omniarena.arenas.games.spy.scenes.photos import PhotosSource
from omniarena.arenas.games.spy.scenes.shapes import ShapesSource

__all__ = ["DIFFICULTIES", "SOURCES", "Scene", "ScenePair", "Source", "Vocabulary", "make_source"]

SOURCES = ("shapes", "charts", "images")


def make_source(
    scenes: str = "shapes",
    difficulty: str = "medium",
    changes: tuple[str, ...] | None = None,
    images: str | Path | None = None,
) -> Source:
    """The scene source named ``scenes``; ``images=DIR`` selects (and is required by) the ``images`` source."""
    if images is not None and scenes == "shapes":
        scenes = "images"  # images= alone means "play on my pictures"
    if scenes not in SOURCES:
        raise ValueError(f"scenes={scenes!r}; use one of {', '.join(SOURCES)} (images= needs a folder)")
    extra = {} if changes is None else {"changes": tuple(changes)}
    if scenes == "images":
        if images is None:
            raise ValueError("scenes='images' needs images=<a folder of PNG or JPEG files>")
        return PhotosSource(images, difficulty, **extra)
    if images is not None:
        raise ValueError(f"images= is only read by scenes='images', not scenes={scenes!r}")
    return (ShapesSource if scenes == "shapes" else ChartsSource)(difficulty, **extra)
