"""Render one frame of every game family's default variant into docs/frames/ (the README's gallery).

Each frame is the state after a few seeded random legal moves, scaled to one height, saved as PNG. Run it again
after an arena's look changes: ``python scripts/frames.py``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from PIL import Image

import omniarena


def default_ids() -> list[str]:
    """The ``<Family>-v0`` id of every games family (else its first id), single- and multi-player."""
    chosen: dict[str, str] = {}
    for info in omniarena.list_arenas(domain="games", installed_only=True):
        if info.id.endswith(f"/{info.family}-v0") or info.family not in chosen:
            chosen[info.family] = info.id
    return sorted(chosen.values())


RNG = np.random.default_rng(0)


def legal(obs: dict, space, rng: np.random.Generator = RNG) -> int:
    """A seeded random legal native action."""
    mask = obs.get("action_mask")
    if mask is not None and np.any(mask):
        return int(rng.choice(np.flatnonzero(mask)))
    return space.sample()


def frame(arena_id: str, moves: int) -> np.ndarray:
    info = omniarena.spec(arena_id)
    if info.multi_agent:
        env = omniarena.make_multi(arena_id, action_mode="native")
        if info.api == "parallel":
            observations, _ = env.reset(seed=0)
            for _ in range(moves):
                if not env.agents:
                    break
                observations, *_ = env.step({a: legal(observations[a], env.action_space(a)) for a in env.agents})
            return env.unwrapped.observe("player_0")["image"]
        env.reset(seed=0)
        for _ in range(moves):
            obs, _, terminated, truncated, _ = env.last()
            if terminated or truncated:
                break
            env.step(legal(obs, env.action_space(env.agent_selection)))
        return env.observe("player_0")["image"]
    env = omniarena.make(arena_id, action_mode="native")
    env.action_space.seed(0)
    obs, _ = env.reset(seed=0)
    for _ in range(moves):
        obs, _, terminated, truncated, _ = env.step(legal(obs, env.action_space))
        if terminated or truncated:
            obs, _ = env.reset(seed=1)
    return obs["image"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/frames"))
    parser.add_argument("--moves", type=int, default=6)
    parser.add_argument("--height", type=int, default=240, help="frame height in pixels (aspect kept)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for arena_id in default_ids():
        image = Image.fromarray(frame(arena_id, args.moves))
        size = (round(image.width * args.height / image.height), args.height)
        name = omniarena.spec(arena_id).family
        image.resize(size, Image.LANCZOS).save(args.out / f"{name}.png", optimize=True)
        print(f"{arena_id} -> {args.out / f'{name}.png'} {size}")


if __name__ == "__main__":
    main()
