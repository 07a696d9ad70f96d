"""Tetris text actions: the eight primitive moves and the placements "place column C rotation R".

Native layout: the primitives first (noop, left, right, rotate cw, rotate ccw, soft drop, hard drop, hold;
placement-only variants have none), then one action per (rotation R, column C): index
``offset + R * width + C``. Placements are read from the forms players and models write: "place column
4 rotation 1", "place 4 1", "column 4 rotation 1", "col 4 rot 1", "drop at 4 r1", "rotation 1 column 4",
and a bare "4 1" or "(4, 1)" as the whole answer (column first).
"""

from __future__ import annotations

import re
from functools import lru_cache

from omniarena.arenas.games.tetris.rules import PRIMITIVES
from omniarena.core.actions import ANSWER_FORMAT, NO_TAG, ActionSpec, DiscreteActionSet, ParseResult, excerpt
from omniarena.core.grammar import normalize, strip_wrappers

__all__ = ["TetrisActions", "action_set", "placement_name"]

_PRIMITIVE_HELP = {
    "noop": ("let the tick pass (the piece may fall)", ("wait", "no-op", "no op", "nothing", "pass", "idle")),
    "left": ("move the piece one column left", ("move left", "shift left", "l", "←")),
    "right": ("move the piece one column right", ("move right", "shift right", "r", "→")),
    "rotate cw": (
        "turn the piece a quarter clockwise (SRS wall kicks)",
        ("rotate", "rotate clockwise", "rotate right", "clockwise", "cw", "turn clockwise", "↻"),
    ),
    "rotate ccw": (
        "turn the piece a quarter counterclockwise (SRS wall kicks)",
        ("rotate counterclockwise", "rotate anticlockwise", "rotate left", "counterclockwise", "ccw", "↺"),
    ),
    "soft drop": ("move the piece one row down now (it locks if it rests)", ("down", "move down", "soft", "↓")),
    "hard drop": ("drop the piece to the bottom and lock it", ("drop", "hard", "harddrop", "slam", "space")),
    "hold": ("swap the piece with the held one (once per piece)", ("hold piece", "swap", "swap hold")),
}
# Bounded gaps keep the patterns linear on long replies.
_GAP = r"[\s,;:=#]{0,4}"
_NUMBER = r"(-?\d{1,6})"
_COLUMN_WORD = r"(?:column|col|c)"
_ROTATION_WORD = r"(?:rotation|rotate|rot|r)"
_PLACEMENT = re.compile(
    r"(?<![\w])(?:"
    # "place column 4 rotation 1", "column 4 rotation 1", "put it in col 4 with rot 1": groups 1, 2
    rf"(?:(?:place|put|drop|move)\s{{1,3}}(?:it\s{{1,3}})?(?:at\s{{1,3}}|in\s{{1,3}}|to\s{{1,3}})?)?"
    rf"{_COLUMN_WORD}{_GAP}{_NUMBER}{_GAP}(?:and\s{{1,3}}|with\s{{1,3}})?{_ROTATION_WORD}{_GAP}{_NUMBER}"
    # "place 4 1", "drop at 4 r1": groups 3, 4
    rf"|(?:place|put|drop)\s{{1,3}}(?:at\s{{1,3}})?{_NUMBER}(?:{_GAP}{_ROTATION_WORD}{_GAP}|[\s,;]{{1,4}}){_NUMBER}"
    # "rotation 1 column 4": groups 5 (rotation), 6 (column)
    rf"|{_ROTATION_WORD}{_GAP}{_NUMBER}{_GAP}(?:and\s{{1,3}}|at\s{{1,3}}|in\s{{1,3}})?{_COLUMN_WORD}{_GAP}{_NUMBER}"
    r")(?![\w])",
    re.IGNORECASE,
)
_LISTED = 6  # actions named in an "ambiguous" error
_BARE_PAIR = re.compile(r"\(?\s{0,3}(-?\d{1,6})\s{0,3}[, ]\s{0,3}(-?\d{1,6})\s{0,3}\)?")


def placement_name(rotation: int, column: int) -> str:
    return f"place column {column} rotation {rotation}"


