"""The web arenas' actions: BrowserGym's element calls, coordinate calls, and the aliases VLM agents write.

Canonical calls (a :class:`~omniarena.core.calls.CallActionSet`, literal arguments read with ``ast``, never
executed): BrowserGym's ``click('12')``, ``fill('7', 'Alice')``, ``press('7', 'Enter')``,
``scroll(0, 300)``, ``goto(url)``, ``tab_focus(0)``, ``noop(wait_ms=500)``, ``send_msg_to_user(text)``, ...
and coordinate actions in screenshot pixels: ``mouse_click(120, 45)``, ``mouse_drag_and_drop(...)``,
``scroll_at(x, y, dx, dy)``, ``keyboard_type(text)``, ``keyboard_press('Control+a')``.

Aliases, each parsed to one canonical call:

- **UI-TARS**: ``click(start_box='(120,45)')`` (also ``<|box_start|>(x1,y1,x2,y2)<|box_end|>`` and
  ``point='<point>x y</point>'``: a box means its centre), ``left_double``, ``right_single``,
  ``drag(start_box=..., end_box=...)``, ``hotkey(key='ctrl c')``, ``press(key=...)``,
  ``type(content=...)``, ``scroll(start_box=..., direction='down')``, ``wait()``, ``finished(...)``;
- **Anthropic computer use**: ``{"action": "left_click", "coordinate": [x, y]}``, ``double_click``,
  ``right_click``, ``middle_click``, ``mouse_move``, ``left_click_drag`` (``start_coordinate``),
  ``type`` (``text``), ``key`` (``text``), ``scroll`` (``scroll_direction``, ``scroll_amount``), ``wait``;
- **key names** from xdotool, pyautogui and Selenium/MiniWoB (:mod:`omniarena.arenas.web.keys`).

Coordinates are screenshot pixels, or 0-1000 normalised per axis with ``coords="norm1000"`` (UI-TARS,
Qwen-VL): then every x and y in a call, canonical or alias, is on that scale.

>>> calls = WebActions(640, 480)
>>> calls.format(calls.parse("I'll press it. <answer>click(start_box='(120,45)')</answer>").action)
'mouse_click(120, 45)'
>>> calls.format(calls.parse('{"action": "key", "text": "ctrl+a"}').action)
"keyboard_press('Control+a')"
>>> calls.format(calls.parse("hotkey(key='ctrl c')").action), calls.format(calls.parse("press('12', 'Return')").action)
("keyboard_press('Control+c')", "press('12', 'Enter')")
>>> calls.parse("press('12', 'Hyper')").error
"press: unknown key 'Hyper' in 'Hyper'; use Playwright key names such as Enter, Tab, ArrowDown, Control+a"
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

import numpy as np
from gymnasium import spaces

from omniarena.arenas.web.keys import normalize_key
from omniarena.core.actions import ParseResult
from omniarena.core.calls import CallActionSet, ChoiceParam, Function, IntParam, StrParam
from omniarena.core.grammar import find_calls
from omniarena.core.queue import CallQueueActions

__all__ = ["WebActions", "web_actions", "web_call_queue", "COORDS", "KEY_PARAMS", "ELEMENT_ACTIONS", "POINTER_ACTIONS"]

COORDS = ("pixels", "norm1000")
BID = 16
TEXT = 256
BUTTONS = ("left", "middle", "right")
MAX_WAIT_MS = 2000
SCROLL = 5000

# Functions whose parameter is a key combination (normalised to Playwright's names).
KEY_PARAMS = {"press": "key_comb", "keyboard_press": "key"}
ELEMENT_ACTIONS = ("click", "dblclick", "hover", "fill", "clear", "focus", "select_option", "press", "drag_and_drop")
POINTER_ACTIONS = ("mouse_click", "mouse_dblclick", "mouse_move", "mouse_drag_and_drop", "scroll_at")

_UITARS = {
    "click",
    "left_single",
    "left_double",
    "right_single",
    "drag",
    "hotkey",
    "type",
    "scroll",
    "wait",
    "finished",
    "press",
}
_UITARS_ONLY = {"left_single", "left_double", "right_single", "drag", "hotkey", "type", "wait", "finished"}
_UITARS_KEYS = {"start_box", "end_box", "point", "start_point", "end_point", "content", "direction", "key"}
_COMPUTER_USE = {
    "left_click", "right_click", "middle_click", "double_click", "triple_click", "mouse_move", "left_click_drag",
    "type", "key", "scroll", "wait", "cursor_position", "screenshot", "left_mouse_down", "left_mouse_up", "hold_key",
}  # fmt: skip
# Headings of the observation text: a reply holding one, with no answer tag, Action: line or fence, is an echo.
ECHO_MARKERS = ("\nAccessibility tree:", "Your last reply was invalid:", "\nLast action failed:")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_SAMPLE_KEYS = (
    "Enter",
    "Tab",
    "Escape",
    "Backspace",
    "ArrowDown",
    "ArrowUp",
    "ArrowLeft",
    "ArrowRight",
    "a",
    "Control+a",
    "Shift+Tab",
    "PageDown",
)


class CallSpace(spaces.Dict):
    """The native space of the web actions: a ``Dict`` whose ``sample()`` is a well-formed call.

    A plain ``Dict`` would sample each member on its own (a key name of random letters, say); this one asks
    the action set, so ``env.action_space.sample()`` and gymnasium's checker get actions that parse back.
    """

    def __init__(self, members: dict[str, spaces.Space], action_set: CallActionSet, seed: int | None = None) -> None:
        super().__init__(members, seed=seed)
        self._action_set = action_set

    def sample(self, mask: Any = None, probability: Any = None) -> dict[str, Any]:
        return self._action_set.sample_legal(self.np_random, None)


def _functions(width: int, height: int, coords: str) -> list[Function]:
    xs = (0, 1000) if coords == "norm1000" else (0, width - 1)
    ys = (0, 1000) if coords == "norm1000" else (0, height - 1)

    def x(name: str = "x") -> IntParam:
        return IntParam(name, *xs)

    def y(name: str = "y") -> IntParam:
        return IntParam(name, *ys)

    def bid(name: str = "bid") -> StrParam:
        return StrParam(name, BID)

    button = ChoiceParam("button", BUTTONS, default="left")
    delta = (IntParam("delta_x", -SCROLL, SCROLL), IntParam("delta_y", -SCROLL, SCROLL))
    return [
        Function("click", (bid(), button), "click the element with this id", "click('12')"),
        Function("dblclick", (bid(), button), "double-click an element", "dblclick('12')"),
        Function("hover", (bid(),), "move the mouse over an element", "hover('12')"),
        Function("fill", (bid(), StrParam("value", TEXT)), "replace a text field's value", "fill('7', 'Alice')"),
        Function("clear", (bid(),), "empty a text field", "clear('7')"),
        Function("focus", (bid(),), "focus an element", "focus('7')"),
        Function("select_option", (bid(), StrParam("options", TEXT)), "pick an option of a <select> by its text", "select_option('9', 'blue')"),
        Function("press", (bid(), StrParam("key_comb", 40)), "press a key on an element", "press('7', 'Enter')"),
        Function("drag_and_drop", (bid("from_bid"), bid("to_bid")), "drag one element onto another", "drag_and_drop('4', '9')"),
        Function("scroll", delta, "scroll the page (or what is under the mouse) by pixels", "scroll(0, 300)"),
        Function("goto", (StrParam("url", TEXT),), "open a page of this site", "goto('/web/task.html')"),
        Function("go_back", (), "the browser's back button"),
        Function("go_forward", (), "the browser's forward button"),
        Function("new_tab", (), "open a blank tab and switch to it"),
        Function("tab_focus", (IntParam("index", 0, 15),), "switch to the tab with this index", "tab_focus(0)"),
        Function("tab_close", (), "close the current tab"),
        Function("noop", (IntParam("wait_ms", 0, MAX_WAIT_MS, default=0),), "do nothing (optionally wait)"),
        Function("send_msg_to_user", (StrParam("text", TEXT),), "answer the user in words", "send_msg_to_user('42')"),
        Function("report_infeasible", (StrParam("reason", TEXT),), "say the task cannot be done (ends the episode)", "report_infeasible('no such item')"),
        Function("mouse_click", (x(), y(), button), "click at a screenshot pixel", "mouse_click(120, 45)"),
        Function("mouse_dblclick", (x(), y(), button), "double-click at a pixel", "mouse_dblclick(120, 45)"),
        Function("mouse_move", (x(), y()), "move the mouse to a pixel", "mouse_move(120, 45)"),
        Function("mouse_drag_and_drop", (x("from_x"), y("from_y"), x("to_x"), y("to_y")), "drag from one pixel to another", "mouse_drag_and_drop(10, 20, 200, 220)"),
        Function("scroll_at", (x(), y(), *delta), "scroll what is under pixel (x, y)", "scroll_at(300, 200, 0, 300)"),
        Function("keyboard_type", (StrParam("text", TEXT),), "type text where the focus is", "keyboard_type('hello')"),
        Function("keyboard_press", (StrParam("key", 40),), "press a key or combination where the focus is", "keyboard_press('Control+a')"),
    ]  # fmt: skip


def _point(value: Any) -> tuple[int, int] | None:
    """(x, y) from UI-TARS's '(x,y)', '(x1,y1,x2,y2)' (the centre), '<point>x y</point>' or a list."""
    if isinstance(value, (list, tuple)):
        numbers = [float(v) for v in value if isinstance(v, (int, float)) and not isinstance(v, bool)]
    elif isinstance(value, str):
        numbers = [float(n) for n in _NUMBER.findall(value)]
    else:
        return None
    if len(numbers) == 2:
        return round(numbers[0]), round(numbers[1])
    if len(numbers) == 4:
        return round((numbers[0] + numbers[2]) / 2), round((numbers[1] + numbers[3]) / 2)
    return None


