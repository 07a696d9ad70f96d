"""Rules of the formula card games (EZPoints, Points24): pure state and transitions, no drawing.

Cards are dealt; the player appends one token at a time (a number held in hand, an operator, a
parenthesis) and ends with "=". The action mask keeps the formula completable: a number only where an
operand may stand and only if an unused card has that value, an operator only after an operand while
cards remain, "(" only while cards remain (and at most one pair per combining operator), ")" only
closing an open group after an operand, "=" only when every card is used and all groups are closed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction

import numpy as np

from omniarena.arenas.games.cardkit.deck import FACE_AS_TEN, Card, random_cards
from omniarena.arenas.games.cardkit.formula import CLOSE, EQUALS, OPEN, OPERATORS, Token, evaluate
from omniarena.arenas.games.cardkit.tables import solvable

__all__ = ["FormulaRules", "State", "deal", "apply", "legal_mask", "SUCCESS_REWARD", "FAILURE_REWARD"]

SUCCESS_REWARD = 10.0
FAILURE_REWARD = -1.0
_MAX_DEAL_TRIES = 100_000


@dataclass(frozen=True)
class FormulaRules:
    """One variant: how many cards, the target, card values, which operators, whether "(" ")" exist."""

    n_cards: int = 4
    target: int = 24
    values: tuple[int, ...] = FACE_AS_TEN  # card value per rank 1..13
    operators: tuple[str, ...] = OPERATORS
    parens: bool = True
    solvable_only: bool = True
    tokens: tuple[Token, ...] = field(init=False)

    def __post_init__(self) -> None:
        if self.n_cards < 1:
            raise ValueError(f"n_cards must be >= 1, got {self.n_cards}")
        unknown = set(self.operators) - set(OPERATORS)
        if unknown:
            raise ValueError(f"unknown operators {sorted(unknown)}; use some of {OPERATORS}")
        numbers = tuple(range(1, max(self.values) + 1))
        brackets = (OPEN, CLOSE) if self.parens else ()
        object.__setattr__(self, "tokens", (*numbers, *self.operators, *brackets, EQUALS))

    def index(self, token: Token) -> int:
        return self.tokens.index(token)


@dataclass(frozen=True)
class State:
    """Cards, their values, which are used, the formula so far and, once "=" is pressed, the result."""

    cards: tuple[Card, ...]
    values: tuple[int, ...]
    used: tuple[bool, ...]
    formula: tuple[Token, ...] = ()
    depth: int = 0  # open "(" not yet closed
    opened: int = 0  # "(" pressed so far
    done: bool = False
    value: Fraction | None = None  # the formula's value after "=" (None if it has none)
    success: bool = False

    @property
    def remaining(self) -> tuple[int, ...]:
        """Values of the cards not used yet, in card order."""
        return tuple(v for v, u in zip(self.values, self.used, strict=True) if not u)

    @property
    def expects_operand(self) -> bool:
        return not self.formula or self.formula[-1] in OPERATORS or self.formula[-1] == OPEN


def deal(rng: np.random.Generator, rules: FormulaRules) -> State:
    """Random cards from ``rng``; with ``solvable_only``, redraw (rejection sampling) until solvable.

    Solvability comes from the shipped table (:mod:`.tables`), the exact solver only for unlisted rules.
    """
    for _ in range(_MAX_DEAL_TRIES):
        cards = random_cards(rng, rules.n_cards)
        values = tuple(card.value(rules.values) for card in cards)
        if not rules.solvable_only or solvable(values, rules.target, rules.operators, rules.parens):
            return State(cards, values, (False,) * len(cards))
    raise ValueError(f"no solvable deal found for {rules}")


def legal_mask(state: State, rules: FormulaRules) -> np.ndarray:
    """int8 mask over ``rules.tokens``: 1 where appending the token keeps the formula completable."""
    mask = np.zeros(len(rules.tokens), dtype=np.int8)
    if state.done:
        return mask
    remaining = state.remaining
    if state.expects_operand:
        for value in set(remaining):
            mask[value - 1] = 1
        # One pair of parentheses per operator at most: more are never needed, and it bounds the episode.
        if rules.parens and remaining and state.opened < rules.n_cards - 1:
            mask[rules.index(OPEN)] = 1
        return mask
    if remaining:
        for op in rules.operators:
            mask[rules.index(op)] = 1
    if rules.parens and state.depth > 0:
        mask[rules.index(CLOSE)] = 1
    if not remaining and state.depth == 0:
        mask[rules.index(EQUALS)] = 1
    return mask


def apply(state: State, rules: FormulaRules, action: int) -> tuple[State, float]:
    """Append token ``rules.tokens[action]`` (assumed legal); returns the new state and the reward.

    "=" ends the game: +10 if the formula uses every card once and equals the target, else -1.
    """
    token = rules.tokens[action]
    if token == EQUALS:
        value = evaluate(state.formula)
        success = value is not None and value == rules.target and not any(not u for u in state.used)
        done = replace(state, formula=(*state.formula, EQUALS), done=True, value=value, success=success)
        return done, SUCCESS_REWARD if success else FAILURE_REWARD
    formula = (*state.formula, token)
    if isinstance(token, int):
        index = next(i for i, (v, u) in enumerate(zip(state.values, state.used, strict=True)) if v == token and not u)
        used = tuple(u or i == index for i, u in enumerate(state.used))
        return replace(state, formula=formula, used=used), 0.0
    if token == OPEN:
        return replace(state, formula=formula, depth=state.depth + 1, opened=state.opened + 1), 0.0
    if token == CLOSE:
        return replace(state, formula=formula, depth=state.depth - 1), 0.0
    return replace(state, formula=formula), 0.0
