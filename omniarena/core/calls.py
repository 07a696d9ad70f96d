"""CallActionSet: typed function-call actions such as ``mouse_click(120, 45)`` or ``click('12')``.

Each :class:`Function` declares typed parameters (:class:`IntParam`, :class:`FloatParam`,
:class:`ChoiceParam`, :class:`StrParam`); prompt, parser, formatter, native space and sampler all come
from those declarations. Replies are read with :func:`~omniarena.core.grammar.parse_call` (literal
arguments only, never executed), positional or keyword, function and keyword names in any case.

**Native action**: a dict with the chosen function's index under ``"function"`` and an entry
``"<function>.<param>"`` for every parameter of every function, so it is a member of
:meth:`CallActionSet.native_space` (a ``gymnasium.spaces.Dict``). Only the chosen function's entries
matter; parsing fills the others with their *filler* (the default, else the lowest value or "").
Ints are ``int``, floats 0-d ``float64`` arrays (what ``Box(shape=())`` holds), choices the index of
the choice, strings ``str`` (any printable Unicode).

**Canonical text** (:meth:`CallActionSet.format`): parameters without a default positional, in
declared order; parameters with a default as ``name=value``, left out when equal to the default;
values written with ``repr``, so ``parse(format(a)).action == a`` exactly.

>>> calls = CallActionSet([
...     Function("mouse_click", (IntParam("x", 0, 639), IntParam("y", 0, 479)), "click at pixel (x, y)"),
...     Function("noop", (IntParam("wait_ms", 0, 5000, default=0),), "do nothing"),
... ])
>>> result = calls.parse("I will click there: <answer>Mouse_Click(120, 45.0)</answer>")
>>> result.action
{'function': 0, 'mouse_click.x': 120, 'mouse_click.y': 45, 'noop.wait_ms': 0}
>>> calls.format(result.action), calls.format(calls.to_native("noop", wait_ms=500))
('mouse_click(120, 45)', 'noop(wait_ms=500)')
>>> calls.parse("noop(wait_ms=9000)").error
'noop: wait_ms must be an int in 0..5000, got 9000; expected noop(wait_ms: int 0..5000 = 0)'
"""

from __future__ import annotations

import keyword
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from gymnasium import spaces

from omniarena.core.actions import ANSWER_FORMAT, NO_TAG, ActionSet, ParseResult, excerpt
from omniarena.core.grammar import _MAX_CALL_CHARS, find_calls, normalize, parse_call, strip_wrappers
from omniarena.core.spaces import CONTROL, UnicodeText

__all__ = ["CallActionSet", "ChoiceParam", "FloatParam", "Function", "IntParam", "Param", "StrParam"]

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")  # what grammar.parse_call finds as a name
_SAMPLE_CHARS = np.array(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 +-_.,:/"))


def _is_int(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


class _Param:
    """What every parameter kind provides (the dataclasses below add ``name``, bounds and ``default``).

    ``from_text`` turns a literal read from a reply into the native value or raises ``ValueError``
    saying what is allowed; ``literal`` writes a native value back as text, in at most ``width()``
    characters; ``lowest`` is its smallest value.
    """

    name: str
    default: Any

    def __post_init__(self) -> None:
        if self.default is not None:
            self.from_text(self.default)

    @property
    def filler(self) -> Any:
        """The native value when the parameter is not given: its default, else its lowest value."""
        return self.lowest() if self.default is None else self.from_text(self.default)

    def lowest(self) -> Any:
        raise NotImplementedError

    def from_text(self, value: Any) -> Any:
        raise NotImplementedError

    def literal(self, value: Any) -> str:
        return repr(value)


@dataclass(frozen=True)
class IntParam(_Param):
    """An int in ``low..high`` (inclusive); native ``Discrete(high - low + 1, start=low)``.

    Text may give an integral float (``120.0``); ``True``/``False`` are not ints here."""

    name: str
    low: int
    high: int
    default: int | None = None

    def __post_init__(self) -> None:
        if self.low > self.high:
            raise ValueError(f"{self.name}: low {self.low} is above high {self.high}")
        super().__post_init__()

    def lowest(self) -> int:
        return self.low

    def signature(self) -> str:
        return f"int {self.low}..{self.high}"

    def space(self) -> spaces.Discrete:
        return spaces.Discrete(self.high - self.low + 1, start=self.low)

    def from_text(self, value: Any) -> int:
        number = int(value) if isinstance(value, float) and value.is_integer() else value
        if not _is_int(number) or not self.low <= number <= self.high:
            raise ValueError(f"{self.name} must be an int in {self.low}..{self.high}, got {value!r}")
        return int(number)

    def literal(self, value: Any) -> str:
        return repr(int(value))

    def width(self) -> int:
        return max(len(repr(self.low)), len(repr(self.high)))

    def sample(self, rng: np.random.Generator) -> int:
        return int(rng.integers(self.low, self.high + 1))


@dataclass(frozen=True)
class FloatParam(_Param):
    """A float in ``low..high`` (inclusive, finite); native ``Box(low, high, (), float64)``. Text may give an int."""

    name: str
    low: float
    high: float
    default: float | None = None

    def __post_init__(self) -> None:
        if not (math.isfinite(self.low) and math.isfinite(self.high) and self.low <= self.high):
            raise ValueError(f"{self.name}: bounds must be finite with low <= high, got {self.low}..{self.high}")
        super().__post_init__()

    def lowest(self) -> np.ndarray:
        return np.asarray(self.low, dtype=np.float64)

    def signature(self) -> str:
        return f"float {float(self.low)!r}..{float(self.high)!r}"

    def space(self) -> spaces.Box:
        return spaces.Box(self.low, self.high, (), np.float64)

    def from_text(self, value: Any) -> np.ndarray:
        number = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))
        if not number or not self.low <= value <= self.high:  # NaN fails the range test
            raise ValueError(f"{self.name} must be a number in {self.signature()[len('float ') :]}, got {value!r}")
        return np.asarray(float(value), dtype=np.float64)

    def literal(self, value: Any) -> str:
        return repr(float(value))

    def width(self) -> int:
        return len("-2.2250738585072014e-308")  # the longest repr of a float

    def sample(self, rng: np.random.Generator) -> np.ndarray:
        return np.asarray(rng.uniform(self.low, self.high), dtype=np.float64)


