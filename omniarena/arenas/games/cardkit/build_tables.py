"""Regenerate the shipped solvability table (:mod:`.tables`) from every registered formula variant.

A tool, not part of any arena's runtime path: it reads the registry and builds each formula arena once to
get its rules, so nothing an arena imports may import it. Run it after adding or changing a formula
variant (``tests/arenas/test_cardkit.py`` fails until you do)::

    python -m omniarena.arenas.games.cardkit.build_tables

Only omniarena's own variants (ids under ``omniarena/``) go into the shipped file; a plugin's variants are
answered by the exact solver.
"""

from __future__ import annotations

import itertools
import json
import logging
from pathlib import Path

from omniarena.arenas.games.cardkit import solver, tables
from omniarena.arenas.games.cardkit.formula_arena import FormulaArena
from omniarena.arenas.games.cardkit.formula_rules import FormulaRules
from omniarena.core.registry import NAMESPACE, list_arenas, load

__all__ = ["registered_rules", "solve_hands", "write_tables"]

logger = logging.getLogger(__name__)


def registered_rules() -> list[FormulaRules]:
    """The rules of every formula variant omniarena registers (builds each arena once)."""
    found = []
    for info in list_arenas():
        if not info.id.startswith(f"{NAMESPACE}/"):
            continue
        factory = load(info.entry_point)
        if isinstance(factory, type) and issubclass(factory, FormulaArena):
            found.append(factory(**info.kwargs).rules)
    return found


def solve_hands(rules: list[FormulaRules]) -> dict[str, dict[str, list]]:
    """Solve every sorted hand of each rule set with the exact solver; rule sets sharing a key pool their values."""
    pooled: dict[tuple, set[int]] = {}
    for r in rules:
        pooled.setdefault((r.n_cards, r.target, tuple(sorted(r.operators)), r.parens), set()).update(r.values)
    solved: dict[str, dict[str, list]] = {}
    for (n_cards, target, operators, parens), values in sorted(pooled.items()):
        if max(values) > tables.MAX_VALUE or min(values) < 0:
            raise ValueError(f"card values {sorted(values)} do not fit one character each (0..{tables.MAX_VALUE})")
        hands = itertools.combinations_with_replacement(sorted(values), n_cards)
        good = [tables.encode(h) for h in hands if solver.solvable(h, target, operators, parens)]
        solved[tables.table_key(n_cards, target, operators, parens)] = {"values": sorted(values), "solvable": good}
    return solved


def write_tables(path: Path | None = None, rules: list[FormulaRules] | None = None) -> Path:
    """Write the table file for ``rules`` (default: the registered variants') to ``path`` (default: the shipped one).

    One line per table, so diffs stay readable; the loaded table is dropped so lookups see the new file.
    """
    path = path or tables.table_path()
    solved = solve_hands(registered_rules() if rules is None else rules)
    lines = [f"{json.dumps(key)}: {json.dumps(entry, separators=(',', ':'))}" for key, entry in solved.items()]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'{{"format": {tables.TABLE_FORMAT}, "tables": {{\n' + ",\n".join(lines) + "\n}}\n", encoding="utf-8"
    )
    for key, entry in solved.items():
        logger.info("%s: %d solvable hands over values %s", key, len(entry["solvable"]), entry["values"])
    tables.reload()
    return path


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logger.info("wrote %s", write_tables())
