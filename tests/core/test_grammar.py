"""The shared reply grammar: which span of a model reply is the answer, and python-call reading."""

from __future__ import annotations

from pathlib import Path

import pytest

from omniarena.core.actions import ActionSpec, DiscreteActionSet
from omniarena.core.grammar import extract_answer, find_json_action, normalize, parse_call, strip_wrappers

DIGITS = DiscreteActionSet([ActionSpec(str(i)) for i in range(10)])
MOVES = DiscreteActionSet(
    [
        ActionSpec("up", "move up", ("north", "u")),
        ActionSpec("down", "move down", ("south",)),
        ActionSpec("left", "move left"),
        ActionSpec("right", "move right"),
    ]
)


@pytest.mark.parametrize(
    ("reply", "span", "source"),
    [
        ("<answer>up</answer> no wait <answer>down</answer>", "down", "answer_tag"),
        ("I think <ANSWER> left </Answer>.", " left ", "answer_tag"),
        ("< answer >right</ answer >", "right", "answer_tag"),
        ("<answer><answer>inner</answer></answer>", "inner</answer>", "answer_tag"),
        ("reasoning... <answer>left", "left", "answer_tag"),
        ("Let me think.\nAction: up\nHmm, actually\nAction: down", "down", "action_line"),
        ("**Final action:** right", "** right", "action_line"),
        ("some thoughts\n```text\nleft\n```\n", "left\n", "fence"),
        ('```json\n{"action": "up"}\n```', "up", "fence"),
        ('I choose {"action": "down", "why": "safe"}', "down", "whole"),
        ("just up", "just up", "whole"),
        ("<answer> </answer>\nAction: up", "up", "action_line"),
    ],
)
def test_extract_answer_rules(reply: str, span: str, source: str) -> None:
    found = extract_answer(reply)
    assert (found.text, found.source) == (span, source)


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("<answer>up</answer> then later <answer>down</answer>", "down"),
        ("<answer>left <answer>right</answer>", "right"),  # innermost of a nested/unbalanced pair
        ("<answer>outer <answer>up</answer>", "up"),
        ("<answer><answer>down</answer></answer>", "down"),
        ("**Final action:** right", "right"),
        ("I am not sure... <answer>left", "left"),  # cut off by max_tokens
        ("Action: up\nAction: left", "left"),
        ("```python\nright\n```", "right"),
        ('{"action": "south"}', "down"),
        ('{"thought": "go", "ACTION": "Left"}', "left"),
        ("  UP  ", "up"),
        ("<answer> **Right**. </answer>", "right"),
        ("<answer>'down'</answer>", "down"),
        ("<answer>[north]</answer>", "up"),
        ("<answer>(u)</answer>", "up"),
        ("I could go up, but left is better: final move: left", "left"),
    ],
)
def test_discrete_parse_picks_the_last_answer(reply: str, expected: str) -> None:
    result = MOVES.parse(reply)
    assert result.ok, result.error
    assert MOVES.format(result.action) == expected


def test_textarena_bracket_example_picks_the_final_answer() -> None:
    result = DIGITS.parse("The options are [0] or [4]; final answer: [4]")
    assert result.ok and result.action == 4


def test_mention_fallback_reads_one_named_move_and_refuses_several() -> None:
    assert MOVES.format(MOVES.parse("After some thought I go left.").action) == "left"
    assert MOVES.format(MOVES.parse("Left, then left again: I go left").action) == "left"
    assert not MOVES.parse("upward downward").ok  # whole words only
    listed = MOVES.parse("I could go up, down, left or right.")
    assert not listed.ok and listed.error.startswith("ambiguous") and "up, down, left, right" in listed.error
    assert not MOVES.parse("not up, not down, I go left").ok  # naming several moves is not an answer
    assert MOVES.format(MOVES.parse("up or down? <answer>down</answer>").action) == "down"  # a marked answer wins


def test_strict_tags_mode_reads_only_the_tagged_answer() -> None:
    assert MOVES.parse("<answer>left</answer>", "tags").ok
    for reply in ("left", "Action: left", "```\nleft\n```", "I go left."):
        result = MOVES.parse(reply, "tags")
        assert not result.ok and result.rule == "none" and "answer_format='tags'" in result.error
    assert MOVES.parse("Action: left").rule == "action_line" and MOVES.parse("left").rule == "exact"