@dataclass(frozen=True)
class ChoiceParam(_Param):
    """One of ``choices``: matched case-insensitively, written in the declared spelling; native its index."""

    name: str
    choices: tuple[str, ...]
    default: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "choices", tuple(self.choices))
        if not self.choices or len({normalize(c) for c in self.choices}) != len(self.choices):
            raise ValueError(f"{self.name}: choices must be non-empty and distinct, got {self.choices}")
        super().__post_init__()

    def lowest(self) -> int:
        return 0

    def signature(self) -> str:
        return " | ".join(map(repr, self.choices))

    def space(self) -> spaces.Discrete:
        return spaces.Discrete(len(self.choices))

    def from_text(self, value: Any) -> int:
        word = normalize(str(value)) if _is_int(value) or isinstance(value, str) else None
        for index, choice in enumerate(self.choices):
            if normalize(choice) == word:
                return index
        raise ValueError(f"{self.name} must be one of {', '.join(map(repr, self.choices))}, got {value!r}")

    def literal(self, value: Any) -> str:
        return repr(self.choices[int(value)])

    def width(self) -> int:
        return max(len(repr(choice)) for choice in self.choices)

    def sample(self, rng: np.random.Generator) -> int:
        return int(rng.integers(len(self.choices)))


@dataclass(frozen=True)
class StrParam(_Param):
    """A string of at most ``max_length`` printable characters; native ``UnicodeText``. Text may give an int."""

    name: str
    max_length: int
    default: str | None = None

    def __post_init__(self) -> None:
        if self.max_length < 1:
            raise ValueError(f"{self.name}: max_length must be at least 1, got {self.max_length}")
        super().__post_init__()

    def lowest(self) -> str:
        return ""

    def signature(self) -> str:
        return f"str of at most {self.max_length} characters"

    def space(self) -> UnicodeText:
        return UnicodeText(self.max_length)

    def from_text(self, value: Any) -> str:
        text = str(value) if _is_int(value) else value
        if not isinstance(text, str):
            raise ValueError(f"{self.name} must be a quoted string, got {value!r}")
        if len(text) > self.max_length:
            raise ValueError(f"{self.name} is {len(text)} characters long, at most {self.max_length} allowed")
        if CONTROL.search(text):
            raise ValueError(f"{self.name} may not hold control characters")
        return text

    def width(self) -> int:
        return 2 + 10 * self.max_length  # repr writes an unprintable character as "\U000f0000"

    def sample(self, rng: np.random.Generator) -> str:
        return "".join(rng.choice(_SAMPLE_CHARS, size=int(rng.integers(1, min(self.max_length, 8) + 1))))


Param = IntParam | FloatParam | ChoiceParam | StrParam


