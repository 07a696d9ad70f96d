"""omniarena's Sokoban beside TextArena's (gym-sokoban's generator) in one run: reset time, steps/s, level difficulty.

TextArena's ``Sokoban-v0`` (6x6, 3 boxes) and ``Sokoban-v0-medium`` (8x8, 5 boxes) generate rooms with
gym-sokoban's reverse depth-first search. For each, this prints the mean wall time of a reset, text
steps/s (TextArena text only; omniarena text *and* image), and what its levels are: the fewest pushes
of each (omniarena's solver, which proves them solvable), how many start with a box already on a
target and how many are solved by fewer than 3 pushes. Replies are random moves in both (TextArena's
"[up]" form, omniarena's canonical text of a random legal move). One JSON line per environment.

    python benchmarks/peer_sokoban.py [--levels 50] [--their-levels 5] [--seconds 2]
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import time
from typing import Any

import numpy as np

import omniarena
from omniarena.arenas.games.sokoban.rules import State
from omniarena.arenas.games.sokoban.solver import solve

OURS = ("omniarena/Sokoban-Easy-v0", "omniarena/Sokoban-v0", "omniarena/Sokoban-Hard-v0")
THEIRS = {"Sokoban-v0": ((6, 6), 3), "Sokoban-v0-medium": ((8, 8), 5)}
_SOLVER_STATES = 200_000


def textarena_level(env: Any) -> State:
    """A TextArena room (0 wall, 1 floor, 2 target, 3 box on target, 4 box, 5 player) as a State, walled round."""
    fixed = np.pad(env.room_fixed, 1)  # pad value 0 = wall
    state = np.pad(env.room_state, 1)
    targets = fixed == 2
    rows = []
    for r in range(state.shape[0]):
        line = ""
        for c in range(state.shape[1]):
            value, target = int(state[r, c]), bool(targets[r, c])
            if value == 0:
                line += "#"
            elif value in (3, 4):
                line += "*" if target else "$"
            elif value == 5:
                line += "+" if target else "@"
            else:
                line += "." if target else "-"
        rows.append(line)
    return State.from_rows(rows)


def describe_levels(states: list[State]) -> dict[str, Any]:
    pushes, unsolved = [], 0
    for state in states:
        solution = solve(state, _SOLVER_STATES)
        if solution is None:
            unsolved += 1
        else:
            pushes.append(solution.pushes)
    return {
        "levels": len(states),
        "unsolved_or_over_budget": unsolved,
        "box_on_target_at_start": sum(bool(s.boxes & s.room.targets) for s in states),
        "fewer_than_3_pushes": sum(p < 3 for p in pushes),
        "median_pushes": statistics.median(pushes) if pushes else None,
        "max_pushes": max(pushes, default=None),
    }


def theirs(name: str, levels: int, seconds: float) -> dict[str, Any]:
    from textarena.envs.Sokoban.env import SokobanEnv

    dim, boxes = THEIRS[name]
    env = SokobanEnv(dim_room=dim, max_turns=30 if boxes == 3 else 50, num_boxes=boxes)  # as TextArena registers them
    states, snapshots, busy = [], [], 0.0
    for seed in range(levels):
        start = time.perf_counter()
        env.reset(num_players=1, seed=seed)
        busy += time.perf_counter() - start
        states.append(textarena_level(env))
        snapshots.append(copy.deepcopy(env))
    reset_ms = busy / levels * 1000
    # Step rate on copies of the levels already generated: their resets take seconds, so none is timed here.
    rng = np.random.default_rng(0)
    steps, busy, episode = 0, 0.0, 0
    while busy < seconds:
        env = copy.deepcopy(snapshots[episode % levels])
        episode += 1
        done = False
        while not done and busy < seconds:
            move = ("up", "down", "left", "right")[int(rng.integers(4))]
            start = time.perf_counter()
            done, _ = env.step(f"[{move}]")
            env.get_observation()
            busy += time.perf_counter() - start
            steps += 1
    return {"env": f"textarena/{name}", "reset_ms": round(reset_ms, 2), "text_steps_per_s": round(steps / busy, 1)} | (
        describe_levels(states)
    )


def ours(arena_id: str, levels: int, seconds: float) -> dict[str, Any]:
    env = omniarena.make(arena_id)
    arena = env.unwrapped
    env.reset(seed=levels)  # warm the sprite and font caches
    states, start = [], time.perf_counter()
    for seed in range(levels):
        env.reset(seed=seed)
        states.append(arena.expert_state())
    reset_ms = (time.perf_counter() - start) / levels * 1000
    rng = np.random.default_rng(0)
    obs, _ = env.reset(seed=0)
    steps, episode, start = 0, 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        move = int(rng.choice(np.flatnonzero(obs["action_mask"])))
        obs, _, terminated, truncated, _ = env.step(arena.action_set.format(move))
        steps += 1
        if terminated or truncated:
            episode += 1
            obs, _ = env.reset(seed=episode)
    rate = steps / (time.perf_counter() - start)
    return {"env": arena_id, "reset_ms": round(reset_ms, 2), "text_steps_per_s": round(rate, 1)} | describe_levels(
        states
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", type=int, default=50, help="levels generated (and solved) per environment")
    parser.add_argument("--their-levels", type=int, default=5, help="TextArena levels (a medium one takes ~30 s)")
    parser.add_argument("--seconds", type=float, default=2.0, help="timing window of the step rate")
    args = parser.parse_args()
    for arena_id in OURS:
        print(json.dumps(ours(arena_id, args.levels, args.seconds)), flush=True)
    for name in THEIRS:
        print(json.dumps(theirs(name, args.their_levels, args.seconds)), flush=True)


if __name__ == "__main__":
    main()
