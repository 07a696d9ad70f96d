"""Blackjack rules: pure state and transitions (infinite deck, dealer hits below 17), no drawing."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from omniarena.arenas.games.cardkit.deck import FACE_AS_TEN, Card, random_card, random_cards

__all__ = ["State", "hand_value", "is_natural", "deal", "hit", "stand", "DEALER_STANDS_ON"]

DEALER_STANDS_ON = 17
BUST_LIMIT = 21


@dataclass(frozen=True)
class State:
    """The player's and dealer's cards (``dealer[1]`` is face down until the player stands)."""

    player: tuple[Card, ...]
    dealer: tuple[Card, ...]
    done: bool = False
    outcome: str = ""  # "win" | "loss" | "draw" | "bust", once done


def hand_value(cards: tuple[Card, ...]) -> tuple[int, bool]:
    """(total, soft): an ace counts 11 when that does not bust the hand (then the hand is "soft")."""
    total = sum(card.value(FACE_AS_TEN) for card in cards)
    if any(card.rank == 1 for card in cards) and total + 10 <= BUST_LIMIT:
        return total + 10, True
    return total, False


def is_natural(cards: tuple[Card, ...]) -> bool:
    """An ace and a ten-valued card as the first two cards."""
    return len(cards) == 2 and hand_value(cards)[0] == BUST_LIMIT


def deal(rng: np.random.Generator) -> State:
    """Two cards to the dealer (the second face down), two to the player."""
    d1, d2, p1, p2 = random_cards(rng, 4)
    return State(player=(p1, p2), dealer=(d1, d2))


def hit(state: State, rng: np.random.Generator) -> tuple[State, float]:
    """The player takes a card: -1 and game over on a bust, else 0."""
    player = (*state.player, random_card(rng))
    if hand_value(player)[0] > BUST_LIMIT:
        return replace(state, player=player, done=True, outcome="bust"), -1.0
    return replace(state, player=player), 0.0


def stand(state: State, rng: np.random.Generator, natural_bonus: bool = False) -> tuple[State, float]:
    """The dealer draws until 17 or more (standing on soft 17), then the totals decide: +1 / 0 / -1.

    With ``natural_bonus`` a winning natural (ace + ten in two cards) pays 1.5.
    """
    dealer = state.dealer
    while hand_value(dealer)[0] < DEALER_STANDS_ON:
        dealer = (*dealer, random_card(rng))
    player_total = hand_value(state.player)[0]
    dealer_total = hand_value(dealer)[0]
    if dealer_total > BUST_LIMIT or player_total > dealer_total:
        outcome, reward = "win", (1.5 if natural_bonus and is_natural(state.player) else 1.0)
    elif player_total == dealer_total:
        outcome, reward = "draw", 0.0
    else:
        outcome, reward = "loss", -1.0
    return replace(state, dealer=dealer, done=True, outcome=outcome), reward
