"""Key names from xdotool, pyautogui, Selenium/MiniWoB and UI-TARS, turned into Playwright's.

Canonical form: Playwright's key names, combinations joined with ``+`` and modifiers first
(``Control+Shift+a``, ``Enter``, ``PageDown``). Separators accepted: ``+``, ``-`` between named keys,
and spaces (UI-TARS writes ``ctrl c``).

>>> [normalize_key(k) for k in ("ctrl+c", "Return", "BackSpace", "page_down", "cmd shift z", "ARROW_UP")]
['Control+c', 'Enter', 'Backspace', 'PageDown', 'Shift+Meta+z', 'ArrowUp']
>>> normalize_key("ctrl+nonsense")
Traceback (most recent call last):
...
ValueError: unknown key 'nonsense' in 'ctrl+nonsense'; use Playwright key names such as Enter, Tab, ArrowDown, Control+a
"""

from __future__ import annotations

import re

__all__ = ["normalize_key", "MODIFIERS"]

MODIFIERS = ("Control", "Alt", "Shift", "Meta")

_NAMED = [
    "Enter", "Tab", "Escape", "Backspace", "Delete", "Insert", "Home", "End", "PageUp", "PageDown",
    "ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Space", "CapsLock", "NumLock", "ScrollLock",
    "PrintScreen", "Pause", "ContextMenu", *(f"F{i}" for i in range(1, 13)), *MODIFIERS,
]  # fmt: skip
_ALIASES = {name.lower(): name for name in _NAMED}
_ALIASES.update(
    {
        "ctrl": "Control", "control_l": "Control", "control_r": "Control", "ctrll": "Control", "ctrlr": "Control",
        "leftctrl": "Control", "rightctrl": "Control", "lctrl": "Control", "rctrl": "Control",
        "alt_l": "Alt", "alt_r": "Alt", "altl": "Alt", "altr": "Alt", "option": "Alt", "opt": "Alt", "lalt": "Alt",
        "shift_l": "Shift", "shift_r": "Shift", "shiftl": "Shift", "shiftr": "Shift", "lshift": "Shift",
        "cmd": "Meta", "command": "Meta", "win": "Meta", "windows": "Meta", "super": "Meta", "super_l": "Meta",
        "superl": "Meta", "meta_l": "Meta", "metal": "Meta",
        "return": "Enter", "kpenter": "Enter", "kp_enter": "Enter", "enter": "Enter",
        "esc": "Escape", "escape": "Escape", "backspace": "Backspace", "back_space": "Backspace", "bksp": "Backspace",
        "del": "Delete", "delete": "Delete", "ins": "Insert",
        "pgup": "PageUp", "prior": "PageUp", "page_up": "PageUp", "pgdn": "PageDown", "next": "PageDown",
        "page_down": "PageDown",
        "up": "ArrowUp", "down": "ArrowDown", "left": "ArrowLeft", "right": "ArrowRight",
        "arrow_up": "ArrowUp", "arrow_down": "ArrowDown", "arrow_left": "ArrowLeft", "arrow_right": "ArrowRight",
        "space": "Space", "spacebar": "Space", "caps_lock": "CapsLock", "capslock": "CapsLock",
        "printscreen": "PrintScreen", "prtsc": "PrintScreen", "apps": "ContextMenu", "menu": "ContextMenu",
        "plus": "+", "minus": "-", "equals": "=", "comma": ",", "period": ".", "slash": "/",
    }
)  # fmt: skip
_SPLIT = re.compile(r"\s+|(?<=[^+\s])\+(?=.)")


def _one(token: str) -> str | None:
    if len(token) == 1:
        return token if token.isprintable() else None
    folded = token.lower()
    for candidate in (folded, folded.replace("_", ""), folded.replace("-", "")):
        if candidate in _ALIASES:
            return _ALIASES[candidate]
    if re.fullmatch(r"key[a-z]", folded):  # KeyA (a DOM code)
        return folded[-1]
    if re.fullmatch(r"digit[0-9]", folded):
        return folded[-1]
    return None


def normalize_key(text: str) -> str:
    """The Playwright spelling of key or combination ``text``; ``ValueError`` naming an unknown key."""
    raw = str(text).strip()
    if not raw:
        raise ValueError("empty key; use Playwright key names such as Enter, Tab, ArrowDown, Control+a")
    if len(raw) == 1:
        return raw
    tokens = [t for t in _SPLIT.split(raw) if t]
    if len(tokens) == 1 and "-" in tokens[0] and _one(tokens[0]) is None:
        tokens = [t for t in tokens[0].split("-") if t]  # xdotool-style "ctrl-c"
    keys = []
    for token in tokens:
        key = _one(token)
        if key is None:
            raise ValueError(
                f"unknown key {token!r} in {raw!r}; use Playwright key names such as Enter, Tab, ArrowDown, Control+a"
            )
        keys.append(key)
    modifiers = [k for k in MODIFIERS if k in keys]
    others = [k for k in keys if k not in MODIFIERS]
    if len(others) > 1:
        raise ValueError(f"{raw!r} names several keys ({', '.join(others)}); press one key with modifiers")
    return "+".join(modifiers + others)
