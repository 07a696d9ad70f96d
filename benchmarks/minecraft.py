"""Minecraft arena figures: server start, bot spawn, reset, text steps/s, image frames/s at 640x360.

Prints one JSON line per measurement, then one line describing the machine. The server ticks at 20 Hz in
real time, so a low-level step of one tick cannot beat 20 steps/s; the step figures include the bridge
round trips (act, server state, observe) and, with images, the render.

    python benchmarks/minecraft.py [--steps 60] [--resets 5]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time

from omniarena.arenas.minecraft.env import MinecraftEnv
from omniarena.arenas.minecraft.render import HAVE_NUMBA, render_view
from omniarena.arenas.minecraft.world import World
from omniarena.core.textenv import TextActions


def emit(**fields: object) -> None:
    print(json.dumps(fields), flush=True)


def steps_per_second(arena: MinecraftEnv, replies: list[str], steps: int) -> float:
    """Text replies through the text layer (parse, step, observe), as an LLM agent plays."""
    env = TextActions(arena)
    env.reset(seed=0)
    start = time.perf_counter()
    for i in range(steps):
        _, _, terminated, truncated, _ = env.step(replies[i % len(replies)])
        if terminated or truncated:
            env.reset(seed=i)
    return steps / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=60)
    parser.add_argument("--resets", type=int, default=5)
    args = parser.parse_args()

    started = time.perf_counter()
    world = World()
    world.ensure()
    emit(measure="server_start_s", value=round(world.start_seconds, 3), note="node + flying-squid listening")
    spawn = time.perf_counter()
    world.add_bot("bench_probe")
    emit(measure="bot_spawn_s", value=round(time.perf_counter() - spawn, 3))
    world.remove_bot("bench_probe")

    env = MinecraftEnv(task="NavigateFar", world=world)
    env.set_observe("text")
    env.reset(seed=0)
    times = []
    for seed in range(args.resets):
        t = time.perf_counter()
        env.reset(seed=seed)
        times.append(time.perf_counter() - t)
    emit(measure="reset_s", task="NavigateFar", mean=round(sum(times) / len(times), 3), max=round(max(times), 3))

    low_level = ["forward, ticks 1", "camera 0 5, ticks 1", "jump, ticks 1", "back, ticks 1"]
    rate = steps_per_second(env, low_level, args.steps)
    emit(measure="text_steps_per_s", observe="text", ticks_per_step=1, value=round(rate, 2))

    env.set_observe("both")
    rate = steps_per_second(env, low_level, args.steps)
    emit(measure="image_steps_per_s", observe="both", size="640x360", ticks_per_step=1, value=round(rate, 2))

    snapshot, names = env.snapshot, world.palette()[0]
    render_view(snapshot, names)  # compile / warm caches
    for use_numba in (True, False) if HAVE_NUMBA else (False,):
        n = 20 if use_numba else 3
        t = time.perf_counter()
        for _ in range(n):
            render_view(snapshot, names, use_numba=use_numba)
        emit(
            measure="render_frames_per_s",
            size="640x360",
            numba=use_numba,
            value=round(n / (time.perf_counter() - t), 2),
        )
    env.close()
    world.close()
    emit(
        machine=platform.machine(),
        cpus=os.cpu_count(),
        load_1min=round(os.getloadavg()[0], 1),
        python=platform.python_version(),
        total_s=round(time.perf_counter() - started, 1),
    )


if __name__ == "__main__":
    main()
