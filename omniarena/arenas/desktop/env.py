"""DesktopArena: an OSWorld-style desktop (window manager, six apps, one seeded virtual state) in a real Chromium.

Description: the page ``omniarena/assets/desktop/app/`` draws a wallpaper with app icons, a taskbar with a
launcher, the open windows and a clock, and windows that open, focus, move, resize, minimise, maximise and
close in z-order. Files, Editor, Mail, Calendar, Sheet and Settings share one virtual state (files, mails,
events, settings) built from the seed (:mod:`~omniarena.arenas.desktop.rules`); dialogs are windows that
block their app. A task (:mod:`~omniarena.arenas.desktop.tasks`) gives the instruction and the check.

Actions: :class:`~omniarena.arenas.desktop.actions.DesktopActions`: the Web arena's element and pixel calls
with its UI-TARS and computer-use aliases, ``drag_to``, and OSWorld's ``computer_13`` names.

Observation: ``image`` the screen (default 1280x800, the mouse drawn as an arrow); ``text`` the instruction,
the windows (top first, ``*`` the focused one), the mouse position and focused element, the accessibility
tree with stable ids, and the last action's error. ``observe="image"`` keeps the instruction and windows.

Rewards: 1 when the state passes the task's check (checked after every action; the episode then ends),
or when ``report_infeasible(...)`` answers an infeasible task. ``send_msg_to_user`` (``DONE``) ends the
episode with the check's verdict; ``report_infeasible`` on a feasible task ends it with 0.

Episode end: success, a declared end, or the step limit. Reset reloads the state from the seed inside the
same page (no browser relaunch, no page load after the first).

Arguments: ``task`` (a name of :data:`~omniarena.arenas.desktop.tasks.TASKS`), ``width``, ``height``,
``coords`` ("pixels" or "norm1000"), and the Web arena's ``set_of_marks``, ``jpeg_quality``,
``tree_lines``, ``timeout_ms``, ``render_mode``.

Version history: v0, first version.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np

from omniarena.arenas.desktop.actions import desktop_actions
from omniarena.arenas.desktop.checks import evaluate
from omniarena.arenas.desktop.rules import seed_state
from omniarena.arenas.desktop.tasks import TASK_DIR, TASKS, concrete
from omniarena.arenas.web.env import WebArena
from omniarena.backends import browser as backend
from omniarena.core.arena import Outcome

__all__ = ["DesktopArena"]

logger = logging.getLogger(__name__)
APP_DIR = TASK_DIR.parent / "app"
URL = f"{backend.ORIGIN}/desktop/index.html"
_ELEMENT_STEPS = {"click": "click", "dblclick": "dblclick", "fill": "fill", "select": "select_option", "press": "press"}


class DesktopArena(WebArena):
    """One desktop task; see the module docstring."""

    STATE_JS = "() => window.__desk ? window.__desk.state() : null"

    def __init__(
        self, task: str = "files-rename", width: int = 1280, height: int = 800, coords: str = "pixels",
        tree_lines: int = 1500, **kwargs: Any,
    ) -> None:  # fmt: skip
        by_name = {t.name: t for t in TASKS}
        if task not in by_name:
            raise ValueError(f"unknown desktop task {task!r}; tasks: {', '.join(by_name)}")
        super().__init__(width=width, height=height, coords=coords, tree_lines=tree_lines, **kwargs)
        self.calls = self.action_set = desktop_actions(self.width, self.height, coords)  # web's _act reads self.calls
        self.action_space = self.action_set.native_space()
        self.task = by_name[task]
        self._spec: dict[str, Any] = {}
        self._passed = False

    def site(self) -> backend.Site:
        return backend.Site().mount("/desktop/", APP_DIR)

    def start_url(self, seed: int) -> str:
        return URL

    def instruction(self) -> str:
        return str(self._spec.get("instruction", ""))

    # --- episodes --------------------------------------------------------------------------------------
    def _new_episode(self, options: dict[str, Any]) -> None:
        seed = int(self.np_random.integers(0, 2**31 - 1))
        state, facts = seed_state(seed)
        self._spec = concrete(self.task, state, facts, np.random.default_rng(seed + 1))
        session = self.session
        payload = {"state": state, "open": self._spec["open"]}
        try:
            if not session.alive or not session.pages or session.page.url != URL:
                session.load(URL)
            session.page.evaluate("(s) => window.__desk.load(s)", payload)
        except Exception as exc:  # a browser or page that died between episodes: start it again once
            logger.warning("reset failed (%r); reloading the desktop", exc)
            session.close()
            session.load(URL)
            session.page.evaluate("(s) => window.__desk.load(s)", payload)
        self._error = None
        self._messages = []
        self._reward, self._done, self._passed = 0.0, False, False
        self.mouse = (0, 0)
        session.page.mouse.move(0, 0)
        self._observe_page()

    def _observe_page(self) -> None:
        super()._observe_page()
        if self.task.check is not None and self._page_state.get("fs") is not None:
            self._passed = evaluate(self._spec["check"], self._page_state)
            if self._passed and not self._done:
                self._done, self._reward = True, 1.0

    def _apply(self, action: Any) -> Outcome:
        name = self.action_set.names[int(action["function"])]
        outcome = super()._apply(action)
        if name == "report_infeasible" and outcome.effective:
            self._done, self._reward = True, 1.0 if self.task.infeasible else 0.0
            return Outcome(self._reward, True, True, outcome.info)
        if name == "send_msg_to_user" and outcome.effective and not outcome.terminated:
            self._done, self._reward = True, 0.0
            return Outcome(0.0, True, True, outcome.info)
        return outcome

    def _do(self, name: str, args: dict[str, Any]) -> bool:
        if name == "drag_to":
            page = self.session.page
            tx, ty = self.action_set.to_pixels(args["x"], args["y"])
            page.mouse.move(*self.mouse)
            page.mouse.down()
            page.mouse.move(tx, ty, steps=8)
            page.mouse.up()
            self.mouse = (round(tx), round(ty))
            return False
        return super()._do(name, args)

    # --- observation -------------------------------------------------------------------------------
    def windows_text(self) -> str:
        wins = sorted(self._page_state.get("windows") or [], key=lambda w: -w["z"])
        if not wins:
            return "Windows: none open (the desktop shows its icons and the taskbar)"
        lines = ["Windows (top first, * has the focus):"]
        for w in wins:
            flags = [
                f
                for f, on in (("minimised", w["min"]), ("maximised", w["max"]), ("dialog", w["app"] == "dialog"))
                if on
            ]
            lines.append(
                f"{'*' if w['focused'] else ' '} {w['title']} [{w['app']}] at ({w['x']}, {w['y']}) size {w['w']}x{w['h']}"
                + (f" ({', '.join(flags)})" if flags else "")
            )
        return "\n".join(lines)

    def _rules(self) -> str:
        return f"Task: {self.instruction()}\n{self.windows_text()}" if self._spec else ""

    def _state(self) -> str:
        x, y = self.action_set.from_pixels(*self.mouse)
        lines = [f"Mouse at ({x}, {y}); focused element: {self._tree.focused or 'none'}", "Accessibility tree:",
                 self._tree.text or "(empty page)"]  # fmt: skip
        if self._messages:
            lines.append("Your messages: " + " | ".join(self._messages[-3:]))
        if self._error:
            lines.append(f"Last action failed: {self._error}")
        return "\n".join(lines)

    def _info(self) -> dict[str, Any]:
        return {"success": self._done and self._reward > 0, "task": self.task.name, "infeasible": self.task.infeasible}

    def expert_state(self) -> dict[str, Any]:
        """The oracle's next step as ``{"call": [name, *args]}`` (element ids, screen pixels), or ``None``."""
        solution = self._spec.get("solution", [])
        step = solution[self._steps] if self._steps < len(solution) else None
        return {"call": self._resolve(step) if step else None, "mouse": self.mouse, "solution": solution}

    def _resolve(self, step: tuple[Any, ...]) -> list[Any] | None:
        kind, *args = step
        if kind == "key":
            return ["keyboard_press", args[0]]
        if kind == "type":
            return ["keyboard_type", args[0]]
        if kind == "infeasible":
            return ["report_infeasible", args[0]]
        if kind == "done":
            return ["send_msg_to_user", "done"]
        try:
            found = self.session.page.evaluate("(k) => window.__desk.element(k)", args[0])
        except Exception:
            found = None
        if not found:
            return None
        bid, x, y = found
        if kind in _ELEMENT_STEPS:
            return [_ELEMENT_STEPS[kind], bid, *args[1:]]
        if kind == "drag":
            return ["mouse_drag_and_drop", x, y, x + int(args[1]), y + int(args[2])]
        return ["mouse_click", x, y]
