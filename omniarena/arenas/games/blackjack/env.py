"""Blackjack against a dealer who hits below 17 (gym-cards Blackjack)."""

from __future__ import annotations

from typing import Any

import numpy as np

from omniarena.arenas.games.blackjack import rules
from omniarena.arenas.games.blackjack.actions import ACTIONS, HIT
from omniarena.arenas.games.blackjack.render import SIZE, render
from omniarena.arenas.games.cardkit.deck import Card
from omniarena.core.arena import Arena, Outcome

__all__ = ["BlackjackEnv"]

_VERDICT = {
    "win": "You win.",
    "draw": "It is a draw (push).",
    "loss": "You lose.",
    "bust": "You went over 21 (bust): you lose.",
}


def _hand(cards: tuple[Card, ...]) -> str:
    total, soft = rules.hand_value(cards)
    return f"{', '.join(card.name for card in cards)} (total {total}{', soft: an ace counts 11' if soft else ''})"


class BlackjackEnv(Arena):
    """Beat the dealer: get closer to 21 than the dealer without going over.

    ## Description
    The dealer has one card face up and one face down; the player has two cards face up. Cards come
    from an infinite deck (drawn with replacement from ``self.np_random``). J/Q/K count 10, an ace 11
    unless that busts the hand, then 1. After the player stands the dealer reveals the hidden card and
    draws until reaching 17 or more (standing on soft 17). It is the Blackjack game of gym-cards (RL4VLM)
    with cached card sprites instead of a PNG decoded every frame.

    ## Actions
    Native ``Discrete(2)``: 0 = "stand", 1 = "hit" (the RL4VLM order). Text: "stand" (also stick, stay,
    hold) or "hit" (also draw); the RL4VLM JSON reply ``{"thoughts": "...", "action": "hit"}`` works
    as is. Both actions are always legal while the game runs.

    ## Observation
    ``{"image": 300x300x3 uint8 (dealer's up card and face-down card above the player's cards; every
    card and the result once the game is over), "text": instruction, the cards and the player's total in
    words, legal actions, "action_mask": int8[2]}``.

    ## Rewards
    +1 for a win, -1 for a loss or a bust, 0 for a draw (+1.5 for a winning natural when
    ``natural=True``); 0 after a hit that does not bust.

    ## Episode end
    Terminated when the player stands or busts. Truncated after the registry's ``max_steps`` (20).

    ## Arguments
    ``natural`` (False): pay 1.5 for a winning natural blackjack. ``render_mode``: "rgb_array" or "ansi".

    ## Baselines (200 episodes, seeds 0-199, text mode)
    (``omniarena.make(id)``, text actions; random = uniform over the legal actions of ``action_mask``, seed 0)

    variant               agent           success     mean return
    Blackjack-v0          basic strategy  43.0% wins  -0.040
    Blackjack-v0          random          31.5% wins  -0.345
    Blackjack-Natural-v0  basic strategy  43.0% wins  -0.022
    Blackjack-Natural-v0  random          31.5% wins  -0.335

    ## Version history
    v0: first release.

    >>> env = BlackjackEnv()
    >>> obs, info = env.reset(seed=0)
    >>> obs["image"].shape, obs["action_mask"].tolist()
    ((300, 300, 3), [1, 1])
    >>> env.action_set.parse('{"thoughts": "16 against a 10", "action": "hit"}').action
    1
    """

    def __init__(self, natural: bool = False, render_mode: str | None = None) -> None:
        super().__init__(ACTIONS, (SIZE, SIZE), render_mode=render_mode)
        self.natural = bool(natural)
        self.state = rules.deal(np.random.default_rng(0))

    def _new_episode(self, options: dict[str, Any]) -> None:
        self.state = rules.deal(self.np_random)

    def _apply(self, action: int) -> Outcome:
        if action == HIT:
            self.state, reward = rules.hit(self.state, self.np_random)
        else:
            self.state, reward = rules.stand(self.state, self.np_random, self.natural)
        return Outcome(reward, self.state.done, True)

    def action_mask(self) -> np.ndarray:
        return np.full(2, 0 if self.state.done else 1, dtype=np.int8)

    def _info(self) -> dict[str, Any]:
        s = self.state
        return {
            "player_total": rules.hand_value(s.player)[0],
            "dealer_showing": s.dealer[0].label,
            "outcome": s.outcome,
            "success": s.outcome == "win",
        }

    def _draw(self) -> np.ndarray:
        return render(self.state)

    def expert_state(self) -> rules.State:
        return self.state

    def _rules(self) -> str:
        return "You are a blackjack player. You are observing the current game state, you can choose between ['stand', 'hit']."

    def _state(self) -> str:
        s = self.state
        if s.done:
            return "\n".join(
                [
                    f"Your cards: {_hand(s.player)}.",
                    f"Dealer's cards: {_hand(s.dealer)}.",
                    f"{_VERDICT[s.outcome]} The game is over.",
                ]
            )
        up = s.dealer[0]
        return (
            f"Dealer shows: {up.name} ({rules.hand_value((up,))[0]}); the other dealer card is face down.\n"
            f"Your cards: {_hand(s.player)}."
        )

    def _legal(self) -> str:
        return "" if self.state.done else "Legal actions now: 'stand', 'hit'"
