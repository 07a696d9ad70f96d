"""The ``omniarena train`` and ``omniarena exploit`` commands (wired into :mod:`omniarena.cli`).

::

    omniarena train --arena omniarena/FightLadder-v0 --steps 2e6 --workers 2 [--out runs/ppo]
    omniarena train --arena omniarena/Fight2P-v0 --steps 1e6 [--vs random --vs scripted]   # self-play, PFSP
    omniarena exploit --agent policy:runs/ppo/policy.pt [--arena omniarena/Fight2P-v0] --steps 2e5
"""

from __future__ import annotations

import argparse
import json
from typing import Any

__all__ = ["add_parsers"]


def _steps(text: str) -> int:
    """An argparse type: a step count, ``200000`` or ``2e5``."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of steps such as 200000 or 2e5, got {text!r}") from None
    if value < 1 or value != int(value):
        raise argparse.ArgumentTypeError(f"expected a whole number of steps >= 1, got {text!r}")
    return int(value)


def _usage(exc: Exception) -> Exception:
    from omniarena.cli import UsageError

    return UsageError(str(exc))


def _needs_torch() -> None:
    try:
        import torch  # noqa: F401
    except ModuleNotFoundError as exc:
        import gymnasium as gym

        raise gym.error.DependencyNotInstalled("training needs PyTorch: pip install 'omniarena[pixel]'") from exc


def add_parsers(sub: Any, positive: Any) -> None:
    from omniarena.cli import agent_arg

    def common(p: argparse.ArgumentParser, default_out: str) -> None:
        p.add_argument("--steps", type=_steps, default=100_000, help="environment steps to train (default: 1e5)")
        p.add_argument("--workers", type=positive, default=1, help="1: envs in this process; >1: one process per env")
        p.add_argument("--envs", type=positive, default=8, help="parallel environments (default: 8)")
        p.add_argument("--rollout", type=positive, default=128, help="steps per env between updates (default: 128)")
        p.add_argument("--lr", type=float, default=2.5e-4, help="Adam learning rate (default: 2.5e-4)")
        p.add_argument("--size", type=positive, default=64, help="frames are resized to SIZE x SIZE (default: 64)")
        p.add_argument("--stack", type=positive, default=4, help="frames stacked per observation (default: 4)")
        p.add_argument("--color", action="store_true", help="keep colour (default: grayscale)")
        p.add_argument("--eval-every", type=positive, default=20_000, metavar="N", help="evaluate every N steps")
        p.add_argument("--eval-episodes", type=positive, default=5, metavar="N", help="episodes per evaluation")
        p.add_argument("--env-arg", type=agent_arg, action="append", metavar="KEY=VALUE", help="an arena argument")
        p.add_argument("--seed", type=int, default=0, help="seed (default: 0)")
        p.add_argument(
            "--out", default=default_out, help=f"checkpoints, history.jsonl, curve.png (default: {default_out})"
        )
        p.add_argument("--no-progress", action="store_true", help="no progress bar")

    p = sub.add_parser("train", help="train a PPO pixel policy (two-player arenas: self-play against a PFSP league)")
    p.add_argument("--arena", required=True, help="arena id, e.g. omniarena/FightLadder-v0 or omniarena/Fight2P-v0")
    common(p, "runs/ppo")
    p.add_argument(
        "--vs", action="append", metavar="SPEC", help="two-player arenas: a starting opponent (default: random)"
    )
    p.add_argument("--threshold", type=float, default=0.7, help="win rate at which a snapshot joins the pool (0.7)")
    p.add_argument("--min-games", type=positive, default=20, help="games between snapshots at least (default: 20)")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("exploit", help="train a best response to a frozen agent and report its win rate")
    p.add_argument("--agent", required=True, help="the frozen agent: random, scripted, policy:<checkpoint>, mod:Class")
    p.add_argument("--agent-arg", type=agent_arg, action="append", metavar="KEY=VALUE", help="an argument for it")
    p.add_argument("--arena", default="omniarena/Fight2P-v0", help="a two-player arena (default: omniarena/Fight2P-v0)")
    common(p, "runs/exploit")
    p.add_argument("--episodes", type=positive, default=20, help="episodes measuring the win rate (default: 20)")
    p.set_defaults(func=cmd_exploit)


def _config(args: argparse.Namespace) -> Any:
    _needs_torch()
    from omniarena.agents.pixel.ppo import PPOConfig
    from omniarena.core.registry import spec

    try:
        spec(args.arena)
        return PPOConfig(
            arena=args.arena,
            steps=args.steps,
            envs=args.envs,
            workers=args.workers,
            rollout=args.rollout,
            lr=args.lr,
            size=(args.size, args.size),
            gray=not args.color,
            stack=args.stack,
            seed=args.seed,
            eval_every=args.eval_every,
            eval_episodes=args.eval_episodes,
            env_kwargs=dict(args.env_arg or []),
            out=args.out,
            progress=not args.no_progress,
        )
    except (KeyError, ValueError) as exc:
        raise _usage(exc) from exc


def _print_run(history: list[dict[str, Any]], out: str) -> None:
    last = history[-1]
    wins = last.get("eval_win_rate")
    print(
        f"{last['steps']} steps in {last['seconds']:.0f} s ({last['steps_per_second']:.0f} steps/s with learning): "
        f"evaluation return {last['eval_return']:.3f}" + ("" if wins is None else f", win rate {wins:.2f}")
    )
    print(f"policy: {out}/policy.pt (play it: --agent policy:{out}/policy.pt); curve: {out}/curve.png")


def cmd_train(args: argparse.Namespace) -> int:
    config = _config(args)
    from omniarena.agents.pixel.envs import is_versus
    from omniarena.agents.pixel.ppo import train

    try:
        versus = is_versus(config.arena)
    except ValueError as exc:
        raise _usage(exc) from exc
    if not versus:
        if args.vs:
            raise _usage(ValueError(f"--vs is for two-player arenas; {config.arena} has one player"))
        result = train(config)
        _print_run(result.history, config.out)
        return 0
    from omniarena.agents import check_agent_args
    from omniarena.agents.pixel.selfplay import selfplay
    from omniarena.league.match import AgentEntry

    specs = args.vs or ["random"]
    for agent_spec in specs:
        check_agent_args(agent_spec, {}, config.arena)
    pool = [AgentEntry(f"{s}#{i}" if specs.count(s) > 1 else s, s) for i, s in enumerate(specs)]
    if not 0.0 < args.threshold <= 1.0:
        raise _usage(ValueError(f"--threshold is a win rate in (0, 1], got {args.threshold}"))
    result, league = selfplay(config, pool, threshold=args.threshold, min_games=args.min_games)
    _print_run(result.history, config.out)
    print(
        f"self-play pool: {', '.join(league.pool)} ({len(league.snapshots)} snapshots joined); {config.out}/pool.json"
    )
    return 0


def cmd_exploit(args: argparse.Namespace) -> int:
    config = _config(args)
    from omniarena.agents import check_agent_args
    from omniarena.agents.pixel.selfplay import exploit

    agent_args = dict(args.agent_arg or [])
    check_agent_args(args.agent, agent_args, config.arena)
    try:
        report = exploit(config, args.agent, agent_args, episodes=args.episodes)
    except ValueError as exc:
        raise _usage(exc) from exc
    print(json.dumps(report))
    rate = report["best_response_win_rate"]
    print(
        f"best response to {args.agent} after {report['steps']} steps: win rate {rate:.2f} over {args.episodes} episodes"
    )
    return 0
