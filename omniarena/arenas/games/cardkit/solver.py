"""Exhaustive exact solver for "reach the target with these numbers" (24 points and friends).

Search combines two of the remaining values with an operator until one value is left, in exact
:class:`~fractions.Fraction` arithmetic. :func:`solvable` memoises on the multiset of values (fast, used
when dealing); :func:`solutions` lists every distinct formula, printed with the fewest parentheses, for
the expert to follow.

>>> solvable((3, 3, 8, 8), 24)
True
>>> solutions((3, 3, 8, 8), 24)[0]
(8, '/', '(', 3, '-', 8, '/', 3, ')')
>>> solvable((1, 1, 1, 1), 24)
False
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from functools import lru_cache

from omniarena.arenas.games.cardkit.formula import CLOSE, OPEN, OPERATORS, PRECEDENCE, Token

__all__ = ["solvable", "solutions"]

_ATOM = 3  # precedence of a number or a parenthesised group


def _apply(op: str, a: Fraction, b: Fraction) -> Fraction | None:
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    return None if b == 0 else a / b


@lru_cache(maxsize=65536)
def _reachable(values: tuple[Fraction, ...], operators: tuple[str, ...]) -> frozenset[Fraction]:
    """Every value some formula over all of ``values`` (sorted) can take, parentheses allowed."""
    if len(values) == 1:
        return frozenset(values)
    out: set[Fraction] = set()
    n = len(values)
    for i in range(n):
        for j in range(i + 1, n):
            rest = values[:i] + values[i + 1 : j] + values[j + 1 :]
            a, b = values[i], values[j]
            for op in operators:
                for x, y in ((a, b), (b, a)) if op in "-/" else ((a, b),):
                    value = _apply(op, x, y)
                    if value is not None:
                        out |= _reachable(tuple(sorted((*rest, value))), operators)
    return frozenset(out)


@lru_cache(maxsize=65536)
def solvable(values: tuple[int, ...], target: int, operators: tuple[str, ...] = OPERATORS, parens: bool = True) -> bool:
    """True if some formula using each of ``values`` once evaluates to ``target``."""
    if not parens:
        return bool(solutions(values, target, operators, parens))
    return Fraction(target) in _reachable(tuple(sorted(Fraction(v) for v in values)), tuple(sorted(operators)))


# An expression under construction: (value, tokens, precedence of its top operator).
_Expr = tuple[Fraction, tuple[Token, ...], int]


def _wrap(expr: _Expr, needed: bool) -> tuple[Token, ...]:
    return (OPEN, *expr[1], CLOSE) if needed else expr[1]


def _combine(op: str, left: _Expr, right: _Expr, parens: bool) -> _Expr | None:
    value = _apply(op, left[0], right[0])
    if value is None:
        return None
    prec = PRECEDENCE[op]
    wrap_left = left[2] < prec
    # a - (b + c) and a / (b * c) need parentheses; a + (b - c) and a * (b / c) do not.
    wrap_right = right[2] < prec or (right[2] == prec and op in "-/")
    if (wrap_left or wrap_right) and not parens:
        return None
    return value, (*_wrap(left, wrap_left), op, *_wrap(right, wrap_right)), prec


def _formulas(exprs: tuple[_Expr, ...], operators: tuple[str, ...], parens: bool) -> Iterator[_Expr]:
    if len(exprs) == 1:
        yield exprs[0]
        return
    n = len(exprs)
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            rest = tuple(e for k, e in enumerate(exprs) if k not in (i, j))
            for op in operators:
                combined = _combine(op, exprs[i], exprs[j], parens)
                if combined is not None:
                    yield from _formulas((*rest, combined), operators, parens)


@lru_cache(maxsize=4096)
def solutions(
    values: tuple[int, ...], target: int, operators: tuple[str, ...] = OPERATORS, parens: bool = True
) -> tuple[tuple[Token, ...], ...]:
    """Every distinct formula (fewest parentheses) using each of ``values`` once that equals ``target``.

    Sorted shortest first, then in a fixed order, so the result is deterministic.
    """
    leaves = tuple((Fraction(v), (v,), _ATOM) for v in sorted(values))
    goal = Fraction(target)
    found = {tokens for value, tokens, _ in _formulas(leaves, operators, parens) if value == goal}
    return tuple(sorted(found, key=lambda t: (len(t), [str(x) for x in t])))
