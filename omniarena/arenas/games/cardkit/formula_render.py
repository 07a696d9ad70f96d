"""Image of a formula game: the target, the cards (used ones dimmed) and the formula so far.

A pure function of the state, built from cached layers: the table with its cards is cached per
(target, cards, used), and the formula area per formula, each formula's area made from its prefix's
by pasting one token label. A frame therefore costs two array copies and a paste or two.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from omniarena.arenas.games.cardkit.deck import Card
from omniarena.arenas.games.cardkit.formula import Token
from omniarena.arenas.games.cardkit.formula_rules import State
from omniarena.arenas.games.cardkit.sprites import TABLE, card_face, felt, label, paste
from omniarena.core.draw import PALETTE

__all__ = ["SIZE", "card_size", "render"]

SIZE = 300
_MARGIN = 12
_CARD_GAP = 8
_MAX_CARD_WIDTH = 95
_CARDS_TOP = 40
_FORMULA_LABEL_TOP = 180
_FORMULA_TOP = 204
_LINE_HEIGHT = 30
_FORMULA_LINES = 2
_TOKEN_GAP = 6
_TEXT = 22
_WHITE = (255, 255, 255)


def card_size(n_cards: int) -> tuple[int, int]:
    """(width, height) of each card so that ``n_cards`` fit in one row (5:7 like a real card)."""
    width = min(_MAX_CARD_WIDTH, (SIZE - 2 * _MARGIN - (n_cards - 1) * _CARD_GAP) // n_cards)
    return width, width * 7 // 5


@lru_cache(maxsize=64)
def _table(target: int, cards: tuple[Card, ...], values: tuple[int, ...], used: tuple[bool, ...]) -> np.ndarray:
    """Felt, title, "Formula:" label and the cards (used ones dimmed, A/J/Q/K badged with their value)."""
    image = felt(SIZE, SIZE).copy()
    title = label(f"Target: {target}", 20, _WHITE)
    paste(image, title, (SIZE - title.shape[1]) // 2, 8)
    paste(image, label("Formula:", 18, _WHITE), _MARGIN, _FORMULA_LABEL_TOP)
    width, height = card_size(len(cards))
    x = (SIZE - len(cards) * width - (len(cards) - 1) * _CARD_GAP) // 2
    for card, value, spent in zip(cards, values, used, strict=True):
        paste(image, card_face(card.rank, card.suit, width, height, TABLE, spent, value), x, _CARDS_TOP)
        x += width + _CARD_GAP
    image.setflags(write=False)
    return image


@lru_cache(maxsize=512)
def _formula_area(formula: tuple[Token, ...]) -> tuple[np.ndarray, int, int]:
    """The formula lines (read-only) and the (x, y) where the next token would go."""
    if not formula:
        return felt(_FORMULA_LINES * _LINE_HEIGHT, SIZE), _MARGIN, 0
    parent, x, y = _formula_area(formula[:-1])
    sprite = label(str(formula[-1]), _TEXT, _WHITE)
    if x + sprite.shape[1] > SIZE - _MARGIN:
        x, y = _MARGIN, y + _LINE_HEIGHT
    area = parent.copy()
    paste(area, sprite, x, y)
    area.setflags(write=False)
    return area, x + sprite.shape[1] + _TOKEN_GAP, y


def render(state: State, target: int) -> np.ndarray:
    """RGB ``SIZE x SIZE`` image of ``state``."""
    image = _table(target, state.cards, state.values, state.used).copy()
    area, _, last_line = _formula_area(state.formula)
    image[_FORMULA_TOP : _FORMULA_TOP + area.shape[0]] = area
    if state.done:
        value = "no value" if state.value is None else str(state.value)
        color = PALETTE["good"] if state.success else PALETTE["bad"]
        verdict = label(f"{value}: {'correct!' if state.success else 'wrong'}", _TEXT, color, _WHITE)
        top = min(_FORMULA_TOP + last_line + _LINE_HEIGHT + 2, SIZE - verdict.shape[0] - 2)
        paste(image, verdict, _MARGIN, top)
    return image
