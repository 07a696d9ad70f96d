"""PPO from pixels: one training run, then the trained policy and the random agent on the same seeds.

Prints one JSON line: the run's settings, its history (evaluation return and win rate per evaluation),
env steps per wall second and per CPU second of this process (learning included; worker processes' CPU is
not in ``process_time``), the machine load, and the final comparison over ``--episodes`` fresh seeds: the
trained policy (sampling) against the random agent, each playing the same seeds through ``omniarena eval``'s
runner. The learning curve is ``<out>/curve.png``.

    python benchmarks/pixel.py --arena omniarena/FightLadder-v0 --env-arg ladder=fixed --steps 100000
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from omniarena.agents.pixel.ppo import PPOConfig, train
from omniarena.tasks.eval import evaluate

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import machine  # noqa: E402  (the shared machine description)


def _kv(text: str) -> tuple[str, Any]:
    key, _, value = text.partition("=")
    try:
        return key, ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return key, value


def compare(arena: str, spec: str, episodes: int, env_kwargs: dict[str, Any]) -> dict[str, Any]:
    records = evaluate(arena, spec, episodes=episodes, seed=90_000, progress=False, action_mode="native", **env_kwargs)
    returns = [r["return"] for r in records]
    wins = [bool(r.get("success")) for r in records]
    return {
        "mean_return": float(np.mean(returns)),
        "sd_return": float(np.std(returns)),
        "win_rate": float(np.mean(wins)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--arena", default="omniarena/FightLadder-v0")
    parser.add_argument("--env-arg", type=_kv, action="append", default=[])
    parser.add_argument("--steps", type=int, default=100_000)
    parser.add_argument("--envs", type=int, default=8)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--lr", type=float, default=2.5e-4)
    parser.add_argument("--eval-every", type=int, default=10_000)
    parser.add_argument("--minutes", type=float, help="wall-clock budget of the training (stops early)")
    parser.add_argument("--eval-episodes", type=int, default=3)
    parser.add_argument("--episodes", type=int, default=20, help="final comparison episodes")
    parser.add_argument("--out", default="runs/bench-pixel")
    args = parser.parse_args()
    env_kwargs = dict(args.env_arg)
    config = PPOConfig(
        arena=args.arena,
        steps=args.steps,
        envs=args.envs,
        workers=args.workers,
        lr=args.lr,
        eval_every=args.eval_every,
        env_kwargs=env_kwargs,
        eval_episodes=args.eval_episodes,
        out=args.out,
        progress=False,
        max_seconds=None if args.minutes is None else args.minutes * 60,
    )
    load_before = os.getloadavg()
    result = train(config)
    load_after = os.getloadavg()
    started = time.process_time()
    policy = compare(args.arena, f"policy:{Path(args.out) / 'policy.pt'}", args.episodes, env_kwargs)
    random = compare(args.arena, "random", args.episodes, env_kwargs)
    print(
        json.dumps(
            {
                "arena": args.arena,
                "env_kwargs": env_kwargs,
                "steps": result.steps,
                "envs": args.envs,
                "workers": args.workers,
                "seconds": round(result.seconds, 1),
                "cpu_seconds": round(result.cpu_seconds, 1),
                "steps_per_second": round(result.steps / result.seconds, 1),
                "steps_per_cpu_second": round(result.steps / max(result.cpu_seconds, 1e-9), 1),
                "load_before": load_before,
                "load_after": load_after,
                "policy": policy,
                "random": random,
                "compare_cpu_seconds": round(time.process_time() - started, 1),
                "history": result.history,
                "curve": str(Path(args.out) / "curve.png"),
                **machine(),
            }
        )
    )


if __name__ == "__main__":
    main()
