"""Who is the Spy: full games per second with heuristic players, scenes drawn per second per source and,
with --baselines, how often heuristic civilians catch the spy, per difficulty.

Games: every seat is the heuristic expert (``SpyHeuristic``); each move is one ``last()`` (the mover's
observation: image + text, drawn once per game and seat) and one step; resets (a new scene pair drawn)
are included. Rows for native mode and text mode (the heuristic's canonical text parsed back). Scenes:
``generate`` a pair and draw both images, fresh every time (the draw caches are bypassed). Baselines:
``--games`` games per row with seeds 0.., the spy played by the heuristic (vague), by the heuristic
without vagueness (random true facts) and by a random player. Prints one JSON line per row, then the machine.

    python benchmarks/spy.py [--seconds 3] [--baselines] [--games 300]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw

import omniarena
from omniarena.arenas.games.spy.bots import RandomSpy, SpyHeuristic
from omniarena.arenas.games.spy.scenes import charts, make_source, photos, shapes

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import machine  # noqa: E402  (the shared machine description)

ARENA = "omniarena/WhoIsTheSpy-v0"


def play(env: Any, agents: dict[str, Any], seed: int) -> dict[str, Any]:
    """One full game; the final infos of every player."""
    env.reset(seed=seed)
    final: dict[str, Any] = {}
    for agent in env.agent_iter(max_iter=1000):
        obs, _, terminated, truncated, info = env.last()
        if terminated or truncated:
            final[agent] = info
            env.step(None)
            continue
        env.step(agents[agent].act(obs))
    return final


def seat_agents(env: Any, kind: type = SpyHeuristic, **kwargs: Any) -> dict[str, Any]:
    return {p: kind(env, seed=i, player=p, **kwargs) for i, p in enumerate(env.possible_agents)}


def game_rate(mode: str, seconds: float) -> dict[str, Any]:
    env = omniarena.make_multi(ARENA, action_mode=mode)
    agents = seat_agents(env)
    games, start, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        play(env, agents, games)
        games += 1
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {
        "benchmark": "spy_games",
        "id": ARENA,
        "mode": mode,
        "games_per_s": round(games / wall, 1),
        "games_per_cpu_s": round(games / cpu, 1),
        "games": games,
    }


def sample_images(folder: Path, count: int = 6) -> None:
    """A few procedural pictures (gradients, discs, bars) for the images source."""
    rng = np.random.default_rng(0)
    for i in range(count):
        yy, xx = np.mgrid[0:300, 0:400]
        base = np.stack(
            [
                (xx * rng.uniform(0.2, 0.6)) % 256,
                (yy * rng.uniform(0.2, 0.6)) % 256,
                np.full_like(xx, int(rng.integers(40, 220))),
            ],
            axis=2,
        ).astype(np.uint8)
        image = Image.fromarray(base)
        draw = ImageDraw.Draw(image)
        for _ in range(8):
            x, y, r = (int(v) for v in rng.integers([0, 0, 10], [400, 300, 60]))
            draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(int(c) for c in rng.integers(0, 256, 3)))
        image.save(folder / f"sample_{i}.png")


def scene_rate(name: str, seconds: float, images: Path | None) -> dict[str, Any]:
    source = make_source(name, "medium", images=images)
    raw_draw = {"shapes": shapes._draw, "charts": charts._draw, "images": photos._draw}[name].__wrapped__
    rng = np.random.default_rng(0)
    pairs, start, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        if name == "images":
            photos._draw.cache_clear()  # facts are read from freshly edited pixels inside generate
        pair = source.generate(rng)
        raw_draw(pair.civilian.content)
        raw_draw(pair.spy.content)
        pairs += 1
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {
        "benchmark": "spy_scenes",
        "source": name,
        "pairs_per_s": round(pairs / wall, 1),
        "scenes_per_s": round(2 * pairs / wall, 1),
        "scenes_per_cpu_s": round(2 * pairs / cpu, 1),
        "image_shape": list(source.image_shape),
    }


def baselines(games: int) -> list[dict[str, Any]]:
    rows = []
    for scenes, difficulty in [(s, d) for s in ("shapes", "charts") for d in ("easy", "medium", "hard")]:
        env = omniarena.make_multi(ARENA, action_mode="native", scenes=scenes, difficulty=difficulty)
        for spy_kind, agents in (
            ("heuristic", seat_agents(env)),
            ("truthful", seat_agents(env, vague=False)),
            ("random", seat_agents(env, RandomSpy)),
        ):
            caught = correct = votes = 0
            for seed in range(games):
                final = play(env, agents, seed)
                caught += next(iter(final.values()))["caught"]
                civilians = [i for i in final.values() if i["role"] == "civilian"]
                correct += sum(i["correct"] for i in civilians)
                votes += len(civilians)
            rows.append(
                {
                    "benchmark": "spy_baseline",
                    "scenes": scenes,
                    "difficulty": difficulty,
                    "spy": spy_kind,
                    "games": games,
                    "spy_caught": round(caught / games, 3),
                    "civilian_votes_correct": round(correct / votes, 3),
                }
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="timing window per row")
    parser.add_argument("--baselines", action="store_true", help="also measure how often the spy is caught")
    parser.add_argument("--games", type=int, default=300, help="games per baseline row")
    args = parser.parse_args()
    for mode in ("native", "text"):
        print(json.dumps(game_rate(mode, args.seconds)), flush=True)
    with tempfile.TemporaryDirectory() as folder:
        sample_images(Path(folder))
        for name in ("shapes", "charts", "images"):
            print(json.dumps(scene_rate(name, args.seconds, Path(folder) if name == "images" else None)), flush=True)
    if args.baselines:
        for row in baselines(args.games):
            print(json.dumps(row), flush=True)
    print(json.dumps({"benchmark": "spy", "machine": machine()}), flush=True)


if __name__ == "__main__":
    main()
