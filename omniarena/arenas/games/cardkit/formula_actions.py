"""Text actions of the formula games: the RL4VLM tokens ("1".."10", "+", "*", "=", ...) plus aliases."""

from __future__ import annotations

from functools import lru_cache

from omniarena.arenas.games.cardkit.deck import RANK_LABELS, RANK_NAMES
from omniarena.arenas.games.cardkit.formula import Token
from omniarena.arenas.games.cardkit.formula_rules import FormulaRules
from omniarena.core.actions import ActionSpec, DiscreteActionSet

__all__ = ["action_set", "OPERATOR_SPECS"]

NUMBER_WORDS = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
)  # fmt: skip

# Operator tokens: (help, aliases). Single letters other than "x" are left out on purpose: the parser
# also accepts the last action word mentioned in prose, where "a" or "i" would be ordinary words.
OPERATOR_SPECS: dict[str, tuple[str, tuple[str, ...]]] = {
    "+": ("append '+' (add)", ("plus", "add", "addition")),
    "-": ("append '-' (subtract)", ("minus", "subtract", "subtraction", "−", "–")),
    "*": ("append '*' (multiply)", ("times", "x", "×", "·", "multiply", "multiplied by", "multiplication")),
    "/": ("append '/' (divide)", ("divide", "divided by", "division", "÷")),
    "(": ("append '(' (open a group)", ("open parenthesis", "left parenthesis", "open paren", "left paren")),
    ")": ("append ')' (close a group)", ("close parenthesis", "right parenthesis", "close paren", "right paren")),
    "=": ("finish: evaluate the formula", ("equals", "equal", "submit", "evaluate")),
}


def _number_aliases(number: int, values: tuple[int, ...]) -> tuple[str, ...]:
    """Words for ``number``: its English name and the names of the ranks that count as it."""
    aliases = [NUMBER_WORDS[number - 1]] if number <= len(NUMBER_WORDS) else []
    for rank, value in enumerate(values, start=1):
        if value != number:
            continue
        name, label = RANK_NAMES[rank - 1], RANK_LABELS[rank - 1]
        if not name.isdigit():
            aliases.append(name)
        if label.isalpha() and label != "A":  # "A" would match the article "a"
            aliases.append(label)
    return tuple(aliases)


def _spec(token: Token, values: tuple[int, ...]) -> ActionSpec:
    if isinstance(token, int):
        return ActionSpec(str(token), f"append the number {token}", _number_aliases(token, values))
    help_text, aliases = OPERATOR_SPECS[token]
    return ActionSpec(token, help_text, aliases)


@lru_cache(maxsize=32)
def action_set(rules: FormulaRules) -> DiscreteActionSet:
    """The :class:`DiscreteActionSet` over ``rules.tokens`` (action ``i`` appends ``rules.tokens[i]``)."""
    return DiscreteActionSet([_spec(t, rules.values) for t in rules.tokens], title="Actions (tokens)")
