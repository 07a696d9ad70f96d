"""The frame: a cached stage, two cached fighter sprites and the HUD, composed with numpy slicing.

:func:`render` is a pure function of the match and the viewer. The scene is drawn at the logical
256x192 and resized by index arrays when another size is asked for. Text (names, timer digits,
banners) goes through Pillow once per string and is cached as a mask; per frame only arrays are copied.
From a player's side (``viewer``), that player's bars are on the left and a blue marker floats over its
fighter (red over the opponent's); with ``mirror`` the whole scene is flipped whenever the viewer stands
on the right, so every policy sees itself on the left.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw

from omniarena.arenas.fighting.characters import SUB
from omniarena.arenas.fighting.engine import (
    ATTACK,
    BLOCKSTUN,
    CROUCH,
    DASH,
    HITSTUN,
    JUMP,
    KNOCKDOWN,
    METER_MAX,
    STAGE_WIDTH,
    WALK,
    Fighter,
    Match,
)
from omniarena.arenas.fighting.sprites import ANCHOR_X, SPRITE_H, sprite
from omniarena.core.draw import font

__all__ = ["render", "DEFAULT_SIZE", "LOGICAL_SIZE", "pose_of"]

LOGICAL_SIZE = (192, 256)  # height, width
DEFAULT_SIZE = LOGICAL_SIZE
HEIGHT, WIDTH = LOGICAL_SIZE
GROUND = 172
BAR = (6, 13)  # health bar rows
BAR_LEFT, BAR_RIGHT = (8, 112), (144, 248)
METER = (182, 187)
METER_LEFT, METER_RIGHT = (8, 88), (168, 248)
_VIEWER_INK, _OPPONENT_INK = (60, 140, 255), (235, 60, 60)
_SIDE_INK = (_VIEWER_INK, _OPPONENT_INK)
_PROJECTILE_INK = ((90, 190, 255), (255, 120, 60))


@lru_cache(maxsize=2)
def _stage() -> np.ndarray:
    """Sky, mountains, a dojo floor and the HUD's empty frames."""
    image = np.empty((HEIGHT, WIDTH, 3), np.uint8)
    rows = np.linspace(0.0, 1.0, GROUND)[:, None]
    image[:GROUND] = (np.array([70, 90, 170]) * (1 - rows) + np.array([240, 170, 120]) * rows).astype(np.uint8)[:, None]
    columns = np.arange(WIDTH)
    ridge = (GROUND - 40 - 18 * np.sin(columns / 23.0) - 10 * np.sin(columns / 7.3 + 1.0)).astype(int)
    for x in range(WIDTH):
        image[ridge[x] : GROUND, x] = (92, 70, 110)
    near = (GROUND - 14 - 6 * np.sin(columns / 11.0 + 2.0)).astype(int)
    for x in range(WIDTH):
        image[near[x] : GROUND, x] = (70, 52, 80)
    image[GROUND:] = (150, 105, 60)
    for x in range(0, WIDTH, 32):
        image[GROUND:, x : x + 16] = (165, 118, 70)
    image[GROUND : GROUND + 2] = (90, 60, 35)
    for (left, right), top_bottom in ((BAR_LEFT, BAR), (BAR_RIGHT, BAR), (METER_LEFT, METER), (METER_RIGHT, METER)):
        top, bottom = top_bottom
        image[top - 1 : bottom + 1, left - 1 : right + 1] = (20, 20, 20)
        image[top:bottom, left:right] = (90, 20, 20)
    image.flags.writeable = False
    return image


@lru_cache(maxsize=2048)
def _label(text: str, size: int, color: tuple[int, int, int]) -> tuple[np.ndarray, np.ndarray]:
    """``text`` in Pillow's font at ``size`` pixels with a drop shadow, as (colour, keep) layers.

    ``keep`` is 255 where the background shows through and 0 under the ink, and ``colour`` is 0 where
    the background shows, so a blit is two bitwise passes (:func:`_blit`), the cheapest numpy composite.
    """
    width = max(1, int(font(size).getlength(text)) + 4)
    canvas = Image.new("L", (width, size + 7), 0)
    ImageDraw.Draw(canvas).text((2, 1), text, font=font(size), fill=255)
    ink = np.asarray(canvas) > 110
    shadow = np.zeros_like(ink)
    shadow[1:, 1:] = ink[:-1, :-1]
    shadow &= ~ink
    rows, cols = np.flatnonzero((ink | shadow).any(1)), np.flatnonzero((ink | shadow).any(0))
    if rows.size == 0:
        return _layers(np.zeros((1, 1, 3), np.uint8), np.zeros((1, 1), bool))
    crop = (slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1))
    ink, shadow = ink[crop], shadow[crop]
    rgb = np.zeros((*ink.shape, 3), np.uint8)
    rgb[ink] = color
    return _layers(rgb, ink | shadow)


