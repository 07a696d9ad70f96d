"""omniarena's own first-person renderer: ray casting the blocks a bot holds, in numpy.

:func:`render_view` turns a :class:`~omniarena.arenas.minecraft.world.Snapshot` (the bot's pose and the
block ids around it) into an HxWx3 image: a voxel ray cast (Amanatides-Woo, all rays at once) at half
resolution, textured with procedurally generated 16x16 textures (:func:`atlas`, drawn from each block's
name: no asset is downloaded or shipped), face shading, distance fog, a sky that follows the time of day,
mobs and players as shaded boxes, a crosshair and the hotbar. It is a pure function of the snapshot.
"""

from __future__ import annotations

import zlib
from functools import lru_cache
from typing import Any

import numpy as np

__all__ = ["HAVE_NUMBA", "TRANSPARENT", "atlas", "block_color", "render_view"]

TEX = 16
TRANSPARENT = frozenset({"air", "cave_air", "void_air", "barrier", "light", "structure_void"})
EYE = 1.62
GROUND_TOP = 5  # the top of the superflat ground (grass at y=4), drawn past the blocks a snapshot holds
MAX_DISTANCE = 40.0

# Base colours by name fragment (the first match wins); (top, side) where they differ.
_COLORS: tuple[tuple[str, tuple[int, int, int], tuple[int, int, int] | None], ...] = (
    ("grass_block", (96, 160, 60), (134, 96, 67)),
    ("oak_log", (160, 130, 80), (102, 81, 50)),
    ("birch_log", (200, 190, 150), (216, 215, 210)),
    ("spruce_log", (110, 85, 50), (60, 40, 25)),
    ("_log", (150, 120, 70), (95, 75, 45)),
    ("birch_leaves", (110, 150, 70), None),
    ("leaves", (60, 120, 40), None),
    ("planks", (180, 145, 90), None),
    ("crafting_table", (150, 110, 65), (120, 85, 50)),
    ("furnace", (110, 110, 110), (90, 90, 90)),
    ("coal_ore", (125, 125, 125), None),
    ("iron_ore", (135, 130, 125), None),
    ("gold_ore", (135, 130, 120), None),
    ("diamond_ore", (125, 130, 130), None),
    ("cobblestone", (120, 120, 120), None),
    ("stone", (128, 128, 128), None),
    ("dirt", (134, 96, 67), None),
    ("sand", (220, 210, 160), None),
    ("gravel", (135, 125, 120), None),
    ("gold_block", (250, 210, 60), None),
    ("diamond_block", (100, 225, 220), None),
    ("iron_block", (220, 220, 220), None),
    ("bedrock", (60, 60, 60), None),
    ("water", (50, 90, 200), None),
    ("lava", (230, 110, 20), None),
    ("torch", (255, 200, 60), None),
    ("glass", (200, 230, 240), None),
    ("wool", (235, 235, 235), None),
    ("snow", (245, 250, 250), None),
    ("ice", (150, 190, 250), None),
    ("brick", (150, 70, 55), None),
    ("obsidian", (30, 20, 45), None),
)
_ORE_SPECKS = {
    "coal_ore": (30, 30, 30),
    "iron_ore": (215, 175, 140),
    "gold_ore": (250, 220, 60),
    "diamond_ore": (90, 230, 220),
}
_MOB_COLORS = {
    "cow": ((70, 50, 35), (230, 230, 230)),
    "pig": ((240, 160, 160), (230, 140, 140)),
    "sheep": ((235, 235, 235), (200, 200, 200)),
    "chicken": ((250, 250, 250), (230, 60, 40)),
    "zombie": ((60, 140, 90), (40, 90, 160)),
    "player": ((60, 90, 200), (220, 180, 140)),
    "item": ((230, 200, 90), (200, 170, 70)),
}


def _seed_of(name: str) -> int:
    return zlib.crc32(name.encode())


