"""Success rates per web task: the page's oracle and the random agent (text mode, seeded), one JSON line each.

The random agent draws uniformly from every call (BrowserGym's element calls with random ids and text,
pixel calls anywhere on the screen, ...) within each task's step limit; it is the floor a learning agent
must beat. ``--miniwob`` also runs the random agent on every registered MiniWoB++ task.

    python benchmarks/web_baselines.py [--episodes 5] [--miniwob]
"""

from __future__ import annotations

import argparse
import json
import time

import omniarena
from omniarena.agents import make_agent
from omniarena.tasks.episode import play_single


def success(arena_id: str, agent_spec: str, episodes: int, env) -> float:
    agent = make_agent(agent_spec, env, arena_id=arena_id, seed=0)
    wins = 0
    for seed in range(episodes):
        result = play_single(env, agent, seed)
        wins += result.total > 0
    return wins / episodes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--episodes", type=int, default=5)
    parser.add_argument("--miniwob", action="store_true")
    args = parser.parse_args()
    families = ("Web", "MiniWoB") if args.miniwob else ("Web",)
    totals: dict[str, list[float]] = {}
    for info in omniarena.list_arenas(domain="web"):
        if info.family not in families:
            continue
        start = time.perf_counter()
        env = omniarena.make(info.id, observe="text")
        row = {"arena": info.id, "episodes": args.episodes, "max_steps": info.max_steps}
        agents = ("scripted", "random") if info.expert else ("random",)
        for agent in agents:
            row[agent] = round(success(info.id, agent, args.episodes, env), 3)
            totals.setdefault(f"{info.family}:{agent}", []).append(row[agent])
        env.close()
        row["seconds"] = round(time.perf_counter() - start, 1)
        print(json.dumps(row), flush=True)
    print(json.dumps({key: round(sum(v) / len(v), 3) for key, v in totals.items()}))


if __name__ == "__main__":
    main()
