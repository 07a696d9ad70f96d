"""Playing cards as data: ranks, suits, value tables and uniform random cards (an infinite deck)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = [
    "Card",
    "Suit",
    "SUITS",
    "RANK_LABELS",
    "RANK_NAMES",
    "FACE_AS_TEN",
    "FACE_AS_RANK",
    "VALUE_TABLES",
    "random_card",
    "random_cards",
]


@dataclass(frozen=True)
class Suit:
    letter: str  # the gym-cards file-name letter
    name: str
    symbol: str
    red: bool


SUITS: tuple[Suit, ...] = (
    Suit("S", "spades", "♠", False),
    Suit("H", "hearts", "♥", True),
    Suit("D", "diamonds", "♦", True),
    Suit("C", "clubs", "♣", False),
)

# Index ``rank - 1`` for ranks 1 (ace) .. 13 (king).
RANK_LABELS: tuple[str, ...] = ("A", "2", "3", "4", "5", "6", "7", "8", "9", "10", "J", "Q", "K")
RANK_NAMES: tuple[str, ...] = (
    "ace", "2", "3", "4", "5", "6", "7", "8", "9", "10", "jack", "queen", "king",
)  # fmt: skip

# Card value per rank (index ``rank - 1``): the gym-cards convention (J/Q/K count as 10) and the
# "hard" one (J/Q/K count as 11/12/13).
FACE_AS_TEN: tuple[int, ...] = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 10, 10)
FACE_AS_RANK: tuple[int, ...] = tuple(range(1, 14))
VALUE_TABLES: dict[str, tuple[int, ...]] = {"ten": FACE_AS_TEN, "rank": FACE_AS_RANK}

DECK_SIZE = len(RANK_LABELS) * len(SUITS)


@dataclass(frozen=True)
class Card:
    """One playing card: ``rank`` 1 (ace) .. 13 (king), ``suit`` an index into :data:`SUITS`."""

    rank: int
    suit: int

    @property
    def label(self) -> str:
        """Short form, e.g. ``"10♥"``."""
        return f"{RANK_LABELS[self.rank - 1]}{SUITS[self.suit].symbol}"

    @property
    def name(self) -> str:
        """Words, e.g. ``"queen of spades"``."""
        return f"{RANK_NAMES[self.rank - 1]} of {SUITS[self.suit].name}"

    @property
    def red(self) -> bool:
        return SUITS[self.suit].red

    def value(self, table: tuple[int, ...]) -> int:
        """The card's value under a value table such as :data:`FACE_AS_TEN`."""
        return table[self.rank - 1]


def _card(index: int) -> Card:
    """The card at ``index`` (0 .. DECK_SIZE - 1) of a deck ordered by suit, then rank."""
    return Card(index % len(RANK_LABELS) + 1, index // len(RANK_LABELS))


def random_card(rng: np.random.Generator) -> Card:
    """A uniformly random card of a full deck, drawn with replacement (an infinite shoe)."""
    return _card(int(rng.integers(DECK_SIZE)))


def random_cards(rng: np.random.Generator, count: int) -> tuple[Card, ...]:
    """``count`` independent uniformly random cards (with replacement), in one generator call."""
    return tuple(_card(int(i)) for i in rng.integers(DECK_SIZE, size=count))
