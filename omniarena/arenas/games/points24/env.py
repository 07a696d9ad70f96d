"""Points24: make 24 from four cards, one token per step (gym-cards Points24)."""

from __future__ import annotations

from omniarena.arenas.games.cardkit.deck import VALUE_TABLES
from omniarena.arenas.games.cardkit.formula_arena import FormulaArena
from omniarena.arenas.games.cardkit.formula_rules import FormulaRules

__all__ = ["Points24Env"]


class Points24Env(FormulaArena):
    """Build a formula from four cards that evaluates to 24, one token per step.

    ## Description
    Four cards are dealt face up (uniformly from a full deck, with replacement). Each step appends one
    token to the formula: a number held in hand, an operator, or a parenthesis; "=" evaluates it in
    exact fractions (``8 / (3 - 8 / 3)`` is 24). It is the Points24 game of gym-cards (RL4VLM) with
    working seeding and, by default, only solvable deals (rejection sampling over the exhaustive
    solver in :mod:`omniarena.arenas.games.cardkit.solver`).

    ## Actions
    Native ``Discrete(17)`` (``Discrete(20)`` when faces count 11/12/13): the numbers "1".."10"
    (.."13"), then "+", "-", "*", "/", "(", ")", "=" in that order, as in the RL4VLM prompt. Text: the
    same tokens, plus aliases ("plus", "minus", "times"/"x"/"×", "divided by"/"÷", "open paren",
    "equals", "ace", "ten", "king", ...). A reply in the RL4VLM JSON form ``{"thoughts": "...",
    "action": "+"}`` works as is. Illegal tokens are masked (``action_mask``): a number not among the
    remaining cards, two numbers in a row, an operator with no card left, ")" with no open group, "="
    before every card is used. A masked native action changes nothing and costs ``illegal_penalty``.

    ## Observation
    ``{"image": 300x300x3 uint8 (target, cards with used ones dimmed, formula), "text": instruction,
    cards, formula so far, remaining numbers and legal tokens, "action_mask": int8[n]}``.

    ## Rewards
    +10 when "=" is pressed on a formula that uses every card once and equals the target, -1 when it
    does not (e.g. division by zero or another value); 0 for the other tokens.

    ## Episode end
    Terminated by "="; a legal token sequence always reaches it within 14 tokens (4 numbers, 3
    operators, 3 pairs of parentheses, "="). Truncated after the registry's ``max_steps`` (30).

    ## Arguments
    ``target`` (24), ``faces``: "ten" (J/Q/K count as 10, gym-cards) or "rank" (11/12/13),
    ``solvable_only`` (True; False deals any hand, as gym-cards does), ``illegal_penalty`` (-1),
    ``render_mode``: "rgb_array" or "ansi".

    ## Baselines (200 episodes, seeds 0-199, text mode)
    (``omniarena.make(id)``, text actions; random = uniform over the legal actions of ``action_mask``, seed 0)

    variant               agent            success  mean return
    Points24-v0           scripted expert  100.0%  +10.00
    Points24-v0           random legal     0.0%    -1.00
    Points24-Hard-v0      scripted expert  100.0%  +10.00
    Points24-Hard-v0      random legal     0.0%    -1.00
    Points24-Any-v0       scripted expert  75.0%   +7.25
    Points24-Any-v0       random legal     0.0%    -1.00
    Points24-Target10-v0  scripted expert  100.0%  +10.00
    Points24-Target10-v0  random legal     1.5%    -0.84

    ## Version history
    v0: first release.

    >>> env = Points24Env()
    >>> obs, info = env.reset(seed=0)
    >>> obs["image"].shape, int(obs["action_mask"].sum()) > 0
    ((300, 300, 3), True)
    >>> env.action_set.format(env.action_set.parse('{"thoughts": "...", "action": "times"}').action)
    '*'
    """

    def __init__(
        self,
        target: int = 24,
        faces: str = "ten",
        solvable_only: bool = True,
        illegal_penalty: float = -1.0,
        render_mode: str | None = None,
    ) -> None:
        if faces not in VALUE_TABLES:
            raise ValueError(f"faces={faces!r}; use one of {sorted(VALUE_TABLES)}")
        game = FormulaRules(n_cards=4, target=target, values=VALUE_TABLES[faces], solvable_only=solvable_only)
        super().__init__(game, render_mode=render_mode, illegal_penalty=illegal_penalty)