@pytest.mark.parametrize("reply", ["", "   ", "<answer></answer>", "<answer>sideways</answer>", None, 42])
def test_unparseable_replies_fail_with_a_reason(reply: object) -> None:
    result = MOVES.parse(reply)
    assert not result.ok and result.action is None
    assert result.error
    assert result.raw == ("" if reply is None else str(reply))


def test_error_names_the_reply_and_the_choices() -> None:
    error = MOVES.parse("<answer>sideways</answer>").error
    assert "sideways" in error and "up, down, left, right" in error
    assert "empty" in MOVES.parse("").error


def test_json_action_helpers() -> None:
    assert find_json_action('{"action": 3}') == "3"
    assert find_json_action('{"a": 1} and {"action": "x"} and {"b": 2}') == "x"
    assert find_json_action('{"action": [1, 2]}') is None
    assert find_json_action("{not json}") is None
    assert find_json_action("{" * 10000 + "}") is None


def test_normalize_and_strip_wrappers() -> None:
    assert normalize("  Take\n\tTWO ") == "take two"
    assert strip_wrappers('**"up".**') == "up"


def test_parse_call_reads_literal_arguments() -> None:
    call = parse_call("I'll click it: click(12)")
    assert (call.name, call.args, call.kwargs) == ("click", (12,), {})
    call = parse_call('swap("1,2", "2,1")')
    assert call.args == ("1,2", "2,1")
    call = parse_call("type_text(text='hi (there)', enter=True)")
    assert call.kwargs == {"text": "hi (there)", "enter": True}
    call = parse_call("page.scroll(-3, axis=[0, 1])")
    assert (call.name, call.args, call.kwargs) == ("scroll", (-3,), {"axis": [0, 1]})
    assert parse_call("click(1) then click(2)").args == (2,)


def test_parse_call_filters_names() -> None:
    assert parse_call("print(1) click(2)", names={"CLICK"}).args == (2,)
    assert parse_call("print(1)", names={"click"}) is None


@pytest.mark.parametrize(
    "template",
    [
        "click(__import__('os').system('touch {marker}'))",
        "click(open('{marker}', 'w'))",
        "click(x)",
        "click(1 + 1)",
        "click(*[1, 2])",
        "click(**{{'a': 1}})",
        "click(lambda: open('{marker}', 'w'))",
        "(lambda: open('{marker}', 'w'))()",
        "click(",
    ],
)
def test_parse_call_rejects_non_literals_without_running_them(template: str, tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    reply = template.format(marker=marker)
    assert parse_call(reply, names={"click"}) is None
    unfiltered = parse_call(reply)
    if template.startswith("(lambda"):
        # No named call encloses open(...): it is read as data (a name and literal strings), never run.
        assert unfiltered is not None and unfiltered.name == "open"
    else:
        # The inner literal call is part of the rejected outer call, so it is not read on its own either.
        assert unfiltered is None
    assert not marker.exists(), "model text was executed"


@pytest.mark.timeout(5)
def test_padded_action_line_is_linear() -> None:
    assert extract_answer("Action: a" + " " * 1_000_000 + "b").text.endswith("b")


@pytest.mark.timeout(5)
def test_parse_call_on_a_long_identifier_is_linear() -> None:
    assert parse_call("a" * 1_000_000) is None


def test_read_call_block_takes_only_plain_calls_with_literal_arguments() -> None:
    from omniarena.core.grammar import read_call_block

    calls = read_call_block("swap(1, 2)\nrotate(p='2,1', degrees=90); swap(3, 4), observe()")
    assert [(c.name, c.args, c.kwargs) for c in calls] == [
        ("swap", (1, 2), {}),
        ("rotate", (), {"p": "2,1", "degrees": 90}),
        ("swap", (3, 4), {}),
        ("observe", (), {}),
    ]
    for code in ("os.swap(1)", "swap(x)", "x = swap(1)", "lambda: swap(1)", "swap(1) + 1", "import os", "", "swap(1"):
        assert read_call_block(code) is None, code


def test_locate_calls_gives_spans_in_reading_order() -> None:
    from omniarena.core.grammar import locate_calls

    text = "first swap(1, 2) then f(x) and rotate(3, 90)."
    found = locate_calls(text, {"swap", "rotate"})
    assert [text[start:end] for start, end, _ in found] == ["swap(1, 2)", "rotate(3, 90)"]
    assert [call.name for _, _, call in found] == ["swap", "rotate"]
