"""The ``omniarena`` command: list arenas, run one episode, evaluate agents, run the demo.

::

    omniarena list [--domain games] [--json]
    omniarena run --arena omniarena/NumberLine-v0 --agent scripted [--seed 0] [--record runs/rec] [--native]
    omniarena eval --arena omniarena/NumberLine-v0 --agent random --episodes 200 --workers 2 --out runs/eval.jsonl
    omniarena demo [--episodes 20] [--out runs]

A bad arena id, agent spec or argument prints one ``omniarena: error: ...`` line and exits with code 2.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import gymnasium as gym

from omniarena.core.actions import excerpt

__all__ = ["main", "build_parser"]

logger = logging.getLogger("omniarena.cli")

USAGE_ERRORS = (gym.error.Error, ValueError, TypeError, ImportError, AttributeError, OSError)
DEMO_AGENTS = ("random", "scripted")
TEXT_WIDTH = 110
PIPE_WIDTH = 160


class UsageError(Exception):
    """A mistake in the command line, reported in one line."""


# --- output ---------------------------------------------------------------------------------------


def print_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """A rich table when rich is installed, else aligned plain text."""
    cells = [[str(c) for c in row] for row in rows]
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:
        widths = [max([len(col), *(len(r[i]) for r in cells)]) for i, col in enumerate(columns)]
        print(title)
        for row in [list(columns), *cells]:
            print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
        return
    table = Table(title=title, title_justify="left")
    for index, col in enumerate(columns):
        table.add_column(col, no_wrap=index == 0, overflow="fold")
    for row in cells:
        table.add_row(*row)
    # Piped output (logs, CI) gets a wide table rather than the 80-column default.
    Console(width=None if sys.stdout.isatty() else PIPE_WIDTH).print(table)


def _pct(value: float) -> str:
    return "-" if math.isnan(value) else f"{100 * value:.1f}%"


def _num(value: float, digits: int = 2) -> str:
    return "-" if math.isnan(value) else f"{value:.{digits}f}"


def print_summary(records: Sequence[dict[str, Any]], title: str) -> None:
    from omniarena.tasks.stats import summarize

    columns = ["arena", "agent", "vs", "episodes", "success", "return ± se", "format ok", "valid", "effective", "steps"]
    rows = []
    for s in summarize(records):
        episodes = f"{s.episodes}" + (f" ({s.errors} errors)" if s.errors else "")
        kwargs = "" if s.env_kwargs == "{}" else f" {s.env_kwargs}"
        rows.append(
            [
                s.arena + kwargs,
                s.agent,
                s.vs or "-",
                episodes,
                _pct(s.success_rate),
                f"{_num(s.mean_return)} ± {_num(s.se_return)}",
                _pct(s.format_ok_rate),
                _pct(s.valid_rate),
                _pct(s.effective_rate),
                _num(s.mean_steps, 1),
            ]
        )
    print_table(title, columns, rows)


def _flat(text: Any, limit: int = TEXT_WIDTH) -> str:
    return excerpt(str(text), limit, line_separator=" | ")


# --- commands ---------------------------------------------------------------------------------------


def cmd_list(args: argparse.Namespace) -> int:
    import omniarena
    from omniarena.core.registry import is_installed

    arenas = omniarena.list_arenas(domain=args.domain)
    if args.domain and not arenas:
        domains = sorted({a.domain for a in omniarena.list_arenas()})
        raise UsageError(f"no arenas in domain {args.domain!r}; domains: {', '.join(domains)}")
    if args.json:
        print(json.dumps([{**a.as_dict(), "installed": is_installed(a)} for a in arenas], indent=2))
        return 0
    rows = [
        [
            a.id,
            a.domain,
            a.players,
            "yes" if a.expert else "-",
            a.extra or "-",
            "yes" if is_installed(a) else "no",
            a.max_steps or "-",
            a.description,
        ]
        for a in arenas
    ]
    columns = ["id", "domain", "players", "expert", "extra", "installed", "max steps", "description"]
    print_table(f"{len(arenas)} arenas", columns, rows)
    return 0


def _env_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    if getattr(args, "invalid", None):
        kwargs["invalid"] = args.invalid
    if getattr(args, "native", False):
        kwargs["action_mode"] = "native"
    return kwargs


def cmd_run(args: argparse.Namespace) -> int:
    from omniarena.tasks.episode import Move
    from omniarena.tasks.eval import EvalJob, play_episode, recording_dir

    job = EvalJob(args.arena, args.agent, args.vs, _env_kwargs(args)).resolved()
    step = 0

    def show(move: Move) -> None:
        nonlocal step
        step += 1
        who = f" {move.player}" if move.player else ""
        record = move.info.get("action") if isinstance(move.info.get("action"), dict) else {}
        error = f"  invalid: {record['error']}" if record.get("error") else ""
        if not args.moves_only:
            # What the mover saw, in full: a board is only readable whole.
            print(f"\n--- move {step}{who} sees:")
            print("\n".join(f"    {line}" for line in str(move.text or "").splitlines()))
        if not record:  # native mode: the reply is the action
            parsed = move.reply
        else:
            parsed = record["parsed"] if record.get("parsed") is not None else "(no action)"
        print(f"[{step:3d}]{who} {_flat(move.reply, 80)!r} -> {parsed}  reward {move.reward:+g}{error}")

    tally, usage = play_episode(job, args.seed, record_dir=args.record, on_step=show)
    seat = f" as {tally.seat}" if tally.seat else ""
    verdict = "success" if tally.success else "no success"
    print(f"return {tally.total:+g}{seat}: {verdict} in {tally.steps} moves" + (" (forfeit)" if tally.forfeit else ""))
    if usage:
        print(f"model usage: {usage}")
    if args.record:
        print(f"recorded to {recording_dir(args.record, job)}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from omniarena.tasks.eval import evaluate

    records = evaluate(
        args.arena,
        args.agent,
        episodes=args.episodes,
        seed=args.seed,
        workers=args.workers,
        vs=args.vs,
        out=args.out,
        record_dir=args.record,
        progress=not args.no_progress,
        **_env_kwargs(args),
    )
    print_summary(records, f"{args.arena}: {args.episodes} episodes from seed {args.seed}")
    if args.out:
        print(f"per-episode results: {args.out}")
    _report_errors(records)
    return 0


def cmd_suite(args: argparse.Namespace) -> int:
    from omniarena.tasks.suites import list_suites, load_suite, run_suite

    if args.list or not args.name:
        suites = [load_suite(name) for name in list_suites()]
        rows = [[s.name, s.metric, len(s.jobs), s.episodes, s.description] for s in suites]
        print_table("task suites", ["name", "metric", "entries", "episodes", "description"], rows)
        return 0
    if not args.agent:
        raise UsageError("give the agent to evaluate: --agent scripted (or random, openai:<model>, ...)")
    suite = load_suite(args.name)
    result = run_suite(
        suite, args.agent, episodes=args.episodes, workers=args.workers, out=args.out, progress=not args.no_progress
    )
    print_summary(result.records, f"suite {suite.name}: {args.agent}")
    print(f"suite score ({suite.metric}, mean over {len(suite.jobs)} entries): {result.score:.3f}")
    if args.out:
        print(f"per-episode results: {args.out}")
    _report_errors(result.records)
    return 0


def _report_errors(records: Sequence[dict[str, Any]]) -> None:
    errors = [r for r in records if r.get("error")]
    if errors:
        first = errors[0]
        print(f"{len(errors)} episodes failed; first ({first['arena']}, seed {first['seed']}): {first['error']}")


def family(arena_id: str) -> str:
    """The game an id belongs to: ``omniarena/2048-5x5-v0`` -> ``2048``."""
    return arena_id.split("/")[-1].split("-")[0]


def demo_arenas(all_variants: bool = False) -> list[Any]:
    """Every installed embedded arena; unless ``all_variants``, only the default variant of each game."""
    import omniarena

    embedded = [info for info in omniarena.list_arenas(installed_only=True) if info.extra is None]
    if all_variants:
        return embedded
    chosen: dict[str, Any] = {}
    for info in embedded:
        # The default variant has the shortest id (``NumberLine-v0`` beside ``NumberLine-Hard-v0``).
        current = chosen.get(family(info.id))
        if current is None or len(info.id) < len(current.id):
            chosen[family(info.id)] = info
    return sorted(chosen.values(), key=lambda info: info.id)


def demo_jobs(all_variants: bool = False) -> list[Any]:
    """Random and scripted agents on the demo arenas (two-player arenas: against random)."""
    from omniarena.tasks.eval import EvalJob

    jobs = []
    for info in demo_arenas(all_variants):
        vs = "random" if info.multi_agent else None
        for agent in DEMO_AGENTS:
            if agent == "scripted" and not info.expert:
                continue
            jobs.append(EvalJob(info.id, agent, vs))
    return jobs


def cmd_demo(args: argparse.Namespace) -> int:
    from omniarena.tasks.eval import evaluate_many, play_episode, recording_dir

    out = Path(args.out)
    results = out / "demo.jsonl"
    jobs = demo_jobs(args.all_variants)
    if not jobs:
        raise UsageError("no embedded arena is installed")
    arenas = sorted({job.arena for job in jobs})
    print(f"omniarena demo: {len(arenas)} arenas x random/scripted agents, {args.episodes} episodes each")
    records = evaluate_many(
        jobs, args.episodes, seed=args.seed, workers=args.workers, out=results, progress=not args.no_progress
    )
    print_summary(records, f"random and scripted agents, {args.episodes} episodes each from seed {args.seed}")
    print(f"per-episode results: {results} (re-running resumes from it)")
    _report_errors(records)
    if args.no_record:
        return 0
    recordings = out / "recordings"
    for arena in arenas:
        best = [job for job in jobs if job.arena == arena][-1]  # the scripted agent where there is one
        try:
            play_episode(best, args.seed, record_dir=recordings, save_frames=False)
        except gym.error.DependencyNotInstalled as exc:
            print(f"no recordings: {exc}")
            break
        print(f"recorded {arena} ({best.agent}): {recording_dir(recordings, best)}/seed{args.seed}*.gif and .jsonl")
    return 0


# --- parser ---------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="omniarena", description="Games and other arenas for LLM, VLM and pixel agents behind one contract."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    sub = parser.add_subparsers(dest="command", required=True, metavar="{list,run,eval,demo}")

    p = sub.add_parser("list", help="list the registered arenas")
    p.add_argument("--domain", help="only this domain (games, fighting, web, minecraft, jigsaw)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=cmd_list)

    def arena_and_agent(p: argparse.ArgumentParser) -> None:
        p.add_argument("--arena", required=True, help="arena id, e.g. omniarena/NumberLine-v0")
        p.add_argument(
            "--agent", required=True, help="random, scripted, human, openai:<model>, subprocess:<cmd>, mod:Class"
        )
        p.add_argument("--vs", help="opponent spec in two-player arenas (default: random)")
        p.add_argument("--seed", type=int, default=0, help="seed of the (first) episode")
        p.add_argument("--record", metavar="DIR", help="record JSONL, PNG frames and a GIF per episode under DIR")
        p.add_argument("--invalid", help="invalid-action policy: noop (default), retry:N, random, terminate")

    p = sub.add_parser("run", help="play one episode and print every move")
    arena_and_agent(p)
    p.add_argument("--native", action="store_true", help="native actions instead of text")
    p.add_argument("--moves-only", action="store_true", help="print only the moves, not each observation")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("play", help="play one episode yourself in the terminal (text actions)")
    p.add_argument("--arena", required=True, help="arena id, e.g. omniarena/2048-v0")
    p.add_argument("--vs", help="opponent in two-player arenas (default: random; e.g. scripted)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--record", metavar="DIR", help="record the episode under DIR")
    p.add_argument("--invalid", help="invalid-action policy: noop (default), retry:N, random, terminate")
    # The human agent prints what it sees itself, so the run loop prints only the moves.
    p.set_defaults(func=cmd_run, agent="human", native=False, moves_only=True)

    p = sub.add_parser("eval", help="evaluate an agent on many seeded episodes")
    arena_and_agent(p)
    p.add_argument("--episodes", type=int, default=100)
    p.add_argument("--workers", type=int, default=1, help="parallel processes (1 = inline)")
    p.add_argument("--out", help="append one JSON line per episode here; re-running resumes")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("suite", help="evaluate an agent on a task suite (a shipped name or a JSON file)")
    p.add_argument("name", nargs="?", help="suite name (see --list) or path to a suite JSON file")
    p.add_argument("--list", action="store_true", help="list the shipped suites")
    p.add_argument("--agent", help="random, scripted, openai:<model>, subprocess:<cmd>, mod:Class")
    p.add_argument("--episodes", type=int, help="episodes per entry (default: the suite's)")
    p.add_argument("--workers", type=int, default=1, help="parallel processes (1 = inline)")
    p.add_argument("--out", help="append one JSON line per episode here; re-running resumes")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_suite)

    p = sub.add_parser("demo", help="random and scripted agents on every embedded game, with recordings")
    p.add_argument("--episodes", type=int, default=20, help="episodes per agent per arena")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--out", default="runs", help="directory for demo.jsonl and recordings/")
    p.add_argument("--all-variants", action="store_true", help="every variant, not only each game's default")
    p.add_argument("--no-record", action="store_true", help="skip the recordings")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s")
    try:
        return int(args.func(args))
    except BrokenPipeError:  # e.g. piped into `head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except (UsageError, *USAGE_ERRORS) as exc:
        logger.debug("command failed", exc_info=True)
        message = " ".join(str(exc).split()) or type(exc).__name__
        print(f"omniarena: error: {message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("omniarena: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
