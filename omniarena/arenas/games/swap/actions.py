"""Swap text actions: one action per pair of neighbouring cells, written ``swap (3,4) (3,5)``.

Cells are (row, column), 1-indexed from the top left. A reply names two neighbouring cells or one cell
and a direction, in any of these forms (case-insensitive, inside prose, tags or code fences):

- ``swap (3,4) (3,5)`` (canonical), ``(3,4) with (3,5)``, ``(3,4)-(3,5)``, ``[3,4] <-> [3,5]``;
- ``(3,4) right``: the tile and its neighbour that way (up/down/left/right, north/south/east/west,
  ↑ ↓ ← →, u/d/l/r); ``(3,4) to the right``;
- ``r3c4 r3c5``, ``R3C4 right``, ``row 3 col 4 and row 3 col 5``;
- call syntax ``swap('3,4', '3,5')`` or ``swap(3,4,3,5)``.

The answer span (see :mod:`omniarena.core.grammar`) must name exactly one swap: a span naming two
different swaps is ambiguous, not an answer. The native action is the index of the pair's edge in
:func:`omniarena.arenas.games.swap.rules.edges`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import numpy as np
from gymnasium import spaces

from omniarena.arenas.games.swap.rules import Edges, edges
from omniarena.core.actions import ANSWER_FORMAT, NO_TAG, ActionSet, ParseResult, excerpt
from omniarena.core.grammar import normalize

__all__ = ["SwapActions", "swap_actions"]

_NUMBER = r"(\d{1,3})"
_CELL = (
    rf"[(\[{{]\s*{_NUMBER}\s*[,;]\s*{_NUMBER}\s*[)\]}}]"  # (3,4) [3,4]
    rf"|\br(?:ow)?\s*{_NUMBER}\s*[,;]?\s*c(?:ol(?:umn)?)?\s*{_NUMBER}(?!\d)"  # r3c4, row 3 col 4
    rf"|(?<![\d.]){_NUMBER}\s*,\s*{_NUMBER}(?![\d.])"  # 3,4
)
# Direction words -> (row step, column step).
_STEPS = {
    "up": (-1, 0),
    "down": (1, 0),
    "left": (0, -1),
    "right": (0, 1),
    "north": (-1, 0),
    "south": (1, 0),
    "west": (0, -1),
    "east": (0, 1),
    "above": (-1, 0),
    "below": (1, 0),
    "upward": (-1, 0),
    "downward": (1, 0),
    "leftward": (0, -1),
    "rightward": (0, 1),
    "u": (-1, 0),
    "d": (1, 0),
    "l": (0, -1),
    "r": (0, 1),
    "↑": (-1, 0),
    "↓": (1, 0),
    "←": (0, -1),
    "→": (0, 1),
}
_WORDS = sorted((w for w in _STEPS if w.isascii()), key=len, reverse=True)
_DIRECTION = r"\b(" + "|".join(_WORDS) + r")s?\b(?!\d)|([↑↓←→])"
_TOKEN = re.compile(rf"(?:{_CELL})|(?:{_DIRECTION})", re.IGNORECASE)
# What may stand between the two halves of an action: punctuation, arrows drawn with ASCII, quotes and a
# few joining words ("(3,4) with (3,5)", "(3,4) to the right", "swap('3,4', '3,5')").
_JOIN = re.compile(
    r"(?:[\s,;:&/<>=\-–—+|'\"`*_()\[\]{}↔⇄⟷]|\b(?:and|with|to|the|then|into|its|neighbour|neighbor|tile)\b)*",
    re.IGNORECASE,
)
_JOIN_LIMIT = 40  # longer gaps are prose, not one action
_EXAMPLE = "<answer>swap (3,4) (3,5)</answer>"


class SwapActions(ActionSet):
    """The swaps of a ``rows`` x ``cols`` board; native ``Discrete(edges)``, mask = the swaps that make a line."""

    def __init__(self, rows: int, cols: int) -> None:
        self.rows, self.cols = int(rows), int(cols)
        self.edges: Edges = edges(self.rows, self.cols)
        self.names = [self._name(edge) for edge in range(self.edges.count)]
        self._canonical = {normalize(name): edge for edge, name in enumerate(self.names)}

    @property
    def n(self) -> int:
        return self.edges.count

    def _name(self, edge: int) -> str:
        (r1, c1), (r2, c2) = self.edges.cells(edge)
        return f"swap ({r1 + 1},{c1 + 1}) ({r2 + 1},{c2 + 1})"

    # --- native actions ------------------------------------------------------------------------
    def native_space(self) -> spaces.Discrete:
        return spaces.Discrete(self.n)

    def _index(self, action: Any) -> int | None:
        if isinstance(action, (bool, np.bool_)):
            return None
        try:
            index = int(action)
        except (TypeError, ValueError):
            return None
        return index if 0 <= index < self.n and index == action else None

    def is_legal(self, action: Any, mask: Any = None) -> bool:
        index = self._index(action)
        return index is not None and (mask is None or bool(np.asarray(mask)[index]))

    def illegal_reason(self, action: Any, mask: Any = None) -> str | None:
        index = self._index(action)
        if index is None:
            return f"{action!r} is not a swap: native swaps are 0..{self.n - 1}"
        if mask is not None and not np.asarray(mask)[index]:
            return f"'{self.names[index]}' makes no line of three or more, so it is not allowed"
        return None

    def sample_legal(self, rng: np.random.Generator, mask: Any = None) -> int:
        if mask is not None:
            legal = np.flatnonzero(np.asarray(mask))
            if legal.size:
                return int(legal[rng.integers(legal.size)])
        return int(rng.integers(self.n))

    def format(self, action: Any) -> str:
        index = self._index(action)
        if index is None:
            raise IndexError(f"swap {action!r} is out of range 0..{self.n - 1}")
        return self.names[index]

    # --- text ----------------------------------------------------------------------------------
    def describe(self) -> str:
        example = self.names[0]
        return "\n".join(
            [
                f"Swaps (a cell is (row,column): rows 1..{self.rows} from the top, columns 1..{self.cols} "
                "from the left):",
                "- swap (r,c) (r,c+1) or swap (r,c) (r+1,c): exchange two side-by-side tiles, e.g. swap (3,4) (3,5)",
                "- also accepted: (3,4) right (or left, up, down: the tile and its neighbour that way), "
                "r3c4 r3c5, (3,4) with (3,5)",
                "A swap is allowed only if it lines up three or more equal tiles across or down.",
                ANSWER_FORMAT.format(example=example),
            ]
        )

    def _cell(self, match: re.Match[str]) -> tuple[int, int] | None:
        groups = match.groups()
        for start in (0, 2, 4):
            if groups[start] is not None:
                return int(groups[start]) - 1, int(groups[start + 1]) - 1
        return None

    def _on_board(self, cell: tuple[int, int]) -> bool:
        return 0 <= cell[0] < self.rows and 0 <= cell[1] < self.cols

    def _pair(self, first: tuple[int, int], second: tuple[int, int], written: str) -> tuple[int | None, str | None]:
        if not (self._on_board(first) and self._on_board(second)):
            return None, f"'{written}' leaves the board: rows are 1..{self.rows}, columns 1..{self.cols}"
        edge = self.edges.index(first, second)
        if edge is None:
            return None, (
                f"'{written}' does not name two neighbouring tiles: swap tiles side by side (same row or "
                "column, one step apart), e.g. swap (3,4) (3,5)"
            )
        return edge, None

    def _parse(self, text: str, answer_format: str = "any") -> ParseResult:
        if answer_format == "any" and len(text) <= 32:  # the canonical form, as scripted agents send it
            edge = self._canonical.get(normalize(text))
            if edge is not None:
                return ParseResult(edge, True, None, text, text, "exact")
        extracted = self.extract(text, answer_format)
        span, rule = extracted.text, extracted.source
        if rule == "none":
            return ParseResult(None, False, f"{NO_TAG}; expected e.g. <answer>{self.names[0]}</answer>", text, "", rule)
        tokens = list(_TOKEN.finditer(span))
        cells = [self._cell(token) for token in tokens]
        named: dict[tuple[tuple[int, int], tuple[int, int]], str] = {}
        for pair, written in self._named_swaps(span, tokens, cells):
            named.setdefault(pair, written)
            if len(named) > 1:
                shown = ", ".join(f"'{excerpt(w)}'" for w in named.values())
                error = f"ambiguous: the reply names several swaps ({shown}); give exactly one, e.g. {_EXAMPLE}"
                return ParseResult(None, False, error, text, span, rule)
        if not named:
            return ParseResult(None, False, self._diagnose(span, cells), text, span, rule)
        [((first, second), written)] = named.items()
        edge, error = self._pair(first, second, excerpt(written))
        return ParseResult(edge, edge is not None, error, text, span, rule)

    def _named_swaps(
        self, span: str, tokens: list[re.Match[str]], cells: list[tuple[int, int] | None]
    ) -> Iterator[tuple[tuple[tuple[int, int], tuple[int, int]], str]]:
        """Each (cell pair, text) the tokens name: a cell joined to the next cell, to a cell after a
        direction word ("(3,4) -> (3,5)"), or to the direction itself ("(3,4) right")."""
        for i in range(len(tokens) - 1):
            first = cells[i]
            if first is None or not self._joined(span, tokens[i], tokens[i + 1]):
                continue
            last, second = i + 1, cells[i + 1]
            if second is None:
                after = cells[i + 2] if i + 2 < len(tokens) else None
                if after is not None and self._joined(span, tokens[i + 1], tokens[i + 2]):
                    last, second = i + 2, after
                else:
                    dr, dc = _STEPS[(tokens[last].group(7) or tokens[last].group(8)).lower()]
                    second = (first[0] + dr, first[1] + dc)
            yield (min(first, second), max(first, second)), span[tokens[i].start() : tokens[last].end()]

    def _joined(self, span: str, left: re.Match[str], right: re.Match[str]) -> bool:
        gap = span[left.end() : right.start()]
        return len(gap) <= _JOIN_LIMIT and _JOIN.fullmatch(gap) is not None

    def _diagnose(self, span: str, cells: list[tuple[int, int] | None]) -> str:
        named = [cell for cell in cells if cell is not None]
        if named:
            r, c = named[-1][0] + 1, named[-1][1] + 1
            side, word = (c - 1, "left") if c == self.cols else (c + 1, "right")
            return f"'({r},{c})' names one tile; name its neighbour too, e.g. swap ({r},{c}) ({r},{side}) or ({r},{c}) {word}"
        if not span.strip():
            return f"empty reply: no swap given; write e.g. {self.names[0]}"
        return f"no swap in '{excerpt(span)}'; write two neighbouring cells as (row,column), e.g. swap (3,4) (3,5)"


@lru_cache(maxsize=32)
def swap_actions(rows: int, cols: int) -> SwapActions:
    """The (shared) action set of a ``rows`` x ``cols`` board."""
    return SwapActions(rows, cols)
