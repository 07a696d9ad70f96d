"""Solvability shipped as data: which hands of every registered formula variant can reach its target.

Dealing rejection-samples solvable hands, and the exact solver (:mod:`.solver`) costs about 1.6 ms the
first time it meets a hand, which dominated a cold process (1,820 distinct hands for Points24-Hard). The
answers are therefore computed once, by the exact solver, for every sorted multiset of card values of
every registered variant, and stored in ``omniarena/assets/cardkit/solvable_hands.json`` (one table per
card count, target, operator set and parentheses flag). :func:`solvable` answers from the table, loaded
lazily once, and falls back to the exact solver for anything the table does not cover (a custom target).

This module only reads the table; :mod:`.build_tables` writes it. Regenerate after adding or changing a
variant (a test fails until you do)::

    python -m omniarena.arenas.games.cardkit.build_tables

>>> solvable((3, 3, 8, 8), 24)
True
>>> solvable((1, 1, 1, 1), 24)
False
"""

from __future__ import annotations

import functools
import json
import logging
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from omniarena.arenas.games.cardkit import solver
from omniarena.arenas.games.cardkit.formula import OPERATORS

__all__ = [
    "TABLE_FILE",
    "TABLE_FORMAT",
    "MAX_VALUE",
    "Table",
    "table_key",
    "encode",
    "table_path",
    "reload",
    "lookup",
    "solvable",
]

logger = logging.getLogger(__name__)

TABLE_FILE = ("assets", "cardkit", "solvable_hands.json")  # inside the omniarena package (package data)
TABLE_FORMAT = 1  # bump when the file's layout changes; a file in another format is ignored
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"  # one character per card value
MAX_VALUE = len(_DIGITS) - 1


@dataclass(frozen=True)
class Table:
    """The solvable hands of one rule set, over the card values ``values``."""

    values: frozenset[int]
    hands: frozenset[str]  # sorted hands, one character per value (see :func:`encode`)


def table_key(n_cards: int, target: int, operators: tuple[str, ...], parens: bool) -> str:
    """The table name of a rule set, e.g. ``"n=4 target=24 ops=*+-/ parens=1"``."""
    return f"n={n_cards} target={target} ops={''.join(sorted(operators))} parens={int(parens)}"


def encode(values: tuple[int, ...]) -> str:
    """A sorted hand as a compact string: ``(1, 1, 8, 13)`` -> ``"118d"``."""
    return "".join(_DIGITS[v] for v in sorted(values))


def table_path() -> Path:
    """Where the shipped table file lives (package data)."""
    return Path(str(resources.files("omniarena")), *TABLE_FILE)


@functools.cache
def _tables() -> dict[str, Table]:
    path = table_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        logger.warning("no solvability table at %s (%s); dealing uses the exact solver", path, exc)
        return {}
    if data.get("format") != TABLE_FORMAT:
        logger.warning(
            "solvability table %s has format %r, expected %d; ignored", path, data.get("format"), TABLE_FORMAT
        )
        return {}
    return {
        key: Table(frozenset(entry["values"]), frozenset(entry["solvable"])) for key, entry in data["tables"].items()
    }


@functools.lru_cache(maxsize=256)
def _table(n_cards: int, target: int, operators: tuple[str, ...], parens: bool) -> Table | None:
    return _tables().get(table_key(n_cards, target, operators, parens))


def reload() -> None:
    """Forget the loaded table, so the next lookup reads the file again (after it was rewritten)."""
    _tables.cache_clear()
    _table.cache_clear()


def lookup(
    values: tuple[int, ...], target: int, operators: tuple[str, ...] = OPERATORS, parens: bool = True
) -> bool | None:
    """The shipped answer for this hand, or None if no table covers it."""
    table = _table(len(values), target, tuple(operators), parens)
    if table is None or not table.values.issuperset(values):
        return None
    return encode(values) in table.hands


def solvable(values: tuple[int, ...], target: int, operators: tuple[str, ...] = OPERATORS, parens: bool = True) -> bool:
    """True if some formula using each of ``values`` once makes ``target``: the table, else the exact solver."""
    known = lookup(values, target, operators, parens)
    if known is not None:
        return known
    return solver.solvable(tuple(sorted(values)), target, tuple(operators), parens)
