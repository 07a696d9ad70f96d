"""CallActionSet: typed calls parsed, formatted, checked and sampled; hostile replies never run."""

from __future__ import annotations

import ast
import builtins
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omniarena.core.calls import CallActionSet, ChoiceParam, FloatParam, Function, IntParam, StrParam
from omniarena.core.spaces import CONTROL

FUNCTIONS = [
    Function(
        "mouse_click", (IntParam("x", 0, 1279), IntParam("y", 0, 719)), "click at pixel (x, y)", "mouse_click(120, 45)"
    ),
    Function("click", (StrParam("bid", 20),), "click the element with this id", "click('12')"),
    Function("keyboard_press", (StrParam("key", 40),), "press a key combination", "keyboard_press('Control+a')"),
    Function("swap", (StrParam("first", 5), StrParam("second", 5)), "swap two cells (row,col)", "swap('1,1', '1,2')"),
    Function(
        "scroll",
        (ChoiceParam("direction", ("up", "down")), FloatParam("amount", 0.5, 10.0, default=1.0)),
        "scroll the page",
    ),
    Function("noop", (IntParam("wait_ms", 0, 10000, default=0),), "do nothing for a while"),
]
ACTIONS = CallActionSet(FUNCTIONS, title="Browser actions")
PROPERTY = settings(max_examples=200, deadline=None, derandomize=True, database=None)

# (canonical text, function, args, kwargs)
CANONICAL = [
    ("mouse_click(120, 45)", "mouse_click", (120, 45), {}),
    ("click('12')", "click", ("12",), {}),
    ("keyboard_press('Control+a')", "keyboard_press", ("Control+a",), {}),
    ("swap('1,1', '1,2')", "swap", ("1,1", "1,2"), {}),
    ("noop(wait_ms=500)", "noop", (), {"wait_ms": 500}),
    ("noop()", "noop", (), {}),
    ("scroll('down', amount=2.5)", "scroll", ("down",), {"amount": 2.5}),
]
WRAPPINGS = [
    "{}",
    "<answer>{}</answer>",
    "The target is the search box, so I will {} now.",
    "Let me think. Scrolling is useless here.\n\n<answer> {} </answer>",
    "Action: {}",
    "```python\n{}\n```",
]


def equal(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) and type(a[k]) is type(b[k]) for k in a)


def test_native_action_is_a_full_dict_with_fillers_for_other_functions() -> None:
    action = ACTIONS.parse("<answer>mouse_click(120, 45)</answer>").action
    assert action.keys() == ACTIONS.native_space().spaces.keys()
    assert {k: v for k, v in action.items() if k != "scroll.amount"} == {
        "function": 0,
        "mouse_click.x": 120,
        "mouse_click.y": 45,
        "click.bid": "",
        "keyboard_press.key": "",
        "swap.first": "",
        "swap.second": "",
        "scroll.direction": 0,
        "noop.wait_ms": 0,
    }
    assert isinstance(action["scroll.amount"], np.ndarray) and action["scroll.amount"] == 1.0  # the default
    assert ACTIONS.native_space().contains(action)


