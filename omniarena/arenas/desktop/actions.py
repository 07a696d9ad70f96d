"""The desktop's actions: the Web arena's set (element, pixel, UI-TARS and computer-use calls) without the
browser's tab and address calls, plus ``drag_to(x, y)`` and OSWorld's ``computer_13`` names as aliases.

``computer_13`` (OSWorld's action space), as JSON ``{"action_type": "CLICK", "x": 10, "y": 20}`` or as a
call ``CLICK(x=10, y=20)``, each parsed to one canonical call: ``CLICK`` -> ``mouse_click`` (``num_clicks=2``:
``mouse_dblclick``), ``RIGHT_CLICK``, ``DOUBLE_CLICK``, ``MOUSE_MOVE``, ``DRAG_TO`` -> ``drag_to`` (from the
mouse's position), ``SCROLL`` (dx, dy in wheel clicks, positive dy up as in pyautogui) -> ``scroll``,
``TYPING`` -> ``keyboard_type``, ``PRESS`` and ``HOTKEY`` -> ``keyboard_press``, ``WAIT`` -> ``noop``,
``FAIL`` -> ``report_infeasible`` and ``DONE`` -> ``send_msg_to_user`` (which ends a desktop episode).

>>> calls = desktop_actions(1280, 800)
>>> calls.format(calls.parse('{"action_type": "CLICK", "x": 100, "y": 200, "num_clicks": 2}').action)
'mouse_dblclick(100, 200)'
>>> calls.format(calls.parse("HOTKEY(keys=['ctrl', 's'])").action), calls.format(calls.parse("DRAG_TO(x=5, y=6)").action)
("keyboard_press('Control+s')", 'drag_to(5, 6)')
>>> calls.format(calls.parse("FAIL").action)
"report_infeasible('FAIL')"
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from omniarena.arenas.web.actions import COORDS, WebActions, _functions
from omniarena.core.actions import ParseResult
from omniarena.core.calls import CallActionSet, Function, IntParam
from omniarena.core.grammar import find_calls

__all__ = ["DesktopActions", "desktop_actions", "COMPUTER_13"]

BROWSER_ONLY = ("goto", "go_back", "go_forward", "new_tab", "tab_focus", "tab_close")
COMPUTER_13 = ("CLICK", "RIGHT_CLICK", "DOUBLE_CLICK", "MOUSE_MOVE", "DRAG_TO", "SCROLL", "TYPING", "PRESS", "HOTKEY",
               "WAIT", "FAIL", "DONE", "MOUSE_DOWN", "MOUSE_UP", "KEY_DOWN", "KEY_UP")  # fmt: skip
_BARE = re.compile(r"(?<![A-Za-z_])(WAIT|FAIL|DONE)(?![A-Za-z_(])")


def _q(value: Any) -> str:
    return repr(str(value))


class DesktopActions(WebActions):
    """The web actions for a desktop of ``width`` x ``height`` pixels, with OSWorld's computer_13 aliases."""

    def __init__(self, width: int = 1280, height: int = 800, coords: str = "pixels") -> None:
        if coords not in COORDS:
            raise ValueError(f"coords={coords!r}; use one of {', '.join(COORDS)}")
        self.width, self.height, self.coords = int(width), int(height), coords
        xs = (0, 1000) if coords == "norm1000" else (0, self.width - 1)
        ys = (0, 1000) if coords == "norm1000" else (0, self.height - 1)
        functions = [f for f in _functions(self.width, self.height, coords) if f.name not in BROWSER_ONLY]
        functions.append(
            Function("drag_to", (IntParam("x", *xs), IntParam("y", *ys)), "drag from the mouse's position to a pixel", "drag_to(400, 300)")
        )  # fmt: skip
        CallActionSet.__init__(self, functions, title="Desktop actions")

    def _parse(self, text: str, answer_format: str = "any") -> ParseResult:
        alias = self._computer_13(text, answer_format)
        if alias is None:
            return super()._parse(text, answer_format)
        if "action_type" not in text:  # a call in capitals: where the web grammar reads it as it stands
            plain = super()._parse(text, answer_format)  # (SCROLL(10, 20) is scroll(10, 20)), that reading wins
            if plain.ok:
                return plain
        call, error = alias
        if error is not None:
            return ParseResult(None, False, error, text, call, "alias")
        result = super()._parse(f"<answer>{call}</answer>", "any")
        return ParseResult(result.action, result.ok, result.error, text, call, "alias")

    def _computer_13(self, text: str, answer_format: str) -> tuple[str, str | None] | None:
        found: dict[str, Any] | None = None
        decoder = json.JSONDecoder()
        for tries, match in enumerate(re.finditer(r"\{", text)):
            if tries > 64:
                break
            try:
                value, _ = decoder.raw_decode(text, match.start())
            except ValueError:
                continue
            if isinstance(value, dict) and str(value.get("action_type", "")).upper() in COMPUTER_13:
                found = {k: v for k, v in value.get("parameters", value).items()}
                found["action_type"] = str(value["action_type"]).upper()
        if found is None:
            span = self.extract(text, answer_format).text
            calls = find_calls(span, None)
            if calls and calls[0].name in COMPUTER_13:  # the last call, written in computer_13's capitals
                call = calls[0]
                found = {"action_type": call.name, **call.kwargs}
                for name, value in zip(("x", "y") if call.name not in ("TYPING", "PRESS", "HOTKEY", "SCROLL") else
                                       {"TYPING": ("text",), "PRESS": ("key",), "HOTKEY": ("keys",), "SCROLL": ("dx", "dy")}[call.name],
                                       call.args, strict=False):  # fmt: skip
                    found.setdefault(name, value)
                pointer = call.name in ("CLICK", "RIGHT_CLICK", "DOUBLE_CLICK", "MOUSE_MOVE", "DRAG_TO")
                if (pointer and not all(isinstance(found.get(k), (int, float)) for k in ("x", "y"))) or len(
                    call.args
                ) > (2 if call.name not in ("TYPING", "PRESS", "HOTKEY") else 1):
                    return None  # not computer_13's shape: CLICK('12') is click('12'), PRESS('a', 'b') press(...)
            else:
                bare = _BARE.findall(span.strip()) if span.strip() in ("WAIT", "FAIL", "DONE") else []
                if not bare:
                    return None
                found = {"action_type": bare[-1]}
        return self._computer_13_call(found)

    def _computer_13_call(self, v: dict[str, Any]) -> tuple[str, str | None]:
        kind = v["action_type"]

        def number(key: str) -> float | None:
            value = v.get(key)
            return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None

        x, y = number("x"), number("y")
        if kind in ("CLICK", "RIGHT_CLICK", "DOUBLE_CLICK", "MOUSE_MOVE", "DRAG_TO"):
            if x is None or y is None:
                return kind, f"{kind}: give the pixel, e.g. {kind}(x=100, y=200)"
            x, y = round(x), round(y)
            if kind == "MOUSE_MOVE":
                return f"mouse_move({x}, {y})", None
            if kind == "DRAG_TO":
                return f"drag_to({x}, {y})", None
            button = "right" if kind == "RIGHT_CLICK" else str(v.get("button", "left")).lower()
            clicks = 2 if kind == "DOUBLE_CLICK" else int(number("num_clicks") or 1)
            name = "mouse_dblclick" if clicks >= 2 else "mouse_click"
            return f"{name}({x}, {y}{'' if button == 'left' else f', button={button!r}'})", None
        if kind == "SCROLL":
            dx, dy = int(number("dx") or 0), int(number("dy") or 0)
            return f"scroll({100 * dx}, {-100 * dy})", None
        if kind == "TYPING":
            return f"keyboard_type({_q(v.get('text', ''))})", None
        if kind == "PRESS":
            return f"keyboard_press({_q(v.get('key', ''))})", None
        if kind == "HOTKEY":
            keys = v.get("keys", [])
            keys = [str(k) for k in keys] if isinstance(keys, (list, tuple)) else [str(keys)]
            return f"keyboard_press({_q('+'.join(keys))})", None
        if kind == "WAIT":
            return "noop(wait_ms=1000)", None
        if kind == "FAIL":
            return "report_infeasible('FAIL')", None
        if kind == "DONE":
            return "send_msg_to_user('DONE')", None
        return kind, f"{kind} is not supported here; press and release in one call with CLICK, PRESS or HOTKEY"


@functools.lru_cache(maxsize=32)
def desktop_actions(width: int, height: int, coords: str = "pixels") -> DesktopActions:
    """One shared action set per screen size and coordinate system."""
    return DesktopActions(width, height, coords)
