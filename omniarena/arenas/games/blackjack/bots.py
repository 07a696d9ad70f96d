"""Blackjack scripted expert: basic strategy for hit/stand (no doubling or splitting), as data."""

from __future__ import annotations

from typing import Any

from omniarena.arenas.games.blackjack.actions import HIT, STAND
from omniarena.arenas.games.blackjack.rules import hand_value
from omniarena.core.agent import NativeAgent

__all__ = ["BlackjackExpert", "basic_strategy", "HARD", "SOFT"]

# Rows: the player's total; columns: the dealer's up card 2, 3, 4, 5, 6, 7, 8, 9, 10, A. H = hit, S = stand.
# Hard totals below 12 always hit, 17 and above always stand; soft totals below 18 hit, 19+ stand.
HARD: dict[int, str] = {
    12: "HHSSSHHHHH",
    13: "SSSSSHHHHH",
    14: "SSSSSHHHHH",
    15: "SSSSSHHHHH",
    16: "SSSSSHHHHH",
}
SOFT: dict[int, str] = {
    18: "SSSSSSSHHH",
}
_HARD_RANGE = (12, 16)
_SOFT_RANGE = (18, 18)


def _column(dealer_value: int) -> int:
    """Column of the dealer's up-card value (1 = ace, the last column)."""
    return 9 if dealer_value == 1 else dealer_value - 2


def basic_strategy(total: int, soft: bool, dealer_value: int) -> int:
    """STAND or HIT for the player's ``total`` (``soft`` if an ace counts 11) against the dealer's up card."""
    table, (low, high) = (SOFT, _SOFT_RANGE) if soft else (HARD, _HARD_RANGE)
    if total < low:
        return HIT
    if total > high:
        return STAND
    return HIT if table[total][_column(dealer_value)] == "H" else STAND


class BlackjackExpert(NativeAgent):
    """Plays :func:`basic_strategy` from the arena's state."""

    name = "scripted"

    def choose(self, observation: dict[str, Any]) -> int:
        state = self.expert_state()
        total, soft = hand_value(state.player)
        return basic_strategy(total, soft, min(state.dealer[0].rank, 10))