def _layers(rgb: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    keep = np.where(mask[..., None], 0, 255).astype(np.uint8).repeat(3, axis=2)
    rgb = np.where(mask[..., None], rgb, 0).astype(np.uint8)
    rgb.flags.writeable = False
    keep.flags.writeable = False
    return rgb, keep


def _blit(image: np.ndarray, layers: tuple[np.ndarray, np.ndarray], x: int, y: int) -> None:
    """Composite (colour, keep) layers with their top-left corner at (x, y), clipped to the image."""
    rgb, keep = layers
    h, w = keep.shape[:2]
    x0, y0, x1, y1 = max(x, 0), max(y, 0), min(x + w, image.shape[1]), min(y + h, image.shape[0])
    if x0 >= x1 or y0 >= y1:
        return
    region = image[y0:y1, x0:x1]
    sub = (slice(y0 - y, y1 - y), slice(x0 - x, x1 - x))
    np.bitwise_and(region, keep[sub], out=region)
    np.bitwise_or(region, rgb[sub], out=region)


def _text(image: np.ndarray, text: str, size: int, x: int, y: int, color: tuple[int, int, int], align: str) -> None:
    layers = _label(text, size, color)
    width = layers[1].shape[1]
    if align == "center":
        x -= width // 2
    elif align == "right":
        x -= width
    _blit(image, layers, x, y)


def pose_of(f: Fighter, frame: int) -> str:
    """The sprite pose for a fighter's state."""
    state = f.state
    move = f.move
    if state == KNOCKDOWN:
        return "down" if f.y == 0 else "hit"
    if state == HITSTUN:
        return "hit"
    if state == BLOCKSTUN:
        return "crouch_block" if f.dy < 0 else "block"
    if move is not None and (state == ATTACK or state == JUMP):
        if f.move_t > move.startup:
            return move.pose
        if state == JUMP:
            return "jump"
        return "crouch" if move.slot.startswith("crouch") else "idle"
    if state == JUMP:
        return "jump"
    if state == CROUCH:
        return "crouch_block" if f.dx < 0 else "crouch"
    if state == WALK:
        return "walk0" if (frame // 8) % 2 else "walk1"
    if state == DASH:
        return "dash"
    return "block" if f.dx < 0 else "idle"


def _draw_fighter(image: np.ndarray, f: Fighter, flip: bool, frame: int, alternate: bool, marker: int) -> None:
    x = f.x // SUB
    facing = f.facing
    if flip:
        x, facing = STAGE_WIDTH // SUB - x, -facing
    top = GROUND - f.y // SUB - SPRITE_H
    left, offset, rgb, keep = sprite(f.char, pose_of(f, frame), facing, alternate)
    _blit(image, (rgb, keep), x - ANCHOR_X + left, top + offset)
    if marker >= 0:  # a small triangle over the head: blue for the viewer, red for the opponent
        _blit(image, _marker(marker), x - 3, top + SPRITE_H - f.char.height - 10)


@lru_cache(maxsize=2)
def _marker(side: int) -> tuple[np.ndarray, np.ndarray]:
    mask = np.zeros((4, 7), bool)
    for row in range(4):
        mask[row, row : 7 - row] = True
    rgb = np.zeros((4, 7, 3), np.uint8)
    rgb[mask] = _SIDE_INK[side]
    return _layers(rgb, mask)


def _bar(
    image: np.ndarray,
    span: tuple[int, int],
    rows: tuple[int, int],
    fraction: float,
    strip: np.ndarray,
    from_right: bool,
) -> None:
    left, right = span
    filled = int(round((right - left) * min(max(fraction, 0.0), 1.0)))
    if filled <= 0:
        return
    if from_right:
        image[rows[0] : rows[1], right - filled : right] = strip[:, :filled]
    else:
        image[rows[0] : rows[1], left : left + filled] = strip[:, :filled]


@lru_cache(maxsize=8)
def _strip(color: tuple[int, int, int], height: int) -> np.ndarray:
    """A bar's full-length block of ``color`` (copying a block is cheaper than broadcasting a colour)."""
    strip = np.empty((height, WIDTH, 3), np.uint8)
    strip[:] = color
    strip.flags.writeable = False
    return strip


_HEALTH, _HEALTH_LOW = (250, 210, 40), (250, 90, 40)
_METER_INK, _METER_FULL = (40, 120, 220), (80, 220, 255)
_PROJECTILE_RIM = np.array((255, 255, 255), np.uint8)
_PROJECTILE_CORE = tuple(np.array(c, np.uint8) for c in _PROJECTILE_INK)


@lru_cache(maxsize=512)
def _base(
    left: str,
    right: str,
    personal: bool,
    wins: tuple[int, int],
    rounds_to_win: int,
    clock: str,
    banner: str,
    full: tuple,
) -> np.ndarray:
    """The stage with what changes at most once a second: names, round pips, the timer, the banner, SUPER."""
    image = _stage().copy()
    inks = _SIDE_INK if personal else ((255, 255, 255), (255, 255, 255))
    _text(image, left, 9, BAR_LEFT[0], BAR[1] + 3, inks[0], "left")
    _text(image, right, 9, BAR_RIGHT[1], BAR[1] + 3, inks[1], "right")
    for side in (0, 1):
        for pip in range(rounds_to_win):
            px = (BAR_LEFT[1] - 6 - pip * 8) if side == 0 else (BAR_RIGHT[0] + 1 + pip * 8)
            image[BAR[1] + 4 : BAR[1] + 9, px : px + 5] = (20, 20, 20)
            if pip < wins[side]:
                image[BAR[1] + 5 : BAR[1] + 8, px + 1 : px + 4] = (255, 220, 60)
    if full[0]:
        _text(image, "SUPER", 8, METER_LEFT[1] + 4, METER[0] - 2, _METER_FULL, "left")
    if full[1]:
        _text(image, "SUPER", 8, METER_RIGHT[0] - 4, METER[0] - 2, _METER_FULL, "right")
    _text(image, clock, 14, WIDTH // 2, 3, (255, 255, 255), "center")
    if banner:
        _text(image, banner, 16, WIDTH // 2, 60, (255, 240, 120), "center")
    image.flags.writeable = False
    return image


def render(
    match: Match, viewer: int | None = None, mirror: bool = True, size: tuple[int, int] = DEFAULT_SIZE
) -> np.ndarray:
    """RGB frame of ``match`` from seat ``viewer``'s side (``None``: the spectator's, player 0 on the left bars)."""
    seat = 0 if viewer is None else viewer
    own, other = match.fighters[seat], match.fighters[1 - seat]
    personal = viewer is not None
    left = ("YOU " if personal else "") + own.char.name.upper()
    full = (own.meter >= METER_MAX, other.meter >= METER_MAX)
    image = _base(
        left,
        other.char.name.upper(),
        personal,
        (match.wins[seat], match.wins[1 - seat]),
        match.rounds_to_win,
        str(match.seconds_left),
        _banner(match, seat, personal),
        full,
    ).copy()
    flip = personal and mirror and own.x > other.x
    alternate = match.chars[0] is match.chars[1]
    frame = match.frame_count
    _draw_fighter(image, other, flip, frame, alternate and seat == 0, 1 if personal else -1)
    _draw_fighter(image, own, flip, frame, alternate and seat == 1, 0 if personal else -1)  # the viewer on top
    for p in match.projectiles:
        x = p.x // SUB
        if flip:
            x = STAGE_WIDTH // SUB - x
        top, bottom = GROUND - p.hi // SUB, GROUND - p.lo // SUB
        x0, x1 = max(0, x - 6), min(WIDTH, x + 6)
        if x1 - x0 > 4:
            image[top:bottom, x0:x1] = _PROJECTILE_RIM
            image[top + 2 : bottom - 2, x0 + 2 : x1 - 2] = _PROJECTILE_CORE[p.owner != seat]
    bar_rows, meter_rows = BAR[1] - BAR[0], METER[1] - METER[0]
    for side, f in enumerate((own, other)):
        fraction = f.health / f.char.health
        strip = _strip(_HEALTH if fraction > 0.3 else _HEALTH_LOW, bar_rows)
        _bar(image, (BAR_LEFT, BAR_RIGHT)[side], BAR, fraction, strip, side == 0)
        strip = _strip(_METER_FULL if full[side] else _METER_INK, meter_rows)
        _bar(image, (METER_LEFT, METER_RIGHT)[side], METER, f.meter / METER_MAX, strip, side == 1)
    if size != LOGICAL_SIZE:
        rows, cols = _resize_index(size)
        image = image[rows[:, None], cols[None, :]]
    return image


def _banner(match: Match, seat: int, personal: bool) -> str:
    if match.done:
        if match.winner is None:
            return "DRAW GAME"
        if not personal:
            return f"{match.chars[match.winner].name.upper()} WINS"
        return "YOU WIN" if match.winner == seat else "YOU LOSE"
    if match.timer > match.round_frames - 45:
        return f"ROUND {match.round}  FIGHT!"
    return ""


@lru_cache(maxsize=16)
def _resize_index(size: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    height, width = size
    return (np.arange(height) * HEIGHT // height, np.arange(width) * WIDTH // width)