@pytest.mark.parametrize("wrapping", WRAPPINGS)
@pytest.mark.parametrize(("text", "function", "args", "kwargs"), CANONICAL)
def test_calls_parse_in_tags_bare_and_prose(text: str, function: str, args: tuple, kwargs: dict, wrapping: str) -> None:
    expected = ACTIONS.to_native(function, *args, **kwargs)
    result = ACTIONS.parse(wrapping.format(text))
    assert (result.ok, result.error) == (True, None)
    assert equal(result.action, expected)
    assert ACTIONS.format(expected) == text  # the canonical form
    assert ACTIONS.is_legal(result.action) and ACTIONS.native_space().contains(result.action)


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("MOUSE_CLICK(120, 45)", "mouse_click(120, 45)"),
        ("mouse_click(x=120, y=45)", "mouse_click(120, 45)"),
        ("mouse_click(y=45, x=120)", "mouse_click(120, 45)"),
        ("mouse_click(120.0, 45)", "mouse_click(120, 45)"),  # an integral float is an int
        ("noop(500)", "noop(wait_ms=500)"),
        ("noop(WAIT_MS=500)", "noop(wait_ms=500)"),
        ("noop(wait_ms=0)", "noop()"),  # a default is left out of the canonical form
        ("noop", "noop()"),  # a function with no required arguments may be named bare
        ("click(12)", "click('12')"),  # a bare number for a string id
        ('click("12")', "click('12')"),
        ("scroll('DOWN', 2)", "scroll('down', amount=2.0)"),  # choices keep their declared spelling
        ("scroll(direction='up', amount=1)", "scroll('up')"),
        ('{"action": "click(\'7\')"}', "click('7')"),
        ("page.click('12')", "click('12')"),
        ("First click('3'), no wait: <answer>click('4')</answer> and later click('5')", "click('4')"),
        ("I considered it, and mouse_click(1, 2) is better", "mouse_click(1, 2)"),
    ],
)
def test_lenient_forms_map_to_the_canonical_call(reply: str, expected: str) -> None:
    result = ACTIONS.parse(reply)
    assert result.ok, result.error
    assert ACTIONS.format(result.action) == expected


@pytest.mark.parametrize(
    ("reply", "fragments"),
    [
        ("type_text('hi')", ["unknown function 'type_text'", "mouse_click, click, keyboard_press, swap, scroll, noop"]),
        ("mouse_click(1, 2, 3)", ["mouse_click", "takes 2 arguments, got 3", "x: int 0..1279, y: int 0..719"]),
        ("mouse_click(1)", ["mouse_click", "missing y", "y: int 0..719"]),
        ("click()", ["click", "missing bid", "str of at most 20 characters"]),
        ("noop(wait=5)", ["noop", "unknown keyword 'wait'", "wait_ms: int 0..10000 = 0"]),
        ("noop(5, wait_ms=5)", ["noop", "wait_ms is given twice"]),
        ("mouse_click(5000, 45)", ["mouse_click", "x must be an int in 0..1279, got 5000"]),
        ("mouse_click(-1, 45)", ["x must be an int in 0..1279, got -1"]),
        ("noop(wait_ms=10001)", ["noop", "wait_ms must be an int in 0..10000, got 10001"]),
        ("scroll('up', 11.5)", ["scroll", "amount must be a number in 0.5..10.0, got 11.5"]),
        ("scroll('up', 1e999)", ["amount must be a number in 0.5..10.0, got inf"]),
        ("mouse_click(True, 45)", ["mouse_click", "x must be an int in 0..1279, got True"]),
        ("scroll('up', False)", ["amount must be a number in 0.5..10.0, got False"]),
        ("mouse_click(120.5, 45)", ["mouse_click", "x must be an int in 0..1279, got 120.5"]),
        ("mouse_click('120', 45)", ["x must be an int in 0..1279, got '120'"]),
        ("mouse_click(1+2j, 45)", ["x must be an int in 0..1279"]),
        ("click('" + "9" * 21 + "')", ["click", "bid is 21 characters long, at most 20 allowed"]),
        ("click('a\\x00b')", ["click", "bid may not hold control characters"]),
        ("click(None)", ["click", "bid must be a quoted string, got None"]),
        ("click(['12'])", ["bid must be a quoted string, got ['12']"]),
        ("scroll('left')", ["scroll", "direction must be one of 'up', 'down', got 'left'"]),
        ("scroll(1)", ["direction must be one of 'up', 'down', got 1"]),
        ("I will click 12", ["click needs parentheses", "click(bid: str of at most 20 characters)", "click('12')"]),
        ("<answer>noop wait 500</answer>", ["noop needs parentheses", "noop(wait_ms: int 0..10000 = 0)"]),
        ("hello there", ["no function call in 'hello there'", "mouse_click(120, 45)"]),
        ("", ["empty reply", "mouse_click(120, 45)"]),
        ("click(bid)", ["could not read the arguments of click", "quoted strings", "click('12')"]),
        ("mouse_click(120, 45", ["could not read the arguments of mouse_click", "close the parenthesis"]),
    ],
)
def test_failures_name_the_function_or_parameter_and_what_is_allowed(reply: str, fragments: list[str]) -> None:
    result = ACTIONS.parse(reply)
    assert (result.ok, result.action, result.raw) == (False, None, reply)
    for fragment in fragments:
        assert fragment in result.error


