"""Sokoban text actions: one move per reply (native ``Discrete``), or a list of moves (native ``MultiDiscrete``).

A native action of the single-move variants is one move index: ``Discrete(4)`` (up, down, left,
right) or ``Discrete(5)`` with ``undo``. The list variants let one reply (one ``step``) play up to
``max_moves`` moves in order; their native action is ``MultiDiscrete([n] + [n + 1] * (max_moves - 1))``:
the moves, then ``n`` ("stop") for every unused slot. Everything after the first stop is ignored, and
the first slot cannot be a stop, so every native action holds at least one move. A bare move index
is taken as a one-move list too: it is what ``action_mask`` (the legality of the *first* move) indexes,
so code written for the single-move variants runs unchanged.

Both read the same reply forms (see :class:`MoveReader`): names and aliases (``up``, ``u``, ``north``,
``↑``, ``push up``, ``move up``), lists (``up, up, left``, ``up up left``, ``up -> left``), repeats
(``up x3``, ``up*3``, ``up twice``) and LURD strings (``uul``, ``↑↑←``). A reply that is not a plain
list of moves is read by the shared rules for one action (:class:`DiscreteActionSet`: a reply that
names one move; naming several different moves in prose is ambiguous, not an answer). The single-move
variants refuse a list of two or more moves with that reason instead of guessing which one was meant.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np

from omniarena.arenas.games.sokoban.rules import DIRECTIONS
from omniarena.core.actions import ActionSpec, DiscreteActionSet, ParseResult, excerpt
from omniarena.core.grammar import normalize, strip_wrappers
from omniarena.core.queue import MoveSequence

__all__ = ["MoveActions", "MoveListActions", "MoveReader", "UNDO", "move_actions"]

UNDO = len(DIRECTIONS)  # the index of "undo" where it exists
_PUSH_NOTE = "; a box there is pushed one cell further if that cell is free"
MOVE_SPECS = (
    ActionSpec("up", "step one cell up (row - 1)" + _PUSH_NOTE, ("u", "north", "↑", "push up", "move up", "arrowup")),
    ActionSpec(
        "down", "step one cell down (row + 1)" + _PUSH_NOTE, ("d", "south", "↓", "push down", "move down", "arrowdown")
    ),
    ActionSpec(
        "left",
        "step one cell left (column - 1)" + _PUSH_NOTE,
        ("l", "west", "←", "push left", "move left", "arrowleft"),
    ),
    ActionSpec(
        "right",
        "step one cell right (column + 1)" + _PUSH_NOTE,
        ("r", "east", "→", "push right", "move right", "arrowright"),
    ),
)
UNDO_SPEC = ActionSpec("undo", "take back your last move (box included)", ("back", "take back", "undo move"))

# Words a plain list of moves may hold besides the moves: "push up", "move left then up", "go left and up".
_FILLERS = frozenset({"push", "move", "go", "walk", "step", "press", "arrow", "key", "then", "and", "next"})
_REPEAT_WORDS = {"once": 1, "twice": 2, "thrice": 3}
_REPEAT = re.compile(r"(?:[x×*](\d{1,2})|(\d{1,2})x)")  # "x3", "*3", "×3", "3x" after a move
_ATTACHED_REPEAT = re.compile(r"(.+?)[x×*](\d{1,2})")  # "up*3", "upx3", "↑×2"
_TITLE = "Moves ({count} per reply; row 1 is the top row, column 1 the leftmost)"
_SEPARATORS = re.compile(r"[\s,;|/]+|-+>|=+>")


class MoveReader:
    """Reads a plain list of moves out of an answer span; knows the words of ``specs`` (index = move)."""

    def __init__(self, specs: Sequence[ActionSpec]) -> None:
        self.words: dict[str, int] = {}
        for index, spec in enumerate(specs):
            for word in (spec.name, *spec.aliases):
                if " " not in word:  # "push up" is read as the filler "push" and the move "up"
                    self.words[normalize(word)] = index
        # One-character words (u, d, l, r, arrows) also chain into strings: "uul", "↑↑←".
        self.letters = {word: index for word, index in self.words.items() if len(word) == 1}

    def read(self, span: str, limit: int) -> list[int] | None:
        """The moves of ``span`` if it is a plain list of moves, else ``None``; stops counting past ``limit``.

        A list longer than ``limit`` comes back with ``limit + 1`` moves (enough to say it is too long).
        """
        moves: list[int] = []
        for raw in _SEPARATORS.split(strip_wrappers(span).casefold()):
            token = strip_wrappers(raw)
            if not token or token in _FILLERS:
                continue
            repeat = _REPEAT.fullmatch(token)
            if repeat is not None or token in _REPEAT_WORDS:
                if not moves:
                    return None
                count = _REPEAT_WORDS.get(token) or int(repeat.group(1) or repeat.group(2))  # type: ignore[union-attr]
                if count < 1:
                    return None
                moves += [moves[-1]] * (count - 1)
            elif not self._add(token, moves):
                return None
            if len(moves) > limit:
                return moves[: limit + 1]
        return moves or None

    def _add(self, token: str, moves: list[int]) -> bool:
        """Append the move(s) ``token`` names; ``False`` when it names none."""
        index = self.words.get(token)
        if index is not None:
            moves.append(index)
            return True
        attached = _ATTACHED_REPEAT.fullmatch(token)
        if attached is not None and attached.group(1) in self.words and int(attached.group(2)) >= 1:
            moves += [self.words[attached.group(1)]] * int(attached.group(2))
            return True
        if len(token) > 1 and all(char in self.letters for char in token):
            moves += [self.letters[char] for char in token]
            return True
        return False


def _listing(title: str, specs: Sequence[ActionSpec]) -> list[str]:
    """The title line and one line per move, as :meth:`DiscreteActionSet.describe` writes them."""
    lines = [f"{title}:"]
    for spec in specs:
        lines.append(f"- {spec.name}: {spec.help} (also: {', '.join(spec.aliases)})")
    return lines


class MoveActions(DiscreteActionSet):
    """One move per reply: native ``Discrete(4)``, or ``Discrete(5)`` with ``undo``."""

    max_moves = 1

    def __init__(self, undo: bool = False) -> None:
        super().__init__((*MOVE_SPECS, UNDO_SPEC) if undo else MOVE_SPECS, title=_TITLE.format(count="one"))
        self.undo = bool(undo)
        self.reader = MoveReader(self.specs)

    def moves_of(self, action: Any) -> list[int]:
        """The move indices of native ``action`` (here always one)."""
        return [int(action)]

    def from_moves(self, moves: Sequence[int]) -> int:
        """The native action playing ``moves`` (exactly one here)."""
        if len(moves) != 1:
            raise ValueError(f"{type(self).__name__} plays one move per step, got {len(moves)}")
        return int(moves[0])

    def illegal_reason(self, action: Any, mask: Any = None) -> str | None:
        if self.is_legal(action, mask):
            return None
        name = self.try_format(action) or repr(action)
        if name == UNDO_SPEC.name:
            return "there is no move to undo"
        return f"'{name}' is blocked now: a wall, or a box with a wall or another box behind it"

    def _parse(self, text: str, answer_format: str = "any") -> ParseResult:
        if answer_format == "any" and len(text) <= 16:  # fast path: a bare move name, as scripted agents send
            index = self.lookup(text)
            if index is not None:
                return ParseResult(index, True, None, text, text, "exact")
        extracted = self.extract(text, answer_format)
        moves = None if extracted.source == "none" else self.reader.read(extracted.text, 1)
        if moves is None:  # not a plain list of moves: the shared rules for one named action
            return super()._parse(text, answer_format)
        if len(moves) == 1:
            return ParseResult(moves[0], True, None, text, extracted.text, extracted.source)
        error = f"'{excerpt(extracted.text)}' is a list of moves; this arena takes one move per reply, send only the next one"
        return ParseResult(None, False, error, text, extracted.text, extracted.source)


class MoveListActions(MoveSequence):
    """Up to ``max_moves`` moves per reply, played in order; native ``MultiDiscrete`` (see the module docstring).

    The arena stops the list at the first blocked move.
    """

    noun = "move list"

    def __init__(self, max_moves: int = 10, undo: bool = False) -> None:
        if max_moves < 2:
            raise ValueError(f"a move list holds at least 2 moves (use MoveActions for one), got {max_moves}")
        self.max_moves = int(max_moves)
        self.single = MoveActions(undo)
        self.undo = self.single.undo
        self.n = self.single.n  # move kinds; also the "stop" value of the native action
        self.names = self.single.names

    def illegal_reason(self, action: Any, mask: Any = None) -> str | None:
        moves = self._moves_or_none(action)
        if moves is None:
            return f"{action!r} is not a list of moves"
        if mask is None or np.asarray(mask)[moves[0]]:
            return None
        return f"the first move of the list cannot be played: {self.single.illegal_reason(moves[0], mask)}"

    def format(self, action: Any) -> str:
        return ", ".join(self.names[move] for move in self.moves_of(action))

    def describe(self) -> str:
        moves = "\n".join(_listing(_TITLE.format(count=f"up to {self.max_moves}"), self.single.specs))
        return (
            f"{moves}\n"
            f"Give a list of 1 to {self.max_moves} moves, played in order, at the end of your reply between answer "
            f"tags, written <answer>MOVES</answer> where MOVES is for example up, up, left (commas or spaces between moves; 'up x3' repeats a "
            f"move; LURD letters such as 'uul' work too). The list stops at the first move that is blocked. Think "
            f"step by step if you like; only the last answer counts."
        )

    def _parse(self, text: str, answer_format: str = "any") -> ParseResult:
        if answer_format == "any" and len(text) <= 16:  # fast path: a bare move name, as scripted agents send
            index = self.single.lookup(text)
            if index is not None:
                return ParseResult(self.from_moves([index]), True, None, text, text, "exact")
        extracted = self.extract(text, answer_format)
        span, rule = extracted.text, extracted.source
        moves = None if rule == "none" else self.single.reader.read(span, self.max_moves)
        if moves is None:  # not a plain list: one named move, by the shared rules
            single = self.single.parse(text, answer_format)
            if single.ok:
                return ParseResult(self.from_moves([single.action]), True, None, text, single.answer, single.rule)
            if rule == "none":
                error = single.error
            elif span.strip():
                error = (
                    f"'{excerpt(span)}' is neither a move nor a plain list of moves; moves are "
                    f"{', '.join(self.names)}, e.g. <answer>up, up, left</answer>"
                )
            else:
                error = "empty reply: no move given"
            return ParseResult(None, False, error, text, span, rule)
        if len(moves) > self.max_moves:
            error = f"more than {self.max_moves} moves in '{excerpt(span)}'; give at most {self.max_moves} per reply"
            return ParseResult(None, False, error, text, span, rule)
        return ParseResult(self.from_moves(moves), True, None, text, span, rule)


@cache
def move_actions(max_moves: int = 1, undo: bool = False) -> MoveActions | MoveListActions:
    """The (shared, immutable) action set for ``max_moves`` moves per reply, with or without ``undo``."""
    return MoveActions(undo) if max_moves == 1 else MoveListActions(max_moves, undo)
