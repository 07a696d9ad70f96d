"""Steps per second of every installed arena, text mode and native mode, single process.

Text mode times the whole text path an LLM agent uses: parse the reply, step, render the observation.
Replies are the canonical text of a random legal action (seeded), so every step is a real move.
Prints one JSON line per arena, then one line describing the machine.

    python benchmarks/throughput.py [--seconds 2] [--ids omniarena/2048-v0 ...]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from typing import Any

import numpy as np

import omniarena


def legal(observation: Any, space: Any) -> np.ndarray:
    mask = observation.get("action_mask") if isinstance(observation, dict) else None
    if mask is not None and np.any(mask):
        return np.flatnonzero(mask)
    return np.arange(space.n)


def pick(observation: Any, arena: Any, rng: np.random.Generator) -> Any:
    """A seeded random legal native action; arenas with a structured space and no mask sample their action set."""
    mask = observation.get("action_mask") if isinstance(observation, dict) else None
    if mask is None and not hasattr(arena.action_space, "n"):
        return arena.action_set.sample_legal(rng, None)
    return int(rng.choice(legal(observation, arena.action_space)))


def single_agent_rate(arena_id: str, mode: str, seconds: float) -> float:
    env = omniarena.make(arena_id, action_mode=mode)
    arena = env.unwrapped
    rng = np.random.default_rng(0)
    obs, _ = env.reset(seed=0)
    steps, episode, start = 0, 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        native = pick(obs, arena, rng)
        obs, _, terminated, truncated, _ = env.step(arena.action_set.format(native) if mode == "text" else native)
        steps += 1
        if terminated or truncated:
            episode += 1
            obs, _ = env.reset(seed=episode)
    return steps / (time.perf_counter() - start)


def multi_agent_rate(arena_id: str, mode: str, seconds: float) -> float:
    env = omniarena.make_multi(arena_id, action_mode=mode)
    arena = env.unwrapped
    rng = np.random.default_rng(0)
    env.reset(seed=0)
    steps, episode, start = 0, 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        if not env.agents:
            episode += 1
            env.reset(seed=episode)
        agent = env.agent_selection
        obs, _, terminated, truncated, _ = env.last()  # renders the acting player's observation
        if terminated or truncated:
            env.step(None)
            continue
        native = int(rng.choice(legal(obs, arena.action_space(agent))))
        env.step(arena.action_set.format(native) if mode == "text" else native)
        steps += 1
    return steps / (time.perf_counter() - start)


def parallel_rate(arena_id: str, mode: str, seconds: float) -> float:
    """Joint steps/s of a simultaneous-move arena: every player's reply parsed, one step."""
    env = omniarena.make_multi(arena_id, action_mode=mode)
    arena = env.unwrapped
    rng = np.random.default_rng(0)
    observations, _ = env.reset(seed=0)
    steps, episode, start = 0, 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        if not env.agents:
            episode += 1
            observations, _ = env.reset(seed=episode)
        actions = {}
        for agent in env.agents:
            native = int(rng.choice(legal(observations[agent], arena.action_space(agent))))
            actions[agent] = arena.action_set.format(native) if mode == "text" else native
        observations, *_ = env.step(actions)
        steps += 1
    return steps / (time.perf_counter() - start)


def image_shape(info: Any) -> tuple[int, ...]:
    """The default observation image shape (what was measured)."""
    if info.multi_agent:
        arena = omniarena.make_multi(info.id, action_mode="native").unwrapped
        return arena.observation_space(arena.possible_agents[0])["image"].shape
    return omniarena.make(info.id, action_mode="native").observation_space["image"].shape


def machine() -> dict[str, Any]:
    return {
        "machine": platform.machine(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "omniarena": omniarena.__version__,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="timing window per arena and mode")
    parser.add_argument("--ids", nargs="*", help="arena ids (default: every installed arena)")
    args = parser.parse_args()
    # Arenas holding a server or a browser (Minecraft, web) have their own benchmarks unless named.
    infos = [
        a
        for a in omniarena.list_arenas(installed_only=True)
        if (a.id in args.ids if args.ids else a.domain not in ("minecraft", "web"))
    ]
    for info in infos:
        rate = {"gym": single_agent_rate, "aec": multi_agent_rate, "parallel": parallel_rate}[info.api]
        row = {"benchmark": "throughput", "id": info.id, "players": info.players}
        for mode in ("text", "native"):
            row[f"{mode}_steps_per_s"] = round(rate(info.id, mode, args.seconds), 1)
        row["image_shape"] = list(image_shape(info))
        print(json.dumps(row), flush=True)
    print(json.dumps({"benchmark": "throughput", "machine": machine()}), flush=True)


if __name__ == "__main__":
    main()
