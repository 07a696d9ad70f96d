"""The worlds' adapter overhead: steps/s through omniarena (text replies) next to the raw engine, same run.

For each installed world: the raw engine stepped with random actions in its own API, then omniarena's
arena in text mode (the reply parsed, the step, the observation written) with ``observe="text"`` and
``observe="both"``. Rounds alternate raw and omniarena so a noisy machine hits both alike; each figure
is the median over rounds. Also Crafter's reset time (world generation, with numba when installed).
``--baselines`` instead plays the random agent and the scripted experts for progression and success.

    python benchmarks/worlds.py [--seconds 2] [--rounds 3] [--worlds crafter babyai atari textworld nethack]
    python benchmarks/worlds.py --baselines [--episodes 20]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np

import omniarena

Stepper = Callable[[], Callable[[], None]]  # builds an engine, returns one step (resetting at episode end)


def timed(step: Callable[[], None], seconds: float) -> float:
    """Steps per CPU second of this process (``time.process_time``: other jobs on the machine do not count)."""
    count, start = 0, time.process_time()
    while time.process_time() - start < seconds:
        step()
        count += 1
    return count / (time.process_time() - start)


def ours(arena_id: str, observe: str, **kwargs: Any) -> Stepper:
    def build() -> Callable[[], None]:
        env = omniarena.make(arena_id, observe=observe, **kwargs)
        arena, rng = env.unwrapped, np.random.default_rng(0)
        state = {"obs": env.reset(seed=0)[0], "episode": 0}

        def step() -> None:
            action = arena.action_set.sample_legal(rng, state["obs"].get("action_mask"))
            obs, _, terminated, truncated, _ = env.step(arena.action_set.format(action))
            if terminated or truncated:  # unseeded, as the raw engines reset (ALE reloads its ROM when seeded)
                state["episode"] += 1
                obs, _ = env.reset()
            state["obs"] = obs

        return step

    return build


def raw_crafter(size: int) -> Stepper:
    def build() -> Callable[[], None]:
        import crafter

        env, rng = crafter.Env(size=(size, size), seed=0), np.random.default_rng(0)
        env.reset()

        def step() -> None:
            _, _, done, _ = env.step(int(rng.integers(17)))
            if done:
                env.reset()

        return step

    return build


def raw_babyai(task: str, frame: bool = False) -> Stepper:
    def build() -> Callable[[], None]:
        from omniarena.arenas.worlds.babyai.levels import BalrogLocal

        env, rng = BalrogLocal(task), np.random.default_rng(0)
        with contextlib.redirect_stdout(io.StringIO()):
            env.reset(seed=0)

        def step() -> None:
            _, _, terminated, truncated, _ = env.step(int(rng.integers(6)))
            if frame:  # the whole-grid frame the adapter shows, drawn by minigrid itself
                env.get_frame(highlight=True, tile_size=32)
            if terminated or truncated:
                with contextlib.redirect_stdout(io.StringIO()):
                    env.reset()

        return step

    return build


def raw_breakout() -> Stepper:
    def build() -> Callable[[], None]:
        import ale_py
        import gymnasium as gym

        gym.register_envs(ale_py)
        env = gym.make("ALE/Breakout-v5")  # frameskip 4, sticky actions 0.25: the adapter's defaults
        env.reset(seed=0)
        rng = np.random.default_rng(0)

        def step() -> None:
            _, _, terminated, truncated, _ = env.step(int(rng.integers(4)))
            if terminated or truncated:
                env.reset()

        return step

    return build


def raw_textworld(task: str) -> Stepper:
    def build() -> Callable[[], None]:
        import textworld

        from omniarena.arenas.worlds.textworld.games import game_path

        infos = textworld.EnvInfos(
            description=True, inventory=True, admissible_commands=True, objective=True, score=True, max_score=True,
            won=True, lost=True,
        )  # fmt: skip
        env, rng = textworld.start(str(game_path(task, 0)), request_infos=infos), np.random.default_rng(0)
        state = {"now": env.reset(), "steps": 0}

        def step() -> None:
            commands = state["now"]["admissible_commands"]
            state["now"], _, done = env.step(commands[int(rng.integers(len(commands)))])
            state["steps"] += 1
            if done or state["steps"] >= 80:
                state["now"], state["steps"] = env.reset(), 0

        return step

    return build


def raw_nethack(task: str) -> Stepper:
    def build() -> Callable[[], None]:
        import gymnasium as gym
        import minihack  # noqa: F401  (registers the MiniHack ids)

        from omniarena.arenas.worlds.nethack.env import KEYS

        kwargs = {"max_episode_steps": 100, "penalty_step": -0.01, "autopickup": False} if "MiniHack" in task else {}
        env, rng = gym.make(task, observation_keys=KEYS, character="@", **kwargs), np.random.default_rng(0)
        env.reset(seed=0)

        def step() -> None:
            _, _, terminated, truncated, _ = env.step(int(rng.integers(env.action_space.n)))
            if terminated or truncated:
                env.reset()

        return step

    return build


# (arena, raw engine, omniarena observe="text", omniarena observe="both"[, raw engine drawing the same frame])
WORLDS: dict[str, tuple[str, list[tuple[Any, ...]]]] = {
    "crafter": (
        "crafter",
        [("omniarena/Crafter-v0 (256 px)", raw_crafter(256), ours("omniarena/Crafter-v0", "text"), ours("omniarena/Crafter-v0", "both"))],
    ),
    "babyai": (
        "minigrid",
        [
            (
                "omniarena/BabyAI-MixedTrainLocal-PutNext-v0",
                raw_babyai("putnext"),
                ours("omniarena/BabyAI-MixedTrainLocal-PutNext-v0", "text"),
                ours("omniarena/BabyAI-MixedTrainLocal-PutNext-v0", "both"),
                raw_babyai("putnext", frame=True),
            )
        ],
    ),
    "atari": (
        "ale_py",
        [("omniarena/Breakout-v0", raw_breakout(), ours("omniarena/Breakout-v0", "text"), ours("omniarena/Breakout-v0", "both"))],
    ),
    "textworld": (
        "textworld",
        [
            (
                "omniarena/TextWorld-CoinCollector-v0",
                raw_textworld("coin_collector"),
                ours("omniarena/TextWorld-CoinCollector-v0", "text", pool=1),
                ours("omniarena/TextWorld-CoinCollector-v0", "both", pool=1),
            )
        ],
    ),
    "nethack": (
        "nle",
        [
            ("omniarena/NetHack-v0", raw_nethack("NetHackChallenge-v0"), ours("omniarena/NetHack-v0", "text"), ours("omniarena/NetHack-v0", "both")),
            ("omniarena/MiniHack-Quest-Easy-v0", raw_nethack("MiniHack-Quest-Easy-v0"), ours("omniarena/MiniHack-Quest-Easy-v0", "text"), ours("omniarena/MiniHack-Quest-Easy-v0", "both")),
        ],
    ),
}  # fmt: skip


def overhead(worlds: list[str], seconds: float, rounds: int) -> None:
    for world in worlds:
        module, rows = WORLDS[world]
        if importlib.util.find_spec(module) is None:
            print(json.dumps({"world": world, "skipped": f"{module} is not installed"}))
            continue
        for name, raw, text, both, *framed in rows:
            steppers = {"raw": raw(), "text": text(), "both": both()}
            if framed:
                steppers["raw_frame"] = framed[0]()
            rates: dict[str, list[float]] = {key: [] for key in steppers}
            for _ in range(rounds):
                for key, step in steppers.items():
                    rates[key].append(timed(step, seconds))
            median = {key: statistics.median(values) for key, values in rates.items()}
            row = {
                "world": world,
                "arena": name,
                "raw_steps_per_s": round(median["raw"], 1),
                "text_steps_per_s": round(median["text"], 1),
                "both_steps_per_s": round(median["both"], 1),
                "text_vs_raw": round(median["text"] / median["raw"], 3),
                "both_vs_raw": round(median["both"] / median["raw"], 3),
            }
            if "raw_frame" in median:  # the engine drawing the same frame: what "both" should be held to
                row["raw_frame_steps_per_s"] = round(median["raw_frame"], 1)
                row["both_vs_raw_frame"] = round(median["both"] / median["raw_frame"], 3)
            print(json.dumps(row), flush=True)
    if "crafter" in worlds and importlib.util.find_spec("crafter") is not None:
        env = omniarena.make("omniarena/Crafter-v0")
        env.reset(seed=0)  # numba compiles here the first time
        times = []
        for seed in range(1, 11):
            start = time.perf_counter()
            env.reset(seed=seed)
            times.append(time.perf_counter() - start)
        numba = importlib.util.find_spec("numba") is not None
        print(json.dumps({"world": "crafter", "reset_s_median": round(statistics.median(times), 4), "numba": numba}))


BASELINES = [
    ("omniarena/Crafter-v0", ("random", "scripted")),
    *((f"omniarena/BabyAI-MixedTrainLocal-{t}-v0", ("random", "scripted")) for t in ("GoTo", "Pickup", "Open", "PutNext", "PickupThenGoTo")),
    ("omniarena/Breakout-v0", ("random", "scripted")),
    *((f"omniarena/MiniHack-{t}-v0", ("random",)) for t in ("MazeWalk-9x9", "MazeWalk-15x15", "Corridor-R3", "CorridorBattle-Dark", "Quest-Easy", "Quest-Medium")),
    ("omniarena/NetHack-v0", ("random",)),
    *((f"omniarena/TextWorld-{t}-v0", ("random",)) for t in ("CoinCollector", "TreasureHunter", "Cooking")),
]  # fmt: skip


def baselines(episodes: int) -> None:
    from omniarena.agents import make_agent
    from omniarena.tasks.episode import play_single

    for arena_id in [a for a, _ in BASELINES if omniarena.spec(a) in omniarena.list_arenas(installed_only=True)]:
        for agent_spec in dict(BASELINES)[arena_id]:
            env = omniarena.make(arena_id, action_mode="native")
            agent = make_agent(agent_spec, env, arena_id=arena_id, seed=0)
            count = min(episodes, 3) if "Breakout" in arena_id or "NetHack" in arena_id else episodes
            tallies = [play_single(env, agent, 1000 + k) for k in range(count)]
            progress = [t.progression for t in tallies if t.progression is not None]
            print(
                json.dumps(
                    {
                        "arena": arena_id,
                        "agent": agent_spec,
                        "episodes": count,
                        "success": sum(t.success for t in tallies) / count,
                        "mean_return": round(sum(t.total for t in tallies) / count, 3),
                        "mean_progression": round(sum(progress) / len(progress), 2) if progress else None,
                        "mean_steps": round(sum(t.steps for t in tallies) / count, 1),
                    }
                ),
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--worlds", nargs="*", default=list(WORLDS), choices=list(WORLDS))
    parser.add_argument("--baselines", action="store_true")
    parser.add_argument("--episodes", type=int, default=20)
    args = parser.parse_args()
    if args.baselines:
        baselines(args.episodes)
    else:
        overhead(args.worlds, args.seconds, args.rounds)
    print(json.dumps({"machine": platform.machine(), "python": platform.python_version(), "cpus": os.cpu_count()}))


if __name__ == "__main__":
    main()
