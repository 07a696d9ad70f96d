"""Desktop arenas in a real Chromium: every oracle succeeds, infeasible tasks, reset, observation, aliases.

One browser per test module (the ``browser`` fixture holds a lease, so every environment here shares it).
"""

from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest

import omniarena
from omniarena.agents import make_agent

pytest.importorskip("playwright")

from omniarena.arenas.desktop.actions import DesktopActions  # noqa: E402
from omniarena.arenas.desktop.tasks import TASKS, task_id  # noqa: E402
from omniarena.backends import browser as backend  # noqa: E402

NAMES = [t.name for t in TASKS]
PATIENT = 10_000  # ms: a loaded test machine can take over the default 2 s for a double click
INFEASIBLE = [t.name for t in TASKS if t.infeasible]


@pytest.fixture(scope="module")
def browser():
    lease = backend.acquire()
    try:
        lease.ensure()
    except gym.error.DependencyNotInstalled as exc:
        lease.release()
        pytest.skip(str(exc))
    yield lease
    lease.release()


def solve(env, seed: int) -> tuple[float, int, dict]:
    agent = make_agent("expert", env, arena_id=env.spec.id if env.spec else None, seed=0)
    obs, info = env.reset(seed=seed)
    agent.reset()
    total, steps = 0.0, 0
    while True:
        obs, reward, terminated, truncated, info = env.step(agent.act(obs))
        total += reward
        steps += 1
        assert info["action"]["valid"] and "Last action failed" not in obs["text"], (
            steps,
            info["action"],
            obs["text"][-300:],
        )
        if terminated or truncated:
            return total, steps, info


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_the_oracle_solves_every_task(browser, name: str) -> None:
    env = omniarena.make(task_id(name), observe="text", timeout_ms=PATIENT)
    total, steps, info = solve(env, seed=11)
    assert total == 1.0 and info["success"], (name, steps, info)
    env.close()


@pytest.mark.parametrize("name", ["attachment-rename", "windows-move-right", "sheet-new-table"])
def test_oracles_on_another_seed(browser, name: str) -> None:
    env = omniarena.make(task_id(name), observe="text", timeout_ms=PATIENT)
    total, _, info = solve(env, seed=2)
    assert total == 1.0 and info["success"]
    env.close()


def test_infeasible_tasks_succeed_only_when_reported(browser) -> None:
    env = omniarena.make(task_id(INFEASIBLE[0]), observe="text")
    env.reset(seed=0)
    _, reward, terminated, _, info = env.step("DONE")
    assert terminated and reward == 0.0 and not info["success"]
    env.reset(seed=0)
    _, reward, terminated, _, info = env.step('{"action_type": "FAIL"}')
    assert terminated and reward == 1.0 and info["success"]
    env.close()
    feasible = omniarena.make(task_id("files-rename"), observe="text")
    feasible.reset(seed=0)
    _, reward, terminated, _, info = feasible.step("report_infeasible('cannot')")
    assert terminated and reward == 0.0 and not info["success"]
    feasible.close()


def test_observation_reset_and_determinism(browser) -> None:
    env = omniarena.make(task_id("windows-close-restore"))
    obs, _ = env.reset(seed=7)
    assert obs["image"].shape == (800, 1280, 3) and obs["image"].std() > 10
    text = obs["text"]
    assert text.startswith("Task: Close the Settings window")
    assert "* Settings [settings]" in text and "(minimised)" in text and "Accessibility tree:" in text
    assert "Mouse at (0, 0)" in text
    arena = env.unwrapped
    page, generation = arena.session.page, arena.session.browser.generation
    page.evaluate("() => { window.__sameDocument = true; }")
    env.step("mouse_dblclick(53, 196)")  # the Mail icon: a third window opens
    env.step("keyboard_press('ctrl+nonsense')")  # an invalid key: a parse error, the state unchanged
    assert "Mail" in arena.windows_text()
    again, _ = env.reset(seed=7)
    assert again["text"] == text  # the same seed: the same state, ids and words
    assert page.evaluate("() => window.__sameDocument === true") and arena.session.browser.generation == generation
    assert np.abs(again["image"].astype(int) - obs["image"].astype(int)).mean() < 1.0
    env.close()
    image_only = omniarena.make(task_id("windows-close-restore"), observe="image")
    words = image_only.reset(seed=7)[0]["text"]
    assert "Task:" in words and "* Settings [settings]" in words and "Accessibility tree" not in words
    image_only.close()


