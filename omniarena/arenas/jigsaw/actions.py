"""Jigsaw text actions: a turn of up to 16 calls, a whole arrangement in one reply, or a left/above answer.

**Multi-turn** (:class:`ProgramActions`): one reply is a *program* of 1 to ``max_calls`` calls, played in
order. The calls are those of a :class:`~omniarena.core.calls.CallActionSet` (``swap(a, b)``,
``rotate(p, degrees)``, ``crop(target, [x1, y1, x2, y2])``, ``zoom(target, factor)``, ``observe()``,
``submit()``), read with the shared literal-only call grammar: positional or keyword arguments, never
executed (``__import__('os').system(...)``, attribute access, lambdas and comprehensions are not calls of
these functions with literal arguments, so the reply is invalid). A position is ``'row,col'`` (1-indexed
from the top left; ``'(2, 3)'`` and ``'r2c3'`` too) or the cell number drawn in the cell's corner (1..N,
row by row). A program is written

- one call per line (the canonical text, e.g. ``swap('1,1', '1,2')`` then ``rotate('2,1', 90)``), or
  separated by ``;`` or commas, with nothing else in the answer span;
- as llm-jigsaw's JSON: ``{"moves": [{"op": "swap", "a": "1,1", "b": "1,2"}]}``;
- in prose, one run of calls with only line breaks or ``;`` between them ("I will swap('1,1', '1,2')."):
  prose naming several separate runs ("swap(...) or swap(...)") is ambiguous, not an answer.

The native action is a ``Dict`` with ``count`` (1..max_calls) and ``calls``, a ``Tuple`` of ``max_calls``
call actions of the call set (only the first ``count`` are played). A single call action of the call set
is taken as a one-call program.

**Single-turn** (:class:`ArrangementActions`): the whole answer at once, a list of N cell numbers, the i-th
saying which cell's piece belongs in position i (reading order): ``[3, 1, 4, 2]``. Native
``MultiDiscrete([N] * N)`` (0-based cells); a list that repeats a cell is well-formed and scores only the
positions it gets right.

**Pair question** (:func:`relation_actions`): where piece A sits relative to piece B in the solved image:
``left``, ``right``, ``above`` or ``below``; native ``Discrete(4)``.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from gymnasium import spaces

from omniarena.core.actions import ActionSet, ActionSpec, DiscreteActionSet, ParseResult, excerpt
from omniarena.core.calls import CallActionSet, FloatParam, Function
from omniarena.core.grammar import Call, locate_calls, read_call_block

__all__ = [
    "ArrangementActions",
    "BoxParam",
    "CellParam",
    "DegreesParam",
    "ProgramActions",
    "RELATIONS",
    "arrangement_actions",
    "program_actions",
    "relation_actions",
]

MAX_CALLS = 16
MAX_ZOOM = 8.0
_ROW_COL = re.compile(r"^[(\[]?\s*(\d{1,2})\s*[,; ]\s*(\d{1,2})\s*[)\]]?$")
_RC = re.compile(r"^r(?:ow)?\s*(\d{1,2})\s*,?\s*c(?:ol)?\s*(\d{1,2})$", re.IGNORECASE)
_BOARD_WORDS = frozenset({"board", "image", "puzzle", "all"})
_RUN_GAP = re.compile(r"[\s;]*")  # what may stand between the calls of one program written in prose
_JSON_LIMIT = 65536


def _is_int(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


@dataclass(frozen=True)
class CellParam:
    """A board position: ``'row,col'`` or the cell number 1..N; with ``board``, also ``'board'`` (index 0).

    Native ``Discrete(N)`` (``Discrete(N + 1)`` with ``board``), written back as ``'row,col'``."""

    name: str
    rows: int
    cols: int
    board: bool = False
    default: None = None

    @property
    def cells(self) -> int:
        return self.rows * self.cols

    @property
    def filler(self) -> int:
        return 0

    def lowest(self) -> int:
        return 0

    def cell_of(self, value: int) -> int | None:
        """The 0-based cell of native ``value`` (``None`` for the board)."""
        return None if self.board and value == 0 else int(value) - int(self.board)

    def signature(self) -> str:
        board = " or 'board'" if self.board else ""
        return f"position 'row,col' (rows 1..{self.rows}, cols 1..{self.cols}) or cell number 1..{self.cells}{board}"

    def space(self) -> spaces.Discrete:
        return spaces.Discrete(self.cells + int(self.board))

    def _cell(self, row: int, col: int, value: Any) -> int:
        if not (1 <= row <= self.rows and 1 <= col <= self.cols):
            raise ValueError(f"{self.name}={value!r} is off the board: rows 1..{self.rows}, cols 1..{self.cols}")
        return (row - 1) * self.cols + (col - 1) + int(self.board)

    def from_text(self, value: Any) -> int:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if _is_int(value):
            if not 1 <= value <= self.cells:
                raise ValueError(f"{self.name}: cell number {value} is not in 1..{self.cells}")
            return int(value) - 1 + int(self.board)
        if isinstance(value, (tuple, list)) and len(value) == 2 and all(_is_int(v) for v in value):
            return self._cell(int(value[0]), int(value[1]), value)
        if isinstance(value, str):
            text = value.strip()
            if self.board and text.casefold() in _BOARD_WORDS:
                return 0
            if text.isdigit():
                return self.from_text(int(text))
            match = _ROW_COL.match(text) or _RC.match(text)
            if match is not None:
                return self._cell(int(match.group(1)), int(match.group(2)), value)
        raise ValueError(f"{self.name} must be a {self.signature()}, got {value!r}")

    def literal(self, value: Any) -> str:
        cell = self.cell_of(int(value))
        if cell is None:
            return "'board'"
        return repr(f"{cell // self.cols + 1},{cell % self.cols + 1}")

    def width(self) -> int:
        return 7

    def sample(self, rng: np.random.Generator) -> int:
        return int(rng.integers(self.cells + int(self.board)))


@dataclass(frozen=True)
class DegreesParam:
    """A clockwise rotation in degrees, any multiple of 90; native ``Discrete(4)`` (quarter turns)."""

    name: str
    default: None = None

    @property
    def filler(self) -> int:
        return 0

    def lowest(self) -> int:
        return 0

    def signature(self) -> str:
        return "degrees clockwise: 90, 180 or 270 (any multiple of 90; negative turns anticlockwise)"

    def space(self) -> spaces.Discrete:
        return spaces.Discrete(4)

    def from_text(self, value: Any) -> int:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,4}\s*(?:°|deg|degrees)?\s*", value):
            value = int(re.sub(r"[^\d-]", "", value))
        if not _is_int(value) or value % 90 or abs(value) > 3600:
            raise ValueError(f"{self.name} must be a multiple of 90 degrees (90, 180, 270), got {value!r}")
        return (int(value) // 90) % 4

    def literal(self, value: Any) -> str:
        return repr(90 * int(value))

    def width(self) -> int:
        return 3

    def sample(self, rng: np.random.Generator) -> int:
        return int(rng.integers(1, 4))


@dataclass(frozen=True)
class BoxParam:
    """A box ``[x1, y1, x2, y2]`` in 0-1 coordinates of the target (corners in any order); native ``Box``."""

    name: str
    default: None = None

    @property
    def filler(self) -> np.ndarray:
        return np.array([0.0, 0.0, 1.0, 1.0])

    def lowest(self) -> np.ndarray:
        return np.zeros(4)

    def signature(self) -> str:
        return "[x1, y1, x2, y2] with 0 <= x, y <= 1 (0,0 is the top left)"

    def space(self) -> spaces.Box:
        return spaces.Box(0.0, 1.0, (4,), np.float64)

    def from_text(self, value: Any) -> np.ndarray:
        numbers = (
            isinstance(value, (list, tuple))
            and len(value) == 4
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
        )
        if not numbers or not all(0.0 <= v <= 1.0 for v in value):
            raise ValueError(f"{self.name} must be {self.signature()}, got {value!r}")
        return np.array([float(v) for v in value], dtype=np.float64)

    def literal(self, value: Any) -> str:
        return "[" + ", ".join(repr(float(v)) for v in np.asarray(value)) + "]"

    def width(self) -> int:
        return 4 * 26 + 2

    def sample(self, rng: np.random.Generator) -> np.ndarray:
        low, high = np.sort(rng.uniform(0, 1, size=(2, 2)), axis=0)
        return np.array([low[0], low[1], high[0], high[1]], dtype=np.float64)


def jigsaw_calls(rows: int, cols: int, rotation: bool, tools: bool) -> CallActionSet:
    """The calls of one turn on a ``rows`` x ``cols`` board."""
    functions = [
        Function(
            "swap",
            (CellParam("a", rows, cols), CellParam("b", rows, cols)),
            "exchange the pieces of two cells",
            "swap('1,1', '1,2')",
        )
    ]
    if rotation:
        functions.append(
            Function(
                "rotate",
                (CellParam("p", rows, cols), DegreesParam("degrees")),
                "turn the piece in a cell clockwise",
                f"rotate('{rows},1', 90)",
            )
        )
    if tools:
        functions += [
            Function(
                "crop",
                (CellParam("target", rows, cols, board=True), BoxParam("box")),
                "look at part of the board (or of one cell's piece); the board does not change",
                "crop('board', [0.0, 0.0, 0.5, 0.5])",
            ),
            Function(
                "zoom",
                (CellParam("target", rows, cols, board=True), FloatParam("factor", 1.0, MAX_ZOOM)),
                "look at the board or a piece enlarged (its centre); the board does not change",
                f"zoom('1,{cols}', 2.0)",
            ),
            Function("observe", (), "show the board again after a crop or zoom", "observe()"),
        ]
    functions.append(Function("submit", (), "end the episode now with the board as it is", "submit()"))
    return CallActionSet(functions, title="Calls")


# Keys llm-jigsaw's JSON moves use for each call's parameters.
_JSON_KEYS = {
    "p": ("p", "a", "position", "pos", "piece", "cell"),
    "degrees": ("degrees", "deg", "angle", "rotation"),
    "target": ("target", "a", "position", "piece", "cell"),
}


class ProgramActions(ActionSet):
    """Up to ``max_calls`` calls per reply (see the module docstring); native ``Dict(count, calls)``."""

    def __init__(self, rows: int, cols: int, rotation: bool = False, tools: bool = True, max_calls: int = MAX_CALLS):
        if not 1 <= max_calls <= 64:
            raise ValueError(f"max_calls must be 1..64, got {max_calls}")
        self.rows, self.cols, self.rotation, self.tools = int(rows), int(cols), bool(rotation), bool(tools)
        self.max_calls = int(max_calls)
        self.calls = jigsaw_calls(self.rows, self.cols, self.rotation, self.tools)
        self.names = self.calls.names
        self._names = set(self.names)
        self._filler = self.calls.to_native("submit")
        self._memo: tuple[Any, tuple[Any, ...], list[dict[str, Any]]] | None = None

    # --- native --------------------------------------------------------------------------------
    def native_space(self) -> spaces.Dict:
        return spaces.Dict(
            {
                "count": spaces.Discrete(self.max_calls, start=1),
                "calls": spaces.Tuple([self.calls.native_space() for _ in range(self.max_calls)]),
            }
        )

    def program(self, action: Any) -> list[dict[str, Any]]:
        """The calls native ``action`` plays, in order; ``ValueError`` when it is not a native action.

        The last action checked is remembered with a snapshot of its calls, so the text layer, the arena
        and the record checking the same action in one step pay once; a changed action is checked again."""
        memo = self._memo
        if memo is not None and memo[0] is action and memo[1] == _fingerprint(action):
            return [dict(call) for call in memo[2]]
        calls = self._check(action)
        self._memo = (action, _fingerprint(action), calls)
        return [dict(call) for call in calls]

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_memo": None}

    def _check(self, action: Any) -> list[dict[str, Any]]:
        if isinstance(action, Mapping) and "function" in action and "count" not in action:
            reason = self.calls.illegal_reason(action)
            if reason is not None:
                raise ValueError(reason)
            return [dict(action)]
        if not isinstance(action, Mapping) or set(action) != {"count", "calls"}:
            raise ValueError("a jigsaw action is a dict with 'count' and 'calls' (or one call action)")
        count, calls = action["count"], action["calls"]
        if not _is_int(count) or not 1 <= count <= self.max_calls:
            raise ValueError(f"count must be an int in 1..{self.max_calls}, got {count!r}")
        if not isinstance(calls, (tuple, list)) or len(calls) != self.max_calls:
            raise ValueError(f"calls must be a tuple of {self.max_calls} call actions")
        for call in calls[:count]:
            reason = self.calls.illegal_reason(call)
            if reason is not None:
                raise ValueError(reason)
        return [dict(call) for call in calls[:count]]

    def from_calls(self, calls: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        """The native action playing ``calls`` (1 to ``max_calls`` call actions) in order."""
        if not 1 <= len(calls) <= self.max_calls:
            raise ValueError(f"a turn holds 1 to {self.max_calls} calls, got {len(calls)}")
        padded = [dict(c) for c in calls] + [dict(self._filler) for _ in range(self.max_calls - len(calls))]
        return {"count": len(calls), "calls": tuple(padded)}

    def call(self, name: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """One call's native action, e.g. ``call("swap", "1,1", "1,2")``."""
        return self.calls.to_native(name, *args, **kwargs)

    def is_legal(self, action: Any, mask: Any = None) -> bool:
        try:
            self.program(action)
        except (ValueError, TypeError, KeyError):
            return False
        return True

    def illegal_reason(self, action: Any, mask: Any = None) -> str | None:
        try:
            self.program(action)
        except (ValueError, TypeError, KeyError) as exc:
            return str(exc)
        return None

    def sample_legal(self, rng: np.random.Generator, mask: Any = None) -> dict[str, Any]:
        """1 to 4 random board moves (swaps, and rotations where they exist): what a random player does."""
        moves = [i for i, name in enumerate(self.names) if name in ("swap", "rotate")]
        calls = []
        for _ in range(int(rng.integers(1, min(4, self.max_calls) + 1))):
            index = moves[int(rng.integers(len(moves)))]
            function = self.calls.functions[index]
            calls.append(self.calls.to_native(function.name, *[self._sample(p, rng) for p in function.params]))
        return self.from_calls(calls)

    def _sample(self, param: Any, rng: np.random.Generator) -> Any:
        value = param.sample(rng)
        return 90 * value if isinstance(param, DegreesParam) else param.literal(value).strip("'")

    def format(self, action: Any) -> str:
        return "\n".join(self.calls.format(call) for call in self.program(action))

    # --- text ----------------------------------------------------------------------------------
    def describe(self) -> str:
        lines = [
            f"Calls (one turn plays up to {self.max_calls} of them in order; a position is 'row,col' with row 1 at "
            "the top and col 1 at the left, or the cell number drawn in the cell's corner):"
        ]
        for function, example in zip(self.calls.functions, self.calls.examples, strict=True):
            lines.append(f"- {function.signature()} - {function.help}, e.g. {example}")
        lines.append(
            "End your reply with the calls of this turn between answer tags, one call per line, written "
            '<answer>CALLS</answer>. JSON also works: {"moves": [{"op": "swap", "a": "1,1", "b": "1,2"}]}. '
            "Only the last answer counts; arguments must be plain numbers, strings or lists."
        )
        return "\n".join(lines)

    def _parse(self, text: str, answer_format: str = "any") -> ParseResult:
        extracted = self.extract(text, answer_format)
        span, rule = extracted.text, extracted.source
        if rule == "none":
            return ParseResult(None, False, self.calls.parse(text, answer_format).error, text, "", rule)
        try:
            calls = self._read(span)
        except ValueError as exc:
            return ParseResult(None, False, str(exc), text, span, rule)
        if calls is None:  # no program: the call set's own reading of one call, for its diagnostics
            single = self.calls.parse(span)
            if not single.ok:
                return ParseResult(None, False, single.error, text, span, rule)
            return ParseResult(self.from_calls([single.action]), True, None, text, span, rule)
        if len(calls) > self.max_calls:
            error = f"{len(calls)} calls in one turn; at most {self.max_calls} are allowed, send the rest next turn"
            return ParseResult(None, False, error, text, span, rule)
        natives = []
        for number, call in enumerate(calls, start=1):
            try:
                natives.append(self.calls.to_native(call.name, *call.args, **call.kwargs))
            except ValueError as exc:
                where = f"call {number} of {len(calls)}: " if len(calls) > 1 else ""
                return ParseResult(None, False, f"{where}{exc}", text, span, rule)
        return ParseResult(self.from_calls(natives), True, None, text, span, rule)

    def _read(self, span: str) -> list[Call] | None:
        """The calls of the answer span: a JSON move list, a block of calls, or one run of calls in prose."""
        if "{" in span:
            moves = _json_moves(span)
            if moves is not None:
                return moves
        source = span.strip().strip("`")
        if _is_code(source):  # valid Python: a block of plain calls, or code that is refused (one ast.parse for prose)
            block = read_call_block(source)
            if block is not None:
                return block
            raise ValueError(
                f"'{excerpt(source)}' is Python code, not plain calls: only calls such as swap('1,1', '1,2') with "
                "literal arguments are read (no variables, attributes, lambdas or comprehensions), and nothing is run"
            )
        located = locate_calls(span, self._names, limit=self.max_calls + 1, tries=4 * self.max_calls + 8)
        for start, _, call in located:
            if "." in span[start : span.index("(", start)]:
                raise ValueError(f"'{excerpt(span[start:], 30)}' calls an attribute; call {call.name}(...) itself")
        runs: list[list[tuple[int, int, Call]]] = []
        for found in located:
            if runs and _RUN_GAP.fullmatch(span[runs[-1][-1][1] : found[0]]):
                runs[-1].append(found)
            else:
                runs.append([found])
        distinct = {tuple(_key(call) for _, _, call in run) for run in runs}
        if len(distinct) > 1:
            shown = ", ".join(f"'{excerpt(span[run[0][0] : run[-1][1]], 40)}'" for run in runs[-3:])
            raise ValueError(
                f"ambiguous: the reply names several separate sets of calls ({shown}); put this turn's calls "
                "between answer tags, one per line, e.g. <answer>swap('1,1', '1,2')</answer>"
            )
        return [call for _, _, call in runs[0]] if runs else None


