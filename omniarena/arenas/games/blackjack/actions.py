"""Blackjack text actions: "stand" and "hit", as in the RL4VLM prompt (native 0 = stand, 1 = hit)."""

from omniarena.core.actions import ActionSpec, DiscreteActionSet

STAND, HIT = 0, 1

ACTIONS = DiscreteActionSet(
    [
        ActionSpec("stand", "take no more cards; the dealer then plays", ("stick", "stay", "hold")),
        ActionSpec("hit", "take one more card", ("draw", "take a card", "another card")),
    ]
)