class TetrisActions(DiscreteActionSet):
    """Primitive moves (when ``primitives``) and 4 x ``width`` placements as one ``Discrete`` space."""

    def __init__(self, width: int, primitives: bool = True) -> None:
        self.width = int(width)
        self.offset = len(PRIMITIVES) if primitives else 0
        specs = [ActionSpec(name, *_PRIMITIVE_HELP[name]) for name in PRIMITIVES] if primitives else []
        specs += [ActionSpec(placement_name(r, c)) for r in range(4) for c in range(self.width)]
        super().__init__(specs, title="Actions")
        words = sorted(
            (normalize(w) for name in PRIMITIVES[: self.offset] for w in (name, *_PRIMITIVE_HELP[name][1])),
            key=len,
            reverse=True,
        )
        mentionable = [w for w in words if len(w) >= 2]  # one-letter aliases count only as whole answers
        self._primitive_mention = (
            re.compile(r"(?<![\w])(" + "|".join(re.escape(w) for w in mentionable) + r")(?![\w])", re.IGNORECASE)
            if mentionable
            else None
        )

    def placement(self, rotation: int, column: int) -> int:
        """Native index of "place column ``column`` rotation ``rotation``"."""
        return self.offset + rotation * self.width + column

    def decode(self, action: int) -> tuple[str, int, int]:
        """("primitive", index, 0) or ("place", rotation, column) for a native action."""
        index = int(action)
        if index < self.offset:
            return "primitive", index, 0
        rotation, column = divmod(index - self.offset, self.width)
        return "place", rotation, column

    def describe(self) -> str:
        last = self.width - 1
        lines = [f"{self.title} (columns are numbered 0 to {last} from the left):"]
        for spec in self.specs[: self.offset]:
            lines.append(f"- {spec.name}: {spec.help} (also: {', '.join(spec.aliases)})")
        column = min(3, last)
        lines.append(
            f"- place column C rotation R: turn the piece to rotation R (0 = as it spawns, 1 = a quarter turn "
            f"clockwise, 2 = a half turn, 3 = a quarter turn counterclockwise), move it so that its leftmost "
            f"cell is in column C (0-{last}), then hard-drop it; legal when the piece fits and can get there. "
            f"Other ways to write {placement_name(0, column)}: place {column} 0, column {column} rotation 0, "
            f"col {column} rot 0, drop at {column} r0"
        )
        lines.append(
            ANSWER_FORMAT.format(example=placement_name(1, min(4, last)))
        )  # not the one above: an echo is ambiguous
        return "\n".join(lines)

    def illegal_reason(self, action, mask=None) -> str | None:
        if self.is_legal(action, mask):
            return None
        kind, first, second = self.decode(action)
        if kind == "place":
            return (
                f"'{placement_name(first, second)}' is not legal now: in rotation {first} the piece does not fit "
                f"with its leftmost cell in column {second}, or cannot get there"
            )
        return f"'{PRIMITIVES[first]}' is not legal now (the piece is blocked, or hold was already used)"

    def _placement_problem(self, column: int, rotation: int) -> str | None:
        if not 0 <= rotation <= 3:
            return f"rotation {rotation} does not exist; use 0, 1, 2 or 3"
        if not 0 <= column < self.width:
            return f"column {column} is outside the well; use 0 to {self.width - 1}"
        return None

    def _named(self, span: str) -> tuple[dict[int, None], list[str]]:
        """Every action the span names (placements first, then primitive words outside them), and the
        reasons placements it writes are impossible."""
        named: dict[int, None] = {}
        problems: list[str] = []
        outside, start = [], 0
        for match in _PLACEMENT.finditer(span):
            groups = match.groups()
            if groups[4] is not None:  # "rotation R column C"
                column, rotation = int(groups[5]), int(groups[4])
            else:
                column, rotation = (int(g) for g in (groups[:2] if groups[0] is not None else groups[2:4]))
            problem = self._placement_problem(column, rotation)
            if problem is None:
                named[self.placement(rotation, column)] = None
            else:
                problems.append(problem)
            outside.append(span[start : match.start()])
            start = match.end()
        outside.append(span[start:])
        if self._primitive_mention is not None:
            for text in outside:  # "drop at 4 r1" names a placement, not a hard drop
                for match in self._primitive_mention.finditer(text):
                    index = self.lookup(match.group(1))
                    if index is not None:
                        named[index] = None
        return named, problems

    def _parse(self, text: str, answer_format: str = "any") -> ParseResult:
        if answer_format == "any" and len(text) <= 64:  # fast path: a bare action name
            index = self.lookup(text)
            if index is not None:
                return ParseResult(index, True, None, text, text, "exact")
        extracted = self.extract(text, answer_format)
        span, rule = extracted.text, extracted.source
        example = placement_name(1, min(4, self.width - 1))
        if rule == "none":
            return ParseResult(None, False, f"{NO_TAG}; expected e.g. <answer>{example}</answer>", text, "", rule)
        peeled = strip_wrappers(span)
        for candidate in (span, peeled, strip_wrappers(peeled.strip("()"))):
            index = self.lookup(candidate)
            if index is not None:
                return ParseResult(index, True, None, text, span, rule)
        pair = _BARE_PAIR.fullmatch(peeled)
        if pair is not None:
            column, rotation = int(pair.group(1)), int(pair.group(2))
            problem = self._placement_problem(column, rotation)
            if problem is None:
                return ParseResult(self.placement(rotation, column), True, None, text, span, rule)
            return ParseResult(None, False, problem, text, span, rule)
        named, problems = self._named(span)
        if len(named) == 1 and not problems:
            return ParseResult(next(iter(named)), True, None, text, span, rule)
        if len(named) + len(problems) > 1:
            listed = [self.specs[i].name for i in named][:_LISTED]
            more = len(named) - len(listed) + len(problems)
            shown = ", ".join(listed) + (f" and {more} more" if more else "")
            error = f"ambiguous: the reply names several actions ({shown}); give exactly one, e.g. <answer>{example}</answer>"
        elif problems:
            error = problems[0]
        elif not span.strip():
            error = "empty reply: no action given"
        else:
            expected = ", ".join(PRIMITIVES[: self.offset] + ("place column C rotation R",))
            error = f"'{excerpt(span)}' is not an action; expected one of: {expected}"
        return ParseResult(None, False, error, text, span, rule)


@lru_cache(maxsize=16)
def action_set(width: int, primitives: bool = True) -> TetrisActions:
    """The (shared) action set of a ``width``-column well."""
    return TetrisActions(width, primitives)
