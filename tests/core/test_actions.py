"""ActionSet / DiscreteActionSet: describe, format, parse round trips, errors."""

from __future__ import annotations

import gymnasium as gym
import pytest

import omniarena
from omniarena.core.actions import ActionSet, ActionSpec, DiscreteActionSet, ParseResult

SPECS = [
    ActionSpec("hit", "take another card", ("draw", "h")),
    ActionSpec("stand", "keep your hand", ("stay", "stick")),
    ActionSpec("double down", "double the bet and take one card", ("double",)),
]


@pytest.fixture
def actions() -> DiscreteActionSet:
    return DiscreteActionSet(SPECS, title="Blackjack actions")


def test_describe_lists_every_action_help_alias_and_the_answer_format(actions: DiscreteActionSet) -> None:
    text = actions.describe()
    assert text.startswith("Blackjack actions:")
    for spec in SPECS:
        assert spec.name in text and spec.help in text
        for alias in spec.aliases:
            assert alias in text
    assert "<answer>ACTION</answer>" in text and "for example hit" in text
    assert not actions.parse(text).ok  # the action section echoed back is no answer


def test_format_parses_back_to_the_same_action(actions: DiscreteActionSet) -> None:
    assert actions.n == 3 and actions.names == ["hit", "stand", "double down"]
    for index in range(actions.n):
        text = actions.format(index)
        for reply in (text, text.upper(), f"  {text}\n", f"<answer>{text}</answer>", f"Action: {text}"):
            result = actions.parse(reply)
            assert (result.ok, result.action, result.error) == (True, index, None), reply
            assert result.raw == reply


@pytest.mark.parametrize(
    ("reply", "index"),
    [("Draw", 0), ("<answer>STICK</answer>", 1), ("double   DOWN", 2), ("<answer>'double down'.</answer>", 2)],
)
def test_aliases_case_and_whitespace(actions: DiscreteActionSet, reply: str, index: int) -> None:
    assert actions.parse(reply).action == index


def test_lookup(actions: DiscreteActionSet) -> None:
    assert actions.lookup(" Stay ") == 1
    assert actions.lookup("fold") is None


def test_duplicate_alias_is_an_error() -> None:
    with pytest.raises(ValueError, match="names both"):
        DiscreteActionSet([ActionSpec("up", aliases=("go",)), ActionSpec("down", aliases=("GO",))])


def test_empty_action_set_is_an_error() -> None:
    with pytest.raises(ValueError):
        DiscreteActionSet([])


def test_parse_never_raises_even_when_the_subclass_does() -> None:
    class Broken(ActionSet):
        def describe(self) -> str:
            return "nothing"

        def format(self, action: object) -> str:
            return str(action)

        def _parse(self, text: str, answer_format: str = "any") -> ParseResult:
            raise RuntimeError("bug")

        def native_space(self):
            return gym.spaces.Discrete(1)

        def is_legal(self, action, mask=None) -> bool:
            return True

        def sample_legal(self, rng, mask=None):
            return 0

    result = Broken().parse("anything")
    assert isinstance(result, ParseResult)
    assert not result.ok and result.action is None and "RuntimeError" in result.error


@pytest.mark.parametrize(
    ("arena_id", "reply", "expected"),
    [
        ("omniarena/2048-v0", "Moving up is a good idea.", "up"),
        ("omniarena/2048-v0", "Best is up. Action: up is a good idea", "up"),
        ("omniarena/2048-v0", "Go right so tiles stay in a corner", "right"),
        ("omniarena/2048-v0", "a", "left"),  # one-letter aliases still work as the whole answer
        ("omniarena/ConnectFour-v0", "Playing column 4 creates a 2-way threat", "column 4"),
        ("omniarena/ConnectFour-v0", "I drop in column 5 to block their 3 in a row", "column 5"),
        ("omniarena/ConnectFour-v0", "options are [1] or [4]; final answer: [4]", "column 4"),
        ("omniarena/ConnectFour-v0", "3", "column 3"),
    ],
)
def test_prose_words_and_numbers_are_not_taken_as_moves(arena_id: str, reply: str, expected: str) -> None:
    info = omniarena.spec(arena_id)
    env = omniarena.make_multi(arena_id) if info.multi_agent else omniarena.make(arena_id)
    action_set = env.unwrapped.action_set
    result = action_set.parse(reply)
    assert result.ok and action_set.format(result.action) == expected


def test_excerpt_and_try_format() -> None:
    from omniarena.core.actions import excerpt

    assert excerpt("a  b\n c") == "a b c"
    assert excerpt(" 2 .\n\n . 4 \n", line_separator=" | ") == "2 . | . 4"
    assert excerpt("x" * 100, 10) == "xxxxxxx..."
    action_set = omniarena.make("omniarena/2048-v0").unwrapped.action_set
    assert action_set.try_format(2) == action_set.format(2)
    assert action_set.try_format(99) is None and action_set.try_format("up") is None
