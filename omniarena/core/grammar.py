"""Shared text extraction for model replies.

Every arena's :class:`~omniarena.core.actions.ActionSet` reads model text through these helpers, so
all arenas agree on what "the answer" in a reply is:

1. the **last** ``<answer>...</answer>`` (innermost when tags are nested),
2. else what follows the last ``Action:`` / ``Answer:`` / ``Move:`` label, to the end of its line,
3. else the last fenced code block,
4. else the whole reply.

A JSON object with an ``"action"`` key (the RL4VLM/gym-cards prompt format) inside the chosen span is
unwrapped to its value. With ``answer_format="tags"`` only rule 1 applies (strict mode for RL setups that
reward the format): a reply without an answer tag has no answer (source ``"none"``).

Action sets then refuse ambiguity: a span that names two or more *different* actions (a list of moves,
an echo of the prompt) is not an answer, whichever rule found it. :func:`parse_call` reads python-call syntax (``click(12)``,
``swap("1,2", "2,1")``) with :mod:`ast`, accepting literal arguments only. Nothing here ever evaluates
or executes model text, and every function is linear (or bounded) in the length of its input.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass

__all__ = [
    "ANSWER_FORMATS",
    "Extracted",
    "extract_answer",
    "find_calls",
    "find_json_action",
    "locate_calls",
    "read_call_block",
    "normalize",
    "parse_call",
    "strip_wrappers",
]

_ANSWER_OPEN = re.compile(r"<\s*answer\s*>", re.IGNORECASE)
_ANSWER_CLOSE = re.compile(r"<\s*/\s*answer\s*>", re.IGNORECASE)
# "Action:", "Final answer:", "**Move**:" ... at the start of a line or inside one ("...; final answer: [4]").
_ACTION_LABEL = re.compile(r"\b(?:action|answer|move)[ \t*_]*[:：]", re.IGNORECASE)
_FENCE = "```"
_WS = re.compile(r"\s+")
# Characters peeled off the ends of a candidate when the exact form does not match an action.
_WRAPPERS = " \t\r\n\"'`*_.,;:!?[]{}<>"
# Upper bound on how many '{' positions are tried when looking for a JSON object: keeps 1 MB replies fast.
_MAX_JSON_TRIES = 16
_MAX_CALL_TRIES = 16
_MAX_CALL_CHARS = 4096
ANSWER_FORMATS = ("any", "tags")


@dataclass(frozen=True)
class Extracted:
    """The span of a reply that holds the answer, and which rule found it."""

    text: str
    source: str  # "answer_tag" | "action_line" | "fence" | "whole" | "none" (tags mode, no tag)


def _last_answer_tag(text: str) -> str | None:
    closes = list(_ANSWER_CLOSE.finditer(text))
    if not closes:
        # An opening tag with no closing tag (a reply cut off by max_tokens): take what follows it.
        opens = list(_ANSWER_OPEN.finditer(text))
        return text[opens[-1].end() :] if opens else None
    close = closes[-1]
    opens = [m for m in _ANSWER_OPEN.finditer(text, 0, close.start())]
    if not opens:
        return None
    return text[opens[-1].end() : close.start()]


def _last_action_line(text: str) -> str | None:
    """What follows the last action label, up to the end of its line (a label with nothing after it is skipped)."""
    last = None
    for match in _ACTION_LABEL.finditer(text):
        end = text.find("\n", match.end())
        value = text[match.end() : end if end >= 0 else len(text)].strip()
        if value:
            last = value
    return last


def _last_fence(text: str) -> str | None:
    end = text.rfind(_FENCE)
    if end <= 0:
        return None
    start = text.rfind(_FENCE, 0, end)
    if start < 0:
        return None
    body = text[start + len(_FENCE) : end]
    first_newline = body.find("\n")
    # Drop a language tag such as ```json or ```text.
    if first_newline >= 0 and re.fullmatch(r"[\w+-]*", body[:first_newline].strip()):
        body = body[first_newline + 1 :]
    return body


def extract_answer(text: str, answer_format: str = "any", unwrap_json: bool = True) -> Extracted:
    """Return the span of ``text`` that holds the answer (see the module docstring for the rules).

    ``unwrap_json=False`` keeps a JSON object as it is (for readers of several JSON actions in one span)."""
    unwrap = _unwrap_json if unwrap_json else str
    if answer_format == "tags":
        span = _last_answer_tag(text)
        return Extracted(unwrap(span), "answer_tag") if span is not None and span.strip() else Extracted("", "none")
    for source, finder in (
        ("answer_tag", _last_answer_tag),
        ("action_line", _last_action_line),
        ("fence", _last_fence),
    ):
        span = finder(text)
        if span is not None and span.strip():
            return Extracted(unwrap(span), source)
    return Extracted(unwrap(text), "whole")


def find_json_action(text: str, key: str = "action") -> str | None:
    """Value of ``key`` in the last JSON object of ``text`` that has it, as a string, else ``None``."""
    end = text.rfind("}")
    tries = 0
    while end >= 0 and tries < _MAX_JSON_TRIES:
        start = text.rfind("{", 0, end)
        while start >= 0 and tries < _MAX_JSON_TRIES:
            tries += 1
            try:
                value = json.loads(text[start : end + 1])
            except (ValueError, RecursionError):
                start = text.rfind("{", 0, start)
                continue
            if isinstance(value, dict):
                for k, v in value.items():
                    if isinstance(k, str) and k.lower() == key and isinstance(v, (str, int, float)):
                        return str(v)
            break
        end = text.rfind("}", 0, end)
    return None


def _unwrap_json(span: str) -> str:
    if "{" not in span:
        return span
    value = find_json_action(span)
    return span if value is None else value


def normalize(text: str) -> str:
    """Case-fold and collapse whitespace: the form action names are compared in."""
    return _WS.sub(" ", text).strip().casefold()


def strip_wrappers(text: str) -> str:
    """Peel quotes, markdown emphasis, brackets and trailing punctuation off both ends."""
    return text.strip(_WRAPPERS)


@dataclass(frozen=True)
class Call:
    """A python-style call read from text: ``name(*args, **kwargs)`` with literal arguments."""

    name: str
    args: tuple
    kwargs: dict


# The lookbehind makes a match start only where an identifier starts, so long runs stay linear.
_CALL_START = re.compile(r"(?<![A-Za-z0-9_.])[A-Za-z_][A-Za-z0-9_.]*\s*\(")


def _read_call(source: str) -> Call | None:
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return _read_call_node(tree.body)


def _read_call_node(node: ast.expr) -> Call | None:
    """The :class:`Call` an ``ast`` node is when it is a call with literal arguments, else ``None``."""
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    if isinstance(func, ast.Name):
        name = func.id
    elif isinstance(func, ast.Attribute):
        name = func.attr
    else:
        return None
    try:
        args = tuple(ast.literal_eval(a) for a in node.args)
        kwargs = {kw.arg: ast.literal_eval(kw.value) for kw in node.keywords if kw.arg}
    except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
        return None
    if any(kw.arg is None for kw in node.keywords):
        return None
    return Call(name, args, kwargs)


def _matching_paren(text: str, open_index: int) -> int:
    """Index of the ')' closing the '(' at ``open_index``, skipping string literals; -1 if none."""
    depth = 0
    quote = ""
    i = open_index
    limit = min(len(text), open_index + _MAX_CALL_CHARS)
    while i < limit:
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def parse_call(text: str, names: set[str] | None = None) -> Call | None:
    """The last top-level python-call expression in ``text`` whose arguments are all literals.

    ``names`` restricts the accepted function names (case-insensitive). Arguments are read with
    :func:`ast.literal_eval`, so ``click(__import__('os'))`` is rejected, never run. A call nested
    inside another call's parentheses is never taken on its own: in
    ``click(__import__('os').system('x'))`` the inner ``system('x')`` is part of a rejected call.
    """
    calls = find_calls(text, names, limit=1)
    return calls[0] if calls else None


def find_calls(text: str, names: set[str] | None = None, limit: int = _MAX_CALL_TRIES) -> list[Call]:
    """Up to ``limit`` readable top-level calls of ``text`` (see :func:`parse_call`), the last one first."""
    return [call for _, _, call in reversed(locate_calls(text, names, limit))]


def locate_calls(
    text: str, names: set[str] | None = None, limit: int = _MAX_CALL_TRIES, tries: int = _MAX_CALL_TRIES
) -> list[tuple[int, int, Call]]:
    """The last ``limit`` readable top-level calls of ``text`` as ``(start, end, call)``, in reading order.

    ``text[start:end]`` is the call's source. Only the last ``tries`` call openings are looked at, so a
    huge reply stays linear.
    """
    wanted = {n.lower() for n in names} if names is not None else None
    spans: list[tuple[int, int, str]] = []
    for match in list(_CALL_START.finditer(text))[-tries:]:
        if spans and match.start() <= spans[-1][1]:
            continue  # nested inside the previous call's parentheses
        close = _matching_paren(text, match.end() - 1)
        if close >= 0:
            spans.append((match.start(), close, match.group(0).rstrip("( \t").split(".")[-1]))
    found: list[tuple[int, int, Call]] = []
    for begin, close, name in reversed(spans):
        if wanted is not None and name.lower() not in wanted:
            continue
        call = _read_call(text[begin : close + 1])
        if call is not None:
            found.append((begin, close + 1, call))
            if len(found) >= limit:
                break
    return found[::-1]


def read_call_block(text: str, max_chars: int = _MAX_CALL_CHARS * 4) -> list[Call] | None:
    """The calls of ``text`` when it is nothing but python-call statements, else ``None``.

    Statements are one per line or separated by ``;``; a line may also hold a comma-separated tuple of
    calls (``swap(1, 2), swap(3, 4)``). Functions must be plain names (``os.swap(1)`` is not read) and
    arguments literals, as in :func:`parse_call`; the source is parsed with :mod:`ast`, never executed.
    Longer texts than ``max_chars`` are not read.
    """
    source = text.strip()
    if not source or len(source) > max_chars:
        return None
    try:
        tree = ast.parse(source, mode="exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    calls: list[Call] = []
    for statement in tree.body:
        if not isinstance(statement, ast.Expr):
            return None
        nodes = statement.value.elts if isinstance(statement.value, ast.Tuple) else [statement.value]
        for node in nodes:
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                return None
            call = _read_call_node(node)
            if call is None:
                return None
            calls.append(call)
    return calls or None
