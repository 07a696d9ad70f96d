"""MoveQueueActions: several named moves per reply, written as ``- move`` lines and played in order;
MoveSequence: the native form of several moves per step, which it shares with other multi-move sets.

It wraps a :class:`~omniarena.core.actions.DiscreteActionSet` (the moves) and adds a cap. A reply's
answer span (the shared grammar: the last ``<answer>`` tag, else an ``Action:`` line, a fence or the
whole reply) is a queue when it holds list lines (``- move``, ``* move``, ``1. move``); every list line
must name one move, and an unknown one is reported by name. A span without list lines is read as one
move by the wrapped set's rules. The canonical text of a queue is its ``- move`` lines.

Native form: ``MultiDiscrete([n] + [n + 1] * (max_moves - 1))``, the moves then ``n`` ("stop") in every
unused slot (the first slot always holds a move); a bare move index is taken as a one-move queue.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
from gymnasium import spaces

from omniarena.core.actions import ActionSet, DiscreteActionSet, ParseResult, excerpt
from omniarena.core.grammar import strip_wrappers

__all__ = ["MoveQueueActions", "MoveSequence"]

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
    names: tuple[str, ...]
    max_moves: int
    single: ActionSet
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