def test_describe_lists_every_signature_help_and_a_valid_example_answer() -> None:
    text = ACTIONS.describe()
    lines = text.splitlines()
    assert lines[0].startswith("Browser actions")
    assert lines[1] == "- mouse_click(x: int 0..1279, y: int 0..719) - click at pixel (x, y), e.g. mouse_click(120, 45)"
    assert "- scroll(direction: 'up' | 'down', amount: float 0.5..10.0 = 1.0) - scroll the page" in text
    assert "- noop(wait_ms: int 0..10000 = 0) - do nothing for a while, e.g. noop()" in text
    for function in FUNCTIONS:
        assert function.help in text
    assert "<answer>ACTION</answer>" in text  # the form, with a placeholder an echo cannot pass off as a move
    answer = text.split("(for example ")[-1].split(")")[0] + ")"
    assert answer == "mouse_click(120, 45)"
    assert ACTIONS.parse(answer).ok  # the prompt's own example is a valid call
    assert not ACTIONS.parse(text).ok and not ACTIONS.parse(lines[-1]).ok  # but an echo of the prompt is none


def test_generated_examples_are_valid_calls() -> None:
    actions = CallActionSet([Function("tap", (IntParam("x", 3, 9), StrParam("label", 4, default="a")))])
    assert actions.examples == ("tap(3)",)
    assert "for example tap(3)" in actions.describe()


def test_native_space_samples_are_legal_and_format_to_calls_that_parse_back() -> None:
    space = ACTIONS.native_space()
    space.seed(0)
    for _ in range(300):
        sample = space.sample()
        assert ACTIONS.is_legal(sample)
        parsed = ACTIONS.parse(ACTIONS.format(sample))
        assert parsed.ok, parsed.error
        index = int(sample["function"])
        assert parsed.action["function"] == index
        for key in ACTIONS._keys[index]:
            assert np.array_equal(parsed.action[key], sample[key]), key  # only the chosen function's params matter


@PROPERTY
@given(seed=st.integers(0, 2**32 - 1), mask=st.lists(st.booleans(), min_size=6, max_size=6))
def test_sampled_actions_are_legal_members_that_round_trip(seed: int, mask: list[bool]) -> None:
    rng = np.random.default_rng(seed)
    flags = np.array(mask, dtype=np.int8)
    action = ACTIONS.sample_legal(rng, flags)
    assert ACTIONS.native_space().contains(action)
    assert ACTIONS.is_legal(action, flags if flags.any() else None)
    if flags.any():
        assert flags[action["function"]] == 1
    assert equal(ACTIONS.parse(ACTIONS.format(action)).action, action)


def _values(param: Any) -> st.SearchStrategy:
    if isinstance(param, IntParam):
        return st.integers(param.low, param.high)
    if isinstance(param, FloatParam):
        return st.floats(param.low, param.high, allow_nan=False)
    if isinstance(param, ChoiceParam):
        return st.sampled_from(param.choices)
    text = st.text(st.characters(exclude_categories=["Cs"]), max_size=param.max_length)
    return text.filter(lambda s: CONTROL.search(s) is None)


@st.composite
def calls(draw: st.DrawFn) -> dict[str, Any]:
    function = draw(st.sampled_from(FUNCTIONS))
    values = {p.name: draw(_values(p)) for p in function.params}
    return ACTIONS.to_native(function.name, **values)


