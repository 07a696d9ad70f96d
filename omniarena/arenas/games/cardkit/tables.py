"""Solvability shipped as data: which hands of every registered formula variant can reach its target.

Dealing rejection-samples solvable hands, and the exact solver (:mod:`.solver`) costs about 1.6 ms the
first time it meets a hand, which dominated a cold process (1,820 distinct hands for Points24-Hard). The
answers are therefore computed once, by the exact solver, for every sorted multiset of card values of
every registered variant, and stored in ``omniarena/assets/cardkit/solvable_hands.json`` (one table per
card count, target, operator set and parentheses flag). :func:`solvable` answers from the table, loaded
lazily once, and falls back to the exact solver for anything the table does not cover (a custom target).

Regenerate after adding or changing a variant (a test fails until you do)::

    python -m omniarena.arenas.games.cardkit.tables

>>> solvable((3, 3, 8, 8), 24)
True
>>> solvable((1, 1, 1, 1), 24)
False
"""

from __future__ import annotations

import functools
import itertools
import json
import logging
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from omniarena.arenas.games.cardkit import solver
from omniarena.arenas.games.cardkit.formula import OPERATORS

__all__ = ["TABLE_FILE", "Table", "table_key", "lookup", "solvable", "build_tables", "registered_rules", "write_tables"]

logger = logging.getLogger(__name__)

TABLE_FILE = ("assets", "cardkit", "solvable_hands.json")  # inside the omniarena package (package data)
_FORMAT = 1
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"  # one character per card value (1..35)


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


def _path() -> Path:
    return Path(str(resources.files("omniarena").joinpath(*TABLE_FILE)))


@functools.cache
def _tables() -> dict[str, Table]:
    path = _path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        logger.warning("no solvability table at %s (%s); dealing uses the exact solver", path, exc)
        return {}
    if data.get("format") != _FORMAT:
        logger.warning("solvability table %s has format %r, expected %d; ignored", path, data.get("format"), _FORMAT)
        return {}
    return {
        key: Table(frozenset(entry["values"]), frozenset(entry["solvable"])) for key, entry in data["tables"].items()
    }


@functools.lru_cache(maxsize=256)
def _table(n_cards: int, target: int, operators: tuple[str, ...], parens: bool) -> Table | None:
    return _tables().get(table_key(n_cards, target, operators, parens))


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


# --- generation ----------------------------------------------------------------------------------------------------
def registered_rules() -> list[Any]:
    """The :class:`~.formula_rules.FormulaRules` of every registered formula variant (builds each arena once)."""
    from omniarena.arenas.games.cardkit.formula_arena import FormulaArena
    from omniarena.core.registry import list_arenas, load

    found = []
    for info in list_arenas():
        factory = load(info.entry_point)
        if isinstance(factory, type) and issubclass(factory, FormulaArena):
            found.append(factory(**info.kwargs).rules)
    return found


def build_tables(rules: list[Any]) -> dict[str, dict[str, list]]:
    """Solve every sorted hand of each rule set with the exact solver; rule sets sharing a key pool their values."""
    pooled: dict[tuple, set[int]] = {}
    for r in rules:
        pooled.setdefault((r.n_cards, r.target, tuple(sorted(r.operators)), r.parens), set()).update(r.values)
    tables: dict[str, dict[str, list]] = {}
    for (n_cards, target, operators, parens), values in sorted(pooled.items()):
        if max(values) >= len(_DIGITS) or min(values) < 0:
            raise ValueError(f"card values {sorted(values)} do not fit one character each")
        hands = itertools.combinations_with_replacement(sorted(values), n_cards)
        good = [encode(h) for h in hands if solver.solvable(h, target, operators, parens)]
        tables[table_key(n_cards, target, operators, parens)] = {"values": sorted(values), "solvable": good}
    return tables


def write_tables(path: Path | None = None) -> Path:
    """Regenerate the shipped table file from the registry (one line per table, so diffs stay readable)."""
    path = path or _path()
    tables = build_tables(registered_rules())
    lines = [f"{json.dumps(key)}: {json.dumps(entry, separators=(',', ':'))}" for key, entry in tables.items()]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'{{"format": {_FORMAT}, "tables": {{\n' + ",\n".join(lines) + "\n}}\n", encoding="utf-8")
    for key, entry in tables.items():
        logger.info("%s: %d solvable hands over values %s", key, len(entry["solvable"]), entry["values"])
    _tables.cache_clear()
    _table.cache_clear()
    return path


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logger.info("wrote %s", write_tables())