def block_color(name: str, face: str = "side") -> tuple[int, int, int]:
    """The base colour of a block's face ("top", "side" or "bottom")."""
    for fragment, top, side in _COLORS:
        if fragment in name:
            if face == "side" and side is not None:
                return side
            if face == "bottom" and fragment == "grass_block":
                return side or top
            return top
    rng = np.random.default_rng(_seed_of(name))  # unknown blocks: a stable colour from the name
    return tuple(int(v) for v in rng.integers(60, 220, 3))  # type: ignore[return-value]


def _texture(name: str, face: str) -> np.ndarray:
    """One 16x16 RGBA texture, procedurally drawn from the block's name."""
    rng = np.random.default_rng(_seed_of(f"{name}/{face}"))
    base = np.array(block_color(name, face), float)
    noise = rng.normal(0, 1, (TEX, TEX, 1))
    rgb = base + noise * 12
    alpha = np.full((TEX, TEX), 255.0)
    yy, xx = np.mgrid[0:TEX, 0:TEX]
    if "_log" in name and face == "side":
        rgb += ((xx % 4 == 0) * -25)[..., None]  # bark stripes
    elif "_log" in name:
        ring = np.hypot(xx - 7.5, yy - 7.5)
        rgb += ((ring.astype(int) % 3 == 0) * -20)[..., None]
    elif "planks" in name:
        rgb += ((yy % 4 == 3) * -35)[..., None]
    elif "leaves" in name:
        alpha[rng.random((TEX, TEX)) < 0.2] = 0
    elif name == "grass_block" and face == "side":
        top = yy < 3 + (rng.random(TEX) < 0.5)[None, :]
        rgb[top] = np.array(block_color(name, "top")) + noise[top] * 10
    elif name in _ORE_SPECKS:
        specks = rng.random((TEX, TEX)) < 0.16
        rgb[specks] = _ORE_SPECKS[name]
    elif name == "crafting_table" and face == "top":
        rgb[(xx % 5 == 0) | (yy % 5 == 0)] = (90, 60, 35)
    elif "cobblestone" in name:
        rgb += ((rng.random((TEX, TEX)) < 0.25) * -30)[..., None]
    elif name in ("torch", "wall_torch"):
        alpha[:] = 0
        alpha[4:, 7:9] = 255
        rgb[4:, 7:9] = (120, 90, 50)
        rgb[2:5, 6:10] = (255, 210, 60)
        alpha[2:5, 6:10] = 255
    elif name in ("gold_block", "diamond_block", "iron_block"):
        border = (xx == 0) | (yy == 0) | (xx == 15) | (yy == 15)
        rgb[border] *= 0.75
    return np.dstack([np.clip(rgb, 0, 255), alpha]).astype(np.uint8)


