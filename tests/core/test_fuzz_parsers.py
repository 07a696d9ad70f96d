"""Fuzz every registered arena's ActionSet.parse: it never raises, and ``ok`` means a legal native action.

Inputs: arbitrary unicode, NUL bytes, nested and unbalanced ``<answer>`` tags, JSON fragments, and
explicit 1 MB replies (which must simply finish; pytest-timeout bounds them, nothing here times them).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest
from gymnasium import spaces
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import covered_arenas

import omniarena
from omniarena.core.actions import ActionSet, ParseResult

FUZZ = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
MEGABYTE = 1 << 20
FRAGMENTS = [
    "<answer>",
    "</answer>",
    "< Answer >",
    "</ANSWER >",
    "<answer",
    "answer>",
    "Action:",
    "Final action: ",
    "```",
    "```json\n",
    "{",
    "}",
    '"action"',
    ": ",
    "[",
    "]",
    "(",
    ")",
    "\x00",
    "\n",
    " ",
    "'",
    '"',
    "\\",
    "click(",
    "1",
    "-1",
    "99999999999999999999",
    "NaN",
    "♠",
    "\u202e",
    "\ufeff",
]


@cache
def parser_of(arena_id: str) -> tuple[ActionSet, spaces.Space]:
    """The arena's ActionSet and the native action space it must parse into."""
    if omniarena.spec(arena_id).multi_agent:
        arena = omniarena.make_multi(arena_id, action_mode="native").unwrapped
        return arena.action_set, arena.action_space(arena.possible_agents[0])
    arena = omniarena.make(arena_id, action_mode="native").unwrapped
    space = arena.action_space
    if isinstance(space, spaces.Discrete) and arena.action_set.try_format(int(space.start)) is None:
        arena.reset(
            seed=0
        )  # a state-dependent action set (TextWorld's admissible commands) names actions in an episode
    return arena.action_set, space


def all_ids() -> list[str]:
    """One id per distinct parser: variants sharing an action set and native space are fuzzed once."""
    seen: dict[tuple[Any, ...], str] = {}
    for info in covered_arenas():
        action_set, space = parser_of(info.id)
        seen.setdefault((type(action_set), action_set.describe(), repr(space)), info.id)
    return list(seen.values())


def vocabulary(arena_id: str) -> list[str]:
    action_set, space = parser_of(arena_id)
    if isinstance(space, spaces.Discrete):  # every index the action set names now (a state-dependent one: fewer)
        named = (action_set.try_format(a) for a in range(int(space.start), int(space.start + space.n)))
        return [name for name in named if name is not None]
    space.seed(0)  # the same words every call (the space object is cached and shared)
    return [action_set.format(space.sample()) for _ in range(8)]


def check(arena_id: str, reply: Any) -> ParseResult:
    action_set, space = parser_of(arena_id)
    result = action_set.parse(reply)
    assert isinstance(result, ParseResult)
    assert isinstance(result.raw, str)
    if isinstance(reply, str):
        assert result.raw == reply
    if result.ok:
        assert result.action is not None and space.contains(result.action), result.action
        assert result.error is None
    else:
        assert result.action is None
        assert isinstance(result.error, str) and result.error
    return result


def soups(arena_id: str) -> st.SearchStrategy[str]:
    """Replies assembled from grammar fragments, the arena's own action words and random text."""
    pieces = st.sampled_from(FRAGMENTS + vocabulary(arena_id)) | st.text(max_size=6)
    return st.lists(pieces, max_size=40).map("".join)


def json_replies() -> st.SearchStrategy[str]:
    values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
        max_leaves=8,
    )
    documents = st.builds(lambda v, k: json.dumps({k: v}), values, st.sampled_from(["action", "ACTION", "move"]))
    # Whole documents and arbitrary slices of them (truncated or unbalanced JSON).
    return documents | st.tuples(documents, st.integers(0, 60), st.integers(0, 60)).map(lambda t: t[0][t[1] : t[2]])


@pytest.mark.parametrize("arena_id", all_ids())
@FUZZ
@given(reply=st.text())
def test_arbitrary_unicode(arena_id: str, reply: str) -> None:
    check(arena_id, reply)


@pytest.mark.parametrize("arena_id", all_ids())
@FUZZ
@given(data=st.data())
def test_tag_json_and_nul_soup(arena_id: str, data: st.DataObject) -> None:
    check(arena_id, data.draw(soups(arena_id)))
    check(arena_id, data.draw(json_replies()))


@pytest.mark.parametrize("arena_id", all_ids())
@FUZZ
@given(data=st.data())
def test_canonical_action_in_noise_parses_to_itself(arena_id: str, data: st.DataObject) -> None:
    action_set, _ = parser_of(arena_id)
    canonical = data.draw(st.sampled_from(vocabulary(arena_id)))
    noise = data.draw(st.text(alphabet=st.characters(blacklist_characters="<>"), max_size=40))
    result = check(arena_id, f"{noise}\n<answer>{canonical}</answer>")
    assert result.ok and action_set.format(result.action) == canonical


@pytest.mark.parametrize("arena_id", all_ids())
@pytest.mark.parametrize("reply", [None, 7, 3.5, b"bytes", ["list"], {"action": 0}], ids=repr)
def test_non_string_replies(arena_id: str, reply: Any) -> None:
    check(arena_id, reply)


def megabyte_replies(arena_id: str) -> dict[str, str]:
    """Four 1 MB replies; "mixed" strings together every worst case we know of in 128 KB pieces."""
    word = vocabulary(arena_id)[0]
    piece = MEGABYTE // 8
    shapes = [
        "<answer>" * (piece // 8),
        "</answer>" * (piece // 9),
        "{" * piece,
        '{"action": "x"}' * (piece // 15),
        "```\n" * (piece // 4),
        "\n" * piece,
        ("é漢🙂\u202e " * (piece // 5))[:piece],
        f"<answer>{'x ' * (piece // 2)}</answer>",
    ]
    return {
        "mixed": "".join(shapes),
        "nul": "\x00" * MEGABYTE,
        "nested_tags": "<answer>" * (MEGABYTE // 17) + "</answer>" * (MEGABYTE // 17),
        "answer_at_end": ("the quick brown fox thinks about it " * (MEGABYTE // 36)) + f"<answer>{word}</answer>",
    }


@pytest.mark.parametrize("arena_id", all_ids())
def test_one_megabyte_replies_finish(arena_id: str) -> None:
    action_set, _ = parser_of(arena_id)
    for name, reply in megabyte_replies(arena_id).items():
        result = check(arena_id, reply)
        if name == "answer_at_end":
            assert result.ok and action_set.format(result.action) == vocabulary(arena_id)[0]
