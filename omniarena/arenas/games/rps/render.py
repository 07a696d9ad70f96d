"""Rock-Paper-Scissors image: a pure function of the match and the viewer, composed from cached sprites.

The viewer's side is always on the left ("You", blue), the opponent's on the right ("Opponent",
orange); the spectator sees "Player 0" and "Player 1". Each side shows its last move as a big glyph
with its name, its rounds won in the label; a banner says how the last round (or the match) went and
a strip at the bottom lists the last :data:`HISTORY_CELLS` rounds as letters on result colours.

Every piece (header halves, panels, banner, history columns) is drawn once with Pillow and cached; a
frame is a dozen slice assignments into an empty array that together cover every pixel once, because
at two observations per joint step the memory traffic of full-image passes is the cost that counts.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw

from omniarena.arenas.games.rps.rules import MOVES, RESULT_WORDS, Move, State, match_result, outcome
from omniarena.core.draw import PALETTE, canvas, draw_text_centered, to_array

__all__ = ["HISTORY_CELLS", "IMAGE_SHAPE", "banner_text", "render"]

HEIGHT, WIDTH = 256, 320
IMAGE_SHAPE = (HEIGHT, WIDTH)
HISTORY_CELLS = 8
# Horizontal bands, (top, bottom), which tile the image: header, the two panels, banner, history.
HEADER, PANELS, BANNER, HISTORY = (0, 30), (30, 182), (182, 206), (206, HEIGHT)
HEADER_SPLIT = 224  # the round on the left of the header, the ties on the right
PANEL = WIDTH // 2
GLYPH = 100
# Inside a panel: the label, the glyph, the move's name.
LABEL, ART, NAME = (0, 28), (28, 28 + GLYPH), (128, 150)
BANNER_STRIP = 24  # the coloured part of the banner band; the rest is a margin
# Inside a history column: the round number, the viewer's move, the opponent's move.
NUMBER, ROWS = (0, 14), ((15, 32), (33, 50))
ROW_LABEL = 48
CELL = (WIDTH - ROW_LABEL) // HISTORY_CELLS
_SUPERSAMPLE = 4
# Font sizes in pixels.
_FONT = {"header": 20, "ties": 16, "label": 20, "caption": 18, "banner": 18, "number": 11, "row": 13, "cell": 14}

_BACKGROUND = PALETTE["background"]
_INK = PALETTE["ink"]
_SIDE_TINT = ((222, 234, 252), (252, 231, 216))  # left (viewer), right (opponent)
_SIDE_INK = ((25, 80, 185), (185, 75, 20))
_TONE = {"win": PALETTE["good"], "loss": PALETTE["bad"], "tie": (125, 125, 125), "neutral": (90, 90, 90)}
_NO_MOVE, _NOT_YET = "none", "waiting"


# --- cached pieces ----------------------------------------------------------------------------------
@lru_cache(maxsize=16)
def _glyph(kind: str, side: int) -> np.ndarray:
    """A GLYPH x GLYPH picture of a move name, "none" (no move) or "waiting" on ``side``'s tint."""
    size = GLYPH * _SUPERSAMPLE
    image = Image.new("RGB", (size, size), _SIDE_TINT[side])
    draw = ImageDraw.Draw(image)

    def at(x: float, y: float) -> tuple[float, float]:
        return x * size, y * size

    line = 4 * _SUPERSAMPLE
    if kind == "rock":
        radii = (0.40, 0.44, 0.37, 0.42, 0.39, 0.45, 0.36, 0.41, 0.43, 0.38)
        angles = np.linspace(0, 2 * np.pi, len(radii), endpoint=False)
        points = [at(0.5 + r * np.cos(a), 0.54 + 0.85 * r * np.sin(a)) for r, a in zip(radii, angles, strict=True)]
        draw.polygon(points, fill=(132, 132, 140), outline=(55, 55, 62), width=line)
        draw.ellipse((*at(0.30, 0.30), *at(0.50, 0.44)), fill=(172, 172, 180))
        draw.line([at(0.55, 0.45), at(0.64, 0.58), at(0.60, 0.70)], fill=(70, 70, 78), width=line // 2)
    elif kind == "paper":
        x0, y0, x1, y1, fold = 0.22, 0.10, 0.78, 0.90, 0.16
        sheet = [at(x0, y0), at(x1 - fold, y0), at(x1, y0 + fold), at(x1, y1), at(x0, y1)]
        draw.polygon(sheet, fill=(255, 255, 255), outline=(60, 60, 60), width=line)
        draw.polygon([at(x1 - fold, y0), at(x1 - fold, y0 + fold), at(x1, y0 + fold)], fill=(205, 205, 205))
        for row in range(5):
            y = 0.36 + row * 0.11
            draw.line([at(x0 + 0.07, y), at(x1 - 0.07, y)], fill=(120, 160, 220), width=line // 2)
    elif kind == "scissors":
        blade = (150, 156, 168)
        for tip, handle in (((0.22, 0.08), (0.66, 0.62)), ((0.78, 0.08), (0.34, 0.62))):
            draw.line([at(*tip), at(*handle)], fill=(60, 60, 66), width=7 * line // 2)
            draw.line([at(*tip), at(*handle)], fill=blade, width=5 * line // 2)
        for cx in (0.30, 0.70):
            draw.ellipse((*at(cx - 0.14, 0.62), *at(cx + 0.14, 0.92)), outline=(200, 45, 45), width=3 * line)
        draw.ellipse((*at(0.46, 0.40), *at(0.54, 0.48)), fill=(60, 60, 66))
    elif kind == _NO_MOVE:
        draw.ellipse((*at(0.18, 0.18), *at(0.82, 0.82)), outline=(150, 150, 150), width=3 * line)
        draw.line([at(0.30, 0.70), at(0.70, 0.30)], fill=(150, 150, 150), width=3 * line)
    else:
        draw.ellipse((*at(0.18, 0.18), *at(0.82, 0.82)), outline=(170, 170, 170), width=2 * line)
        draw_text_centered(draw, (0, 0, size, size), "?", GLYPH // 2 * _SUPERSAMPLE, (150, 150, 150))
    return _frozen(to_array(image.resize((GLYPH, GLYPH), Image.Resampling.LANCZOS)))


@lru_cache(maxsize=4096)
def _strip(
    text: str, width: int, height: int, fill: tuple[int, int, int], ink: tuple[int, int, int], size: int
) -> np.ndarray:
    """A ``width`` x ``height`` block of ``fill`` with ``text`` centred in it."""
    image = Image.new("RGB", (width, height), fill)
    draw_text_centered(ImageDraw.Draw(image), (0, 0, width, height), text, size, ink)
    return _frozen(to_array(image))


def _frozen(image: np.ndarray) -> np.ndarray:
    image.flags.writeable = False  # cached sprites are shared by every frame
    return image


@lru_cache(maxsize=1024)
def _panel(label: str, kind: str, caption: str, side: int) -> np.ndarray:
    """One side's panel: its name and rounds won, the glyph of its last move, the move's name."""
    image = canvas(PANELS[1] - PANELS[0], PANEL, _SIDE_TINT[side])
    image[LABEL[0] : LABEL[1]] = _strip(
        label, PANEL, LABEL[1] - LABEL[0], _SIDE_TINT[side], _SIDE_INK[side], _FONT["label"]
    )
    x = (PANEL - GLYPH) // 2
    image[ART[0] : ART[1], x : x + GLYPH] = _glyph(kind, side)
    image[NAME[0] : NAME[1]] = _strip(caption, PANEL, NAME[1] - NAME[0], _SIDE_TINT[side], _INK, _FONT["caption"])
    return _frozen(image)


@lru_cache(maxsize=256)
def _banner(text: str, tone: str) -> np.ndarray:
    image = canvas(BANNER[1] - BANNER[0], WIDTH, _BACKGROUND)
    image[:BANNER_STRIP] = _strip(text, WIDTH, BANNER_STRIP, _TONE[tone], PALETTE["white"], _FONT["banner"])
    return _frozen(image)


@lru_cache(maxsize=2)
def _row_labels(spectator: bool) -> np.ndarray:
    """The history strip's left column: "Round", then whose moves each row holds."""
    image = canvas(HISTORY[1] - HISTORY[0], ROW_LABEL, _BACKGROUND)
    image[NUMBER[0] : NUMBER[1]] = _strip("Round", ROW_LABEL, NUMBER[1] - NUMBER[0], _BACKGROUND, _INK, _FONT["number"])
    for side, (top, bottom) in enumerate(ROWS):
        label = ("P0", "P1")[side] if spectator else ("You", "Opp")[side]
        image[top:bottom] = _strip(label, ROW_LABEL, bottom - top, _BACKGROUND, _SIDE_INK[side], _FONT["row"])
    return _frozen(image)


@lru_cache(maxsize=4096)
def _column(number: int, mine: Move, theirs: Move) -> np.ndarray:
    """Round ``number`` of the history strip: the viewer's move over the opponent's, on result colours."""
    image = canvas(HISTORY[1] - HISTORY[0], CELL, _BACKGROUND)
    image[NUMBER[0] : NUMBER[1]] = _strip(str(number), CELL, NUMBER[1] - NUMBER[0], _BACKGROUND, _INK, _FONT["number"])
    for (top, bottom), move, other in zip(ROWS, (mine, theirs), (theirs, mine), strict=True):
        tone = _TONE[RESULT_WORDS[outcome(move, other)]]
        image[top:bottom, 1 : CELL - 1] = _strip(
            _letter(move), CELL - 2, bottom - top, tone, PALETTE["white"], _FONT["cell"]
        )
    return _frozen(image)


@lru_cache(maxsize=HISTORY_CELLS + 1)
def _blank_columns(count: int) -> np.ndarray:
    return _frozen(canvas(HISTORY[1] - HISTORY[0], count * CELL, _BACKGROUND))


# --- words ------------------------------------------------------------------------------------------
def _names(viewer: int | None) -> tuple[str, str]:
    return ("You", "Opponent") if viewer is not None else ("Player 0", "Player 1")


def banner_text(state: State, viewer: int | None, forfeited: tuple[int, ...] = ()) -> tuple[str, str]:
    """The banner's words and tone ("win", "loss", "tie", "neutral") from ``viewer``'s side."""
    seat = 0 if viewer is None else viewer
    own, other = _names(viewer)
    if forfeited:
        if len(forfeited) == 2:
            return "Both forfeited the match", "neutral" if viewer is None else "loss"
        loser = own if forfeited[0] == seat else other
        if viewer is None:
            return f"{loser} forfeited the match", "neutral"
        return ("You forfeited the match", "loss") if loser == own else ("Opponent forfeited: you win", "win")
    if state.done:
        score = f"{state.wins[seat]}-{state.wins[1 - seat]}"
        result = match_result(state, seat)
        if result == "draw":
            return f"Match drawn {score}", "neutral" if viewer is None else "tie"
        if viewer is None:
            return f"{own if result == 'win' else other} wins the match {score}", "neutral"
        return f"You {'won' if result == 'win' else 'lost'} the match {score}", result
    if not state.history:
        return "Choose rock, paper or scissors", "neutral"
    moves = state.history[-1]
    result = outcome(moves[seat], moves[1 - seat])
    number = state.played
    if result == 0:
        return f"Round {number}: tie", "tie"
    winner = own if result > 0 else other
    if viewer is None:
        return f"Round {number}: {winner} won", "neutral"
    return f"Round {number}: you {'won' if result > 0 else 'lost'}", "win" if result > 0 else "loss"


def _kind(move: Move) -> str:
    return _NO_MOVE if move is None else MOVES[move]


def _letter(move: Move) -> str:
    return "-" if move is None else MOVES[move][0].upper()


# --- the frame --------------------------------------------------------------------------------------
def render(state: State, viewer: int | None = None, forfeited: tuple[int, ...] = ()) -> np.ndarray:
    """RGB image of the match from ``viewer``'s seat (0 or 1; ``None``: the spectator's view).

    ``forfeited`` holds the seats that forfeited the match (empty when nobody did).
    """
    seats = (0, 1) if viewer is None else (viewer, 1 - viewer)
    image = np.empty((HEIGHT, WIDTH, 3), np.uint8)
    top, bottom = HEADER
    header = "Match over" if state.done or forfeited else f"Round {state.played + 1} of {state.rounds}"
    image[top:bottom, :HEADER_SPLIT] = _strip(header, HEADER_SPLIT, bottom - top, _BACKGROUND, _INK, _FONT["header"])
    ties = f"Ties: {state.ties}"
    image[top:bottom, HEADER_SPLIT:] = _strip(
        ties, WIDTH - HEADER_SPLIT, bottom - top, _BACKGROUND, _TONE["tie"], _FONT["ties"]
    )
    last = state.history[-1] if state.history else None
    for side, name in enumerate(_names(viewer)):
        if last is None:
            kind, caption = _NOT_YET, "not yet"
        else:
            move = last[seats[side]]
            kind, caption = _kind(move), "NO MOVE" if move is None else MOVES[move].upper()
        label = f"{name}: {state.wins[seats[side]]}"
        image[PANELS[0] : PANELS[1], side * PANEL : (side + 1) * PANEL] = _panel(label, kind, caption, side)
    image[BANNER[0] : BANNER[1]] = _banner(*banner_text(state, viewer, forfeited))
    top, bottom = HISTORY
    image[top:bottom, :ROW_LABEL] = _row_labels(viewer is None)
    first = max(0, state.played - HISTORY_CELLS)
    x = ROW_LABEL
    for number, moves in enumerate(state.history[first:], start=first + 1):
        image[top:bottom, x : x + CELL] = _column(number, moves[seats[0]], moves[seats[1]])
        x += CELL
    if x < WIDTH:
        image[top:bottom, x:] = _blank_columns((WIDTH - x) // CELL)
    return image
