"""BrowserGym's side of benchmarks/web.py: run in a virtualenv that has ``browsergym-miniwob``.

Same episodes as ours: reset ``browsergym/miniwob.click-test-2`` at 1024x768, then one ``click(bid)`` on
the named button; the step includes flattening the accessibility tree to text (what an agent reads).
``MINIWOB_URL`` must point at MiniWoB's ``html/miniwob/`` folder (benchmarks/web.py passes the
installed ``miniwob`` package's). Prints one JSON line.

    MINIWOB_URL=file:///.../miniwob/html/miniwob/ python benchmarks/web_browsergym.py --episodes 30 --delay 0.5
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time

import browsergym.miniwob  # noqa: F401  (registers the tasks)
import gymnasium as gym
from browsergym.utils.obs import flatten_axtree_to_str


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--episodes", type=int, default=30)
    parser.add_argument("--delay", type=float, default=0.5)
    args = parser.parse_args()
    env = gym.make(
        "browsergym/miniwob.click-test-2",
        headless=True,
        viewport={"width": 1024, "height": 768},
        pre_observation_delay=args.delay,
    )
    env.reset(seed=10_000)
    resets, steps, rewards = [], [], []
    for seed in range(args.episodes):
        start = time.perf_counter()
        obs, _ = env.reset(seed=seed)
        flatten_axtree_to_str(obs["axtree_object"])
        resets.append(time.perf_counter() - start)
        goal = obs["goal"]
        target = "ONE" if "ONE" in goal else "TWO"
        tree = flatten_axtree_to_str(obs["axtree_object"])
        bid = re.search(rf"\[([^\]]+)\] button '{target}'", tree).group(1)
        start = time.perf_counter()
        obs, reward, *_ = env.step(f"click('{bid}')")
        flatten_axtree_to_str(obs["axtree_object"])
        steps.append(time.perf_counter() - start)
        rewards.append(reward)
    env.close()
    print(
        json.dumps(
            {
                "tool": "browsergym" if args.delay else "browsergym-delay0",
                "task": "miniwob.click-test-2",
                "pre_observation_delay": args.delay,
                "episodes": args.episodes,
                "step_ms": round(1000 * statistics.median(steps), 1),
                "reset_ms": round(1000 * statistics.median(resets), 1),
                "mean_reward": round(sum(rewards) / len(rewards), 3),
            }
        )
    )


if __name__ == "__main__":
    main()
