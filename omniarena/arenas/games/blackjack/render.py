"""Blackjack image: dealer's cards (one face down until the end) above the player's, on felt."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from omniarena.arenas.games.blackjack.rules import State
from omniarena.arenas.games.cardkit.deck import Card
from omniarena.arenas.games.cardkit.sprites import card_back, card_face, felt, label, paste
from omniarena.core.draw import PALETTE

__all__ = ["SIZE", "render"]

SIZE = 300
CARD_W, CARD_H = 70, 98
_MARGIN = 6
_GAP = 4
_DEALER_TOP = 28
_PLAYER_LABEL_TOP = 136
_PLAYER_TOP = 160
_WHITE = (255, 255, 255)
_OUTCOME = {
    "win": ("You win", PALETTE["good"]),
    "draw": ("Draw (push)", PALETTE["ink"]),
    "loss": ("You lose", PALETTE["bad"]),
    "bust": ("Bust: you lose", PALETTE["bad"]),
}


@lru_cache(maxsize=1)
def _background() -> np.ndarray:
    image = felt(SIZE, SIZE).copy()
    paste(image, label("Dealer", 16, _WHITE), _MARGIN, 6)
    paste(image, label("Player", 16, _WHITE), _MARGIN, _PLAYER_LABEL_TOP)
    image.setflags(write=False)
    return image


def _row(image: np.ndarray, sprites: list[np.ndarray], top: int) -> None:
    """Cards left to right; overlapping (fanned) when they would not fit side by side."""
    step = CARD_W + _GAP
    if len(sprites) > 1:
        step = min(step, (SIZE - 2 * _MARGIN - CARD_W) // (len(sprites) - 1))
    for i, sprite in enumerate(sprites):
        paste(image, sprite, _MARGIN + i * step, top)


def _face(card: Card) -> np.ndarray:
    return card_face(card.rank, card.suit, CARD_W, CARD_H)


def render(state: State) -> np.ndarray:
    """RGB ``SIZE x SIZE`` image: the dealer's up card and hidden card (all cards once the game is over)."""
    image = _background().copy()
    if state.done:
        dealer = [_face(card) for card in state.dealer]
    else:
        dealer = [_face(state.dealer[0]), card_back(CARD_W, CARD_H)]
    _row(image, dealer, _DEALER_TOP)
    _row(image, [_face(card) for card in state.player], _PLAYER_TOP)
    if state.done:
        text, color = _OUTCOME[state.outcome]
        banner = label(text, 20, color, _WHITE)
        paste(image, banner, (SIZE - banner.shape[1]) // 2, SIZE - banner.shape[0] - 8)
    return image
