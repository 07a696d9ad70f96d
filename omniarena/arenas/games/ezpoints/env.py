"""EZPoints: make 12 from two cards with "+" and "*", one token per step (gym-cards EZPoints)."""

from __future__ import annotations

from omniarena.arenas.games.cardkit.deck import VALUE_TABLES
from omniarena.arenas.games.cardkit.formula_arena import FormulaArena
from omniarena.arenas.games.cardkit.formula_rules import FormulaRules

__all__ = ["EZPointsEnv"]


class EZPointsEnv(FormulaArena):
    """Build a formula from the dealt cards that evaluates to 12, using "+" and "*".

    ## Description
    Two cards are dealt face up (J/Q/K count as 10, A as 1). Each step appends one token to the
    formula; "=" evaluates it exactly. It is the EZPoints game of gym-cards (RL4VLM) with working
    seeding; only solvable hands are dealt (uniform cards, rejection sampling with the exhaustive
    solver). The Hard variant deals three cards.

    ## Actions
    Native ``Discrete(13)``: "1".."10" (indices 0-9), "+" (10), "*" (11), "=" (12), as in the RL4VLM
    prompt. Text: the same tokens, plus aliases ("plus", "times"/"x"/"×", "equals", "ace", "ten",
    "jack"/"queen"/"king", ...); a reply in the RL4VLM JSON form ``{"thoughts": "...", "action": "*"}``
    works as is. Illegal tokens are masked (``action_mask``): a number not among the remaining cards,
    two numbers in a row, an operator with no card left, "=" before every card is used. A masked
    native action changes nothing and costs ``illegal_penalty``.

    ## Observation
    ``{"image": 300x300x3 uint8 (target, cards with used ones dimmed, formula), "text": instruction,
    cards, formula so far, remaining numbers and legal tokens, "action_mask": int8[13]}``.

    ## Rewards
    +10 when "=" is pressed on a formula that uses every card once and equals 12, else -1; 0 for the
    other tokens.

    ## Episode end
    Terminated by "=", which a legal token sequence reaches in ``2 * n_cards`` tokens. Truncated after
    the registry's ``max_steps`` (10; 14 for Hard).

    ## Arguments
    ``n_cards`` (2), ``target`` (12), ``illegal_penalty`` (-1), ``render_mode``: "rgb_array" or "ansi".

    ## Baselines (200 episodes, seeds 0-199, text mode)
    (``omniarena.make(id)``, text actions; random = uniform over the legal actions of ``action_mask``, seed 0)

    variant           agent            success  mean return
    EZPoints-v0       scripted expert  100.0%  +10.00
    EZPoints-v0       random legal     45.0%   +3.95
    EZPoints-Hard-v0  scripted expert  100.0%  +10.00
    EZPoints-Hard-v0  random legal     28.5%   +2.14

    ## Version history
    v0: first release.

    >>> env = EZPointsEnv()
    >>> obs, info = env.reset(seed=0)
    >>> obs["image"].shape, obs["action_mask"].shape
    ((300, 300, 3), (13,))
    >>> env.action_set.names[10:]
    ['+', '*', '=']
    """

    def __init__(
        self,
        n_cards: int = 2,
        target: int = 12,
        illegal_penalty: float = -1.0,
        render_mode: str | None = None,
    ) -> None:
        game = FormulaRules(
            n_cards=n_cards, target=target, values=VALUE_TABLES["ten"], operators=("+", "*"), parens=False
        )
        super().__init__(game, render_mode=render_mode, illegal_penalty=illegal_penalty)