def _quote(value: Any) -> str:
    return repr(str(value))


class WebActions(CallActionSet):
    """BrowserGym-style calls plus UI-TARS and computer-use aliases, for a ``width`` x ``height`` screenshot."""

    def __init__(self, width: int = 1024, height: int = 768, coords: str = "pixels") -> None:
        if coords not in COORDS:
            raise ValueError(f"coords={coords!r}; use one of {', '.join(COORDS)}")
        self.width, self.height, self.coords = int(width), int(height), coords
        super().__init__(_functions(self.width, self.height, coords), title="Browser actions")

    def native_space(self) -> spaces.Dict:
        return CallSpace(dict(super().native_space().spaces), self)

    def sample_legal(self, rng: np.random.Generator, mask: Any = None) -> dict[str, Any]:
        action = super().sample_legal(rng, mask)
        name = self.names[int(action["function"])]
        if name in KEY_PARAMS:  # a key name that exists, not random letters
            action[f"{name}.{KEY_PARAMS[name]}"] = str(_SAMPLE_KEYS[int(rng.integers(len(_SAMPLE_KEYS)))])
        return action

    # --- coordinates -------------------------------------------------------------------------------
    def to_pixels(self, x: int, y: int) -> tuple[float, float]:
        """Viewport pixels of action coordinates (identity for ``coords="pixels"``)."""
        if self.coords == "norm1000":
            return x * (self.width - 1) / 1000, y * (self.height - 1) / 1000
        return float(x), float(y)

    def from_pixels(self, x: float, y: float) -> tuple[int, int]:
        """Action coordinates of viewport pixels, clipped to the screen."""
        x = min(max(x, 0), self.width - 1)
        y = min(max(y, 0), self.height - 1)
        if self.coords == "norm1000":
            return round(x * 1000 / (self.width - 1)), round(y * 1000 / (self.height - 1))
        return round(x), round(y)

    # --- parsing -----------------------------------------------------------------------------------
    def _parse(self, text: str, answer_format: str = "any") -> ParseResult:
        if any(marker in text for marker in ECHO_MARKERS) and self.extract(text, answer_format).source == "whole":
            # The observation's own text (its errors quote calls such as goto('...')) is no answer.
            error = f"the reply repeats the observation; answer with one call, e.g. <answer>{self.examples[0]}</answer>"
            return ParseResult(None, False, error, text, "", "whole")
        alias = self._computer_use(text) or self._uitars(text, answer_format)
        if alias is not None:
            call, error = alias
            if error is not None:
                return ParseResult(None, False, error, text, call, "alias")
            result = super()._parse(f"<answer>{call}</answer>", "any")
            result = ParseResult(result.action, result.ok, result.error, text, call, "alias")
        else:
            result = super()._parse(text, answer_format)
        if result.ok and result.action is not None:
            return self._normalize_keys(result)
        return result

    def _normalize_keys(self, result: ParseResult) -> ParseResult:
        name = self.names[int(result.action["function"])]
        param = KEY_PARAMS.get(name)
        if param is None:
            return result
        key = f"{name}.{param}"
        try:
            action = {**result.action, key: normalize_key(result.action[key])}
        except ValueError as exc:
            return ParseResult(None, False, f"{name}: {exc}", result.raw, result.answer, result.rule)
        return ParseResult(action, True, None, result.raw, result.answer, result.rule)

    def _uitars(self, text: str, answer_format: str) -> tuple[str, str | None] | None:
        span = self.extract(text, answer_format).text
        calls = find_calls(span, None)
        for call in calls:  # the last call first
            name = call.name.casefold()
            kwargs = {k.casefold(): v for k, v in call.kwargs.items()}
            if name not in _UITARS or (name not in _UITARS_ONLY and not (set(kwargs) & _UITARS_KEYS)):
                continue
            return self._uitars_call(name, call.args, kwargs)
        return None

    def _xy(self, value: Any, what: str) -> tuple[int, int] | str:
        point = _point(value)
        if point is None:
            return f"{what}: could not read a point from {value!r}; write start_box='(x,y)'"
        return point

    def _uitars_call(self, name: str, args: tuple, kwargs: dict[str, Any]) -> tuple[str, str | None]:
        where = kwargs.get("start_box", kwargs.get("point", kwargs.get("start_point", args[0] if args else None)))
        if name in ("click", "left_single", "left_double", "right_single"):
            point = self._xy(where, name)
            if isinstance(point, str):
                return name, point
            canonical = {"left_double": "mouse_dblclick", "right_single": "mouse_click"}.get(name, "mouse_click")
            extra = ", button='right'" if name == "right_single" else ""
            return f"{canonical}({point[0]}, {point[1]}{extra})", None
        if name == "drag":
            start = self._xy(where, name)
            end = self._xy(kwargs.get("end_box", kwargs.get("end_point", args[1] if len(args) > 1 else None)), name)
            if isinstance(start, str) or isinstance(end, str):
                return name, start if isinstance(start, str) else str(end)
            return f"mouse_drag_and_drop({start[0]}, {start[1]}, {end[0]}, {end[1]})", None
        if name in ("hotkey", "press"):
            key = kwargs.get("key", kwargs.get("hotkey", args[0] if args else ""))
            return f"keyboard_press({_quote(key)})", None
        if name == "type":
            return f"keyboard_type({_quote(kwargs.get('content', args[0] if args else ''))})", None
        if name == "scroll":
            direction = str(kwargs.get("direction", "down")).strip().lower()
            steps = {"down": (0, 300), "up": (0, -300), "right": (300, 0), "left": (-300, 0)}
            if direction not in steps:
                return name, f"scroll: direction must be up, down, left or right, got {direction!r}"
            dx, dy = steps[direction]
            point = _point(where) if where is not None else None
            if point is None:
                return f"scroll({dx}, {dy})", None
            return f"scroll_at({point[0]}, {point[1]}, {dx}, {dy})", None
        if name == "wait":
            return "noop(wait_ms=1000)", None
        content = kwargs.get("content", args[0] if args else "done")  # finished(content=...)
        return f"send_msg_to_user({_quote(content)})", None

    def _computer_use(self, text: str) -> tuple[str, str | None] | None:
        """The last JSON object of ``text`` whose "action" is a computer-use action, as a canonical call."""
        found = None
        decoder = json.JSONDecoder()
        tries = 0
        for match in re.finditer(r"\{", text):
            tries += 1
            if tries > 64:
                break
            try:
                value, _ = decoder.raw_decode(text, match.start())
            except ValueError:
                continue
            if isinstance(value, dict) and str(value.get("action", "")).lower() in _COMPUTER_USE:
                found = value
        if found is None:
            return None
        return self._computer_use_call(found)

    def _computer_use_call(self, value: dict[str, Any]) -> tuple[str, str | None]:
        action = str(value["action"]).lower()
        point = _point(value.get("coordinate")) if value.get("coordinate") is not None else None
        clicks = {"left_click": ("mouse_click", ""), "right_click": ("mouse_click", ", button='right'"),
                  "middle_click": ("mouse_click", ", button='middle'"), "double_click": ("mouse_dblclick", ""),
                  "triple_click": ("mouse_dblclick", "")}  # fmt: skip
        if action in clicks or action == "mouse_move":
            if point is None:
                return action, f'{action}: needs "coordinate": [x, y]'
            name, extra = clicks.get(action, ("mouse_move", ""))
            return f"{name}({point[0]}, {point[1]}{extra})", None
        if action == "left_click_drag":
            start = _point(value.get("start_coordinate"))
            if start is None or point is None:
                return action, 'left_click_drag: needs "start_coordinate" and "coordinate"'
            return f"mouse_drag_and_drop({start[0]}, {start[1]}, {point[0]}, {point[1]})", None
        if action == "type":
            return f"keyboard_type({_quote(value.get('text', ''))})", None
        if action in ("key", "hold_key"):
            return f"keyboard_press({_quote(value.get('text', value.get('key', '')))})", None
        if action == "scroll":
            direction = str(value.get("scroll_direction", "down")).lower()
            amount = value.get("scroll_amount", 3)
            amount = int(amount) if isinstance(amount, (int, float)) and not isinstance(amount, bool) else 3
            unit = 100 * max(-50, min(50, amount))
            steps = {"down": (0, unit), "up": (0, -unit), "right": (unit, 0), "left": (-unit, 0)}
            if direction not in steps:
                return action, f"scroll: scroll_direction must be up, down, left or right, got {direction!r}"
            dx, dy = steps[direction]
            if point is None:
                return f"scroll({dx}, {dy})", None
            return f"scroll_at({point[0]}, {point[1]}, {dx}, {dy})", None
        if action == "wait":
            return "noop(wait_ms=1000)", None
        return action, f"computer-use action {action!r} has no browser equivalent here; use e.g. left_click"


@functools.lru_cache(maxsize=32)
def web_actions(width: int, height: int, coords: str = "pixels") -> WebActions:
    """One shared action set per screen size and coordinate system (vector envs need the same object)."""
    return WebActions(width, height, coords)


@functools.lru_cache(maxsize=32)
def web_call_queue(width: int, height: int, coords: str, max_calls: int) -> CallQueueActions:
    """Up to ``max_calls`` web calls per reply, carried out in order (shared like :func:`web_actions`)."""
    return CallQueueActions(web_actions(width, height, coords), max_calls)
