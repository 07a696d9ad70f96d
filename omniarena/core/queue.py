"""Several actions per reply, played in order and capped: :class:`MoveQueueActions` for named moves,
:class:`CallQueueActions` for function calls, and :class:`MoveSequence`, the native form of several named
moves per step that other multi-move sets (Sokoban's move lists) share.

**MoveQueueActions**: several named moves per reply, written as ``- move`` lines and played in order.

It wraps a :class:`~omniarena.core.actions.DiscreteActionSet` (the moves) and adds a cap. A reply's
answer span (the shared grammar: the last ``<answer>`` tag, else an ``Action:`` line, a fence or the
whole reply) is a queue when it holds list lines (``- move``, ``* move``, ``1. move``); every list line
must name one move, and an unknown one is reported by name. A span without list lines is read as one
move by the wrapped set's rules. The canonical text of a queue is its ``- move`` lines.

Native form: ``MultiDiscrete([n] + [n + 1] * (max_moves - 1))``, the moves then ``n`` ("stop") in every
unused slot (the first slot always holds a move); a bare move index is taken as a one-move queue.

**CallQueueActions**: up to ``max_calls`` actions of a call-reading set (such as a
:class:`~omniarena.core.calls.CallActionSet`) per reply. Inside an explicit answer span (an
``<answer>`` tag, an ``Action:`` line or a fence) the top-level calls (``click('3')\nfill('7', 'x')``,
or ``a(); b()`` on one line), else the JSON objects, else the list lines, are the actions, in reading
order; each is read by the wrapped set's own rules (its aliases too), and one that does not parse makes
the whole reply invalid, naming it. A reply holding one action, or whose answer is the whole reply (prose
whose calls may be quotes; a reply of nothing but calls is not prose), is read by the wrapped set as one
action. More than ``max_calls`` is refused.
Canonical text: one canonical call per line. Native form: ``{"count": 1..max_calls, "calls": (one native
action of the wrapped set per slot)}``; slots past ``count`` are ignored; a bare wrapped action is a
queue of one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from gymnasium import spaces

from omniarena.core.actions import ActionSet, DiscreteActionSet, ParseResult, excerpt
from omniarena.core.grammar import extract_answer, locate_calls, strip_wrappers

__all__ = ["CallQueueActions", "MoveQueueActions", "MoveSequence"]

_ITEM = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s*(.*?)\s*$")


class MoveSequence(ActionSet):
    """The native form shared by every action set that plays several moves of ``n`` kinds per step.

    ``MultiDiscrete([n] + [n + 1] * (max_moves - 1))``: the moves in order, then ``n`` ("stop") in every
    unused slot (the first slot always holds a move); a bare move index is taken as a one-move sequence,
    so code that indexes ``action_mask`` by a move runs unchanged. Subclasses set ``n``, ``names``,
    ``max_moves`` and ``single`` (the set of one move, whose ``sample_legal`` draws the first move) and add
    the text side (``format``, ``describe``, ``_parse``); ``noun`` names a sequence in error messages.
    """

    n: int
    names: Sequence[str]
    max_moves: int
    single: DiscreteActionSet
    noun = "sequence"

    def native_space(self) -> spaces.MultiDiscrete:
        return spaces.MultiDiscrete([self.n] + [self.n + 1] * (self.max_moves - 1))

    def moves_of(self, action: Any) -> list[int]:
        """The move indices of native ``action`` (a bare index is one move); ``ValueError`` if it is none."""
        if isinstance(action, (int, np.integer)) and not isinstance(action, (bool, np.bool_)):
            values = [int(action)]
        else:
            array = np.asarray(action)
            if array.shape != (self.max_moves,) or array.dtype.kind not in "iu":
                raise ValueError(f"expected a move index or {self.max_moves} ints, got {action!r}")
            values = array.tolist()
        moves = []
        for value in values:
            if value == self.n:
                break
            if not 0 <= value < self.n:
                raise ValueError(f"move {value} is out of range 0..{self.n} ({self.n} = stop)")
            moves.append(value)
        if not moves:
            raise ValueError("the first slot must hold a move, not a stop")
        return moves

    def from_moves(self, moves: Sequence[int]) -> np.ndarray:
        """The native action playing ``moves`` (1 to ``max_moves`` of them) in order."""
        if not 1 <= len(moves) <= self.max_moves:
            raise ValueError(f"a {self.noun} holds 1 to {self.max_moves} moves, got {len(moves)}")
        action = np.full(self.max_moves, self.n, dtype=np.int64)
        action[: len(moves)] = moves
        return action

    def _moves_or_none(self, action: Any) -> list[int] | None:
        try:
            return self.moves_of(action)
        except (TypeError, ValueError):
            return None

    def is_legal(self, action: Any, mask: Any = None) -> bool:
        """A member of the native space (or a move index) whose first move ``mask`` allows.

        Later moves depend on the state the earlier ones leave; the arena decides what a blocked one does.
        """
        moves = self._moves_or_none(action)
        return moves is not None and (mask is None or bool(np.asarray(mask)[moves[0]]))

    def sample_legal(self, rng: np.random.Generator, mask: Any = None) -> np.ndarray:
        """A legal first move, then 0 to ``max_moves - 1`` uniformly random moves."""
        first = self.single.sample_legal(rng, mask)
        rest = rng.integers(self.n, size=int(rng.integers(self.max_moves))).tolist()
        return self.from_moves([first, *rest])


class MoveQueueActions(MoveSequence):
    """Up to ``max_moves`` moves of ``moves`` per reply, as ``- move`` lines; see the module docstring."""

    noun = "queue"

    def __init__(self, moves: DiscreteActionSet, max_moves: int, note: str = "") -> None:
        if max_moves < 2:
            raise ValueError(f"a queue holds at least 2 moves (use the DiscreteActionSet for one), got {max_moves}")
        self.single = moves
        self.max_moves = int(max_moves)
        self.n = moves.n  # move kinds, and the "stop" value of the native action
        self.names = moves.names
        self.note = note

    def format(self, action: Any) -> str:
        return "\n".join(f"- {self.names[move]}" for move in self.moves_of(action))

    def describe(self) -> str:
        listing = self.single.describe().rsplit("\n", 1)[0]  # the moves, without the one-action answer format
        example = "\n".join(f"- {name}" for name in self.names[1 : min(3, self.n) + 1])
        note = f" {self.note}" if self.note else ""
        return (
            f"{listing}\n"
            f"Give 1 to {self.max_moves} moves at the end of your reply between answer tags, one per line as a list "
            f"(each line '- ' then a move), played in order; for example the answer\n{example}\nqueues "
            f"{min(3, self.n)} moves.{note} Think step by step if you like; only the last answer counts."
        )

    def _parse(self, text: str, answer_format: str = "any") -> ParseResult:
        if answer_format == "any" and len(text) <= 64:  # fast path: a bare move name, as scripted agents send
            index = self.single.lookup(text)
            if index is not None:
                return ParseResult(self.from_moves([index]), True, None, text, text, "exact")
        extracted = self.extract(text, answer_format)
        span, rule = extracted.text, extracted.source
        items = [match.group(1) for match in map(_ITEM.match, span.splitlines()) if match is not None]
        if rule == "none" or not items:
            single = self.single.parse(text, answer_format)
            if single.ok:
                return ParseResult(self.from_moves([single.action]), True, None, text, single.answer, single.rule)
            return ParseResult(None, False, single.error, text, single.answer, single.rule)
        if len(items) > self.max_moves:
            error = f"{len(items)} moves in the list; give at most {self.max_moves} per reply"
            return ParseResult(None, False, error, text, span, rule)
        moves = []
        for item in items:
            index = self.single.lookup(item)
            if index is None:
                index = self.single.lookup(strip_wrappers(item))
            if index is None:
                error = f"'- {excerpt(item)}' is not a move; the moves are: {', '.join(self.names)}"
                return ParseResult(None, False, error, text, span, rule)
            moves.append(index)
        return ParseResult(self.from_moves(moves), True, None, text, span, rule)


_EXPLICIT = ("answer_tag", "action_line", "fence")
_SEPARATORS = re.compile(r"[\s;,]*")


def _only(span: str, pieces: list[str]) -> bool:
    """Whether ``span`` is nothing but ``pieces`` (in order) and separators (blanks, ``;``, ``,``, list marks)."""
    rest, position = [], 0
    for piece in pieces:
        found = span.find(piece, position)
        if found < 0:
            return False
        rest.append(span[position:found])
        position = found + len(piece)
    rest.append(span[position:])
    return all(_SEPARATORS.fullmatch(_ITEM.sub(r"\1", part)) for part in rest)


_MAX_JSON_OBJECTS = 64


class CallQueueActions(ActionSet):
    """Up to ``max_calls`` actions of ``single`` per reply, carried out in order; see the module docstring."""

    def __init__(self, single: ActionSet, max_calls: int) -> None:
        if not 2 <= int(max_calls) <= 16:
            raise ValueError(f"max_calls must be 2..16 (use the wrapped set itself for one call), got {max_calls}")
        self.single = single
        self.max_calls = int(max_calls)

    def __getattr__(self, name: str) -> Any:  # the wrapped set's helpers (names, functions, to_pixels, ...)
        if name == "single":
            raise AttributeError(name)
        return getattr(self.single, name)

    # --- native form ---------------------------------------------------------------------------------
    def native_space(self) -> spaces.Dict:
        one = self.single.native_space()
        return spaces.Dict(
            {"count": spaces.Discrete(self.max_calls, start=1), "calls": spaces.Tuple([one] * self.max_calls)}
        )

    def calls_of(self, action: Any) -> list[Any]:
        """The wrapped set's actions in native ``action``, in order; ``ValueError`` if it is malformed."""
        if isinstance(action, Mapping) and "count" in action and "calls" in action:
            count, calls = action["count"], action["calls"]
            if not isinstance(count, (int, np.integer)) or not 1 <= int(count) <= self.max_calls:
                raise ValueError(f"count must be 1..{self.max_calls}, got {count!r}")
            if not isinstance(calls, (tuple, list)) or len(calls) < int(count):
                raise ValueError(f"calls must hold at least count={int(count)} actions")
            found = list(calls[: int(count)])
        else:
            found = [action]
        for item in found:
            reason = self.single.illegal_reason(item)
            if reason is not None:
                raise ValueError(reason)
        return found

    def from_calls(self, calls: Sequence[Any]) -> dict[str, Any]:
        """The native action carrying out ``calls`` (1 to ``max_calls`` wrapped actions) in order."""
        if not 1 <= len(calls) <= self.max_calls:
            raise ValueError(f"a queue holds 1 to {self.max_calls} calls, got {len(calls)}")
        padded = list(calls) + [calls[0]] * (self.max_calls - len(calls))
        return {"count": len(calls), "calls": tuple(padded)}

    def illegal_reason(self, action: Any, mask: Any = None) -> str | None:
        try:
            calls = self.calls_of(action)
        except (TypeError, ValueError) as exc:
            return str(exc)
        return self.single.illegal_reason(calls[0], mask)

    def is_legal(self, action: Any, mask: Any = None) -> bool:
        return self.illegal_reason(action, mask) is None

    def sample_legal(self, rng: np.random.Generator, mask: Any = None) -> dict[str, Any]:
        """A legal first call, then 0 to ``max_calls - 1`` more random calls."""
        calls = [self.single.sample_legal(rng, mask)]
        calls += [self.single.sample_legal(rng, None) for _ in range(int(rng.integers(self.max_calls)))]
        return self.from_calls(calls)

    # --- text ----------------------------------------------------------------------------------------
    def format(self, action: Any) -> str:
        return "\n".join(self.single.format(call) for call in self.calls_of(action))

    def describe(self) -> str:
        return (
            f"{self.single.describe()}\n"
            f"You may give up to {self.max_calls} calls in one answer, one per line, carried out in order "
            f"(the rest are skipped once one fails or the episode ends)."
        )

    def pieces(self, span: str) -> list[str]:
        """The separate actions written in ``span``: its top-level calls, else JSON objects, else list lines."""
        found = [span[a:b] for a, b, _ in locate_calls(span, None, self.max_calls + 1, 4 * self.max_calls + 4)]
        if found:
            return found
        objects, decoder, tries = [], json.JSONDecoder(), 0
        position = span.find("{")
        while position >= 0 and tries < _MAX_JSON_OBJECTS:
            tries += 1
            try:
                _, end = decoder.raw_decode(span, position)
            except ValueError:
                position = span.find("{", position + 1)
                continue
            objects.append(span[position:end])
            position = span.find("{", end)
        if objects:
            return objects
        return [m.group(1) for m in map(_ITEM.match, span.splitlines()) if m is not None and m.group(1)]

    def _parse(self, text: str, answer_format: str = "any") -> ParseResult:
        extracted = extract_answer(text, answer_format, unwrap_json=False)  # several JSON actions stay apart
        span, rule = extracted.text, extracted.source
        pieces = self.pieces(span)
        if rule not in _EXPLICIT and not _only(span, pieces):
            pieces = []  # prose: calls in it may be quotes or options, as one call's reading says
        if len(pieces) <= 1:
            single = self.single.parse(text, answer_format)
            if single.ok:
                return ParseResult(self.from_calls([single.action]), True, None, text, single.answer, single.rule)
            return single
        if len(pieces) > self.max_calls:
            error = f"more than {self.max_calls} calls in the answer; give at most {self.max_calls} per reply"
            return ParseResult(None, False, error, text, span, rule)
        calls = []
        for number, piece in enumerate(pieces, 1):
            result = self.single.parse(f"<answer>{piece}</answer>")
            if not result.ok:
                error = f"call {number} of {len(pieces)} ({excerpt(piece)}): {result.error}"
                return ParseResult(None, False, error, text, span, rule)
            calls.append(result.action)
        return ParseResult(self.from_calls(calls), True, None, text, span, rule)
