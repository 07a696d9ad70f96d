"""Web arenas: every task solved by its oracle, the sealed network, stable ids, aliases, failures.

One browser per test module (the ``browser`` fixture holds a lease, so every environment here shares it).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import gymnasium as gym
import numpy as np
import pytest

import omniarena
from omniarena.agents import make_agent

pytest.importorskip("playwright")

from omniarena.arenas.web import miniwob  # noqa: E402
from omniarena.arenas.web.actions import WebActions  # noqa: E402
from omniarena.arenas.web.catalog import TASKS, task_id  # noqa: E402
from omniarena.backends import browser as backend  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
NAMES = [name for name, _, _ in TASKS]


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
        assert info["action"]["valid"], info["action"]
        if terminated or truncated:
            return total, steps, info


def test_at_least_40_tasks_each_registered_and_defined_by_its_page(browser) -> None:
    assert len(NAMES) >= 40
    ids = {info.id for info in omniarena.list_arenas()}
    assert {task_id(name) for name in NAMES} <= ids
    env = omniarena.make(task_id("click-button"))
    env.reset(seed=0)
    defined = env.unwrapped.session.page.evaluate("() => Object.keys(OmniTask.tasks)")
    assert sorted(defined) == sorted(NAMES)
    env.close()


@pytest.mark.parametrize("name", NAMES)
def test_the_oracle_solves_every_task(browser, name: str) -> None:
    env = omniarena.make(task_id(name), observe="text")  # no screenshots: the page's state is what counts
    total, steps, info = solve(env, seed=3)
    assert total == 1.0 and info["success"], (name, steps, info)
    env.close()


def test_seeds_decide_the_content() -> None:
    env = omniarena.make(task_id("login-user"))
    first = env.reset(seed=1)[0]["text"]
    again = env.reset(seed=1)[0]["text"]
    other = env.reset(seed=2)[0]["text"]
    assert first == again and first != other
    assert first.startswith("Task: Log in with username")
    env.close()


def test_a_wrong_answer_ends_with_reward_zero(browser) -> None:
    env = omniarena.make(task_id("click-button"))
    obs, _ = env.reset(seed=0)
    target = env.unwrapped.expert_state()["call"][1]
    others = [line.split("]")[0].strip(" [") for line in obs["text"].splitlines() if "] button '" in line]
    wrong = next(bid for bid in others if bid != target)
    obs, reward, terminated, truncated, info = env.step(f"click('{wrong}')")
    assert terminated and reward == 0.0 and not info["success"]
    env.close()


def test_observation_text_has_the_tree_ids_mouse_and_url(browser) -> None:
    env = omniarena.make(task_id("enter-text"))
    obs, _ = env.reset(seed=5)
    text = obs["text"]
    assert obs["image"].shape == (768, 1024, 3)
    assert "URL: http://omniarena.localhost/web/task.html?task=enter-text&seed=" in text
    assert "Mouse at (0, 0); focused element: none" in text
    box = next(line for line in text.splitlines() if "textbox 'Text:'" in line).strip()
    bid = box.split("]")[0].lstrip("[")
    obs, _, _, _, info = env.step(f"fill('{bid}', 'héllo 世界')")
    assert info["action"]["effective"]
    assert f"[{bid}] textbox 'Text:' value='héllo 世界', focused" in obs["text"]
    assert f"focused element: {bid}" in obs["text"]
    env.close()


def test_element_ids_are_stable_and_new_elements_get_new_ids(browser) -> None:
    env = omniarena.make(task_id("search-engine"), action_mode="native")
    agent = make_agent("expert", env, seed=0)
    obs, _ = env.reset(seed=2)
    before = {
        line.split("]")[1]: line.split("]")[0] for line in obs["text"].splitlines() if line.strip().startswith("[")
    }
    ids_before = set(before.values())
    for _ in range(2):  # fill the query, press Enter: results appear
        obs, *_ = env.step(agent.act(obs))
    lines = [line for line in obs["text"].splitlines() if line.strip().startswith("[")]
    after = {line.split("]")[1]: line.split("]")[0] for line in lines}
    assert before[" button 'Search'"] == after[" button 'Search'"]
    new = [after[k] for k in after if "link" in k]
    assert len(new) == 6 and not set(new) & ids_before
    env.close()


def test_observe_image_drops_the_tree_but_keeps_the_instruction(browser) -> None:
    env = omniarena.make(task_id("click-link"), observe="image")
    obs, _ = env.reset(seed=0)
    assert obs["text"].startswith("Task: Click on the link")
    assert "Accessibility tree" not in obs["text"] and "] link" not in obs["text"]
    assert obs["image"].std() > 0
    env.close()


def test_sealed_network_blocks_fetch_and_refuses_goto(browser) -> None:
    env = omniarena.make(task_id("click-button"))
    env.reset(seed=0)
    session = env.unwrapped.session
    outcome = session.page.evaluate("() => fetch('http://example.com/').then(() => 'reached', () => 'blocked')")
    assert outcome == "blocked" and "http://example.com/" in session.blocked
    obs, reward, terminated, _, info = env.step("goto('http://example.com')")
    assert not info["action"]["effective"] and not terminated
    assert "refused" in info["error"] and "goto('http://example.com') refused" in obs["text"]
    assert session.page.url.startswith(backend.ORIGIN)
    image = session.page.evaluate(
        "() => new Promise(r => { const i = new Image(); i.onload = () => r('loaded'); i.onerror = () => r('blocked');"
        " i.src = 'https://example.org/x.png'; })"
    )
    assert image == "blocked"
    env.close()


def test_a_timed_out_step_reports_and_the_episode_goes_on(browser) -> None:
    env = omniarena.make(task_id("terms-scroll"), timeout_ms=300)
    obs, _ = env.reset(seed=0)
    accept = next(line for line in obs["text"].splitlines() if "button 'Accept'" in line)
    assert "disabled" in accept
    bid = accept.strip().split("]")[0].lstrip("[")
    obs, reward, terminated, truncated, info = env.step(f"click('{bid}')")
    assert not terminated and not info["effective"] and "timed out after 300 ms" in info["error"]
    assert "Last action failed: click timed out" in obs["text"]
    obs, _, _, _, info = env.step("noop()")
    assert info["effective"] and "Last action failed" not in obs["text"]
    env.close()


def test_unknown_ids_and_bad_tabs_are_errors_not_crashes(browser) -> None:
    env = omniarena.make(task_id("click-button"))
    env.reset(seed=0)
    for reply, words in (
        ("click('9999')", "no element with id '9999'"),
        ("tab_focus(3)", "there are 1 tabs"),
        ("tab_close()", "last tab"),
        ("go_back()", "no previous page"),
    ):
        obs, _, terminated, _, info = env.step(reply)
        assert not terminated and not info["effective"] and words in info["error"], (reply, info)
    obs, _, _, _, info = env.step("new_tab()")
    assert info["effective"] and "Tabs:" in obs["text"]
    obs, _, _, _, info = env.step("tab_close()")
    assert info["effective"] and "Tabs:" not in obs["text"]
    env.close()


def test_normalised_coordinates_and_set_of_marks(browser, tmp_path) -> None:
    env = omniarena.make(task_id("click-pixel"), coords="norm1000", set_of_marks=True)
    total, steps, _ = solve(env, seed=4)
    assert total == 1.0 and steps == 1
    plain = omniarena.make(task_id("click-color"))
    marked = omniarena.make(task_id("click-color"), set_of_marks=True)
    a, b = plain.reset(seed=1)[0]["image"], marked.reset(seed=1)[0]["image"]
    assert a.shape == b.shape and (a != b).any(axis=2).mean() > 0.001
    from PIL import Image

    Image.fromarray(b).save(tmp_path / "marks.png")
    plain.close()
    marked.close()
    env.close()


def test_screenshot_size_is_configurable_and_mouse_is_drawn(browser) -> None:
    env = omniarena.make(task_id("click-button"), width=640, height=480, action_mode="native")
    obs, _ = env.reset(seed=0)
    assert obs["image"].shape == (480, 640, 3)
    action_set = env.unwrapped.action_set
    moved, *_ = env.step(action_set.to_native("mouse_move", 600, 400))
    assert "Mouse at (600, 400)" in moved["text"]
    assert not np.array_equal(obs["image"][400:420, 600:612], moved["image"][400:420, 600:612])
    env.close()


def test_same_seed_same_observations_over_a_solution(browser) -> None:
    runs = []
    for _ in range(2):
        env = omniarena.make(task_id("book-flight"))
        agent = make_agent("expert", env, seed=0)
        obs, _ = env.reset(seed=9)
        trace = [obs]
        for _ in range(3):
            obs, *_ = env.step(agent.act(obs))
            trace.append(obs)
        runs.append(trace)
        env.close()
    for a, b in zip(*runs, strict=True):
        assert a["text"] == b["text"]
        np.testing.assert_array_equal(a["image"], b["image"])


def test_vector_envs_share_one_browser_with_a_page_each(browser) -> None:
    envs = gym.vector.SyncVectorEnv([lambda: omniarena.make(task_id("click-option"))] * 2)
    obs, _ = envs.reset(seed=[1, 2])
    sessions = [env.unwrapped.session for env in envs.envs]
    assert sessions[0].browser is sessions[1].browser is browser
    assert sessions[0].page is not sessions[1].page and obs["text"][0] != obs["text"][1]
    envs.close()


def test_aliases_parse_to_canonical_calls() -> None:
    calls = WebActions(1000, 800)
    cases = {
        "click(start_box='<|box_start|>(100,200,120,220)<|box_end|>')": "mouse_click(110, 210)",
        "Action: left_double(start_box='(5,6)')": "mouse_dblclick(5, 6)",
        "right_single(start_box='(5,6)')": "mouse_click(5, 6, button='right')",
        "drag(start_box='(1,2)', end_box='(30,40)')": "mouse_drag_and_drop(1, 2, 30, 40)",
        "type(content='héllo')": "keyboard_type('héllo')",
        "scroll(start_box='(50,60)', direction='up')": "scroll_at(50, 60, 0, -300)",
        "finished(content='42')": "send_msg_to_user('42')",
        'Thought: ok\n{"action": "left_click", "coordinate": [320, 240]}': "mouse_click(320, 240)",
        '{"action": "left_click_drag", "start_coordinate": [1, 2], "coordinate": [3, 4]}': "mouse_drag_and_drop(1, 2, 3, 4)",
        '{"action": "scroll", "coordinate": [10, 20], "scroll_direction": "down", "scroll_amount": 2}': "scroll_at(10, 20, 0, 200)",
        '{"action": "key", "text": "Return"}': "keyboard_press('Enter')",
        "keyboard_press('ctrl+shift+t')": "keyboard_press('Control+Shift+t')",
        "press('3', 'BACK_SPACE')": "press('3', 'Backspace')",
        "<answer>click('12')</answer>": "click('12')",
        "click('12', button='right')": "click('12', button='right')",
    }
    for reply, canonical in cases.items():
        result = calls.parse(reply)
        assert result.ok, (reply, result.error)
        assert calls.format(result.action) == canonical, reply
    for bad in (
        "click(start_box='nowhere')",
        '{"action": "zoom", "coordinate": [1, 2]}',
        "keyboard_press('ctrl+banana')",
    ):
        result = calls.parse(bad)
        assert not result.ok and result.error, bad
    assert calls.parse("mouse_click(1000, 5)").error.startswith("mouse_click: x must be")
    norm = WebActions(1025, 769, coords="norm1000")
    assert norm.to_pixels(1000, 500) == (1024.0, 384.0) and norm.from_pixels(512, 384) == (500, 500)


def test_missing_chromium_is_a_clear_dependency_error(monkeypatch) -> None:
    monkeypatch.setenv("OMNIARENA_CHROMIUM", "/nonexistent/chromium")
    assert backend.find_chromium() is None
    monkeypatch.delenv("OMNIARENA_CHROMIUM")
    monkeypatch.setenv("PATH", "/nonexistent")
    assert backend.find_chromium(None) is None
    assert "apt-get install -y chromium" in backend.INSTALL_HINT


def test_close_leaves_no_chromium_behind() -> None:
    script = textwrap.dedent(
        """
        import omniarena
        from omniarena.backends.browser import chromium_processes
        env = omniarena.make("omniarena/Web-ClickButton-v0")
        env.reset(seed=0)
        env.step("click('1')")
        running = len(chromium_processes())
        env.close()
        print(running, len(chromium_processes()))
        """
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    running, left = map(int, out.stdout.split())
    assert running >= 1 and left == 0


def test_a_killed_browser_is_relaunched_at_the_next_reset(browser) -> None:
    env = omniarena.make(task_id("click-button"))
    env.reset(seed=0)
    generation = browser.generation
    main = [p for p in backend.chromium_processes() if "--type=" not in " ".join(p.cmdline())]
    assert main
    for process in main:
        process.kill()
    obs, _, terminated, _, info = env.step("click('1')")  # the dead browser: an error, not a crash
    assert not info["effective"]
    total, _, _ = solve(env, seed=0)
    assert total == 1.0 and browser.generation == generation + 1
    env.close()


@pytest.mark.slow
@pytest.mark.skipif(not miniwob.tasks(), reason="the miniwob package is not installed")
def test_every_miniwob_task_resets_steps_and_reports_its_reward(browser) -> None:
    infos = [info for info in omniarena.list_arenas() if info.family == "MiniWoB"]
    assert len(infos) >= 100 and {info.kwargs["task"] for info in infos} <= set(miniwob.tasks())
    # One environment walks every task page (a new context per id would cost a third of a second each).
    env = omniarena.make(infos[0].id, width=400, height=300, observe="text")
    failures = []
    for info in infos:
        env.unwrapped.task = info.kwargs["task"]
        obs, _ = env.reset(seed=0)
        if not env.unwrapped.instruction():
            failures.append((info.id, "no instruction"))
        obs, reward, terminated, truncated, step_info = env.step("click('1')")
        if not isinstance(reward, float) or "Task:" not in obs["text"] or "page_reward" not in step_info:
            failures.append((info.id, obs["text"][:200]))
    env.close()
    assert not failures, failures


@pytest.mark.skipif(not miniwob.tasks(), reason="the miniwob package is not installed")
def test_miniwob_click_test_2_rewards_the_right_button(browser) -> None:
    env = omniarena.make("omniarena/MiniWoB-click-test-2-v0")
    obs, _ = env.reset(seed=0)
    assert "Click button ONE." in obs["text"]
    one = next(line for line in obs["text"].splitlines() if "button 'ONE'" in line).strip().split("]")[0].lstrip("[")
    obs, reward, terminated, _, info = env.step(f"click('{one}')")
    assert terminated and reward > 0.5 and info["success"]
    env.close()


def test_asyncio_runs_beside_a_web_env_on_any_thread(browser) -> None:
    """Playwright runs on the browser's own thread: the caller's thread never holds its event loop."""
    import asyncio

    env = omniarena.make(task_id("click-button"), observe="text")
    env.reset(seed=0)
    env.step("noop()")

    async def inside_a_loop() -> str:
        await asyncio.sleep(0)
        obs, _, _, _, info = env.step("noop()")  # a sync step from inside a running loop works too
        assert info["action"]["effective"]
        return obs["text"]

    assert asyncio.run(inside_a_loop()).startswith("Task: ")
    assert asyncio.run(asyncio.sleep(0, result="again")) == "again"
    env.close()


def fields(text: str, role: str) -> list[str]:
    return [line.strip().split("]")[0].lstrip("[") for line in text.splitlines() if f"] {role} '" in line]


def test_several_actions_per_reply_run_in_order_and_are_capped(browser) -> None:
    env = omniarena.make(task_id("enter-text"), max_actions=3)
    obs, _ = env.reset(seed=5)
    box = fields(obs["text"], "textbox")[0]
    button = fields(obs["text"], "button")[0]
    word = env.unwrapped.expert_state()["call"][2]  # the oracle's fill('<box>', '<word>')
    too_many = "<answer>\n" + "\n".join(["noop()"] * 4) + "\n</answer>"
    obs, _, terminated, _, info = env.step(too_many)
    assert not info["action"]["valid"] and "at most 3" in info["action"]["error"] and not terminated
    # A failing call stops the reply there: the fill before it stays done, the click after it is skipped.
    obs, _, terminated, _, info = env.step(f"<answer>fill('{box}', 'x')\nclick('nope')\nclick('{button}')</answer>")
    assert not terminated and info["calls_done"] == 1 and not info["action"]["effective"]
    assert info["error"].startswith("call 2 of 3 (click('nope')): no element with id 'nope'")
    assert f"[{box}] textbox 'Text:' value='x'" in obs["text"]
    obs, reward, terminated, _, info = env.step(f"<answer>\nfill('{box}', '{word}')\nclick('{button}')\n</answer>")
    assert terminated and reward == 1.0 and info["success"] and info["calls_done"] == 2
    env.close()


def test_call_queues_parse_every_alias_and_keep_one_call_replies_as_they_were() -> None:
    from omniarena.core.queue import CallQueueActions

    single = WebActions(1000, 1000)
    queue = CallQueueActions(single, 4)
    result = queue.parse(
        "Plan: <answer>click(start_box='(10,20)')\ntype(content='hi')\nhotkey(key=\"ctrl a\")</answer>"
    )
    assert result.ok, result.error
    assert queue.format(result.action) == "mouse_click(10, 20)\nkeyboard_type('hi')\nkeyboard_press('Control+a')"
    json_reply = '<answer>{"action": "left_click", "coordinate": [5, 6]} {"action": "key", "text": "Return"}</answer>'
    assert queue.format(queue.parse(json_reply).action) == "mouse_click(5, 6)\nkeyboard_press('Enter')"
    assert queue.parse(queue.format(result.action)).action == result.action  # canonical text reads back
    one = queue.parse("I will click: click('12')")
    assert one.ok and queue.calls_of(one.action) == [single.parse("click('12')").action]
    prose = queue.parse("Either click('1') or click('2').")  # no explicit answer: ambiguity, as with one call
    assert not prose.ok and "ambiguous" in prose.error
    bad = queue.parse("<answer>click('1'); press('2', 'Hyper')</answer>")
    assert not bad.ok and bad.error.startswith("call 2 of 2") and "unknown key 'Hyper'" in bad.error
    rng = np.random.default_rng(0)
    for _ in range(20):
        sampled = queue.sample_legal(rng)
        assert queue.is_legal(sampled) and queue.native_space().contains(sampled)
        assert queue.parse(f"<answer>{queue.format(sampled)}</answer>").ok
