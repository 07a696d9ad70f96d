"""Connect Four moves/s: omniarena side by side with PettingZoo's ``connect_four_v3`` and TextArena's
``ConnectFour-v0``, in one run (ratios hold on a noisy machine, absolute figures do not).

Every move is one ``last()``/observation of the mover plus one step with a seeded random legal column
(omniarena text mode sends its canonical text). Rows: omniarena text mode with ``observe="text"`` (no
image is drawn) and ``"both"``, native mode with images, and text mode with an ``AECRecorder`` attached
(JSONL, no frames); PettingZoo with ``render_mode=None`` and with ``render_mode="rgb_array"`` plus
``render()`` each move (its image); TextArena (text only). Peers are skipped when not installed
(``pip install pettingzoo[classic] textarena``). Prints one JSON line per row, then the machine.

    python benchmarks/peer_connect_four.py [--seconds 3]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from throughput import machine

import omniarena

ARENA = "omniarena/ConnectFour-v0"


def timed(seconds: float, move: Callable[[], None]) -> float:
    moves, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        move()
        moves += 1
    return moves / (time.perf_counter() - start)


def aec_mover(
    env: Any, act: Callable[[Any, np.random.Generator], Any], observe: Callable[[Any], Any]
) -> Callable[[], None]:
    """One move of a PettingZoo AEC env: observe the mover, step a random legal action; resets on game end."""
    rng = np.random.default_rng(0)
    games = [0]
    env.reset(seed=0)

    def move() -> None:
        while True:
            if not env.agents:
                games[0] += 1
                env.reset(seed=games[0])
            obs, _, terminated, truncated, _ = env.last()
            if terminated or truncated:
                env.step(None)
                continue
            observe(env)
            env.step(act(obs, rng))
            return

    return move


def legal_column(obs: dict[str, Any], rng: np.random.Generator) -> int:
    return int(rng.choice(np.flatnonzero(obs["action_mask"])))


def omniarena_rate(seconds: float, mode: str, observe: str, record: bool = False) -> float:
    kwargs = {} if observe == "both" else {"observe": observe}
    env = omniarena.make_multi(ARENA, action_mode=mode, **kwargs)
    if record:
        from omniarena.wrappers import AECRecorder

        env = AECRecorder(env, tempfile.mkdtemp(prefix="oa-bench-"), save_frames=False, video=None)
    names = env.unwrapped.action_set

    def act(obs: Any, rng: np.random.Generator) -> Any:
        column = legal_column(obs, rng)
        return names.format(column) if mode == "text" else column

    return timed(seconds, aec_mover(env, act, lambda e: None))


def pettingzoo_rate(seconds: float, render_mode: str | None) -> float:
    from pettingzoo.classic import connect_four_v3

    env = connect_four_v3.env(render_mode=render_mode)
    observe = (lambda e: e.render()) if render_mode == "rgb_array" else (lambda e: None)
    return timed(seconds, aec_mover(env, lambda obs, rng: legal_column(obs, rng), observe))


def textarena_rate(seconds: float) -> float:
    import textarena as ta

    env = ta.make("ConnectFour-v0")
    game = env
    while hasattr(game, "env"):  # TextArena's wrappers; the board lives on the game itself
        game = game.env
    rng = np.random.default_rng(0)
    games = [0]
    env.reset(num_players=2, seed=0)

    def move() -> None:
        env.get_observation()
        top = game.state.game_state["board"][0]
        legal = [c for c, cell in enumerate(top) if cell == "."]
        done, _ = env.step(f"[col {int(rng.choice(legal))}]")
        if done:
            env.close()
            games[0] += 1
            env.reset(num_players=2, seed=games[0])

    return timed(seconds, move)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="timing window per row")
    args = parser.parse_args()
    rows: list[tuple[str, Callable[[], float]]] = [
        ("omniarena text observe=text", lambda: omniarena_rate(args.seconds, "text", "text")),
        ("omniarena text observe=both", lambda: omniarena_rate(args.seconds, "text", "both")),
        ("omniarena native observe=both", lambda: omniarena_rate(args.seconds, "native", "both")),
        ("omniarena native observe=text", lambda: omniarena_rate(args.seconds, "native", "text")),
        ("omniarena text + AECRecorder", lambda: omniarena_rate(args.seconds, "text", "both", record=True)),
        ("pettingzoo connect_four_v3 render_mode=None", lambda: pettingzoo_rate(args.seconds, None)),
        ("pettingzoo connect_four_v3 rgb_array + render()", lambda: pettingzoo_rate(args.seconds, "rgb_array")),
        ("textarena ConnectFour-v0 (text only)", lambda: textarena_rate(args.seconds)),
    ]
    for name, rate in rows:
        try:
            row = {"benchmark": "connect_four", "row": name, "moves_per_s": round(rate(), 1)}
        except (ImportError, TypeError) as exc:  # a peer that is not installed, or an older omniarena
            row = {"benchmark": "connect_four", "row": name, "skipped": f"{type(exc).__name__}: {exc}"}
        print(json.dumps(row), flush=True)
    print(json.dumps({"benchmark": "connect_four", "machine": machine()}), flush=True)


if __name__ == "__main__":
    main()