def test_window_manager_blocking_dialogs_and_stable_ids(browser) -> None:
    env = omniarena.make(task_id("files-rename"), observe="text", width=1280, height=800)
    env.reset(seed=0)
    arena = env.unwrapped
    obs, *_ = env.step("DOUBLE_CLICK(x=53, y=43)")  # computer_13: the Files icon
    assert "* Files" in obs["text"]
    rename = arena.session.page.evaluate("() => window.__desk.element('files/files-rename')")
    place = arena.session.page.evaluate("() => window.__desk.element('files/place:Documents')")
    env.step(f"click('{place[0]}')")
    item = arena.session.page.evaluate("() => window.__desk.element('files/item:/Home/Documents/todo.txt')")
    env.step(f"click('{item[0]}')")
    obs, *_ = env.step(f"click('{rename[0]}')")  # re-rendered three times since: the same id
    assert "* Rename [dialog]" in obs["text"]
    before = arena._page_state["fs"]
    obs, _, _, _, info = env.step(f"mouse_click({place[1]}, {place[2]})")  # the blocked parent: nothing happens
    assert arena._page_state["fs"] == before and "* Rename [dialog]" in obs["text"]
    env.step("keyboard_press('Escape')")
    title = arena.session.page.evaluate("() => window.__desk.element('files/titlebar')")
    env.step(f"mouse_move({title[1]}, {title[2]})")
    obs, *_ = env.step(f"DRAG_TO(x={title[1] + 300}, y={title[2] + 100})")
    files = next(w for w in arena._page_state["windows"] if w["app"] == "files")
    assert (files["x"], files["y"]) == (150 + 300, 40 + 100)
    maxi = arena.session.page.evaluate("() => window.__desk.element('files/maximise')")
    env.step(f"click('{maxi[0]}')")
    assert next(w for w in arena._page_state["windows"] if w["app"] == "files")["max"]
    mini = arena.session.page.evaluate("() => window.__desk.element('files/minimise')")
    obs, *_ = env.step(f"click('{mini[0]}')")
    assert "(minimised" in obs["text"] and "Windows" in obs["text"]
    env.close()


def test_computer_13_aliases_parse_to_canonical_calls() -> None:
    calls = DesktopActions(1280, 800)
    cases = {
        '{"action_type": "CLICK", "x": 10, "y": 20}': "mouse_click(10, 20)",
        '{"action_type": "RIGHT_CLICK", "x": 10, "y": 20}': "mouse_click(10, 20, button='right')",
        "DOUBLE_CLICK(x=3, y=4)": "mouse_dblclick(3, 4)",
        "MOUSE_MOVE(5, 6)": "mouse_move(5, 6)",
        "DRAG_TO(x=7, y=8)": "drag_to(7, 8)",
        "SCROLL(dx=0, dy=-3)": "scroll(0, 300)",
        "TYPING(text='hi')": "keyboard_type('hi')",
        "PRESS(key='enter')": "keyboard_press('Enter')",
        "HOTKEY(keys=['ctrl', 'shift', 't'])": "keyboard_press('Control+Shift+t')",
        "WAIT": "noop(wait_ms=1000)",
        "DONE": "send_msg_to_user('DONE')",
        "Thought: stuck. Action: FAIL": "report_infeasible('FAIL')",
        "click(start_box='(100,200)')": "mouse_click(100, 200)",  # UI-TARS, from the Web set
        '{"action": "left_click", "coordinate": [5, 9]}': "mouse_click(5, 9)",  # computer use
    }
    for text, canonical in cases.items():
        result = calls.parse(text)
        assert result.ok and calls.format(result.action) == canonical, (text, result)
    assert not calls.parse("CLICK(button='left')").ok
    assert not calls.parse("goto('http://example.com')").ok  # no address bar on the desktop
    norm = DesktopActions(1280, 800, coords="norm1000")
    assert norm.to_pixels(1000, 1000) == (1279.0, 799.0)