@PROPERTY
@given(action=calls())
def test_any_declared_call_round_trips_exactly(action: dict[str, Any]) -> None:
    # Strings hold quotes, backslashes, newlines and any script; floats keep every bit through repr.
    text = ACTIONS.format(action)
    result = ACTIONS.parse(f"I pick this.\n<answer>{text}</answer>")
    assert result.ok, (text, result.error)
    assert equal(result.action, action)
    assert ACTIONS.native_space().contains(action) and ACTIONS.is_legal(action)


def test_the_longest_declarable_string_still_round_trips() -> None:
    actions = CallActionSet([Function("type_text", (StrParam("text", 400),))])
    text = "\U000f0000" * 400  # unprintable: repr writes each as 10 characters
    action = actions.to_native("type_text", text)
    assert len(actions.format(action)) > 4000
    assert actions.parse(f"<answer>{actions.format(action)}</answer>").action == action


def test_mask_limits_functions() -> None:
    mask = np.array([0, 1, 0, 0, 0, 1], dtype=np.int8)
    rng = np.random.default_rng(1)
    assert {ACTIONS.sample_legal(rng, mask)["function"] for _ in range(100)} == {1, 5}
    assert not ACTIONS.is_legal(ACTIONS.to_native("mouse_click", 1, 2), mask)
    assert ACTIONS.illegal_reason(ACTIONS.to_native("mouse_click", 1, 2), mask) == "mouse_click is not allowed now"
    assert ACTIONS.is_legal(ACTIONS.to_native("noop"), mask)
    none_allowed = np.zeros(6, dtype=np.int8)
    assert {ACTIONS.sample_legal(rng, none_allowed)["function"] for _ in range(200)} == set(range(6))


def test_native_misuse_is_loud_and_illegal() -> None:
    good = ACTIONS.to_native("mouse_click", 1, 2)
    for bad in (None, 3, {"function": 9}, {"function": 0}, {**good, "mouse_click.x": 5000}, {**good, "function": -1}):
        assert not ACTIONS.is_legal(bad)
        assert ACTIONS.try_format(bad) is None
        with pytest.raises(ValueError):
            ACTIONS.format(bad)
    assert "mouse_click.x=5000 is not in Discrete(1280)" in ACTIONS.illegal_reason({**good, "mouse_click.x": 5000})
    assert ACTIONS.is_legal({**good, "click.bid": object()})  # other functions' entries are ignored
    with pytest.raises(ValueError, match="unknown function 'drag'"):
        ACTIONS.to_native("drag", 1)
    with pytest.raises(ValueError, match=r"mouse_click: x must be an int in 0..1279, got 5000"):
        ACTIONS.to_native("mouse_click", 5000, 1)


@pytest.mark.parametrize(
    "make",
    [
        lambda: CallActionSet([]),
        lambda: CallActionSet([Function("a", ()), Function("A", ())]),
        lambda: Function("bad name", ()),
        lambda: Function("lambda", ()),
        lambda: Function("f", (IntParam("x", 0, 1), IntParam("x", 0, 1))),
        lambda: Function("f", (IntParam("x", 0, 1, default=0), IntParam("y", 0, 1))),
        lambda: IntParam("x", 5, 1),
        lambda: IntParam("x", 0, 9, default=10),
        lambda: FloatParam("x", 0.0, float("inf")),
        lambda: ChoiceParam("x", ("a", "A")),
        lambda: ChoiceParam("x", ("a", "b"), default="c"),
        lambda: StrParam("x", 0),
        lambda: Function("type_text", (StrParam("text", 500),)),  # its canonical call could outgrow the parser
        lambda: Function("fill", (StrParam("a", 300), StrParam("b", 300))),
        lambda: StrParam("x", 3, default="long"),
        lambda: CallActionSet([Function("f", (IntParam("x", 0, 9),), example="f(10)")]),
        lambda: CallActionSet([Function("f", (), example="g()"), Function("g", ())]),
    ],
)
def test_bad_declarations_raise(make: Any) -> None:
    with pytest.raises(ValueError):
        make()


