"""WebArena: one task page in a real Chromium (Playwright), observed as a screenshot plus accessibility text.

Observation ``{"image": H x W x 3 uint8 (the viewport, default 768x1024, the mouse drawn as an arrow;
set_of_marks=True also boxes each element with its id), "text": the instruction, the URL and tabs,
the accessibility tree with stable ids ("[12] button 'Submit'"), the focused element, the mouse
position, the last action's error and the page's dialogs}``. ``observe="image"`` keeps the instruction
and drops the rest of the words.

Actions: :class:`~omniarena.arenas.web.actions.WebActions` (BrowserGym's element calls, pixel calls,
UI-TARS and computer-use aliases); ``max_actions=N`` (2..16) lets a reply hold up to N of them, carried
out in order (:class:`~omniarena.core.queue.CallQueueActions`), stopping at the first that fails. An action that fails (no such id, a time-out, a refused address)
changes nothing, is reported as not effective (``info["effective"]``, ``info["error"]``) and its error
shows in the next text; the episode goes on. ``goto`` outside the arena's own pages is refused, and
every request a page makes outside them is aborted (``info["blocked"]`` counts them).

Reward: the page computes it (1 for success, 0 for a wrong final step) and the episode ends when the
page says done. A crashed browser is relaunched at the next ``reset``; ``close`` gives the browser back
(the last environment of a process closes Chromium).
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode, urljoin

import numpy as np
from PIL import Image, ImageDraw

from omniarena.arenas.web.actions import ELEMENT_ACTIONS, web_actions, web_call_queue
from omniarena.arenas.web.catalog import ASSETS, TASKS
from omniarena.backends import browser as backend
from omniarena.backends.pagetree import EMPTY, TREE_SCRIPT, read_page, selector
from omniarena.core.arena import Arena, Outcome
from omniarena.core.draw import font
from omniarena.core.queue import CallQueueActions

__all__ = ["WebArena", "TaskArena"]

logger = logging.getLogger(__name__)

_STATE_JS = "() => window.__omni ? window.__omni.state() : null"


class ActionError(Exception):
    """An action that could not be done; its message goes to the agent."""


class WebArena(Arena):
    """Base of the browser arenas: subclasses say which page to load and how to read its reward."""

    metadata = {"render_modes": ["rgb_array", "ansi"], "render_fps": 2}
    STATE_JS = _STATE_JS
    """A JS function returning the page's {"instruction", "reward", "done"} (default: omniarena's task runtime)."""

    def __init__(
        self,
        width: int = 1024,
        height: int = 768,
        coords: str = "pixels",
        set_of_marks: bool = False,
        jpeg_quality: int | None = 90,
        tree_lines: int = 400,
        timeout_ms: int = 2000,
        max_actions: int = 1,
        render_mode: str | None = None,
    ) -> None:
        if not (64 <= int(width) <= 4096 and 64 <= int(height) <= 4096):
            raise ValueError(f"width and height must be 64..4096 pixels, got {width}x{height}")
        if jpeg_quality is not None and not 1 <= int(jpeg_quality) <= 100:
            raise ValueError(f"jpeg_quality must be 1..100 or None (PNG), got {jpeg_quality}")
        if int(timeout_ms) < 100:
            raise ValueError(f"timeout_ms must be at least 100, got {timeout_ms}")
        if not 1 <= int(max_actions) <= 16:
            raise ValueError(f"max_actions must be 1..16 (calls carried out per reply), got {max_actions}")
        self.calls = web_actions(int(width), int(height), coords)
        actions = web_call_queue(int(width), int(height), coords, int(max_actions)) if max_actions > 1 else self.calls
        super().__init__(actions, (int(height), int(width)), render_mode)
        self.width, self.height = int(width), int(height)
        self.set_of_marks = bool(set_of_marks)
        self.jpeg_quality = jpeg_quality
        self.tree_lines = int(tree_lines)
        self.timeout_ms = int(timeout_ms)
        self._browser: backend.Browser | None = None
        self._session: backend.Session | None = None
        self._tree = EMPTY
        self._page_state: dict[str, Any] = {}
        self._error: str | None = None
        self._messages: list[str] = []
        self.mouse = (0, 0)
        self._reward = 0.0
        self._done = False

    # --- what subclasses fill in -------------------------------------------------------------------
    def site(self) -> backend.Site:
        raise NotImplementedError

    def start_url(self, seed: int) -> str:
        raise NotImplementedError

    def instruction(self) -> str:
        return str(self._page_state.get("instruction") or "")

    # --- browser -------------------------------------------------------------------------------------
    @property
    def session(self) -> backend.Session:
        if self._session is None:
            self._browser = backend.acquire()
            try:
                self._session = self._browser.session(self.site(), (self.width, self.height), self.timeout_ms)
            except Exception:
                self._browser.release()
                self._browser = None
                raise
            self._session.add_init_script(TREE_SCRIPT)
        return self._session

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None
        if self._browser is not None:
            self._browser.release()
            self._browser = None
        super().close()

    # --- hooks (each runs in one hop on the browser's Playwright thread) ------------------------------
    def _on_browser(self, fn: Any, *args: Any) -> Any:
        return self.session.browser.run(fn, *args)

    def _new_episode(self, options: dict[str, Any]) -> None:
        seed = int(self.np_random.integers(0, 2**31 - 1))
        self._on_browser(self._start, seed, options)

    def _start(self, seed: int, options: dict[str, Any]) -> None:
        """Load the page for ``seed`` and read it (on the Playwright thread)."""
        session = self.session
        try:
            session.load(self.start_url(seed))
        except Exception as exc:  # a browser that died between episodes: relaunch once
            logger.warning("reset failed (%r); relaunching the browser", exc)
            session.close()
            session.load(self.start_url(seed))
        self._error = None
        self._messages = []
        self._reward, self._done = 0.0, False
        self.mouse = (0, 0)
        session.page.mouse.move(0, 0)
        self._observe_page()

    def _apply(self, action: Any) -> Outcome:
        return self._on_browser(self._act, action)

    def _act(self, action: Any) -> Outcome:
        """Carry out the reply's calls in order (one, or up to ``max_actions``); stop at the first that fails
        or once the episode ends. Effective when every call was done; ``info["calls_done"]`` counts them."""
        queue = self.action_set if isinstance(self.action_set, CallQueueActions) else None
        calls = queue.calls_of(action) if queue is not None else [action]
        calls_set = self.calls
        self._error = None
        blocked_before = len(self.session.blocked)
        terminated, effective, done = False, True, 0
        for number, call in enumerate(calls):
            index = int(call["function"])
            name = calls_set.names[index]
            args = {p.name: call[f"{name}.{p.name}"] for p in calls_set.functions[index].params}
            try:
                terminated = self._do(name, args)
            except ActionError as exc:
                self._error, effective = str(exc), False
            except Exception as exc:  # Playwright's TimeoutError and Error: report, keep the episode
                self._error, effective = _playwright_error(name, exc, self.timeout_ms), False
            if not effective:
                if len(calls) > 1:
                    self._error = f"call {number + 1} of {len(calls)} ({calls_set.format(call)}): {self._error}"
                break
            done += 1
            if terminated or number == len(calls) - 1:
                break
            self._observe_page()  # the page may have ended the episode, or changed what the next call sees
            if self._done:
                break
        self._observe_page()
        reward = 0.0
        if self._done and not terminated:
            reward, terminated = self._reward, True
        info: dict[str, Any] = {"blocked": len(self.session.blocked) - blocked_before}
        if queue is not None:
            info["calls_done"] = done
        if self._error:
            info["error"] = self._error
        return Outcome(reward, terminated, effective, info)

    def _observe_page(self) -> None:
        """Read the tree (assigning ids), the page's reward and done flag, once per state."""
        session = self.session
        for attempt in range(3):
            try:
                page = session.page
                if attempt:  # a navigation was under way: wait for the new page
                    page.wait_for_load_state("load", timeout=self.timeout_ms)
                self._tree, state = read_page(page, self.tree_lines, self.STATE_JS)
                break
            except Exception as exc:  # a navigation in progress destroys the context: read again
                if attempt == 2:
                    self._tree, state = EMPTY, {}
                    self._error = self._error or f"could not read the page: {_first_line(exc)}"
        self._page_state = state or {}
        if self._page_state.get("done") and not self._done:
            self._done = True
            self._reward = float(self._page_state.get("reward") or 0.0)

    def _do(self, name: str, args: dict[str, Any]) -> bool:
        """Carry out one call; True when it ends the episode. ``ActionError`` for what cannot be done."""
        session = self.session
        page = session.page
        t = self.timeout_ms
        if name in ELEMENT_ACTIONS:
            bid = str(args.get("bid", args.get("from_bid"))).strip()
            target = self._element(page, bid)
            if name == "click":
                target.click(button=_button(args["button"]), timeout=t)
            elif name == "dblclick":
                target.dblclick(button=_button(args["button"]), timeout=t)
            elif name == "hover":
                target.hover(timeout=t)
            elif name == "fill":
                target.fill(args["value"], timeout=t)
            elif name == "clear":
                target.clear(timeout=t)
            elif name == "focus":
                target.focus(timeout=t)
            elif name == "select_option":
                self._select(target, args["options"])
            elif name == "press":
                target.press(args["key_comb"], timeout=t)
            elif name == "drag_and_drop":
                target.drag_to(self._element(page, args["to_bid"]), timeout=t)
            self._mouse_to(bid if name != "drag_and_drop" else str(args["to_bid"]).strip())
            return False
        if name in ("mouse_click", "mouse_dblclick", "mouse_move", "scroll_at"):
            x, y = self.calls.to_pixels(args["x"], args["y"])
            page.mouse.move(x, y)
            self.mouse = (round(x), round(y))
            if name == "mouse_click":
                page.mouse.click(x, y, button=_button(args["button"]))
            elif name == "mouse_dblclick":
                page.mouse.dblclick(x, y, button=_button(args["button"]))
            elif name == "scroll_at":
                page.mouse.wheel(args["delta_x"], args["delta_y"])
            return False
        if name == "mouse_drag_and_drop":
            fx, fy = self.calls.to_pixels(args["from_x"], args["from_y"])
            tx, ty = self.calls.to_pixels(args["to_x"], args["to_y"])
            page.mouse.move(fx, fy)
            page.mouse.down()
            page.mouse.move(tx, ty, steps=8)
            page.mouse.up()
            self.mouse = (round(tx), round(ty))
            return False
        if name == "scroll":
            page.mouse.wheel(args["delta_x"], args["delta_y"])
            return False
        if name == "keyboard_type":
            page.keyboard.type(args["text"])
            return False
        if name == "keyboard_press":
            page.keyboard.press(args["key"])
            return False
        return self._browser_call(name, args)

    def _browser_call(self, name: str, args: dict[str, Any]) -> bool:
        session = self.session
        page = session.page
        if name == "goto":
            url = urljoin(page.url, args["url"].strip()) if page.url.startswith("http") else args["url"].strip()
            if not session.site.is_local(url):
                raise ActionError(
                    f"goto({args['url']!r}) refused: this arena is sealed from the internet; only its own pages "
                    f"under {backend.ORIGIN}/ load"
                )
            page.goto(url, wait_until="load")
        elif name == "go_back":
            if page.go_back(wait_until="load") is None:
                raise ActionError("go_back: there is no previous page in this tab")
        elif name == "go_forward":
            if page.go_forward(wait_until="load") is None:
                raise ActionError("go_forward: there is no next page in this tab")
        elif name == "new_tab":
            session.page.context.new_page()
        elif name == "tab_focus":
            index = int(args["index"])
            if index >= len(session.pages):
                raise ActionError(
                    f"tab_focus({index}): there are {len(session.pages)} tabs (0..{len(session.pages) - 1})"
                )
            session.active = index
            session.page.bring_to_front()
        elif name == "tab_close":
            if len(session.pages) == 1:
                raise ActionError("tab_close: this is the last tab; it stays open")
            page.close()
            session.page.bring_to_front()
        elif name == "noop":
            if args["wait_ms"]:
                page.wait_for_timeout(int(args["wait_ms"]))
        elif name == "send_msg_to_user":
            self._messages.append(args["text"])
            page.evaluate("(t) => window.__omni && window.__omni.message(t)", args["text"])
        elif name == "report_infeasible":
            self._messages.append(f"(infeasible) {args['reason']}")
            return True
        return False

    def _element(self, page: Any, bid: Any) -> Any:
        bid = str(bid).strip()
        if not bid:
            raise ActionError("an element id is needed, e.g. click('12'); ids are the [numbers] in the tree")
        if bid not in self._tree.ids:  # ids exist once a tree has shown them: no round trip to the page
            raise ActionError(f"no element with id {bid!r} on this page; ids are the [numbers] in the tree")
        return page.locator(selector(bid)).first

    def _select(self, target: Any, option: str) -> None:
        try:
            target.select_option(label=option, timeout=self.timeout_ms)
        except Exception:
            try:
                target.select_option(value=option, timeout=self.timeout_ms)
            except Exception as exc:
                raise ActionError(f"select_option: no option {option!r} in that list ({_first_line(exc)})") from None

    def _mouse_to(self, bid: str) -> None:
        """Playwright moved the mouse to the element's centre: where the tree (before the action) boxed it."""
        box = self._tree.box(bid)
        if box:
            x, y = box[0] + box[2] / 2, box[1] + box[3] / 2
            self.mouse = (round(min(max(x, 0), self.width - 1)), round(min(max(y, 0), self.height - 1)))

    # --- observation ---------------------------------------------------------------------------------
    def render(self) -> np.ndarray | str | None:
        if self.render_mode == "rgb_array":  # the observation's image: one screenshot per state
            return self.observation()["image"]
        return super().render()

    def _state(self) -> str:
        return self._on_browser(self._describe) if self._session is not None else self._describe()

    def _draw(self) -> np.ndarray:
        try:
            image = self.session.screenshot(self.jpeg_quality)
        except Exception as exc:
            logger.warning("screenshot failed: %r", exc)
            return np.full((self.height, self.width, 3), 255, np.uint8)
        if image.shape[:2] != (self.height, self.width):  # a page that resized the window: keep the space
            image = np.asarray(Image.fromarray(image).resize((self.width, self.height)))
        return draw_overlay(image, self.mouse, self._tree.marks if self.set_of_marks else ())

    def _rules(self) -> str:
        return f"Task: {self.instruction()}" if self.instruction() else ""

    def _describe(self) -> str:
        session = self._session
        lines = []
        if session is not None and session.pages:
            tabs = []
            for i, page in enumerate(session.pages):
                marker = "*" if i == session.active else " "
                try:
                    url = page.url
                except Exception:
                    url = "?"
                tabs.append(f"{marker}[{i}] {url}")
            lines.append(f"URL: {session.page.url}")
            if len(tabs) > 1:
                lines.append("Tabs: " + "  ".join(tabs))
        x, y = self.calls.from_pixels(*self.mouse)
        lines.append(f"Mouse at ({x}, {y}); focused element: {self._tree.focused or 'none'}")
        if self._tree.scroll != (0, 0):
            lines.append(f"Page scrolled to {self._tree.scroll[0]}, {self._tree.scroll[1]}")
        lines.append("Accessibility tree:")
        lines.append(self._tree.text or "(empty page)")
        if session is not None and session.dialogs:
            lines.append("Dialogs: " + "; ".join(session.dialogs[-3:]))
        if self._messages:
            lines.append("Your messages: " + " | ".join(self._messages[-3:]))
        if self._error:
            lines.append(f"Last action failed: {self._error}")
        return "\n".join(lines)

    def _info(self) -> dict[str, Any]:
        return {"success": self._done and self._reward > 0, "page_reward": self._reward}

    def expert_state(self) -> dict[str, Any]:
        """The page oracle's next step, ``{"call": [name, *args]}`` with element ids (or ``None``)."""
        try:
            step = self.session.page.evaluate(
                "() => window.__omni && window.__omni.oracle ? window.__omni.oracle() : null"
            )  # one call: one hop
        except Exception:
            step = None
        return {"call": step, "mouse": self.mouse}