@lru_cache(maxsize=4)
def atlas(names: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """(textures [id, face(top, side, bottom), 16, 16, RGBA], solid flags [id]) for a palette."""
    textures = np.zeros((len(names), 3, TEX, TEX, 4), np.uint8)
    solid = np.zeros(len(names), bool)
    for index, name in enumerate(names):
        if not name or name in TRANSPARENT:
            continue
        solid[index] = True
        for f, face in enumerate(("top", "side", "bottom")):
            textures[index, f] = _texture(name, face)
    return textures, solid


def _sky(time: int) -> tuple[np.ndarray, np.ndarray]:
    """(zenith, horizon) colours for a time of day in ticks (0 sunrise, 6000 noon, 18000 midnight)."""
    day = 0.5 + 0.5 * np.cos((time % 24000 - 6000) / 24000 * 2 * np.pi)
    light = float(np.clip((day - 0.25) * 2, 0.08, 1))
    return np.array([70, 120, 230]) * light, np.array([170, 200, 250]) * light


def _basis(yaw: float, pitch: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Forward, right and up vectors of mineflayer's yaw (0 faces -z, grows to the left) and pitch (up)."""
    forward = np.array([-np.sin(yaw) * np.cos(pitch), np.sin(pitch), -np.cos(yaw) * np.cos(pitch)])
    right = np.array([np.cos(yaw), 0.0, -np.sin(yaw)])
    up = np.cross(right, forward)
    return forward, right, up


def _cast(
    blocks: np.ndarray, solid: np.ndarray, textures: np.ndarray, eye: np.ndarray, dirs: np.ndarray
) -> tuple[np.ndarray, ...]:
    """Cast every ray; (rgb, distance, shade) per ray (distance inf for the sky)."""
    n = len(dirs)
    ny, nz, nx = blocks.shape
    pos = np.broadcast_to(eye, (n, 3))
    cell = np.floor(pos).astype(np.int64)
    step = np.where(dirs >= 0, 1, -1)
    with np.errstate(divide="ignore"):
        inv = np.where(np.abs(dirs) > 1e-12, 1.0 / dirs, 1e12)
    t_delta = np.abs(inv)
    t_max = np.where(dirs > 0, (cell + 1 - pos) * inv, (cell - pos) * inv)
    rgb = np.zeros((n, 3))
    dist = np.full(n, np.inf)
    shade = np.ones(n)
    active = np.arange(n)
    limit = int(max(nx, ny, nz) * 1.8)
    for _ in range(limit):
        if active.size == 0:
            break
        tm = t_max[active]
        axis = np.argmin(tm, axis=1)
        rows = np.arange(active.size)
        t = tm[rows, axis]
        cell[active, axis] += step[active, axis]
        t_max[active, axis] += t_delta[active, axis]
        c = cell[active]
        inside = (c[:, 0] >= 0) & (c[:, 0] < nx) & (c[:, 1] >= 0) & (c[:, 1] < ny) & (c[:, 2] >= 0) & (c[:, 2] < nz)
        ids = np.zeros(active.size, np.int64)
        ids[inside] = blocks[c[inside, 1], c[inside, 2], c[inside, 0]]
        candidate = inside & solid[ids]
        done = ~inside
        if candidate.any():
            k = np.flatnonzero(candidate)
            rays = active[k]
            hit = eye + dirs[rays] * t[k, None]
            ax = axis[k]
            frac = hit - np.floor(hit)
            u = np.where(ax == 0, frac[:, 2], frac[:, 0])
            v = np.where(ax == 1, frac[:, 2], 1 - frac[:, 1])
            face = np.where(ax == 1, np.where(step[rays, 1] > 0, 2, 0), 1)
            texel = textures[
                ids[k], face, (v * TEX).astype(int).clip(0, TEX - 1), (u * TEX).astype(int).clip(0, TEX - 1)
            ]
            opaque = texel[:, 3] > 0
            keep = k[opaque]
            rays = active[keep]
            rgb[rays] = texel[opaque, :3]
            dist[rays] = t[keep]
            face_shade = np.select([ax == 0, ax == 2, face == 0], [0.82, 0.68, 1.0], 0.55)
            shade[rays] = face_shade[opaque]
            done[keep] = True
        active = active[~done]
    return rgb, dist, shade


def _frame_kernel(
    blocks, solid, textures, eye, basis, focal, sky, day, max_distance, ground, image, depth
):  # pragma: no cover - numba
    """Cast, texture, shade and fog every pixel of ``image`` (h, w, 3 uint8); ``depth`` gets distances.

    ``basis`` rows are forward, right, up; ``sky`` rows are zenith and horizon colours. Compiled by numba.
    """
    ny, nz, nx = blocks.shape
    h, w = depth.shape
    limit = int(max(nx, ny, nz) * 1.8)
    for py in range(h):
        for px in range(w):
            x = (px + 0.5 - w / 2) / focal
            y = (h / 2 - py - 0.5) / focal
            d0 = basis[0, 0] + x * basis[1, 0] + y * basis[2, 0]
            d1 = basis[0, 1] + x * basis[1, 1] + y * basis[2, 1]
            d2 = basis[0, 2] + x * basis[1, 2] + y * basis[2, 2]
            norm = np.sqrt(d0 * d0 + d1 * d1 + d2 * d2)
            d0, d1, d2 = d0 / norm, d1 / norm, d2 / norm
            c0, c1, c2 = int(np.floor(eye[0])), int(np.floor(eye[1])), int(np.floor(eye[2]))
            s0 = 1 if d0 >= 0 else -1
            s1 = 1 if d1 >= 0 else -1
            s2 = 1 if d2 >= 0 else -1
            i0 = 1.0 / d0 if abs(d0) > 1e-12 else 1e12
            i1 = 1.0 / d1 if abs(d1) > 1e-12 else 1e12
            i2 = 1.0 / d2 if abs(d2) > 1e-12 else 1e12
            m0 = ((c0 + 1 - eye[0]) * i0) if d0 > 0 else ((c0 - eye[0]) * i0)
            m1 = ((c1 + 1 - eye[1]) * i1) if d1 > 0 else ((c1 - eye[1]) * i1)
            m2 = ((c2 + 1 - eye[2]) * i2) if d2 > 0 else ((c2 - eye[2]) * i2)
            a0, a1, a2 = abs(i0), abs(i1), abs(i2)
            hit = False
            r = g = b = 0.0
            t = 0.0
            for _ in range(limit):
                if m0 <= m1 and m0 <= m2:
                    t = m0
                    c0 += s0
                    m0 += a0
                    axis = 0
                elif m1 <= m2:
                    t = m1
                    c1 += s1
                    m1 += a1
                    axis = 1
                else:
                    t = m2
                    c2 += s2
                    m2 += a2
                    axis = 2
                if c0 < 0 or c0 >= nx or c1 < 0 or c1 >= ny or c2 < 0 or c2 >= nz:
                    break
                block = blocks[c1, c2, c0]
                if not solid[block]:
                    continue
                h0, h1, h2 = eye[0] + d0 * t, eye[1] + d1 * t, eye[2] + d2 * t
                f0, f1, f2 = h0 - np.floor(h0), h1 - np.floor(h1), h2 - np.floor(h2)
                if axis == 0:
                    u, v, face, light = f2, 1 - f1, 1, 0.82
                elif axis == 2:
                    u, v, face, light = f0, 1 - f1, 1, 0.68
                elif s1 > 0:
                    u, v, face, light = f0, f2, 2, 0.55
                else:
                    u, v, face, light = f0, f2, 0, 1.0
                tv = min(TEX - 1, max(0, int(v * TEX)))
                tu = min(TEX - 1, max(0, int(u * TEX)))
                if textures[block, face, tv, tu, 3] == 0:
                    continue
                fog = min(1.0, t / max_distance) ** 1.5
                k = light * day * (1 - fog)
                r = textures[block, face, tv, tu, 0] * k + sky[1, 0] * fog
                g = textures[block, face, tv, tu, 1] * k + sky[1, 1] * fog
                b = textures[block, face, tv, tu, 2] * k + sky[1, 2] * fog
                hit = True
                break
            if not hit and d1 < -1e-6 and ground[0] < eye[1]:
                # Past the blocks the bot holds: the flat ground goes on to the horizon.
                t = (ground[0] - eye[1]) / d1
                if t < 4 * max_distance:
                    fog = min(1.0, t / max_distance) ** 1.5
                    k = day * (1 - fog)
                    r = ground[1] * k + sky[1, 0] * fog
                    g = ground[2] * k + sky[1, 1] * fog
                    b = ground[3] * k + sky[1, 2] * fog
                    hit = True
            if hit:
                depth[py, px] = t
            else:
                depth[py, px] = np.inf
                e = min(1.0, max(0.0, d1))
                r = sky[1, 0] * (1 - e) + sky[0, 0] * e
                g = sky[1, 1] * (1 - e) + sky[0, 1] * e
                b = sky[1, 2] * (1 - e) + sky[0, 2] * e
            image[py, px, 0] = min(255.0, max(0.0, r))
            image[py, px, 1] = min(255.0, max(0.0, g))
            image[py, px, 2] = min(255.0, max(0.0, b))


try:  # numba compiles the per-ray loop (about 20x faster than the vectorised numpy cast)
    import numba

    _compiled = numba.njit(cache=True, nogil=True)(_frame_kernel)
except ImportError:  # pragma: no cover - numba is in the minecraft extra
    _compiled = None

HAVE_NUMBA = _compiled is not None


def _frame_numpy(
    blocks: np.ndarray,
    solid: np.ndarray,
    textures: np.ndarray,
    eye: np.ndarray,
    basis: tuple[np.ndarray, ...],
    focal: float,
    zenith: np.ndarray,
    horizon: np.ndarray,
    day: float,
    w: int,
    h: int,
) -> tuple[np.ndarray, np.ndarray]:
    """The frame without numba: every ray at once with numpy (several times slower)."""
    forward, right, up = basis
    xs = (np.arange(w) + 0.5 - w / 2) / focal
    ys = (h / 2 - np.arange(h) - 0.5) / focal
    dirs = forward[None, None, :] + xs[None, :, None] * right[None, None, :] + ys[:, None, None] * up[None, None, :]
    dirs = (dirs / np.linalg.norm(dirs, axis=2, keepdims=True)).reshape(-1, 3)
    rgb, dist, shade = _cast(blocks, solid, textures, eye, dirs)
    elevation = np.clip(dirs[:, 1], 0, 1)[:, None]
    sky = horizon * (1 - elevation) + zenith * elevation
    fog = np.clip(dist / MAX_DISTANCE, 0, 1)[:, None] ** 1.5
    colour = np.where(np.isfinite(dist)[:, None], rgb * shade[:, None] * day * (1 - fog) + horizon * fog, sky)
    return colour.reshape(h, w, 3), dist.reshape(h, w).copy()


def _draw_entities(
    image: np.ndarray,
    depth: np.ndarray,
    snapshot: Any,
    eye_world: np.ndarray,
    basis: tuple[np.ndarray, ...],
    focal: float,
) -> None:
    forward, right, up = basis
    h, w = depth.shape
    order = sorted(snapshot.entities, key=lambda e: -float(np.linalg.norm(np.asarray(e["pos"]) - eye_world)))
    for entity in order:
        name = entity.get("name") or "entity"
        body, head = _MOB_COLORS.get(
            name, _MOB_COLORS["player"] if entity.get("kind") == "player" else ((150, 150, 150), (110, 110, 110))
        )
        height = float(entity.get("height") or 1.0)
        width = float(entity.get("width") or 0.6)
        if name == "item":
            height = width = 0.3
        quadruped = name in ("cow", "pig", "sheep")
        parts = (
            (("legs", body, (0.0, 0.35), 0.9), ("body", body, (0.35, 0.8), 1.0), ("head", head, (0.6, 1.0), 0.55))
            if quadruped
            else (("body", body, (0.0, 0.72), 1.0), ("head", head, (0.72, 1.0), 0.7))
        )
        for part, color, (lo, hi), scale in parts:
            centre = np.asarray(entity["pos"], float) + np.array([0, height * (lo + hi) / 2, 0]) - eye_world
            z = float(centre @ forward)
            if z <= 0.3:
                continue
            x, y = float(centre @ right), float(centre @ up)
            if part == "head" and quadruped:
                x += 0.55 * width * 1.6  # the head sticks out at one end of the body
            px, py = w / 2 + x / z * focal, h / 2 - y / z * focal
            half_w = max(1.0, width * scale * 0.5 / z * focal * (1.6 if part != "head" and quadruped else 1))
            half_h = max(1.0, height * (hi - lo) * 0.5 / z * focal)
            x0, x1 = int(max(0, px - half_w)), int(min(w, px + half_w))
            y0, y1 = int(max(0, py - half_h)), int(min(h, py + half_h))
            if x0 >= x1 or y0 >= y1:
                continue
            distance = float(np.linalg.norm(centre))
            region = depth[y0:y1, x0:x1] > distance
            cols = np.arange(x0, x1) - (px - half_w)
            if part == "legs":  # four legs: vertical bars with gaps
                region &= ((cols / max(1.0, 2 * half_w) * 8).astype(int) % 2 == 0)[None, :]
            shade = np.linspace(1.0, 0.75, y1 - y0)[:, None, None]
            patch = np.array(np.broadcast_to(np.array(color, float) * shade, (y1 - y0, x1 - x0, 3)))
            if part == "body" and name == "cow":  # white patches on a brown hide
                rows = np.arange(y0, y1) - (py - half_h)
                cell = max(1.0, half_w / 3)
                spots = (((rows[:, None] // cell) * 7 + (cols[None, :] // cell) * 3 + int(entity.get("id", 0))) % 5) < 2
                patch[spots] = (235, 235, 235)
            image[y0:y1, x0:x1][region] = patch[region]
            depth[y0:y1, x0:x1][region] = distance


def _hotbar(image: np.ndarray, snapshot: Any, scale: int) -> None:
    h, w, _ = image.shape
    size = 10 * scale
    x0 = w // 2 - 9 * size // 2
    y0 = h - size - 2 * scale
    slots: dict[int, tuple[str, int]] = {}
    for name, count, slot in snapshot.items:
        if 36 <= slot <= 44:
            slots[slot - 36] = (name, count)
    for k in range(9):
        x = x0 + k * size
        image[y0 : y0 + size, x : x + size] = image[y0 : y0 + size, x : x + size] * 0.4 + 40
        if k in slots:
            pad = 2 * scale
            image[y0 + pad : y0 + size - pad, x + pad : x + size - pad] = block_color(slots[k][0], "side")
        edge = (255, 255, 255) if k == snapshot.hotbar else (90, 90, 90)
        image[y0 : y0 + scale, x : x + size] = edge
        image[y0 + size - scale : y0 + size, x : x + size] = edge
        image[y0 : y0 + size, x : x + scale] = edge
        image[y0 : y0 + size, x + size - scale : x + size] = edge


def render_view(
    snapshot: Any,
    names: tuple[str, ...],
    width: int = 640,
    height: int = 360,
    fov: float = 70.0,
    scale: int | None = None,
    use_numba: bool = True,
) -> np.ndarray:
    """The bot's first-person view: uint8 HxWx3. Rays are cast at 1/``scale`` resolution and upscaled
    (default: full resolution with numba, half without)."""
    if scale is None:
        scale = 1 if HAVE_NUMBA and use_numba else 2
    textures, solid = atlas(names)
    w, h = max(1, width // scale), max(1, height // scale)
    basis = _basis(snapshot.yaw, snapshot.pitch)
    eye_world = snapshot.pos + np.array([0.0, EYE, 0.0])
    eye = eye_world - snapshot.origin
    focal = (w / 2) / np.tan(np.radians(fov) / 2)  # fov is horizontal
    zenith, horizon = _sky(snapshot.time)
    day = float(np.clip(zenith[2] / 230, 0.25, 1))
    if _compiled is not None and use_numba:
        frame = np.empty((h, w, 3), np.uint8)
        depth = np.empty((h, w))
        _compiled(
            np.ascontiguousarray(snapshot.blocks, np.uint16),
            solid,
            textures,
            np.asarray(eye, float),
            np.array(basis, float),
            float(focal),
            np.array([zenith, horizon], float),
            day,
            MAX_DISTANCE,
            np.array([GROUND_TOP - snapshot.origin[1], *block_color("grass_block", "top")], float),
            frame,
            depth,
        )
        image = frame.astype(np.float64) if snapshot.entities else frame
    else:
        image, depth = _frame_numpy(snapshot.blocks, solid, textures, eye, basis, focal, zenith, horizon, day, w, h)
    if snapshot.entities:
        _draw_entities(image, depth, snapshot, eye_world, basis, focal)
    if scale > 1:
        image = np.repeat(np.repeat(image, scale, axis=0), scale, axis=1)
    if image.shape[:2] == (height, width) and image.dtype == np.uint8:
        out = image
    else:
        out = np.zeros((height, width, 3), np.uint8)
        out[: image.shape[0], : image.shape[1]] = np.clip(image, 0, 255)[:height, :width]
    cy, cx = height // 2, width // 2
    out[cy - 1 : cy + 1, cx - 6 : cx + 6] = 255
    out[cy - 6 : cy + 6, cx - 1 : cx + 1] = 255
    _hotbar(out, snapshot, max(1, height // 180))
    return out