@dataclass(frozen=True)
class Function:
    """A callable action: ``name``, its typed ``params`` (those with defaults last), one-line ``help``.

    ``example`` is a valid call shown in the prompt (checked when the action set is built)."""

    name: str
    params: tuple[Param, ...] = ()
    help: str = ""
    example: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", tuple(self.params))
        names = [self.name, *(p.name for p in self.params)]
        bad = [n for n in names if not _IDENTIFIER.fullmatch(n) or keyword.iskeyword(n)]
        if bad or len({n.casefold() for n in names[1:]}) != len(names) - 1:
            raise ValueError(f"{self.name}: names must be distinct identifiers, not keywords (bad: {bad})")
        defaults = [p.default is not None for p in self.params]
        if defaults != sorted(defaults):
            raise ValueError(f"{self.name}: parameters with a default must come after those without")
        # grammar.parse_call reads calls of at most _MAX_CALL_CHARS: a longer canonical call would not parse back.
        width = len(self.name) + 2 + sum(len(p.name) + 3 + p.width() for p in self.params)
        if width > _MAX_CALL_CHARS:
            raise ValueError(f"{self.name}: a call may take {width} characters, the parser reads {_MAX_CALL_CHARS}")

    def signature(self) -> str:
        parts = [
            f"{p.name}: {p.signature()}" + ("" if p.default is None else f" = {p.literal(p.filler)}")
            for p in self.params
        ]
        return f"{self.name}({', '.join(parts)})"


