"""Mixed-game vector env throughput: omniarena.make_vec_mixed over the puzzle games with 2 worker processes,
against the same games stepped one by one in this process (the same text replies, the same image fitting).

Each figure is sub-env steps per second (a vector step of N sub-envs counts N). Replies are the canonical
text of a seeded random legal action of each game. Prints one JSON line per setting and one for the machine.

    python benchmarks/mixed.py [--seconds 5] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import time

from throughput import machine

import omniarena

GAMES = [
    "omniarena/2048-v0",
    "omniarena/ShisenSho-v0",
    "omniarena/Swap-v0",
    "omniarena/Sokoban-v0",
    "omniarena/Tetris-v0",
]


def repliers(count: int, seed: int = 0) -> list:
    """One reply source per sub-env: the canonical text of a seeded random native action of its game.

    A sampled action may be illegal in the current state; both settings run with ``invalid="random"``, so
    such a reply is parsed, judged and replaced by a random legal move: every step plays a real move."""
    sources = []
    for i in range(count):
        arena = omniarena.make(GAMES[i % len(GAMES)]).unwrapped
        space = arena.action_space
        space.seed(seed + i)
        sources.append(lambda arena=arena, space=space: arena.action_set.format(space.sample()))
    return sources


def one_by_one(seconds: float) -> float:
    """Each game in its own env, stepped in turn in this process, images fitted like the vector's."""
    envs = omniarena.make_vec_mixed(GAMES, vectorization_mode="sync", invalid="random")
    subs, sources = envs.envs, repliers(len(GAMES))
    for i, env in enumerate(subs):
        env.reset(seed=i)
    steps, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for env, source in zip(subs, sources, strict=True):
            _, _, terminated, truncated, _ = env.step(source())
            if terminated or truncated:
                env.reset()
            steps += 1
    envs.close()
    return steps / (time.perf_counter() - start)


def vector(seconds: float, sub_envs: int) -> float:
    """``make_vec_mixed`` with one worker process per sub-env (async, shared memory, auto-reset)."""
    envs = omniarena.make_vec_mixed(GAMES, num_envs=sub_envs, vectorization_mode="async", invalid="random")
    sources = repliers(sub_envs)
    envs.reset(seed=0)
    steps, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        envs.step(tuple(source() for source in sources))
        steps += sub_envs
    envs.close()
    return steps / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--sub-envs", type=int, default=len(GAMES), help="sub-envs (worker processes) of the vector")
    args = parser.parse_args()
    print(
        json.dumps(
            {
                "benchmark": "mixed",
                "setting": "one-by-one",
                "games": len(GAMES),
                "steps_per_s": round(one_by_one(args.seconds), 1),
            }
        ),
        flush=True,
    )
    print(
        json.dumps(
            {
                "benchmark": "mixed",
                "setting": "make_vec_mixed-async",
                "sub_envs": args.sub_envs,
                "cores": os.cpu_count(),
                "steps_per_s": round(vector(args.seconds, args.sub_envs), 1),
            }
        ),
        flush=True,
    )
    print(json.dumps({"benchmark": "mixed", "machine": machine(), "load_average": os.getloadavg()}), flush=True)


if __name__ == "__main__":
    main()
