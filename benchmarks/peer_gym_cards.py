"""omniarena's four gym-cards games against gym-cards itself, in the same run (steps/s, single process).

gym-cards is not on PyPI: point ``--gym-cards`` at a checkout of its folder (the one holding the
``gym_cards`` package, from the RL4VLM repository). Nothing of it is shipped with omniarena. gym-cards
takes uniformly random native actions (it has no action mask); omniarena takes random *legal* actions
from its ``action_mask``, so every omniarena step is a real move that changes and redraws the state
(random illegal actions would be cheap no-ops and flatter it). omniarena is also timed in text mode
(parse + step + render). Both reset on episode end. Prints one JSON line per game with both rates and their ratio.

    python benchmarks/peer_gym_cards.py --gym-cards /path/to/gym-cards [--seconds 3]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

import gymnasium as gym
import numpy as np

import omniarena

PAIRS = {
    "NumberLine": ("gym_cards/NumberLine-v0", "omniarena/NumberLine-v0"),
    "EZPoints": ("gym_cards/EZPoints-v0", "omniarena/EZPoints-v0"),
    "Points24": ("gym_cards/Points24-v0", "omniarena/Points24-Any-v0"),  # gym-cards deals any hand
    "Blackjack": ("gym_cards/Blackjack-v0", "omniarena/Blackjack-v0"),
}


def rate(env: gym.Env, seconds: float, text: bool = False) -> float:
    arena = env.unwrapped
    rng = np.random.default_rng(0)
    obs, _ = env.reset(seed=0)
    steps, episode, start = 0, 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        mask = obs.get("action_mask") if isinstance(obs, dict) else None
        if mask is not None:
            native = int(rng.choice(np.flatnonzero(mask)))
        else:
            native = int(rng.integers(arena.action_space.n))
        action: Any = arena.action_set.format(native) if text else native
        obs, _, terminated, truncated, _ = env.step(action)
        steps += 1
        if terminated or truncated:
            episode += 1
            obs, _ = env.reset(seed=episode)
    return steps / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gym-cards", required=True, help="folder holding the gym_cards package")
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    sys.path.insert(0, args.gym_cards)
    import gym_cards  # noqa: F401  (registers gym_cards/* ids)

    for game, (peer_id, our_id) in PAIRS.items():
        peer = rate(gym.make(peer_id), args.seconds)
        native = rate(omniarena.make(our_id, action_mode="native"), args.seconds)
        text = rate(omniarena.make(our_id), args.seconds, text=True)
        row = {
            "game": game,
            "gym_cards_id": peer_id,
            "omniarena_id": our_id,
            "gym_cards_native_steps_per_s": round(peer, 1),
            "omniarena_native_steps_per_s": round(native, 1),
            "omniarena_text_steps_per_s": round(text, 1),
            "native_ratio": round(native / peer, 1),
            "text_ratio": round(text / peer, 1),
        }
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
