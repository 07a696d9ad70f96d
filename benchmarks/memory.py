"""Resident memory added by each extra environment instance, per installed arena.

Each arena is measured in a fresh subprocess (freed memory of an earlier arena would hide growth).
For each arena: build and reset a few instances (warm-up: imports, font and sprite caches), measure
RSS with psutil, build and reset 50 more (kept alive), measure again. Prints one JSON line per arena and
``observe=`` mode ("both": the first observation drawn and cached; "text": no image is ever drawn) with MB
per additional instance, then one line describing the machine.

    python benchmarks/memory.py [--instances 50] [--ids omniarena/2048-v0 ...]
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
from typing import Any

import psutil
from throughput import machine

import omniarena

WARMUP = 3
MB = 1024 * 1024


def build(info: Any, seed: int, observe: str = "both") -> Any:
    if info.api == "parallel":
        env = omniarena.make_multi(info.id, observe=observe)
        env.reset(seed=seed)  # returns every player's first observation, as a match would
    elif info.multi_agent:
        env = omniarena.make_multi(info.id, observe=observe)
        env.reset(seed=seed)
        env.last()  # render the first observation, as a match would
    else:
        env = omniarena.make(info.id, observe=observe)
        env.reset(seed=seed)
    return env


def rss() -> int:
    gc.collect()
    return psutil.Process().memory_info().rss


def measure(arena_id: str, instances: int, observe: str) -> dict[str, Any]:
    info = omniarena.spec(arena_id)
    keep = [build(info, seed, observe) for seed in range(WARMUP)]
    before = rss()
    keep += [build(info, WARMUP + i, observe) for i in range(instances)]
    after = rss()
    assert len(keep) == WARMUP + instances
    return {
        "benchmark": "memory",
        "id": arena_id,
        "observe": observe,
        "instances": instances,
        "rss_before_mb": round(before / MB, 1),
        "mb_per_instance": round((after - before) / MB / instances, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=50)
    parser.add_argument("--ids", nargs="*", help="arena ids (default: every installed arena)")
    parser.add_argument("--observe", nargs="*", default=["both", "text"], help="observe= modes to measure")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # measure one arena in this process
    args = parser.parse_args()
    if args.one:
        for observe in args.observe:
            print(json.dumps(measure(args.one, args.instances, observe)), flush=True)
        return
    infos = [a for a in omniarena.list_arenas(installed_only=True) if not args.ids or a.id in args.ids]
    # Arenas holding a server (Minecraft) have their own benchmark (benchmarks/minecraft.py) unless named.
    infos = [a for a in infos if args.ids or a.domain != "minecraft"]
    for info in infos:
        for observe in args.observe:  # a fresh process per mode: freed memory of one would hide the other's growth
            command = [sys.executable, __file__, "--one", info.id, "--instances", str(args.instances)]
            subprocess.run([*command, "--observe", observe], check=True)
    print(json.dumps({"benchmark": "memory", "machine": machine()}), flush=True)


if __name__ == "__main__":
    main()
