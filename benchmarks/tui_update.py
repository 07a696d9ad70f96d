"""How long the play screen takes to show a move: the terminal app's screen update per step, per game.

For the default variant of every embedded game, a headless app (Textual's ``run_test``, 120x40 cells) plays
``--moves`` random legal moves typed as the person would (``PlayScreen.play_reply``), and times each from the
reply to the repainted screen (``pilot.pause()`` returns once the screen has processed every message and
refreshed). In two-player games that includes the random opponent's reply, played in the worker thread.
Alongside: the arena step alone, and the image as half-blocks at the widget's size, ours
(:func:`omniarena.tui.image.half_blocks`) and textual-image's ``HalfcellImage`` (the peer, rendered by rich).
``idle`` is the same wait with nothing to update, the floor of the measurement; the ``_cpu`` figures are
this process's CPU time over the same spans (what an update costs, whatever else the machine runs).
Prints one JSON line per arena (milliseconds: median and 90th percentile), then one describing the machine.

    python benchmarks/tui_update.py [--moves 30] [--ids omniarena/2048-v0 ...]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import time
from typing import Any

import numpy as np

import omniarena
from omniarena.cli import demo_arenas
from omniarena.tui.app import ArenaApp
from omniarena.tui.image import ArenaImage, half_blocks
from omniarena.tui.session import Session

SIZE = (120, 40)


def legal_reply(session: Session, rng: np.random.Generator) -> str:
    obs = session.observation()
    action = session.action_set.sample_legal(rng, obs.get("action_mask"))
    return session.action_set.format(action)


def quantiles(values: list[float]) -> dict[str, float]:
    array = np.asarray(values) * 1000
    return {"median_ms": round(float(np.median(array)), 2), "p90_ms": round(float(np.quantile(array, 0.9)), 2)}


async def screen_updates(arena: str, moves: int) -> tuple[dict[str, list[float]], tuple[int, int], Any]:
    rng = np.random.default_rng(0)
    app = ArenaApp(arena, seed=0, vs="random" if omniarena.spec(arena).multi_agent else None)
    times: list[float] = []
    cpu: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        screen: Any = app.screen
        while len(times) < moves:
            session = screen.session
            if session.done:
                screen.action_new_seed()
                await pilot.pause()
                await app.workers.wait_for_complete()
                continue
            reply = legal_reply(session, rng)
            start, start_cpu = time.perf_counter(), time.process_time()
            screen.play_reply(reply)
            await app.workers.wait_for_complete()
            await pilot.pause()
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        idle, idle_cpu = [], []  # the floor: the same wait with nothing to update (the pilot's own round trip)
        for _ in range(moves):
            start, start_cpu = time.perf_counter(), time.process_time()
            await app.workers.wait_for_complete()
            await pilot.pause()
            idle.append(time.perf_counter() - start)
            idle_cpu.append(time.process_time() - start_cpu)
        widget = screen.query_one(ArenaImage)
        placed = widget.placement
        image = session.image()
    return (
        {"screen_update": times, "screen_update_cpu": cpu, "idle": idle, "idle_cpu": idle_cpu},
        (
            placed.columns,
            placed.rows,
        ),
        image,
    )


def step_times(arena: str, moves: int) -> list[float]:
    rng = np.random.default_rng(0)
    session = Session(arena, agent="random", vs="random" if omniarena.spec(arena).multi_agent else None, seed=0)
    times = []
    while len(times) < moves:
        if session.done:
            session.reset(session.seed + 1)
        start = time.perf_counter()
        session.tick()
        times.append(time.perf_counter() - start)
    del rng
    session.close()
    return times


def image_times(image: np.ndarray, cells: tuple[int, int], repeats: int) -> tuple[list[float], list[float] | None]:
    ours = []
    for _ in range(repeats):
        start = time.perf_counter()
        half_blocks(image, *cells)
        ours.append(time.perf_counter() - start)
    try:
        from PIL import Image
        from rich.console import Console
        from textual_image.renderable.halfcell import Image as HalfcellImage
    except ImportError:
        return ours, None
    console = Console(width=SIZE[0], file=open(os.devnull, "w"), color_system="truecolor")  # noqa: SIM115
    picture = Image.fromarray(image)
    peer = []
    for _ in range(repeats):
        start = time.perf_counter()
        list(console.render(HalfcellImage(picture, cells[0], cells[1]), console.options))
        peer.append(time.perf_counter() - start)
    return ours, peer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=30)
    parser.add_argument("--ids", nargs="*", help="arena ids (default: every game's default variant)")
    args = parser.parse_args()
    ids = args.ids or [info.id for info in demo_arenas()]
    for arena in ids:
        timings, cells, image = asyncio.run(screen_updates(arena, args.moves))
        ours, peer = image_times(image, cells, args.moves)
        line = {
            "bench": "tui_update",
            "arena": arena,
            "moves": args.moves,
            "image_px": list(image.shape[:2]),
            "image_cells": list(cells),
            **{name: quantiles(values) for name, values in timings.items()},
            "arena_step": quantiles(step_times(arena, args.moves)),
            "half_blocks": quantiles(ours),
        }
        if peer is not None:
            line["peer_textual_image_halfcell"] = quantiles(peer)
        print(json.dumps(line), flush=True)
    machine = {"machine": platform.machine(), "python": sys.version.split()[0], "cpus": os.cpu_count()}
    print(json.dumps({"bench": "tui_update", **machine, "load_1min": round(os.getloadavg()[0], 2)}), flush=True)


if __name__ == "__main__":
    main()
