"""Web arena step and reset latency on MiniWoB's click-test-2, beside raw Playwright and BrowserGym.

A step is what an agent waits for: the action, the screenshot (1024x768 JPEG, decoded) and the
accessibility text. One episode of click-test-2 is a reset and one click on the named button, so the
step's median and the reset's median come from the same episodes. Rows, one JSON line each:

- ``omniarena``: ``omniarena.make("omniarena/MiniWoB-click-test-2-v0")``, text actions;
- ``omniarena-task``: a non-final step of our own click-checkboxes task (the page stays up);
- ``playwright``: raw Playwright on the same page and browser: click, JPEG screenshot, decode, ARIA snapshot
  (the floor any Playwright-based environment stands on);
- ``browsergym`` and ``browsergym-delay0``: BrowserGym's ``browsergym/miniwob.click-test-2`` with its default
  ``pre_observation_delay`` (0.5 s) and with 0, run by ``benchmarks/web_browsergym.py`` in the interpreter
  given by ``--browsergym-python`` (its own virtualenv: ``browsergym-miniwob`` pins its own Playwright).
  Rounds alternate between the tools, so a busy machine slows them alike; read the ratios.

    python benchmarks/web.py [--episodes 30] [--rounds 2] [--browsergym-python benchmarks/.venv-browsergym/bin/python]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

import omniarena
from omniarena.arenas.web import miniwob
from omniarena.backends import browser as backend

HERE = Path(__file__).resolve().parent


def ms(values: list[float]) -> float:
    return round(1000 * statistics.median(values), 1)


def button(text: str, label: str) -> str:
    line = next(line for line in text.splitlines() if f"button '{label}'" in line)
    return line.strip().split("]")[0].lstrip("[")


def omniarena_rows(episodes: int) -> list[dict[str, Any]]:
    env = omniarena.make("omniarena/MiniWoB-click-test-2-v0", width=1024, height=768)
    resets, steps, rewards = [], [], []
    env.reset(seed=10_000)  # warm: the first context and page
    for seed in range(episodes):
        start = time.perf_counter()
        obs, _ = env.reset(seed=seed)
        resets.append(time.perf_counter() - start)
        target = "ONE" if "ONE" in env.unwrapped.instruction() else "TWO"
        start = time.perf_counter()
        obs, reward, *_ = env.step(f"click('{button(obs['text'], target)}')")
        steps.append(time.perf_counter() - start)
        rewards.append(reward)
    env.close()
    task = omniarena.make("omniarena/Web-ClickCheckboxes-v0")
    task_steps = []
    for seed in range(max(3, episodes // 5)):
        obs, _ = task.reset(seed=seed)
        boxes = [line.strip().split("]")[0].lstrip("[") for line in obs["text"].splitlines() if "] checkbox" in line]
        for bid in boxes[:3]:
            start = time.perf_counter()
            obs, *_ = task.step(f"click('{bid}')")
            task_steps.append(time.perf_counter() - start)
    task.close()
    return [
        {"tool": "omniarena", "task": "miniwob.click-test-2", "episodes": episodes, "step_ms": ms(steps),
         "reset_ms": ms(resets), "mean_reward": round(float(np.mean(rewards)), 3)},
        {"tool": "omniarena-task", "task": "Web-ClickCheckboxes (non-final steps)", "steps": len(task_steps),
         "step_ms": ms(task_steps)},
    ]  # fmt: skip


def playwright_row(episodes: int) -> dict[str, Any]:
    from PIL import Image

    lease = backend.acquire()
    session = lease.session(backend.Site().mount("/miniwob/", miniwob.html_dir()), (1024, 768))
    url = f"{backend.ORIGIN}/miniwob/miniwob/click-test-2.html"
    steps, loads = [], []
    for seed in range(episodes):
        start = time.perf_counter()
        session.load(url)
        session.page.evaluate("(s) => { Math.seedrandom(String(s)); core.startEpisodeReal(); }", seed)
        loads.append(time.perf_counter() - start)
        start = time.perf_counter()
        session.page.locator("#subbtn").click(force=True)  # the buttons may overlap: click where ONE is
        data = session.page.screenshot(type="jpeg", quality=90)
        np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))
        session.page.locator("body").aria_snapshot()
        steps.append(time.perf_counter() - start)
    session.close()
    lease.release()
    return {"tool": "playwright", "task": "miniwob.click-test-2", "episodes": episodes, "step_ms": ms(steps),
            "reset_ms": ms(loads)}  # fmt: skip


def browsergym_rows(python: str, episodes: int) -> list[dict[str, Any]]:
    url = f"file://{miniwob.html_dir()}/miniwob/"
    rows = []
    for delay in (0.5, 0.0):
        done = subprocess.run(
            [python, str(HERE / "web_browsergym.py"), "--episodes", str(episodes), "--delay", str(delay)],
            capture_output=True, text=True, timeout=1800, env={**os.environ, "MINIWOB_URL": url},
        )  # fmt: skip
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        if done.returncode != 0 or not lines:
            rows.append({"tool": "browsergym", "delay": delay, "error": done.stderr.strip().splitlines()[-3:]})
        else:
            rows.append(json.loads(lines[-1]))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--episodes", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=2)
    default_peer = HERE / ".venv-browsergym" / "bin" / "python"
    parser.add_argument("--browsergym-python", default=str(default_peer) if default_peer.exists() else None)
    args = parser.parse_args()
    if miniwob.html_dir() is None:
        sys.exit('the miniwob package is needed: pip install "omniarena[web]"')
    results: dict[str, list[dict[str, Any]]] = {}
    for _ in range(args.rounds):
        for row in [*omniarena_rows(args.episodes), playwright_row(args.episodes)]:
            results.setdefault(row["tool"], []).append(row)
        if args.browsergym_python:
            for row in browsergym_rows(args.browsergym_python, args.episodes):
                results.setdefault(row["tool"], []).append(row)
    best: dict[str, dict[str, Any]] = {}
    for tool, rows in results.items():
        good = [r for r in rows if "step_ms" in r]
        best[tool] = min(good, key=lambda r: r["step_ms"]) if good else rows[-1]
        print(json.dumps({**best[tool], "rounds": len(rows), "all_step_ms": [r.get("step_ms") for r in rows]}))
    ours = best["omniarena"]
    for peer in ("browsergym", "browsergym-delay0"):
        if peer in best and "step_ms" in best[peer]:
            print(json.dumps({"ratio": f"{peer} / omniarena", "step": round(best[peer]["step_ms"] / ours["step_ms"], 1),
                              "reset": round(best[peer]["reset_ms"] / ours["reset_ms"], 1)}))  # fmt: skip
    if not args.browsergym_python:
        print(json.dumps({"browsergym": "not measured: pass --browsergym-python (a venv with browsergym-miniwob)"}))
    print(json.dumps({"machine": platform.machine(), "cpus": os.cpu_count(), "load_1min": os.getloadavg()[0],
                      "python": platform.python_version(), "chromium": backend.acquire().ensure().version}))  # fmt: skip
    backend.acquire().shutdown()


if __name__ == "__main__":
    main()
