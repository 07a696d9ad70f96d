"""The half-block image, where an image sits in its box, the arena key bindings and mouse clicks."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("textual")

from support import run_async  # noqa: E402

import omniarena  # noqa: E402
from omniarena.core.agent import arena_of  # noqa: E402
from omniarena.core.calls import CallActionSet, Function, IntParam  # noqa: E402
from omniarena.tui.image import UPPER_HALF, fit, half_blocks  # noqa: E402
from omniarena.tui.keys import arrow_bindings, click_action  # noqa: E402


def test_half_blocks_paint_the_upper_pixel_as_foreground_and_the_lower_as_background() -> None:
    image = np.zeros((4, 3, 3), dtype=np.uint8)
    image[0] = (255, 0, 0)
    image[1] = (0, 0, 255)
    image[2:, :2] = (0, 255, 0)
    lines = half_blocks(image, 3, 2)
    assert len(lines) == 2
    (top,) = lines[0]  # one run: every cell of the row is red over blue
    assert top.text == UPPER_HALF * 3
    assert top.style.color.triplet == (255, 0, 0) and top.style.bgcolor.triplet == (0, 0, 255)
    green, black = lines[1]
    assert green.text == UPPER_HALF * 2 and green.style.color.triplet == (0, 255, 0)
    assert black.text == UPPER_HALF and black.style.bgcolor.triplet == (0, 0, 0)


def test_fit_keeps_the_aspect_ratio_centres_and_maps_cells_back_to_pixels() -> None:
    placed = fit(200, 100, columns=100, rows=100)  # wide image in a tall box: width decides
    assert (placed.columns, placed.rows) == (100, 25) and placed.left == 0 and placed.top == 37
    assert placed.pixel_at(0, 37) == (1, 2)
    assert placed.pixel_at(99, 61) == (199, 98)
    assert placed.pixel_at(50, 10) is None  # above the image
    assert fit(0, 10, 10, 10).columns == 0


def test_arrow_keys_follow_each_arenas_own_moves() -> None:
    def bound(arena: str) -> dict[str, str]:
        build = omniarena.make_multi if omniarena.spec(arena).multi_agent else omniarena.make
        return arrow_bindings(arena_of(build(arena)).action_set)

    assert bound("omniarena/2048-v0") == {"up": "up", "down": "down", "left": "left", "right": "right"}
    assert bound("omniarena/Sokoban-v0") == {"up": "up", "down": "down", "left": "left", "right": "right"}
    tetris = bound("omniarena/Tetris-v0")
    assert tetris["left"] == "left" and tetris["up"] == "rotate cw" and tetris["down"] == "soft drop"
    assert bound("omniarena/ConnectFour-v0") == {}


def test_a_click_is_mouse_click_only_where_the_arena_reads_it() -> None:
    web = CallActionSet(
        [
            Function(
                "mouse_click", (IntParam("x", 0, 159), IntParam("y", 0, 119)), "click at a pixel", "mouse_click(3, 4)"
            )
        ]
    )
    assert click_action(web, 12, 34) == "mouse_click(12, 34)"
    assert click_action(web, 500, 34) is None  # outside the page: not an action
    assert click_action(arena_of(omniarena.make("omniarena/2048-v0")).action_set, 1, 2) is None


def test_graphics_mode_hands_the_observation_to_textual_image() -> None:

    pytest.importorskip("textual_image")
    from omniarena.tui.app import ArenaApp
    from omniarena.tui.image import GraphicsImage

    async def play() -> None:
        app = ArenaApp("omniarena/2048-v0", seed=1, graphics=True)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            widget = app.screen.query_one(GraphicsImage)
            picture = widget.children[0].image
            assert np.array_equal(np.asarray(picture), app.session.image())
            app.screen.play_reply("left")
            await pilot.pause()
            assert np.array_equal(np.asarray(widget.children[0].image), app.session.image())

    run_async(play())