class TaskArena(WebArena):
    """One of omniarena's own web tasks (:data:`~omniarena.arenas.web.catalog.TASKS`)."""

    def __init__(self, task: str = "click-button", **kwargs: Any) -> None:
        names = [name for name, _, _ in TASKS]
        if task not in names:
            raise ValueError(f"unknown web task {task!r}; tasks: {', '.join(names)}")
        super().__init__(**kwargs)
        self.task = task

    def site(self) -> backend.Site:
        return backend.Site().mount("/web/", ASSETS)

    def start_url(self, seed: int) -> str:
        return f"{backend.ORIGIN}/web/task.html?{urlencode({'task': self.task, 'seed': seed})}"


def _button(index: Any) -> str:
    return ("left", "middle", "right")[int(index)]


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else type(exc).__name__


def _playwright_error(name: str, exc: BaseException, timeout_ms: int) -> str:
    if type(exc).__name__ == "TimeoutError":
        return f"{name} timed out after {timeout_ms} ms (the element may be hidden, covered or disabled)"
    return f"{name} failed: {_first_line(exc)}"


def draw_overlay(image: np.ndarray, mouse: tuple[int, int], marks: Any = ()) -> np.ndarray:
    """The screenshot with set-of-marks boxes and ids, and the mouse as a small arrow."""
    canvas = Image.fromarray(image)
    draw = ImageDraw.Draw(canvas)
    if marks:
        label_font = font(11)
        for bid, x, y, w, h, interactive in marks:
            if not interactive or w <= 0 or h <= 0:
                continue
            draw.rectangle((x, y, x + w, y + h), outline=(230, 30, 120), width=1)
            tw = 7 * len(bid) + 4
            draw.rectangle((x, max(0, y - 13), x + tw, max(13, y)), fill=(230, 30, 120))
            draw.text((x + 2, max(0, y - 13)), bid, fill=(255, 255, 255), font=label_font)
    mx, my = mouse
    arrow = [
        (mx, my),
        (mx, my + 16),
        (mx + 4, my + 12),
        (mx + 8, my + 19),
        (mx + 10, my + 18),
        (mx + 6, my + 11),
        (mx + 11, my + 11),
    ]
    draw.polygon(arrow, fill=(255, 255, 255), outline=(0, 0, 0))
    return np.asarray(canvas)
