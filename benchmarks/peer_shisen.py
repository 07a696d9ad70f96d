"""omniarena's Shisen-sho beside VLM-Gym's (G1's ``MatchGameEnv``) in the same run (steps/s, one process).

VLM-Gym is not on PyPI: point ``--g1`` at a checkout of the G1 repository (the folder holding
``vlmgym/``); nothing of it ships with omniarena. Its module needs pygame (``pip install pygame``);
it also imports ``ale_py``, which it never uses, so a stand-in module is put in its place when
ale_py is missing. G1's board is 12x12 with 36 kinds, like ``ShisenSho-Hard-v0``.

Both are driven the way their own random baselines drive them: G1 with its ``random_policy``
replies (two uniformly random cells, ``<answer>(r, c) (r, c)</answer>``) read by its
``parse_action``, omniarena in text mode with the same kind of replies (any two cells, 1-indexed)
and with random *legal* replies, and in native mode with random legal actions. G1 encodes a reply
as ``r1*216 + c1*36 + r2*6 + c2`` (base 6 on a 12-wide board), so most of its replies decode to
other cells; it redraws a 960x1000 frame and scans the whole board for a remaining pair on every step.
Prints one JSON line per measurement, then their ratio.

    python benchmarks/peer_shisen.py --g1 /path/to/G1 [--seconds 3]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import sys
import time
import types
from pathlib import Path
from typing import Any

import numpy as np

import omniarena

ARENA = "omniarena/ShisenSho-Hard-v0"


def load_g1(root: Path) -> Any:
    """G1's ``sandbox.games.gamematch`` module, imported from ``root`` without its package ``__init__``."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")  # off-screen surfaces only
    games = root / "vlmgym" / "sandbox" / "games"
    if importlib.util.find_spec("ale_py") is None:
        sys.modules["ale_py"] = types.ModuleType("ale_py")  # imported by gamematch.py, never used
    package = types.ModuleType("g1_games")
    package.__path__ = [str(games)]
    sys.modules["g1_games"] = package
    for name in ("game", "gamematch"):
        spec = importlib.util.spec_from_file_location(f"g1_games.{name}", games / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    return sys.modules["g1_games.gamematch"]


def g1_rate(gamematch: Any, seconds: float) -> tuple[float, tuple[int, ...]]:
    random.seed(0)  # G1 deals and samples with the global random module
    game = gamematch.GameMatch()
    env = game.gym_env_func()
    frame, _ = env.reset()
    steps, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        [reply] = gamematch.call_random_action([None], [None])
        frame, *_ = env.step(game.parse_action(reply))  # resets itself when a game ends
        steps += 1
    rate = steps / (time.perf_counter() - start)
    env.close()
    return rate, tuple(frame.shape)


def omniarena_rate(mode: str, replies: str, seconds: float) -> float:
    env = omniarena.make(ARENA, action_mode=mode)
    arena = env.unwrapped
    rows, cols = arena.rows, arena.cols
    rng = np.random.default_rng(0)
    obs, _ = env.reset(seed=0)
    steps, episode, start = 0, 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        if replies == "legal":
            native = int(rng.choice(np.flatnonzero(obs["action_mask"])))
            action: Any = arena.action_set.format(native) if mode == "text" else native
        else:
            (r1, r2), (c1, c2) = rng.integers(1, rows + 1, 2), rng.integers(1, cols + 1, 2)
            action = f"<answer>({r1}, {c1}) ({r2}, {c2})</answer>"
        obs, _, terminated, truncated, _ = env.step(action)
        steps += 1
        if terminated or truncated:
            episode += 1
            obs, _ = env.reset(seed=episode)
    return steps / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--g1", required=True, type=Path, help="a checkout of the G1 repository")
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    gamematch = load_g1(args.g1)
    g1, g1_shape = g1_rate(gamematch, args.seconds)
    print(json.dumps({"benchmark": "peer_shisen", "env": "G1 MatchGameEnv (12x12)", "replies": "random cells",
                      "steps_per_s": round(g1, 1), "image_shape": list(g1_shape)}), flush=True)  # fmt: skip
    shape = list(omniarena.make(ARENA, action_mode="native").observation_space["image"].shape)
    for mode, replies in (("text", "random cells"), ("text", "legal"), ("native", "legal")):
        rate = omniarena_rate(mode, "legal" if replies == "legal" else "any", args.seconds)
        row = {"benchmark": "peer_shisen", "env": ARENA, "mode": mode, "replies": replies,
               "steps_per_s": round(rate, 1), "image_shape": shape, "vs_g1": round(rate / g1, 1)}  # fmt: skip
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