def _fingerprint(action: Any) -> tuple[Any, ...]:
    """The values of the calls ``action`` plays (arrays as bytes), to tell whether it changed since checked."""
    played = [action] if "count" not in action else list(action["calls"][: action["count"]])
    return tuple(
        tuple((key, value.tobytes() if isinstance(value, np.ndarray) else value) for key, value in call.items())
        for call in played
    )


def _is_code(source: str) -> bool:
    """Whether ``source`` is valid Python other than a bare name (``submit``): parsed, never run."""
    if len(source) > _JSON_LIMIT or source.isidentifier():
        return False
    try:
        ast.parse(source, mode="exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _key(call: Call) -> tuple[str, str, str]:
    return call.name.casefold(), repr(call.args), repr(sorted(call.kwargs.items()))


def _json_moves(span: str) -> list[Call] | None:
    """llm-jigsaw's ``{"moves": [{"op": ..., ...}]}`` as calls; ``None`` when the span holds no such object."""
    start, end = span.find("{"), span.rfind("}")
    if start < 0 or end <= start or end - start > _JSON_LIMIT:
        return None
    try:
        document = json.loads(span[start : end + 1])
    except (ValueError, RecursionError):
        return None
    if not isinstance(document, dict):
        return None
    moves = next((v for k, v in document.items() if isinstance(k, str) and k.casefold() == "moves"), None)
    if not isinstance(moves, list) or not moves:
        return None
    calls = []
    for number, move in enumerate(moves, start=1):
        op = move.get("op", move.get("action")) if isinstance(move, dict) else None
        if not isinstance(op, str):
            raise ValueError(
                f'move {number} of the JSON moves has no "op" (e.g. {{"op": "swap", "a": "1,1", "b": "1,2"}})'
            )
        kwargs: dict[str, Any] = {}
        for key, value in move.items():
            if key in ("op", "action"):
                continue
            name = next((param for param, keys in _JSON_KEYS.items() if key in keys and op != "swap"), key)
            kwargs[name] = value
        calls.append(Call(op, (), kwargs))
    return calls


# --- single turn: the whole arrangement -------------------------------------------------------------
_NUMBER_LIST = re.compile(r"^[\[(]?\s*\d{1,2}(?:\s*[,;\s]\s*\d{1,2})*\s*[\])]?$")
_BRACKETED = re.compile(r"\[\s*(\d{1,2}(?:\s*[,;\s]\s*\d{1,2})*)\s*\]")


class ArrangementActions(ActionSet):
    """The whole answer in one reply: N cell numbers; native ``MultiDiscrete([N] * N)`` (0-based)."""

    def __init__(self, rows: int, cols: int) -> None:
        self.rows, self.cols = int(rows), int(cols)
        self.n = self.rows * self.cols

    def native_space(self) -> spaces.MultiDiscrete:
        return spaces.MultiDiscrete([self.n] * self.n)

    def _cells(self, action: Any) -> np.ndarray | None:
        array = np.asarray(action)
        if array.shape != (self.n,) or array.dtype.kind not in "iu" or array.min() < 0 or array.max() >= self.n:
            return None
        return array.astype(np.int64)

    def is_legal(self, action: Any, mask: Any = None) -> bool:
        return self._cells(action) is not None

    def illegal_reason(self, action: Any, mask: Any = None) -> str | None:
        if self._cells(action) is None:
            return f"an arrangement is {self.n} cell indices in 0..{self.n - 1}, got {action!r}"
        return None

    def sample_legal(self, rng: np.random.Generator, mask: Any = None) -> np.ndarray:
        """A uniformly random permutation (what a random player answers)."""
        return rng.permutation(self.n).astype(np.int64)

    def format(self, action: Any) -> str:
        cells = self._cells(action)
        if cells is None:
            raise ValueError(self.illegal_reason(action))
        return "[" + ", ".join(str(int(c) + 1) for c in cells) + "]"

    def describe(self) -> str:
        return (
            f"Answer with {self.n} cell numbers in square brackets, [c1, c2, ..., c{self.n}]: the k-th number is the "
            f"cell (1..{self.n}, the number drawn in its corner) whose piece belongs in position k of the solved "
            "picture, positions counted row by row from the top left. Think step by step if you like, then end "
            "your reply with the list between answer tags, written <answer>LIST</answer>. Only the last answer counts."
        )

    def _parse(self, text: str, answer_format: str = "any") -> ParseResult:
        extracted = self.extract(text, answer_format)
        span, rule = extracted.text, extracted.source
        if rule == "none":
            return ParseResult(
                None,
                False,
                f"no <answer>...</answer> tag; expected e.g. <answer>[c1, ..., c{self.n}]</answer>",
                text,
                "",
                rule,
            )
        stripped = span.strip().strip("`*_ .")
        if _NUMBER_LIST.match(stripped):
            lists = [stripped]
        else:
            lists = list(dict.fromkeys(m.group(1) for m in _BRACKETED.finditer(span)))
        if not lists:
            error = (
                f"no list of cell numbers in '{excerpt(span)}'; answer {self.n} numbers such as [c1, ..., c{self.n}]"
            )
            return ParseResult(None, False, error, text, span, rule)
        if len({tuple(re.findall(r"\d+", item)) for item in lists}) > 1:
            return ParseResult(
                None, False, "ambiguous: the reply holds several different lists; give one", text, span, rule
            )
        numbers = [int(x) for x in re.findall(r"\d+", lists[-1])]
        if len(numbers) != self.n:
            error = f"the list has {len(numbers)} numbers; the board has {self.n} cells, give one number per position"
            return ParseResult(None, False, error, text, span, rule)
        bad = [x for x in numbers if not 1 <= x <= self.n]
        if bad:
            return ParseResult(None, False, f"cell {bad[0]} does not exist: cells are 1..{self.n}", text, span, rule)
        return ParseResult(np.array(numbers, dtype=np.int64) - 1, True, None, text, span, rule)


# --- pair question ----------------------------------------------------------------------------------
RELATIONS = (
    ActionSpec("left", "A is to the left of B", ("a is left of b", "left of", "west")),
    ActionSpec("right", "A is to the right of B", ("a is right of b", "right of", "east")),
    ActionSpec("above", "A is above B", ("a is above b", "on top", "north")),
    ActionSpec("below", "A is below B", ("a is below b", "under", "south")),
)


@lru_cache(maxsize=1)
def relation_actions() -> DiscreteActionSet:
    return DiscreteActionSet(RELATIONS, title="Answers (where piece A sits next to piece B in the solved picture)")


@lru_cache(maxsize=64)
def program_actions(rows: int, cols: int, rotation: bool, tools: bool, max_calls: int) -> ProgramActions:
    return ProgramActions(rows, cols, rotation, tools, max_calls)


@lru_cache(maxsize=64)
def arrangement_actions(rows: int, cols: int) -> ArrangementActions:
    return ArrangementActions(rows, cols)


class PairActions(ActionSet):
    """One board move per step, native ``MultiDiscrete([N, N])`` (with rotation ``[N, N + 3]``), for RL agents.

    ``(a, b)`` with ``b < N`` swaps cells ``a`` and ``b`` (``a == b`` changes nothing); ``b = N + k - 1``
    turns the piece in cell ``a`` by ``k`` quarter turns clockwise. Text: one ``swap`` or ``rotate`` call,
    read as :class:`ProgramActions` reads it.
    """

    def __init__(self, rows: int, cols: int, rotation: bool = False) -> None:
        self.rows, self.cols, self.rotation = int(rows), int(cols), bool(rotation)
        self.n = self.rows * self.cols
        self.reader = ProgramActions(rows, cols, rotation, tools=False, max_calls=1)
        self.calls = self.reader.calls

    def native_space(self) -> spaces.MultiDiscrete:
        return spaces.MultiDiscrete([self.n, self.n + 3 * int(self.rotation)])

    def pair(self, action: Any) -> tuple[int, int] | None:
        array = np.asarray(action)
        if array.shape != (2,) or array.dtype.kind not in "iu":
            return None
        a, b = int(array[0]), int(array[1])
        if not (0 <= a < self.n and 0 <= b < self.n + 3 * int(self.rotation)):
            return None
        return a, b

    def to_call(self, action: Any) -> dict[str, Any]:
        """The call action of native ``action`` (``ValueError`` if it is none)."""
        pair = self.pair(action)
        if pair is None:
            raise ValueError(f"a move is a pair (a, b) in {self.native_space()}, got {action!r}")
        a, b = pair
        if b < self.n:
            return self.calls.to_native("swap", a + 1, b + 1)
        return self.calls.to_native("rotate", a + 1, 90 * (b - self.n + 1))

    def call(self, name: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return self.calls.to_native(name, *args, **kwargs)

    def from_calls(self, calls: Sequence[Mapping[str, Any]]) -> np.ndarray:
        """The pair of one swap or rotate call; ``submit()`` becomes the no-op ``(0, 0)`` (nothing to submit here)."""
        if len(calls) != 1:
            raise ValueError(f"this variant plays one move per step, got {len(calls)}")
        call = calls[0]
        name = self.calls.names[call["function"]]
        if name == "swap":
            return np.array([call["swap.a"], call["swap.b"]], dtype=np.int64)
        if name == "rotate" and call["rotate.degrees"]:
            return np.array([call["rotate.p"], self.n + call["rotate.degrees"] - 1], dtype=np.int64)
        return np.zeros(2, dtype=np.int64)

    def is_legal(self, action: Any, mask: Any = None) -> bool:
        return self.pair(action) is not None

    def sample_legal(self, rng: np.random.Generator, mask: Any = None) -> np.ndarray:
        return np.array([rng.integers(self.n), rng.integers(self.n + 3 * int(self.rotation))], dtype=np.int64)

    def format(self, action: Any) -> str:
        return self.calls.format(self.to_call(action))

    def describe(self) -> str:
        moves = [line for line in self.reader.describe().splitlines()[1:-1] if not line.startswith("- submit")]
        return "\n".join(
            [
                "Moves (one per reply; a position is 'row,col' with row 1 at the top, or the cell number drawn in its corner):",
                *moves,
                "End your reply with one move between answer tags, written <answer>MOVE</answer>. Only the last answer counts.",
            ]
        )

    def _parse(self, text: str, answer_format: str = "any") -> ParseResult:
        result = self.reader.parse(text, answer_format)
        if not result.ok:
            return result
        call = self.reader.program(result.action)[0]
        name = self.calls.names[call["function"]]
        if name == "swap" or (name == "rotate" and call["rotate.degrees"]):
            action = self.from_calls([call])
        else:
            error = f"this variant takes one swap or rotate per reply ({self.calls.format(call)} is neither a swap nor a turn)"
            return ParseResult(None, False, error, text, result.answer, result.rule)
        return ParseResult(action, True, None, text, result.answer, result.rule)


@lru_cache(maxsize=64)
def pair_actions(rows: int, cols: int, rotation: bool) -> PairActions:
    return PairActions(rows, cols, rotation)
