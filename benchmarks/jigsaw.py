"""Jigsaw figures: text-mode throughput at 3x3 on 448x448 pictures (2048-v0 timed in the same run), the greedy
solver's solve rate per grid size on the bundled photos, and expert / random baselines per variant, including
the random agent on 2x2 in AGILE's setting. Prints one JSON line per figure.

    python benchmarks/jigsaw.py [--seconds 3] [--episodes 100] [--skip-baselines]
"""

from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np

import omniarena
from omniarena.agents import make_agent
from omniarena.arenas.jigsaw.env import JigsawEnv
from omniarena.arenas.jigsaw.images import BUNDLED
from omniarena.arenas.jigsaw.solver import solve
from omniarena.tasks.episode import play_single

SWAPS = [f"swap('{a // 3 + 1},{a % 3 + 1}', '{b // 3 + 1},{b % 3 + 1}')" for a in range(9) for b in range(9) if a != b]


def jigsaw_rate(seconds: float, observe: str = "both") -> tuple[float, float]:
    """Text steps/s at 3x3: parse one canonical swap reply, play it, draw image + text."""
    env = omniarena.make("omniarena/Jigsaw-3x3-v0", turns=10**6, max_steps=10**6, observe=observe)
    rng = np.random.default_rng(0)
    env.reset(seed=0)
    steps, episode, start, cpu = 0, 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        _, _, terminated, truncated, _ = env.step(SWAPS[int(rng.integers(len(SWAPS)))])
        steps += 1
        if terminated or truncated:
            episode += 1
            env.reset(seed=episode)
    return steps / (time.perf_counter() - start), steps / (time.process_time() - cpu)


def reference_rate(seconds: float) -> tuple[float, float]:
    """2048-v0 text steps/s, the same loop (the yardstick every arena's figures in BENCHMARKS.md use)."""
    env = omniarena.make("omniarena/2048-v0")
    arena = env.unwrapped
    rng = np.random.default_rng(0)
    obs, _ = env.reset(seed=0)
    steps, episode, start, cpu = 0, 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        legal = np.flatnonzero(obs["action_mask"])
        obs, _, terminated, truncated, _ = env.step(arena.action_set.format(int(rng.choice(legal))))
        steps += 1
        if terminated or truncated:
            episode += 1
            obs, _ = env.reset(seed=episode)
    return steps / (time.perf_counter() - start), steps / (time.process_time() - cpu)


def solved_by(board, cells: np.ndarray, turns: np.ndarray, rows: int, cols: int, rotation: bool) -> bool:
    """Whether the layout, or (with rotation) the layout turned as a whole as the expert tries it, solves ``board``."""
    layouts = [(cells, turns)]
    if rotation:
        grid_cells, grid_turns = cells.reshape(rows, cols), turns.reshape(rows, cols)
        for k in (1, 2, 3) if rows == cols else (2,):
            layouts.append((np.rot90(grid_cells, -k).reshape(-1), ((np.rot90(grid_turns, -k) + k) % 4).reshape(-1)))
    for layout_cells, layout_turns in layouts:
        arranged = board.arranged(layout_cells)
        arranged.turns[:] = (arranged.turns + layout_turns) % 4
        if arranged.solved_now:
            return True
    return False


def solve_rates(sizes: list[tuple[int, int, bool]], seeds: int) -> None:
    """Fraction of bundled puzzles the solver reassembles exactly in one solve (rotation: up to a whole turn)."""
    for rows, cols, rotation in sizes:
        solved = 0
        start = time.perf_counter()
        for index in range(len(BUNDLED)):
            for seed in range(seeds):
                env = JigsawEnv(rows=rows, cols=cols, rotation=rotation)
                env.reset(seed=seed, options={"image": index})
                cells, turns = solve(env.expert_state()["pieces"], rows, cols, rotation)
                solved += solved_by(env.board, cells, turns, rows, cols, rotation)
        total = len(BUNDLED) * seeds
        row = {"benchmark": "jigsaw_solver", "grid": f"{rows}x{cols}", "rotation": rotation, "puzzles": total}
        row.update(solved=solved, solve_rate=round(solved / total, 3))
        row["ms_per_solve"] = round(1000 * (time.perf_counter() - start) / total, 1)
        print(json.dumps(row), flush=True)


def baselines(episodes: int) -> None:
    """Success and mean return of the expert and the random agent on every jigsaw id (native mode, same seeds)."""
    for info in omniarena.list_arenas(domain="jigsaw"):
        row = {"benchmark": "jigsaw_baseline", "id": info.id, "episodes": episodes}
        for agent_spec in ("expert", "random"):
            env = omniarena.make(info.id, action_mode="native")
            agent = make_agent(agent_spec, env, arena_id=info.id, seed=0)
            wins, total = 0, 0.0
            for seed in range(episodes):
                total += play_single(env, agent, 10_000 + seed).total
                wins += bool(env.unwrapped.success)
            row[f"{agent_spec}_success"] = wins
            row[f"{agent_spec}_mean_return"] = round(total / episodes, 3)
        print(json.dumps(row), flush=True)


def fidelity(episodes: int) -> None:
    """The random agent on 2x2 as AGILE measures it (one answer, no piece in place): uniform permutations."""
    for arena_id in ("omniarena/Jigsaw-Single-2x2-v0", "omniarena/Jigsaw-2x2-v0"):
        env = omniarena.make(arena_id, action_mode="native")
        agent = make_agent("random", env, arena_id=arena_id, seed=0)
        wins = 0
        for seed in range(episodes):
            play_single(env, agent, seed)
            wins += bool(env.unwrapped.success)
        row = {"benchmark": "jigsaw_random_2x2", "id": arena_id, "episodes": episodes, "success": wins}
        row["success_rate"] = round(wins / episodes, 4)
        print(json.dumps(row), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--episodes", type=int, default=100)
    parser.add_argument("--seeds", type=int, default=5, help="shuffles per bundled photo for the solve rates")
    parser.add_argument("--skip-baselines", action="store_true")
    parser.add_argument("--throughput-only", action="store_true")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    (jigsaw, jigsaw_cpu), (reference, reference_cpu) = jigsaw_rate(args.seconds), reference_rate(args.seconds)
    text_only, _ = jigsaw_rate(args.seconds, observe="text")
    row = {"benchmark": "jigsaw_throughput", "id": "omniarena/Jigsaw-3x3-v0", "image": "448x448 photo, 9 pieces"}
    row.update(text_steps_per_s=round(jigsaw, 1), text_steps_per_cpu_s=round(jigsaw_cpu, 1))
    row["text_steps_per_s_observe_text"] = round(text_only, 1)
    row.update(reference_2048_text_steps_per_s=round(reference, 1), reference_2048_per_cpu_s=round(reference_cpu, 1))
    row.update(ratio_to_2048=round(jigsaw / reference, 2), load_average=round(load, 2), cpu_count=os.cpu_count())
    print(json.dumps(row), flush=True)
    if args.throughput_only:
        return
    sizes = [(2, 2, False), (3, 3, False), (4, 4, False), (5, 5, False), (6, 6, False), (8, 8, False), (2, 3, False)]
    solve_rates(sizes + [(2, 2, True), (3, 3, True), (4, 4, True)], args.seeds)
    fidelity(20 * args.episodes)
    if not args.skip_baselines:
        baselines(args.episodes)


if __name__ == "__main__":
    main()