HOSTILE = [
    "click(__import__('os').system('touch {sentinel}'))",
    "<answer>click(__import__('os').system('touch {sentinel}'))</answer>",
    "click(open('{sentinel}', 'w'))",
    "click(exec(\"open('{sentinel}', 'w')\"))",
    "click(eval('1'))",
    "__import__('pathlib').Path('{sentinel}').touch()",
    "click((lambda: open('{sentinel}', 'w'))())",
    "lambda: click(open('{sentinel}', 'w'))",
    "os.system('touch {sentinel}')",
    "click(*['12'])",
    "click(**{{'bid': '12'}})",
    'click(f\'{{open("{sentinel}", "w")}}\')',
    "click('12'.join(open('{sentinel}', 'w')))",
    "click([x for x in open('{sentinel}', 'w')])",
    "click(" + "(" * 5000 + "1" + ")" * 5000 + ")",
    "click(" + "[" * 100_000 + ")",
    "click('\x00')\x00mouse_click(\x00)",
    "mouse_click(" + "9" * 5000 + ", 1)",
    "<answer>" * 50_000 + "click('1')" + "</answer>" * 50_000,
    "click(" * 200_000,
    "a(" * 300_000 + "click('1')",
    "x" * (1 << 20),
    "click('12') " * 80_000,
    "(\n" * 300_000,
]


def test_hostile_replies_never_raise_and_never_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sentinel = tmp_path / "sentinel"
    ran: list[str] = []
    real_import, real_compile = builtins.__import__, builtins.compile

    def spy(name: str) -> Any:
        def refuse(*args: Any, **kwargs: Any) -> Any:
            ran.append(name)
            raise RuntimeError(f"{name} was called")

        return refuse

    def ast_only_compile(source: Any, filename: Any, mode: str, flags: int = 0, *args: Any, **kwargs: Any) -> Any:
        if not flags & ast.PyCF_ONLY_AST:  # ast.parse compiles to a tree only; anything else would be code
            ran.append("compile")
        return real_compile(source, filename, mode, flags, *args, **kwargs)

    def guarded_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.split(".")[0] in {"os", "subprocess", "pathlib", "shutil"}:
            ran.append(f"import {name}")
        return real_import(name, *args, **kwargs)

    for name in ("eval", "exec", "open"):
        monkeypatch.setattr(builtins, name, spy(name))
    monkeypatch.setattr(builtins, "compile", ast_only_compile)
    monkeypatch.setattr(builtins, "__import__", guarded_import)
    results = [ACTIONS.parse(reply.replace("{sentinel}", str(sentinel))) for reply in HOSTILE]
    monkeypatch.undo()
    assert ran == [] and not sentinel.exists()
    for reply, result in zip(HOSTILE, results, strict=True):
        assert isinstance(result.ok, bool)
        assert result.ok == ACTIONS.is_legal(result.action), reply[:80]
        if not result.ok:
            assert result.error and result.action is None
    assert not results[0].ok and "could not read the arguments of click" in results[0].error


FRAGMENTS = ["click(", "mouse_click(", "noop", ")", "(", "'", '"', "\\", ",", "=", "12", "1e9", "True", "\x00"]
FRAGMENTS += ["<answer>", "</answer>", "Action:", "```", "{", "}", "lambda:", "__import__('os')", ".", "*", "**", "\n"]


@settings(
    max_examples=300, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=12), max_size=40).map("".join))
def test_fuzzed_replies_never_raise_and_ok_means_legal(reply: str) -> None:
    result = ACTIONS.parse(reply)
    assert result.raw == reply
    if result.ok:
        assert ACTIONS.is_legal(result.action) and ACTIONS.native_space().contains(result.action)
        assert equal(ACTIONS.parse(ACTIONS.format(result.action)).action, result.action)
    else:
        assert result.action is None and result.error
