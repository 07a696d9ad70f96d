"""RetroFight's overhead over raw stable-retro, both on Airstriker-Genesis (the ROM in stable-retro's wheel).

Every measurement plays agent steps of ``frame_skip`` emulator frames with ``render_mode="rgb_array"``:

- ``raw``: ``stable_retro.make`` and ``env.step`` per frame with random buttons (what a hand-written
  frame-skip loop over stable-retro does);
- ``arena``: ``RetroFightEnv`` (the emulator in this process) with random native controls among the
  directions and direction + attack ones (each exactly ``frame_skip`` frames, so steps compare one to
  one; a named special's motion input takes longer), lowered to buttons, played, and the observation
  (image, text, features) built every step;
- ``arena-no-mirror``: the same with ``mirror=False`` (no flipped frame while the ship faces left);
- ``arena-text``: the same through ``omniarena.make`` in text mode (the reply parsed every step);
- ``arena-worker``: the emulator in a worker process (as every emulator after a process's first runs).

stable-retro allows one emulator per process, so they run one after another, ``--rounds`` times
interleaved; the report gives each round's steps/s and the overhead of the median arena round against
the median raw round, by wall clock and by this process's CPU time (the worker's CPU time is spent in
another process, so only its wall-clock figure counts). Prints JSON lines.

    python benchmarks/retro.py [--seconds 3] [--rounds 3] [--frame-skip 4]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

import omniarena
from omniarena.arenas.fighting.controls import BUTTONS, CONTROLS, DIRECTIONS
from omniarena.arenas.fighting.retro.env import RetroFightEnv

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import machine  # noqa: E402

DIRECTION_AND_ATTACKS = len(DIRECTIONS) * (1 + len(BUTTONS))  # controls 0-44: frame_skip frames each
GAME_FILE = Path(__file__).resolve().parents[1] / "tests" / "arenas" / "retro_data" / "Airstriker-Genesis-v0.json"


def _timed(step: Any, reset: Any, seconds: float) -> tuple[int, float, float]:
    reset()
    steps, start, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        if step():
            reset()
        steps += 1
    return steps, time.perf_counter() - start, time.process_time() - cpu


def raw(seconds: float, frame_skip: int) -> tuple[int, float, float]:
    import stable_retro

    env = stable_retro.make(
        "Airstriker-Genesis-v0", render_mode="rgb_array", use_restricted_actions=stable_retro.Actions.ALL
    )
    rng = np.random.default_rng(0)
    presses = rng.integers(0, 2, size=(1 << 12, 12), dtype=np.uint8)
    counter = [0]

    def step() -> bool:
        done = False
        for _ in range(frame_skip):
            counter[0] += 1
            _, _, done, _, _ = env.step(presses[counter[0] & 0xFFF])
            if done:
                break
        return done

    try:
        return _timed(step, env.reset, seconds)
    finally:
        env.close()


def arena(seconds: float, frame_skip: int, kind: str) -> tuple[int, float, float]:
    rng = np.random.default_rng(0)
    controls = rng.integers(DIRECTION_AND_ATTACKS, size=1 << 12)
    counter = [0]
    if kind == "text":
        env: Any = omniarena.make("omniarena/RetroFight-v0", game=str(GAME_FILE), frame_skip=frame_skip)
        names = [control.name for control in CONTROLS]
        actions: list[Any] = [f"<answer>{names[c]}</answer>" for c in controls]
    else:
        env = RetroFightEnv(
            game=str(GAME_FILE), frame_skip=frame_skip, worker=kind == "worker", mirror=kind != "no-mirror"
        )
        actions = [int(c) for c in controls]

    def step() -> bool:
        counter[0] += 1
        _, _, terminated, truncated, _ = env.step(actions[counter[0] & 0xFFF])
        return terminated or truncated

    try:
        return _timed(step, lambda: env.reset(seed=0), seconds)
    finally:
        env.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--frame-skip", type=int, default=4)
    args = parser.parse_args()
    kinds = {
        "raw": lambda: raw(args.seconds, args.frame_skip),
        "arena": lambda: arena(args.seconds, args.frame_skip, "local"),
        "arena-no-mirror": lambda: arena(args.seconds, args.frame_skip, "no-mirror"),
        "arena-text": lambda: arena(args.seconds, args.frame_skip, "text"),
        "arena-worker": lambda: arena(args.seconds, args.frame_skip, "worker"),
    }
    rates: dict[str, list[float]] = {kind: [] for kind in kinds}
    cpu_rates: dict[str, list[float]] = {kind: [] for kind in kinds}
    for _ in range(args.rounds):
        for kind, run in kinds.items():
            steps, wall, cpu = run()
            rates[kind].append(steps / wall)
            cpu_rates[kind].append(steps / cpu if cpu > 0 else float("nan"))
            print(json.dumps({"what": kind, "steps_per_s": round(steps / wall, 1), "frame_skip": args.frame_skip}))
    base = statistics.median(rates["raw"])
    cpu_base = statistics.median(cpu_rates["raw"])
    summary: dict[str, Any] = {"what": "summary", "load": os.getloadavg(), **machine()}
    for kind in kinds:
        median = statistics.median(rates[kind])
        summary[kind] = {
            "steps_per_s_median": round(median, 1),
            "frames_per_s_median": round(median * args.frame_skip, 1),
            "steps_per_cpu_s_median": round(statistics.median(cpu_rates[kind]), 1),
            "overhead_vs_raw": round(1 - median / base, 3),
            "cpu_overhead_vs_raw": round(1 - statistics.median(cpu_rates[kind]) / cpu_base, 3),
        }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
