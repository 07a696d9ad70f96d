"""The observation image in a terminal: colour half-block cells, or Kitty/Sixel graphics where the terminal has them.

:func:`half_blocks` turns an ``H x W x 3`` image into rows of ``▀`` cells whose foreground is the upper pixel
and whose background is the lower one, so one terminal cell shows two square-ish pixels; it works in every
colour terminal, over SSH and inside tmux. :class:`ArenaImage` is the widget: it fits the image into its
size, keeps the aspect ratio, and turns a mouse click into the pixel under it (:class:`ArenaImage.Clicked`),
which web arenas read as ``mouse_click(x, y)``. With ``graphics=True`` and ``textual-image`` installed, a
terminal that answers the Kitty or Sixel query gets the real pixels instead (see :func:`graphics_supported`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image
from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual.events import Click
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

__all__ = ["ArenaImage", "GraphicsImage", "half_blocks", "Fit", "fit", "graphics_supported"]

UPPER_HALF = "\u2580"  # ▀: foreground paints the upper half of the cell, background the lower


@dataclass(frozen=True)
class Fit:
    """Where an image of ``width x height`` pixels sits in a box of cells: its size in cells and its offset."""

    columns: int
    rows: int
    left: int
    top: int
    scale: float  # cells per pixel horizontally (half-rows per pixel vertically)

    def pixel_at(self, x: int, y: int) -> tuple[int, int] | None:
        """The image pixel under cell (``x``, ``y``) of the box (its upper half), or ``None`` outside the image."""
        column, row = x - self.left, y - self.top
        if not (0 <= column < self.columns and 0 <= row < self.rows):
            return None
        return int((column + 0.5) / self.scale), int((2 * row + 1) / self.scale)


def fit(width: int, height: int, columns: int, rows: int, upscale: bool = True) -> Fit:
    """Fit a ``width x height`` image into ``columns x rows`` cells (two pixels per cell vertically), centred."""
    if width <= 0 or height <= 0 or columns <= 0 or rows <= 0:
        return Fit(0, 0, 0, 0, 1.0)
    scale = min(columns / width, 2 * rows / height)
    if not upscale:
        scale = min(scale, 1.0)
    cells_w = max(1, min(columns, int(width * scale)))
    cells_h = max(1, min(rows, int(height * scale / 2)))
    return Fit(cells_w, cells_h, (columns - cells_w) // 2, (rows - cells_h) // 2, scale)


@functools.lru_cache(maxsize=65536)
def _style(top: tuple[int, int, int], bottom: tuple[int, int, int]) -> Style:
    return Style(color=Color.from_rgb(*top), bgcolor=Color.from_rgb(*bottom))


class RowCache:
    """The previous picture's resized pixel rows and their segments: a move changes a few rows of a board, and
    :func:`half_blocks` turns only those into segments again."""

    def __init__(self) -> None:
        self.pixels: np.ndarray | None = None
        self.lines: list[list[Segment]] = []


def half_blocks(image: np.ndarray, columns: int, rows: int, cache: RowCache | None = None) -> list[list[Segment]]:
    """``image`` resized to ``columns x 2*rows`` pixels, as ``rows`` lines of ``▀`` segments (equal styles merged).

    With ``cache`` (the same one for the pictures of one widget), unchanged rows reuse the last segments."""
    pixels = np.asarray(Image.fromarray(_rgb(image)).resize((columns, 2 * rows), Image.Resampling.BOX))
    previous = cache.pixels if cache is not None and cache.pixels is not None else None
    if previous is not None and previous.shape == pixels.shape:
        same = np.all((pixels == previous).reshape(rows, -1), axis=1).tolist()
    else:
        same = [False] * rows
    lines = []
    for row in range(rows):
        if same[row] and cache is not None:
            lines.append(cache.lines[row])
            continue
        upper, lower = pixels[2 * row], pixels[2 * row + 1]
        pairs = np.concatenate([upper, lower], axis=1)  # columns x 6
        # Runs of equal cells become one segment: boards are mostly flat colour.
        change = np.ones(columns, dtype=bool)
        change[1:] = np.any(pairs[1:] != pairs[:-1], axis=1)
        starts = np.flatnonzero(change).tolist() + [columns]
        line = []
        for start, end in zip(starts[:-1], starts[1:], strict=True):
            r1, g1, b1, r2, g2, b2 = (int(v) for v in pairs[start])
            line.append(Segment(UPPER_HALF * (end - start), _style((r1, g1, b1), (r2, g2, b2))))
        lines.append(line)
    if cache is not None:
        cache.pixels, cache.lines = pixels, lines
    return lines


def _rgb(image: np.ndarray) -> np.ndarray:
    array = np.asarray(image)
    if array.ndim == 2:
        array = np.stack([array] * 3, axis=-1)
    if array.shape[-1] == 4:
        array = array[..., :3]
    return np.ascontiguousarray(array.astype(np.uint8, copy=False))


class ArenaImage(Widget):
    """The observation image as colour half-blocks, fitted to the widget and centred (see the module docstring)."""

    DEFAULT_CSS = """
    ArenaImage { width: 1fr; height: 1fr; }
    """

    class Clicked(Message):
        """A click on the image, at pixel (``x``, ``y``) of the observation image."""

        def __init__(self, x: int, y: int) -> None:
            super().__init__()
            self.x, self.y = x, y

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._image: np.ndarray | None = None
        self._lines: list[Strip] = []
        self._fit = Fit(0, 0, 0, 0, 1.0)
        self._drawn: tuple[int, int, int] | None = None  # (image version, width, height) the lines are of
        self._version = 0
        self._rows = RowCache()

    @property
    def image(self) -> np.ndarray | None:
        return self._image

    @image.setter
    def image(self, image: np.ndarray | None) -> None:
        new = None if image is None else np.asarray(image)
        if new is self._image or (new is not None and self._image is not None and np.array_equal(new, self._image)):
            return  # an invalid move, or a step that changed nothing: nothing to draw again
        self._image = new
        self._version += 1
        self.refresh()

    @property
    def placement(self) -> Fit:
        """Where the image sits in the widget now (cells), for tests and click mapping."""
        self._draw()
        return self._fit

    def _draw(self) -> None:
        """Draw the lines for the current image and size, unless they are drawn already."""
        size = self.content_size
        key = (self._version, size.width, size.height)
        if key == self._drawn:
            return
        self._drawn = key
        if self._image is None or size.width <= 0 or size.height <= 0:
            self._lines, self._fit = [], Fit(0, 0, 0, 0, 1.0)
            return
        height, width = self._image.shape[:2]
        self._fit = placed = fit(width, height, size.width, size.height)
        blank = Segment(" " * size.width)
        lines = [Strip([blank], size.width) for _ in range(placed.top)]
        pad_left = [Segment(" " * placed.left)] if placed.left else []
        for segments in half_blocks(self._image, placed.columns, placed.rows, self._rows):
            lines.append(Strip([*pad_left, *segments], placed.left + placed.columns))
        self._lines = lines

    def render_line(self, y: int) -> Strip:
        self._draw()
        if 0 <= y < len(self._lines):
            return self._lines[y].extend_cell_length(self.content_size.width)
        return Strip.blank(self.content_size.width)

    def on_click(self, event: Click) -> None:
        self._draw()
        pixel = self._fit.pixel_at(event.x, event.y)
        if pixel is not None and self._image is not None:
            height, width = self._image.shape[:2]
            self.post_message(self.Clicked(min(pixel[0], width - 1), min(pixel[1], height - 1)))


class GraphicsImage(Widget):
    """The observation image through ``textual-image`` (Kitty or Sixel graphics), with :class:`ArenaImage`'s API.

    Build it only after :func:`graphics_supported` said yes: that is when ``textual-image`` has asked the
    terminal what it can draw.
    """

    DEFAULT_CSS = """
    GraphicsImage { width: 1fr; height: 1fr; align: center middle; }
    GraphicsImage > * { width: auto; height: 100%; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._image: np.ndarray | None = None

    def compose(self) -> Any:
        from textual_image.widget import Image as Picture

        yield Picture()

    @property
    def image(self) -> np.ndarray | None:
        return self._image

    @image.setter
    def image(self, image: np.ndarray | None) -> None:
        new = None if image is None else np.asarray(image)
        if new is self._image or (new is not None and self._image is not None and np.array_equal(new, self._image)):
            return
        self._image = new
        picture = self.children[0] if self.children else None
        if picture is not None:
            picture.image = None if new is None else Image.fromarray(_rgb(new))  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        if self._image is not None:
            image, self._image = self._image, None
            self.image = image

    def on_click(self, event: Click) -> None:
        picture = self.children[0] if self.children else None
        if picture is None or self._image is None or picture.size.width <= 0 or picture.size.height <= 0:
            return
        offset = event.get_content_offset(picture)
        if offset is None:
            return
        height, width = self._image.shape[:2]
        x = int((offset.x + 0.5) / picture.size.width * width)
        y = int((offset.y + 0.5) / picture.size.height * height)
        self.post_message(ArenaImage.Clicked(min(x, width - 1), min(y, height - 1)))


def graphics_supported() -> bool:
    """Whether ``textual-image`` is installed and found Kitty or Sixel graphics in this terminal.

    Importing ``textual_image.renderable`` asks the terminal, which only works before the app starts
    (Textual then owns standard input), so call this before ``App.run``.
    """
    try:
        from textual_image.renderable import Image as Best
        from textual_image.renderable.sixel import Image as Sixel
        from textual_image.renderable.tgp import Image as Kitty
        from textual_image.widget import Image as _  # noqa: F401 - it measures the terminal's cells on import
    except ImportError:
        return False
    return Best in (Sixel, Kitty)
