"""Fighting arena throughput beside stable-retro's Airstriker-Genesis in the same run, and (--baselines) the ladder.

Rates (JSON lines, one per measurement): the ladder env in native mode with uniformly random controls at
``frame_skip`` 1 and 4 with pixel rendering at the default 192x256 (only the last frame of each step is
drawn), with ``observe="text"`` (no image drawn; the text is written every step), the engine alone (two
players' inputs, no observation), and the two-player env. Frames per second count game frames (steps x
frame_skip). stable-retro, when installed, steps Airstriker-Genesis (the ROM in its wheel) with random
buttons and ``render_mode="rgb_array"``; the ratios divide by its frames/s. Everything runs in this one
process, one after another, so the ratios hold on a busy machine where absolute figures do not.

``--baselines`` plays CPU matches headless: every ladder rung against uniformly random controls and
against the rung below, the held-out bots against the top rung, and the registered expert (the balanced
scripted fighter) against a random agent through the env.

    python benchmarks/fighting.py [--seconds 3] [--baselines] [--matches 40]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

import omniarena
from omniarena.arenas.fighting.characters import characters
from omniarena.arenas.fighting.controls import CONTROLS
from omniarena.arenas.fighting.engine import Match
from omniarena.arenas.fighting.env import FightLadderEnv
from omniarena.arenas.fighting.ladder import RUNGS, Side, cpu_match, rung_side

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import machine  # noqa: E402  (the shared machine description)


def timed(step: Any, reset: Any, seconds: float) -> tuple[int, float, float]:
    """(steps, wall seconds, CPU seconds) of calling ``step()`` for ``seconds``; ``step`` returns True at an end."""
    reset()
    steps, start, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        if step():
            reset()
        steps += 1
    return steps, time.perf_counter() - start, time.process_time() - cpu


def ladder_rate(seconds: float, frame_skip: int, observe: str) -> dict[str, Any]:
    env = FightLadderEnv(frame_skip=frame_skip, ladder="random")
    env.set_observe(observe)
    rng = np.random.default_rng(0)
    actions = rng.integers(len(CONTROLS), size=1 << 16)
    counter = [0]

    def step() -> bool:
        counter[0] += 1
        _, _, terminated, truncated, _ = env.step(int(actions[counter[0] & 0xFFFF]))
        return terminated or truncated

    steps, wall, cpu = timed(step, lambda: env.reset(seed=counter[0]), seconds)
    return {
        "what": f"FightLadder native, frame_skip={frame_skip}, observe={observe}",
        "steps_per_s": round(steps / wall, 1),
        "frames_per_s": round(steps * frame_skip / wall, 1),
        "frames_per_cpu_s": round(steps * frame_skip / cpu, 1),
    }


def two_player_rate(seconds: float) -> dict[str, Any]:
    env = omniarena.make_multi("omniarena/Fight2P-v0", action_mode="native")
    rng = np.random.default_rng(0)

    def step() -> bool:
        env.step({a: int(rng.integers(len(CONTROLS))) for a in env.agents})
        return not env.agents

    steps, wall, cpu = timed(step, lambda: env.reset(seed=int(rng.integers(1 << 30))), seconds)
    frame_skip = env.unwrapped.frame_skip
    return {
        "what": f"Fight2P native joint steps, frame_skip={frame_skip}, both players' images drawn",
        "steps_per_s": round(steps / wall, 1),
        "frames_per_s": round(steps * frame_skip / wall, 1),
        "frames_per_cpu_s": round(steps * frame_skip / cpu, 1),
    }


def engine_rate(seconds: float) -> dict[str, Any]:
    fighters = characters()
    rng = np.random.default_rng(0)
    inputs = [(c.dx, c.dy, c.command) for c in CONTROLS]
    picks = rng.integers(len(inputs), size=(1 << 16, 2))
    state = {"match": Match((fighters[0], fighters[1])), "i": 0}

    def step() -> bool:
        i = state["i"] = (state["i"] + 1) & 0xFFFF
        match = state["match"]
        match.frame(inputs[picks[i, 0]], inputs[picks[i, 1]])
        return match.done

    def reset() -> None:
        state["match"] = Match((fighters[state["i"] % 9], fighters[(state["i"] + 3) % 9]))

    steps, wall, cpu = timed(step, reset, seconds)
    return {
        "what": "engine alone (Match.frame, random inputs every frame, no observation)",
        "frames_per_s": round(steps / wall, 1),
        "frames_per_cpu_s": round(steps / cpu, 1),
    }


def retro_rate(seconds: float) -> dict[str, Any] | None:
    try:
        import stable_retro
    except ImportError:
        return None
    env = stable_retro.make(game="Airstriker-Genesis-v0", render_mode="rgb_array")
    env.action_space.seed(0)

    def step() -> bool:
        _, _, terminated, truncated, _ = env.step(env.action_space.sample())
        return terminated or truncated

    try:
        steps, wall, cpu = timed(step, lambda: env.reset(seed=0), seconds)
    finally:
        env.close()
    return {
        "what": f"stable-retro {str(getattr(stable_retro, '__version__', '')).strip()} "
        "Airstriker-Genesis-v0, render_mode=rgb_array, random buttons",
        "frames_per_s": round(steps / wall, 1),
        "frames_per_cpu_s": round(steps / cpu, 1),
    }


def throughput(seconds: float) -> None:
    retro = retro_rate(seconds)
    rows = [
        ladder_rate(seconds, 1, "both"),
        ladder_rate(seconds, 4, "both"),
        ladder_rate(seconds, 1, "text"),
        ladder_rate(seconds, 4, "text"),
        two_player_rate(seconds),
        engine_rate(seconds),
    ]
    if retro is not None:
        print(json.dumps({"benchmark": "fighting", **retro}), flush=True)
    for row in rows:
        if retro is not None:
            row["x_retro"] = round(row["frames_per_s"] / retro["frames_per_s"], 2)
            row["x_retro_cpu"] = round(row["frames_per_cpu_s"] / retro["frames_per_cpu_s"], 2)
        print(json.dumps({"benchmark": "fighting", **row}), flush=True)


FIRST_SEED = 1000  # away from the ladder test's seeds 0-19


def win_count(left: Side, right: Side, matches: int) -> int:
    return sum(cpu_match(left, right, seed) == 0 for seed in range(FIRST_SEED, FIRST_SEED + matches))


def baselines(matches: int) -> None:
    random_side = Side("Kenji", None)
    for rung in range(1, len(RUNGS) + 1):
        side = rung_side(rung)
        row: dict[str, Any] = {"rung": rung, "side": side._asdict(), "matches": matches}
        row["beats_random"] = win_count(side, random_side, matches)
        if rung > 1:
            row["beats_rung_below"] = win_count(side, rung_side(rung - 1), matches)
        print(json.dumps({"benchmark": "fighting-ladder", **row}), flush=True)
    top = rung_side(len(RUNGS))
    for style in ("anti_spam", "sweeper", "keepaway", "masher"):
        held = Side("Rin", style, 8)
        row = {"held_out": style, "vs": "rung 12", "wins": win_count(held, top, matches), "matches": matches}
        row["beats_random"] = win_count(held, random_side, matches)
        print(json.dumps({"benchmark": "fighting-held-out", **row}), flush=True)
    from omniarena.agents import make_agent
    from omniarena.tasks.episode import play_single

    for agent in ("expert", "random"):
        env = omniarena.make("omniarena/FightLadder-v0", action_mode="native", ladder="fixed", rung=1)
        player = make_agent(agent, env, arena_id="omniarena/FightLadder-v0", seed=0)
        tallies = [play_single(env, player, seed) for seed in range(FIRST_SEED, FIRST_SEED + matches)]
        row = {
            "agent": agent,
            "arena": "FightLadder-v0 rung 1",
            "mean_return": round(float(np.mean([t.total for t in tallies])), 3),
            "won": sum(bool(t.success) for t in tallies),
            "matches": matches,
        }
        print(json.dumps({"benchmark": "fighting-agents", **row}), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="timing window per measurement")
    parser.add_argument("--baselines", action="store_true", help="play the ladder's CPU matches instead")
    parser.add_argument("--matches", type=int, default=40, help="matches per pairing for --baselines")
    args = parser.parse_args()
    if args.baselines:
        baselines(args.matches)
    else:
        throughput(args.seconds)
    print(json.dumps({"benchmark": "fighting", "machine": machine()}), flush=True)


if __name__ == "__main__":
    main()
