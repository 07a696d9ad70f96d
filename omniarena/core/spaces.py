"""Text spaces that carry any printable Unicode, and text action spaces bound to an ActionSet.

gymnasium's ``Text`` takes a finite charset; observation text and model replies hold any script (web
pages, chat, names), so :class:`UnicodeText` admits every character except control characters (C0/C1
other than newline and tab) and lone surrogates. Its character "set" is the code-point range itself, so
gymnasium's flatten and shared-memory vector envs store code points and read them back unchanged.

:class:`ActionText` is the text action space of every arena: ``sample()`` gives the canonical text of a
random native action and ``sample(mask)`` of a random legal one under the observation's ``action_mask``
(the idiom PettingZoo's ``api_test`` and its docs use), through the arena's ``ActionSet``.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator, Sequence, Set
from typing import Any

import numpy as np
from gymnasium import spaces
from gymnasium.vector.utils.shared_memory import read_from_shared_memory

__all__ = ["UnicodeText", "ActionText", "SharedText", "CONTROL"]

# What text may not hold: C0 controls but tab and newline, DEL and C1 controls, lone surrogates.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_CODE_POINTS = 0x110000
# What random samples draw from (a sample must be readable, not a tour of Unicode).
_SAMPLE_CHARS = string.ascii_letters + string.digits + string.punctuation + " \néàüßç中文字한글ЖЯ→♠♥✓😀"


class _Printable(Set[str]):
    """Every allowed character, as a set: membership is a regex test, the size is the code-point range."""

    def __contains__(self, char: object) -> bool:
        return isinstance(char, str) and len(char) == 1 and CONTROL.match(char) is None

    def __len__(self) -> int:
        return _CODE_POINTS  # indices are code points; gymnasium pads flattened text with len(charset)

    def __iter__(self) -> Iterator[str]:
        return (chr(c) for c in range(_CODE_POINTS) if chr(c) in self)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Printable)

    def __hash__(self) -> int:
        return hash(_Printable)


class _CodePoints(Sequence[str]):
    """``character_list[i]`` is ``chr(i)``: what gymnasium reads back from flattened text."""

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [chr(i) for i in range(*index.indices(_CODE_POINTS))]
        return chr(int(index))

    def __len__(self) -> int:
        return _CODE_POINTS


_PRINTABLE = _Printable()
_CODE_POINT_LIST = _CodePoints()


class UnicodeText(spaces.Text):
    """A ``Text`` space of any printable Unicode string of up to ``max_length`` characters."""

    def __init__(self, max_length: int, *, min_length: int = 0, seed: int | None = None) -> None:
        super().__init__(max_length, min_length=min_length, charset=_SAMPLE_CHARS, seed=seed)
        self._sample_chars = np.array(list(_SAMPLE_CHARS))

    @property
    def character_set(self) -> frozenset[str]:
        return _PRINTABLE  # type: ignore[return-value]  # a Set with the same interface

    @property
    def character_list(self) -> tuple[str, ...]:
        return _CODE_POINT_LIST  # type: ignore[return-value]

    def character_index(self, char: str) -> np.int32:
        return np.int32(ord(char))

    def contains(self, x: Any) -> bool:
        return isinstance(x, str) and self.min_length <= len(x) <= self.max_length and CONTROL.search(x) is None

    def sample(self, mask: Any = None, probability: Any = None) -> str:
        """A random readable string (``mask``/``probability`` as gymnasium's ``Text``, over the sample characters)."""
        if mask is not None or probability is not None:
            return super().sample(mask=mask, probability=probability)
        length = int(self.np_random.integers(self.min_length, min(self.max_length, 64) + 1))
        return "".join(self.np_random.choice(self._sample_chars, size=length))

    def __repr__(self) -> str:
        return f"UnicodeText({self.min_length}, {self.max_length})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UnicodeText) and (self.min_length, self.max_length) == (
            other.min_length,
            other.max_length,
        )

    def __hash__(self) -> int:
        return hash((UnicodeText, self.min_length, self.max_length))


class ActionText(UnicodeText):
    """The text action space of an arena: any reply is a member; samples are canonical action texts.

    ``sample()`` formats a random native action; ``sample(mask)`` a random action legal under ``mask``
    (the observation's ``action_mask``), both through ``action_set`` and this space's seeded generator.
    """

    def __init__(self, action_set: Any, max_length: int = 4096, seed: int | None = None) -> None:
        super().__init__(max_length, seed=seed)
        self.action_set = action_set

    def sample(self, mask: Any = None, probability: Any = None) -> str:
        if probability is not None:
            raise ValueError("ActionText.sample takes an action mask, not a probability")
        if isinstance(mask, tuple) and len(mask) == 2 and not isinstance(mask[0], np.ndarray):
            return super().sample(mask=mask)  # gymnasium's (length, charset mask) form
        return self.action_set.format(self.action_set.sample_legal(self.np_random, mask))

    def __repr__(self) -> str:
        return f"ActionText({type(self.action_set).__name__}, max_length={self.max_length})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ActionText) and other.action_set is self.action_set

    def __hash__(self) -> int:
        return hash((ActionText, id(self.action_set)))


class SharedText(Sequence[str]):
    """The texts of a batch, decoded from an async vector env's shared memory at each read.

    gymnasium reads shared memory once at start-up; images are array views that follow each step, but
    strings are copies, so its own reader leaves the text frozen at the first reset. This view decodes the
    current code points whenever it is read, and a ``deepcopy`` (what the vector env returns by default)
    is a plain tuple of the texts at that moment.
    """

    def __init__(self, memory: Any, n: int, max_length: int) -> None:
        self._codes: np.ndarray = np.frombuffer(memory.get_obj(), dtype=np.int32).reshape((n, max_length))
        self._n = int(n)

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        row = self._codes[index]
        return "".join(map(chr, row[row < _CODE_POINTS]))

    def __deepcopy__(self, memo: dict[int, Any]) -> tuple[str, ...]:
        return tuple(self)

    def __eq__(self, other: object) -> bool:
        return tuple(self) == other if isinstance(other, (tuple, SharedText)) else NotImplemented

    def __repr__(self) -> str:
        return repr(tuple(self))


@read_from_shared_memory.register(UnicodeText)
def _read_unicode_text(space: UnicodeText, shared_memory: Any, n: int = 1) -> SharedText:
    return SharedText(shared_memory, n, space.max_length)
