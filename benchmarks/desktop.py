"""Desktop arena step and reset latency at 1280x800, beside the Web arena's own step, plus random-agent success.

A step is what an agent waits for: the action (a click on the Files window's sidebar, which re-renders
the window), the screenshot (1280x800 JPEG, decoded) and the text (windows, accessibility tree). A reset
reloads the seeded state inside the open page. Rows, one JSON line each:

- ``desktop-step`` / ``desktop-reset``: ``omniarena/Desktop-FilesRename-v0``, wall and CPU (process) time;
- ``web-step``: a non-final step of ``omniarena/Web-ClickCheckboxes-v0`` at 1024x768 in the same run (the
  Web arena's figure on this machine now), alternating with the desktop's;
- ``random``: per task, the random agent's success over ``--random-episodes`` episodes of ``--random-steps``
  text steps (``observe="text"``: no screenshots).

OSWorld's published step is about 2 s (its harness sleeps 2 s after every action), so the figure to compare is
the median step here against 2,000 ms. The machine's load average is printed in each line.

    python benchmarks/desktop.py [--steps 30] [--resets 15] [--random-episodes 1] [--random-steps 10]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

import omniarena
from omniarena.agents import make_agent
from omniarena.arenas.desktop.tasks import TASKS, task_id


def _timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def _line(**fields) -> None:
    print(json.dumps({**fields, "load": round(os.getloadavg()[0], 1)}), flush=True)


def latency(steps: int, resets: int) -> None:
    desk = omniarena.make(task_id("files-rename"))
    web = omniarena.make("omniarena/Web-ClickCheckboxes-v0")
    desk.reset(seed=0)
    web.reset(seed=0)
    desk.step("DOUBLE_CLICK(x=53, y=43)")
    page = desk.unwrapped.session.page
    keys = [page.evaluate("(k) => window.__desk.element(k)", f"files/place:{p}")[0] for p in ("Documents", "Downloads")]
    d_step, d_cpu, w_step = [], [], []
    for i in range(steps):
        out: list = []
        wall, cpu = _timed(lambda i=i, out=out: out.append(desk.step(f"click('{keys[i % 2]}')")))
        d_step.append(wall)
        d_cpu.append(cpu)
        w_step.append(_timed(lambda out=out: out.append(web.step("noop()")))[0])
        for env, result in ((desk, out[0]), (web, out[1])):
            if result[2] or result[3]:  # the step limit: start again (not timed), the Files window open
                env.reset(seed=i)
                if env is desk:
                    desk.step("DOUBLE_CLICK(x=53, y=43)")
    r_wall, r_cpu = [], []
    for i in range(resets):
        wall, cpu = _timed(lambda i=i: desk.reset(seed=i))
        r_wall.append(wall)
        r_cpu.append(cpu)
    _line(row="desktop-step", size="1280x800", median_ms=round(statistics.median(d_step), 1),
          median_cpu_ms=round(statistics.median(d_cpu), 1), n=steps)  # fmt: skip
    _line(row="web-step", size="1024x768", median_ms=round(statistics.median(w_step), 1), n=steps)
    _line(
        row="desktop-reset",
        median_ms=round(statistics.median(r_wall), 1),
        median_cpu_ms=round(statistics.median(r_cpu), 1),
        n=resets,
    )
    desk.close()
    web.close()


def random_success(episodes: int, limit: int) -> None:
    for task in TASKS:
        env = omniarena.make(task_id(task.name), observe="text", timeout_ms=300)
        agent = make_agent("random", env, seed=0)
        wins = 0
        for episode in range(episodes):
            obs, _ = env.reset(seed=episode)
            agent.reset()
            for _ in range(limit):
                obs, reward, terminated, truncated, info = env.step(agent.act(obs))
                if terminated or truncated:
                    break
            wins += int(bool(info.get("success")))
        _line(row="random", task=task.name, success=wins / episodes, episodes=episodes, steps=limit)
        env.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--resets", type=int, default=15)
    parser.add_argument("--random-episodes", type=int, default=1)
    parser.add_argument("--random-steps", type=int, default=10)
    args = parser.parse_args()
    latency(args.steps, args.resets)
    if args.random_episodes > 0:
        random_success(args.random_episodes, args.random_steps)


if __name__ == "__main__":
    main()
