"""Who is the Spy images: a player's view (a header over its scene) and the spectator's table.

A player's view never changes during a game (clues and votes are in the text), so it is drawn once per
game and seat. The spectator's table puts every player's scene side by side (three to a row from five
players on) with its clues under it and, once the game is over, the roles and the vote.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw

from omniarena.core.draw import PALETTE, font

__all__ = ["HEADER", "view", "table"]

HEADER = 28
_LINE = 15
_HEADER_COLOR = {"spy": (250, 222, 222), "civilian": (226, 236, 250), None: (236, 236, 236)}


@lru_cache(maxsize=64)
def _header(width: int, text: str, role: str | None) -> np.ndarray:
    image = Image.new("RGB", (width, HEADER), _HEADER_COLOR[role])
    ImageDraw.Draw(image).text((8, HEADER // 2), text, fill=PALETTE["ink"], font=font(15), anchor="lm")
    return np.asarray(image, dtype=np.uint8)


def view(scene: np.ndarray, player: int, role: str | None) -> np.ndarray:
    """Player ``player``'s (1-based) image: a header naming it (and its role when it knows it) over its scene."""
    text = f"Player {player}" + (
        f"  -  you are {'the spy' if role == 'spy' else 'a civilian'}" if role else "  -  your image"
    )
    image = np.empty((HEADER + scene.shape[0], scene.shape[1], 3), np.uint8)
    image[:HEADER] = _header(scene.shape[1], text, role)
    image[HEADER:] = scene
    image.flags.writeable = False
    return image


def table(
    scenes: Sequence[np.ndarray],
    clues: Sequence[Sequence[str]],
    votes: Sequence[str],
    roles: Sequence[str],
    status: str,
    lines_per_panel: int = 5,
) -> np.ndarray:
    """Every player's scene with ``lines_per_panel`` lines of clues and its vote under it, under a status line."""
    count = len(scenes)
    columns = count if count <= 4 else 3
    rows = -(-count // columns)
    height, width = scenes[0].shape[:2]
    panel_h = HEADER + height + 8 + _LINE * (lines_per_panel + 1)
    total_w = columns * (width + 8) + 8
    status_lines = textwrap.wrap(status, max(20, (total_w - 16) // 8)) or [""]
    top = HEADER + 20 * (len(status_lines) - 1)
    image = Image.new("RGB", (total_w, rows * (panel_h + 8) + 8 + top), PALETTE["white"])
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(status_lines):
        draw.text((8, HEADER // 2 + 4 + 20 * i), line, fill=PALETTE["ink"], font=font(16), anchor="lm")
    for seat, scene in enumerate(scenes):
        row, col = divmod(seat, columns)
        x, y = 8 + col * (width + 8), top + 8 + row * (panel_h + 8)
        role = roles[seat] if roles[seat] in ("spy", "civilian") else None
        label = f"Player {seat + 1}" + (f"  -  {roles[seat]}" if roles[seat] else "")
        image.paste(Image.fromarray(_header(width, label, role)), (x, y))
        image.paste(Image.fromarray(np.asarray(scene)), (x, y + HEADER))
        lines: list[str] = []
        for clue in clues[seat]:
            lines += textwrap.wrap(f'"{clue}"', 44) or ['""']
        lines = lines[:lines_per_panel]
        if votes[seat]:
            lines.append(votes[seat])
        for i, line in enumerate(lines):
            draw.text((x + 4, y + HEADER + height + 6 + i * _LINE), line, fill=PALETTE["ink"], font=font(13))
    return np.asarray(image, dtype=np.uint8)