class CallActionSet(ActionSet):
    """Actions that are calls of declared :class:`Function`\\ s; the native space is a ``Dict``.

    ``mask`` (for :meth:`is_legal`, :meth:`sample_legal`) is ``None`` or one flag per function.
    """

    def __init__(self, functions: Sequence[Function], title: str = "Actions") -> None:
        if not functions:
            raise ValueError("a call action set needs at least one function")
        self.functions = tuple(functions)
        self.title = title
        self._names = set(self.names)
        self._index = {f.name.casefold(): i for i, f in enumerate(self.functions)}
        if len(self._index) != len(self.functions):
            raise ValueError(f"function names must be distinct: {self.names}")
        self._keys = [tuple(f"{f.name}.{p.name}" for p in f.params) for f in self.functions]
        self._spaces = self.native_space().spaces  # for checking native actions, never handed out
        words = "|".join(sorted(map(re.escape, self.names), key=len, reverse=True))
        self._mention = re.compile(rf"(?<![\w.])({words})(?!\w)(\s*\()?", re.IGNORECASE)
        self.examples = tuple(f.example or self.format(self._action(i, {})) for i, f in enumerate(self.functions))
        for i, example in enumerate(self.examples):
            result = self.parse(example)
            if not result.ok or result.action["function"] != i:
                raise ValueError(f"example {example!r} is not a call of {self.functions[i].name}: {result.error}")

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.functions]

    def native_space(self) -> spaces.Dict:
        members: dict[str, spaces.Space] = {"function": spaces.Discrete(len(self.functions))}
        for f in self.functions:
            members.update({f"{f.name}.{p.name}": p.space() for p in f.params})
        return spaces.Dict(members)

    def to_native(self, function: str, /, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The native action for ``function(*args, **kwargs)``; raises ``ValueError`` saying what is wrong."""
        index = self._index.get(function.casefold())
        if index is None:
            raise ValueError(f"unknown function {function!r}; known functions: {', '.join(self.names)}")
        return self._call(index, args, kwargs)

    def describe(self) -> str:
        lines = [f"{self.title} (call one function; quote strings; arguments with a default may be left out):"]
        for f, example in zip(self.functions, self.examples, strict=True):
            lines.append(f"- {f.signature()}" + (f" - {f.help}" if f.help else "") + f", e.g. {example}")
        lines.append(ANSWER_FORMAT.format(example=self.examples[0]))
        return "\n".join(lines)

    def format(self, action: Any) -> str:
        index = self._read_native(action)
        f = self.functions[index]
        parts = []
        for p in f.params:
            text = p.literal(action[f"{f.name}.{p.name}"])
            if p.default is None:
                parts.append(text)
            elif text != p.literal(p.filler):
                parts.append(f"{p.name}={text}")
        return f"{f.name}({', '.join(parts)})"

    def illegal_reason(self, action: Any, mask: Any = None) -> str | None:
        try:
            index = self._read_native(action)
        except ValueError as exc:
            return str(exc)
        if mask is not None and not np.asarray(mask)[index]:
            return f"{self.functions[index].name} is not allowed now"
        return None

    def is_legal(self, action: Any, mask: Any = None) -> bool:
        return self.illegal_reason(action, mask) is None

    def sample_legal(self, rng: np.random.Generator, mask: Any = None) -> dict[str, Any]:
        legal = np.flatnonzero(np.asarray(mask)) if mask is not None else None
        if legal is not None and legal.size:
            index = int(legal[rng.integers(legal.size)])
        else:
            index = int(rng.integers(len(self.functions)))
        return self._action(index, {p.name: p.sample(rng) for p in self.functions[index].params})

    def _action(self, index: int, values: Mapping[str, Any]) -> dict[str, Any]:
        """The full native dict: ``values`` for function ``index``'s parameters, fillers everywhere else."""
        action: dict[str, Any] = {"function": index}
        for i, f in enumerate(self.functions):
            for p in f.params:
                action[f"{f.name}.{p.name}"] = values[p.name] if i == index and p.name in values else p.filler
        return action

    def _read_native(self, action: Any) -> int:
        """The function index of native ``action``, checked against the native space; ``ValueError`` if it is not."""
        if not isinstance(action, Mapping) or not self._spaces["function"].contains(action.get("function")):
            raise ValueError(f"a call action is a dict with a 'function' index in 0..{len(self.functions) - 1}")
        index = int(action["function"])
        for key in self._keys[index]:
            if key not in action or not self._spaces[key].contains(action[key]):
                raise ValueError(f"{key}={action.get(key)!r} is not in {self._spaces[key]}")
        return index

    def _call(self, index: int, args: Sequence[Any], kwargs: Mapping[str, Any]) -> dict[str, Any]:
        """Bind literal arguments to function ``index``'s parameters; ``ValueError`` names what is wrong."""
        f = self.functions[index]
        try:
            if len(args) > len(f.params):
                raise ValueError(f"takes {len(f.params)} arguments, got {len(args)}")
            given = {p.name: value for p, value in zip(f.params, args, strict=False)}  # len(args) <= len(params)
            by_name = {p.name.casefold(): p.name for p in f.params}
            for key, value in kwargs.items():
                name = by_name.get(key.casefold())
                if name is None:
                    raise ValueError(f"unknown keyword {key!r}")
                if name in given:
                    raise ValueError(f"{name} is given twice")
                given[name] = value
            missing = [p.name for p in f.params if p.default is None and p.name not in given]
            if missing:
                raise ValueError(f"missing {', '.join(missing)}")
            return self._action(index, {p.name: p.from_text(given[p.name]) for p in f.params if p.name in given})
        except ValueError as exc:
            raise ValueError(f"{f.name}: {exc}; expected {f.signature()}") from None

    def _parse(self, text: str, answer_format: str = "any") -> ParseResult:
        extracted = self.extract(text, answer_format)
        span, rule = extracted.text, extracted.source
        if rule == "none":
            return ParseResult(
                None, False, f"{NO_TAG}; expected e.g. <answer>{self.examples[0]}</answer>", text, "", rule
            )
        calls = find_calls(span, self._names)
        if calls:
            distinct = {(c.name.casefold(), repr(c.args), repr(sorted(c.kwargs.items()))) for c in calls}
            if len(distinct) > 1:
                shown = ", ".join(f"{c.name}(...)" for c in reversed(calls[:4]))
                error = f"ambiguous: the reply holds several different calls ({shown}); give exactly one, e.g. {self.examples[0]}"
                return ParseResult(None, False, error, text, span, rule)
            call = calls[0]
            try:
                action = self._call(self._index[call.name.casefold()], call.args, call.kwargs)
            except ValueError as exc:
                return ParseResult(None, False, str(exc), text, span, rule)
            return ParseResult(action, True, None, text, span, rule)
        index = self._index.get(strip_wrappers(span).casefold()) if len(span) <= 64 else None
        if index is not None and all(p.default is not None for p in self.functions[index].params):
            return ParseResult(self._action(index, {}), True, None, text, span, rule)  # "noop" for "noop()"
        return ParseResult(None, False, self._diagnose(span), text, span, rule)

    def _diagnose(self, span: str) -> str:
        """Why ``span`` holds no readable call of a declared function."""
        mentions = list(self._mention.finditer(span))
        opened = [m for m in mentions if m.group(2)]  # a declared name and "(", but no readable call
        if opened:
            i = self._index[opened[-1].group(1).casefold()]
            return (
                f"could not read the arguments of {self.names[i]}(...): use plain literals (numbers, quoted "
                f"strings) and close the parenthesis; expected {self.functions[i].signature()}, e.g. {self.examples[i]}"
            )
        other = parse_call(span)
        if other is not None:
            return f"unknown function {other.name!r}; known functions: {', '.join(self.names)}"
        if mentions:
            i = self._index[mentions[-1].group(1).casefold()]
            f = self.functions[i]
            return f"{f.name} needs parentheses: expected {f.signature()}, e.g. {self.examples[i]}"
        if not span.strip():
            return f"empty reply: no action given; expected a call such as {self.examples[0]}"
        return f"no function call in '{excerpt(span)}'; expected a call such as {self.examples[0]} ({', '.join(self.names)})"
