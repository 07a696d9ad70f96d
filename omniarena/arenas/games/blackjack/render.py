"""Blackjack image: dealer's cards (one face down until the end) above the player's, on felt, with totals."""

from __future__ import annotations

import numpy as np

from omniarena.arenas.games.blackjack.rules import BUST_LIMIT, State, hand_value
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
_LABEL = 17
_WHITE = (255, 255, 255)
_OUTCOME = {
    "win": ("You win", PALETTE["good"]),
    "draw": ("Draw (push)", PALETTE["ink"]),
    "loss": ("You lose", PALETTE["bad"]),
    "bust": ("Bust: you lose", PALETTE["bad"]),
}


def _total(cards: tuple[Card, ...]) -> str:
    """A hand's total as a label reads it: "17", "17 (soft)", "24 (bust)"."""
    total, soft = hand_value(cards)
    return f"{total}{' (soft)' if soft else ' (bust)' if total > BUST_LIMIT else ''}"


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
    """RGB ``SIZE x SIZE`` image: the dealer's up card and hidden card (all cards once the game is over).

    Each row is headed by its total: "Player: 17 (soft)", "Dealer: 10 + ?" until the hole card is
    revealed, then the dealer's total. Labels are cached strips, so a frame draws no text.
    """
    image = felt(SIZE, SIZE).copy()
    # Until the hole card is revealed the dealer's label counts the up card only ("10 + ?", an ace 11).
    dealer_total = _total(state.dealer) if state.done else f"{hand_value(state.dealer[:1])[0]} + ?"
    paste(image, label(f"Dealer: {dealer_total}", _LABEL, _WHITE), _MARGIN, 6)
    paste(image, label(f"Player: {_total(state.player)}", _LABEL, _WHITE), _MARGIN, _PLAYER_LABEL_TOP)
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
