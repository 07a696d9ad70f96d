"""Exact arithmetic formulas over card numbers: tokens, a tiny recursive-descent parser, printing.

A formula is a sequence of tokens: ``int`` numbers and the strings ``+ - * / ( )``. :func:`evaluate`
computes its value with :class:`fractions.Fraction` (so ``8 / (3 - 8 / 3)`` is exactly 24) and returns
``None`` for anything that is not a complete, well-formed formula or divides by zero. It never calls
``eval``.

>>> evaluate((8, "/", "(", 3, "-", 8, "/", 3, ")"))
Fraction(24, 1)
>>> evaluate((1, "+")) is None
True
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

__all__ = ["Token", "OPERATORS", "OPEN", "CLOSE", "EQUALS", "PRECEDENCE", "evaluate", "to_text"]

Token = int | str
OPERATORS: tuple[str, ...] = ("+", "-", "*", "/")
OPEN, CLOSE, EQUALS = "(", ")", "="
PRECEDENCE: dict[str, int] = {"+": 1, "-": 1, "*": 2, "/": 2}


class _Invalid(Exception):
    """The token sequence is not a complete formula (or divides by zero)."""


class _Parser:
    """expr := term (("+"|"-") term)* ; term := factor (("*"|"/") factor)* ; factor := number | "(" expr ")"."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def expr(self) -> Fraction:
        value = self.term()
        while self.peek() in ("+", "-"):
            op = self.tokens[self.pos]
            self.pos += 1
            right = self.term()
            value = value + right if op == "+" else value - right
        return value

    def term(self) -> Fraction:
        value = self.factor()
        while self.peek() in ("*", "/"):
            op = self.tokens[self.pos]
            self.pos += 1
            right = self.factor()
            if op == "*":
                value = value * right
            elif right == 0:
                raise _Invalid("division by zero")
            else:
                value = value / right
        return value

    def factor(self) -> Fraction:
        token = self.peek()
        self.pos += 1
        if isinstance(token, int) and not isinstance(token, bool):
            return Fraction(token)
        if token == OPEN:
            value = self.expr()
            if self.peek() != CLOSE:
                raise _Invalid("unbalanced parenthesis")
            self.pos += 1
            return value
        raise _Invalid(f"unexpected {token!r}")


def evaluate(tokens: Sequence[Token]) -> Fraction | None:
    """The exact value of ``tokens``, or ``None`` if they are not a complete formula or divide by zero."""
    parser = _Parser(tokens)
    try:
        value = parser.expr()
    except (_Invalid, RecursionError):
        return None
    return value if parser.pos == len(tokens) else None


def to_text(tokens: Sequence[Token], sep: str = " ") -> str:
    """Tokens joined for display, e.g. ``"( 3 + 5 ) * 3"``."""
    return sep.join(str(t) for t in tokens)
