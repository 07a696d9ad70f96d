"""Shisen-sho text actions: a pair of cells, "(1,2) (3,4)", on any board size.

The native action is one ``Discrete`` index per unordered pair of distinct cells (see
:func:`~omniarena.arenas.games.shisen.rules.pair_table`). Cells are (row, column), 1-indexed from the
top left, as the board is labelled. Accepted forms, read from the last answer of a reply:

- ``(1,2) (3,4)`` (canonical), ``[1, 2] [3, 4]``, ``1,2 3,4``, joined by nothing, a comma, "and",
  "to", "with", "-", "&" or an arrow;
- ``r1c2 r3c4``, ``row 1 column 2 and row 3 column 4`` (also ``row 1, col 2``);
- ``B1 D3``: chess style, a column letter (A = column 1) then the row number;
- four bare numbers: ``1 2 3 4``, ``1,2,3,4``, ``match(1, 2, 3, 4)``.

The answer span (see :mod:`omniarena.core.grammar`) must name exactly one pair: a span naming two
different pairs ("(1,2) (3,4) (5,6)", a list of options) is ambiguous, not an answer. A cell off the board
or the same cell twice is an invalid reply with a reason; a pair of cells that does not match is an
illegal move, explained by the arena (``explain``) when it gives one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
from gymnasium import spaces

from omniarena.arenas.games.shisen.rules import pair_table
from omniarena.core.actions import ANSWER_FORMAT, NO_TAG, ActionSet, ParseResult, excerpt

__all__ = ["CellPairActions"]

_NUMBER = r"(\d{1,3})"
_CELL = re.compile(
    "|".join(
        (
            rf"[(\[]\s*{_NUMBER}\s*[,;]\s*{_NUMBER}\s*[)\]]",  # (1,2)  [1, 2]
            rf"\br(?:ow)?\s*{_NUMBER}\s*[,;/]?\s*c(?:ol(?:umn)?)?\s*{_NUMBER}\b",  # r1c2, row 1 column 2
            rf"\b([a-z]){_NUMBER}\b",  # B1: column letter, row number
            rf"(?<![\w.,]){_NUMBER}\s*,\s*{_NUMBER}(?![\w.]|\s*,\s*\d)",  # 1,2 (not inside 1,2,3,4)
        )
    ),
    re.IGNORECASE,
)
# What may stand between the two cells of a pair: punctuation, ASCII arrows and a few joining words.
_JOIN = re.compile(r"(?:[\s,;:&/<>=\-–—+|'\"`*_→↔]|\b(?:and|with|to|then|match|matches)\b)*", re.IGNORECASE)
_JOIN_LIMIT = 24  # longer gaps are prose, not one action
_CANONICAL = re.compile(r"\((\d{1,2}),(\d{1,2})\) \((\d{1,2}),(\d{1,2})\)")
# Four bare numbers, optionally inside a call: "1 2 3 4", "(1, 2, 3, 4)", "match(1,2,3,4)".
_FOUR = re.compile(r"(?:[a-z_][\w.]*\s*)?[\s(\[]*(\d{1,3})(?:[\s,;()\[\]]+(\d{1,3})){3}[\s)\]]*", re.IGNORECASE)
_INTS = re.compile(r"\d{1,3}")
_FOUR_CHARS = 200  # only short answers are read as four bare numbers
# Errors show the form, never two concrete cells: an echo of an error must not read as a move.
_FORM = "(row,column) (row,column)"
Cells = tuple[tuple[int, int], tuple[int, int]]  # (row, column) twice, 1-indexed as written


def _cell_of(match: re.Match[str]) -> tuple[int, int]:
    """(row, column) as written (1-indexed, unchecked) from a :data:`_CELL` match."""
    groups = match.groups()
    if groups[0] is not None:
        return int(groups[0]), int(groups[1])
    if groups[2] is not None:
        return int(groups[2]), int(groups[3])
    if groups[4] is not None:
        return int(groups[5]), ord(groups[4].lower()) - ord("a") + 1
    return int(groups[6]), int(groups[7])


class CellPairActions(ActionSet):
    """Pairs of cells on a ``rows`` x ``cols`` board; native ``Discrete(cells * (cells - 1) / 2)``.

    ``explain(action)``, when given, says why a pair that is not legal now cannot be played (the
    arena knows the tiles; the mask alone does not).
    """

    def __init__(self, rows: int, cols: int, explain: Callable[[int], str | None] | None = None) -> None:
        self.rows, self.cols = int(rows), int(cols)
        self.first, self.second, self.index = pair_table(self.rows, self.cols)
        self.n = int(self.first.size)
        self.explain = explain

    # --- native actions ----------------------------------------------------------------------------
    def native_space(self) -> spaces.Discrete:
        return spaces.Discrete(self.n)

    def _index(self, action: Any) -> int | None:
        if isinstance(action, (bool, np.bool_)) or not isinstance(action, (int, np.integer)):
            if not (isinstance(action, np.ndarray) and action.shape == () and np.issubdtype(action.dtype, np.integer)):
                return None
        index = int(action)
        return index if 0 <= index < self.n else None

    def is_legal(self, action: Any, mask: Any = None) -> bool:
        index = self._index(action)
        return index is not None and (mask is None or bool(np.asarray(mask)[index]))

    def sample_legal(self, rng: np.random.Generator, mask: Any = None) -> int:
        if mask is not None:
            legal = np.flatnonzero(np.asarray(mask))
            if legal.size:
                return int(legal[rng.integers(legal.size)])
        return int(rng.integers(self.n))

    def illegal_reason(self, action: Any, mask: Any = None) -> str | None:
        if self.is_legal(action, mask):
            return None
        if self.explain is not None and self._index(action) is not None:
            reason = self.explain(int(action))
            if reason:
                return reason
        return super().illegal_reason(action, mask)

    def cells(self, action: Any) -> tuple[tuple[int, int], tuple[int, int]]:
        """The two cells of native ``action`` as 0-indexed (row, column), the lower flat index first."""
        index = self._index(action)
        if index is None:
            raise ValueError(f"action {action!r} is not an int in 0..{self.n - 1}")
        a, b = int(self.first[index]), int(self.second[index])
        return divmod(a, self.cols), divmod(b, self.cols)

    def action_of(self, cell_a: tuple[int, int], cell_b: tuple[int, int]) -> int:
        """The native action of two distinct 0-indexed cells (in either order)."""
        index = int(self.index[cell_a[0] * self.cols + cell_a[1], cell_b[0] * self.cols + cell_b[1]])
        if index < 0:
            raise ValueError(f"the two cells must differ, got {cell_a} twice")
        return index

    # --- text --------------------------------------------------------------------------------------
    def format(self, action: Any) -> str:
        (r1, c1), (r2, c2) = self.cells(action)
        return f"({r1 + 1},{c1 + 1}) ({r2 + 1},{c2 + 1})"

    def describe(self) -> str:
        last_letter = chr(ord("A") + self.cols - 1)
        return "\n".join(
            (
                "Actions: remove two matching tiles by naming their cells as (row,column) (row,column).",
                f"Rows are numbered 1..{self.rows} from top to bottom and columns 1..{self.cols} from left to right, "
                "e.g. (1,2) (3,4): row 1 column 2 and row 3 column 4. The order of the two cells does not matter.",
                f"Also accepted: r1c2 r3c4; row 1 column 2 and row 3 column 4; B1 D3 (a column letter A..{last_letter}, "
                "then the row number); 1 2 3 4.",
                ANSWER_FORMAT.format(example="(1,2) (3,4)"),
            )
        )

    def _parse(self, text: str, answer_format: str = "any") -> ParseResult:
        if answer_format == "any" and len(text) <= 24:  # the canonical form, as scripted agents send it
            exact = _CANONICAL.fullmatch(text)
            if exact is not None:
                r1, c1, r2, c2 = (int(v) for v in exact.groups())
                return self._checked(((r1, c1), (r2, c2)), text, text, "exact")
        extracted = self.extract(text, answer_format)
        span, rule = extracted.text, extracted.source
        if rule == "none":
            return ParseResult(None, False, f"{NO_TAG}; expected <answer>{_FORM}</answer>", text, "", rule)
        named: dict[frozenset[tuple[int, int]], tuple[Cells, str]] = {}
        for cells, written in _named_pairs(span):
            named.setdefault(frozenset(cells), (cells, written))
            if len(named) > 1:
                shown = ", ".join(f"'{excerpt(w)}'" for _, w in named.values())
                error = f"ambiguous: the reply names several pairs ({shown}); give exactly one: {_FORM}"
                return ParseResult(None, False, error, text, span, rule)
        if named:
            [(cells, _)] = named.values()
            return self._checked(cells, text, span, rule)
        if len(span) <= _FOUR_CHARS:
            four = _FOUR.fullmatch(span.strip().strip(" \t\"'`*_.!?:"))
            if four is not None:
                r1, c1, r2, c2 = (int(v) for v in _INTS.findall(four.group(0)[four.start(1) - four.start() :]))
                return self._checked(((r1, c1), (r2, c2)), text, span, rule)
        if not span.strip():
            error = f"empty reply: no action given; name two cells as {_FORM}"
        elif _CELL.search(span):
            error = f"found no pair of cells written together; name two cells as {_FORM}"
        else:
            error = f"'{excerpt(span)}' names no cells; write two cells as {_FORM}"
        return ParseResult(None, False, error, text, span, rule)

    def _checked(self, cells: Cells, text: str, span: str, rule: str) -> ParseResult:
        """The pair of 1-indexed ``cells`` as written, or why it is not a move."""
        for row, col in cells:
            if not (1 <= row <= self.rows and 1 <= col <= self.cols):
                error = (
                    f"({row},{col}) is not a cell of the board: rows are 1..{self.rows} and columns 1..{self.cols} "
                    "(1-indexed, row first)"
                )
                return ParseResult(None, False, error, text, span, rule)
        (r1, c1), (r2, c2) = cells
        if (r1, c1) == (r2, c2):
            error = f"both cells are ({r1},{c1}); a move names two different cells holding the same tile"
            return ParseResult(None, False, error, text, span, rule)
        return ParseResult(self.action_of((r1 - 1, c1 - 1), (r2 - 1, c2 - 1)), True, None, text, span, rule)


def _named_pairs(span: str) -> Iterator[tuple[Cells, str]]:
    """(cells, written text) for each two cells written next to each other in ``span``."""
    previous: re.Match[str] | None = None
    for match in _CELL.finditer(span):
        if previous is not None:
            gap = span[previous.end() : match.start()]
            if len(gap) <= _JOIN_LIMIT and _JOIN.fullmatch(gap):
                yield (_cell_of(previous), _cell_of(match)), span[previous.start() : match.end()]
        previous = match
