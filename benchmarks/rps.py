"""Rock-Paper-Scissors: joint steps per second (text and native mode) and, with --baselines, match results.

Text mode times the whole path two LLM agents use: both replies parsed (a bare move name for one
player, an ``<answer>`` tag for the other, drawn at random each step), one joint step, both players'
observations (image + text) drawn; resets are included. Prints one JSON line per measurement, then one
line describing the machine.

    python benchmarks/rps.py [--seconds 2] [--baselines] [--matches 200]
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
from omniarena.agents import RandomAgent, make_agent
from omniarena.arenas.games.rps.bots import BiasedAgent, CycleAgent

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import machine  # noqa: E402  (the shared machine description)

ARENAS = ("omniarena/RockPaperScissors-v0", "omniarena/RockPaperScissors-Long-v0")
REPLY_FORMS = ("{}", "<answer>{}</answer>", "I will play {}.", "Thinking... Answer: {}")


def joint_step_rate(arena_id: str, mode: str, seconds: float) -> tuple[float, float, int]:
    """(joint steps per wall second, per CPU second, matches finished) for random legal moves of both players.

    The CPU-time rate is less sensitive to other processes sharing the machine.
    """
    env = omniarena.make_multi(arena_id, action_mode=mode)
    names = env.unwrapped.action_set.names
    rng = np.random.default_rng(0)
    env.reset(seed=0)
    steps, matches, start, cpu = 0, 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        if not env.agents:
            matches += 1
            env.reset(seed=matches)
        moves = rng.integers(len(names), size=2)
        if mode == "text":
            forms = rng.integers(len(REPLY_FORMS), size=2)
            actions = {a: REPLY_FORMS[f].format(names[m]) for a, f, m in zip(env.agents, forms, moves, strict=True)}
        else:
            actions = {a: int(m) for a, m in zip(env.agents, moves, strict=True)}
        env.step(actions)
        steps += 1
    return steps / (time.perf_counter() - start), steps / (time.process_time() - cpu), matches


def play_match(env: Any, agents: dict[str, Any], seed: int) -> dict[str, float]:
    """One match; the return of each player (rounds won minus rounds lost, forfeits included)."""
    observations, _ = env.reset(seed=seed)
    for agent in agents.values():
        agent.reset()
    returns = dict.fromkeys(agents, 0.0)
    while env.agents:
        actions = {player: agents[player].act(observations[player]) for player in env.agents}
        observations, rewards, _, _, _ = env.step(actions)
        for player, reward in rewards.items():
            returns[player] += reward
    return returns


OPPONENTS = {
    "random": lambda env, seed, player: RandomAgent(env, seed=seed, player=player),
    "biased": lambda env, seed, player: BiasedAgent(env, seed=seed, player=player),
    "rock": lambda env, seed, player: BiasedAgent(env, seed=seed, player=player, p=(1, 0, 0)),
    "cycle": lambda env, seed, player: CycleAgent(env, seed=seed, player=player),
}


def baseline(arena_id: str, first: str, second: str, matches: int) -> dict[str, Any]:
    """``first`` vs ``second`` over seeds 0..matches-1, ``first`` in player_0's seat on even seeds."""
    env = omniarena.make_multi(arena_id, action_mode="native")
    builders = {
        "expert": lambda env, seed, player: make_agent("scripted", env, arena_id=arena_id, seed=seed, player=player)
    }
    builders |= OPPONENTS
    won = lost = drawn = 0
    total = 0.0
    for seed in range(matches):
        seat, other = ("player_0", "player_1") if seed % 2 == 0 else ("player_1", "player_0")
        agents = {seat: builders[first](env, seed, seat), other: builders[second](env, seed + 10_000, other)}
        margin = play_match(env, agents, seed)[seat]
        won, lost, drawn = won + (margin > 0), lost + (margin < 0), drawn + (margin == 0)
        total += margin
    return {
        "benchmark": "rps_baseline",
        "id": arena_id,
        "pairing": f"{first} vs {second}",
        "matches": matches,
        "won": won,
        "lost": lost,
        "drawn": drawn,
        "win_rate": round(won / matches, 3),
        "mean_margin": round(total / matches, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="timing window per arena and mode")
    parser.add_argument("--baselines", action="store_true", help="also play the baseline pairings")
    parser.add_argument("--matches", type=int, default=200, help="matches per baseline pairing")
    args = parser.parse_args()
    for arena_id in ARENAS:
        row: dict[str, Any] = {"benchmark": "rps", "id": arena_id}
        for mode in ("text", "native"):
            rate, cpu_rate, matches = joint_step_rate(arena_id, mode, args.seconds)
            row[f"{mode}_joint_steps_per_s"] = round(rate, 1)
            row[f"{mode}_joint_steps_per_cpu_s"] = round(cpu_rate, 1)
            row[f"{mode}_matches"] = matches
        print(json.dumps(row), flush=True)
    if args.baselines:
        for arena_id in ARENAS:
            for pairing in (
                ("expert", "random"),
                ("expert", "biased"),
                ("expert", "rock"),
                ("expert", "cycle"),
                ("random", "random"),
            ):
                print(json.dumps(baseline(arena_id, *pairing, args.matches)), flush=True)
    print(json.dumps({"benchmark": "rps", "machine": machine()}), flush=True)


if __name__ == "__main__":
    main()
