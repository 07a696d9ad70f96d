"""The ``omniarena tournament`` commands and the demo's round-robin (wired into :mod:`omniarena.cli`).

::

    omniarena tournament run CONFIG.toml [--db results.sqlite] [--workers N] [--executor local|ray] [--address auto]
    omniarena tournament report DB [--json] [--plots DIR] [--csv FILE] [--html FILE [--samples N]]
    omniarena ladder --agent SPEC [--agent-arg K=V] [--runs N] [--difficulty D] [--out FILE] [--json]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["add_parsers", "demo_tournament", "cmd_ladder", "DEMO_CONFIG"]

# The demo's short round-robin: the built-in agents of both two-player games.
DEMO_CONFIG: dict[str, Any] = {
    "name": "demo round-robin",
    "seed": 0,
    "scheduler": {"kind": "round-robin", "games_per_pair": 2},
    "arenas": [{"id": "omniarena/ConnectFour-v0"}, {"id": "omniarena/RockPaperScissors-v0"}],
    "agents": [
        {"name": "random", "spec": "random"},
        {
            "name": "expert-d1",
            "spec": "scripted",
            "args": {"depth": 1, "randomize": True},
            "arenas": ["omniarena/ConnectFour-v0"],
        },
        {
            "name": "expert-d2",
            "spec": "scripted",
            "args": {"depth": 2, "randomize": True},
            "arenas": ["omniarena/ConnectFour-v0"],
        },
        {"name": "frequency", "spec": "scripted", "arenas": ["omniarena/RockPaperScissors-v0"]},
        {
            "name": "always-rock",
            "spec": "omniarena.arenas.games.rps.bots:BiasedAgent",
            "args": {"p": [1.0, 0.0, 0.0]},
            "arenas": ["omniarena/RockPaperScissors-v0"],
        },
    ],
}


def _usage(exc: Exception) -> Exception:
    from omniarena.cli import UsageError

    return UsageError(str(exc))


def print_leaderboard(rows: list[dict[str, Any]], title: str) -> None:
    from omniarena.cli import print_table

    columns = ["rank", "agent", "rating (95% CI)", "Elo", "OpenSkill", "games", "wins", "draws", "losses"]
    cells = [
        [
            r["rank"],
            r["agent"],
            f"{r['rating']:.0f} ({r['ci_low']:.0f}-{r['ci_high']:.0f})",
            f"{r['elo']:.0f}",
            f"{r['openskill']:.2f}",
            r["games"],
            r["wins"],
            r["draws"],
            r["losses"],
        ]
        for r in rows
    ]
    print_table(title, columns, cells)


def _run_with_dashboard(config: Any, db: Path, workers: int, executor: str, address: str | None) -> Any:
    """Play the tournament in a thread while the terminal app's live dashboard shows it; quitting the
    dashboard stops the run after the matches in hand (the next run resumes)."""
    import threading

    from omniarena.league.live import LiveFeed
    from omniarena.league.tournament import run_tournament
    from omniarena.tui import require_textual

    require_textual()
    from omniarena.tui.dashboard import run_dashboard

    feed = LiveFeed(config)
    outcome: dict[str, Any] = {}

    def play() -> None:
        try:
            outcome["summary"] = run_tournament(
                config, db, workers=workers, executor=executor, address=address, watch=feed
            )
        except BaseException as exc:  # shown (raised again) once the dashboard is closed
            outcome["error"] = exc
        finally:
            feed.end()

    runner = threading.Thread(target=play, name="omniarena-tournament", daemon=True)
    runner.start()
    run_dashboard(feed)
    if runner.is_alive():
        feed.stop()
        print(f"{config.name}: stopping after the matches in hand (re-run the same command to resume)")
    runner.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["summary"]


def _run(
    config: Any, db: Path, workers: int, executor: str, address: str | None, progress: bool, tui: bool = False
) -> int:
    from omniarena.league.report import build_report
    from omniarena.league.store import IntegrityError, Store
    from omniarena.league.tournament import run_tournament

    try:
        if tui:
            summary = _run_with_dashboard(config, db, workers, executor, address)
        else:
            summary = run_tournament(config, db, workers=workers, executor=executor, address=address, progress=progress)
    except IntegrityError as exc:
        raise _usage(exc) from exc
    print(
        f"{config.name}: {summary.played} matches played now, {summary.stored} stored of {summary.planned} planned"
        + (f", {summary.failed} failed (re-run to retry them)" if summary.failed else "")
    )
    with Store(db) as store:
        report = build_report(store)
    print_leaderboard(report["leaderboard"], f"{config.name}: all arenas")
    if len(report["arenas"]) > 1:
        for arena, part in report["arenas"].items():
            print_leaderboard(part["leaderboard"], arena)
    print(f"results: {db} (re-running the same config resumes it)")
    for line in summary.failures[:5]:
        print(f"failed: {line}")
    return 1 if summary.failed else 0


def cmd_run(args: argparse.Namespace) -> int:
    from omniarena.league.config import ConfigError, load_config

    try:
        config = load_config(args.config)
    except ConfigError as exc:
        raise _usage(exc) from exc
    if args.executor == "ray":
        from omniarena.league.ray_executor import ray_available

        if not ray_available():
            raise _usage(ValueError("--executor ray needs ray: pip install 'omniarena[ray]'"))
    return _run(config, Path(args.db), args.workers, args.executor, args.address, not args.no_progress, args.tui)


def cmd_report(args: argparse.Namespace) -> int:
    from omniarena.league.html import write_html
    from omniarena.league.report import build_report, write_csv, write_plots
    from omniarena.league.samples import record_samples
    from omniarena.league.store import IntegrityError, Store

    try:
        store = Store.open_existing(args.db)
    except (FileNotFoundError, IntegrityError) as exc:
        raise _usage(ValueError(f"{args.db}: {getattr(exc, 'strerror', None) or exc}")) from exc
    with store:
        report = build_report(store, rounds=args.bootstrap)
        plots = write_plots(report, args.plots) if args.plots else None
        if args.csv:
            write_csv(report, args.csv)
        if args.html:
            html_path = Path(args.html)
            recordings = (
                record_samples(store, html_path.parent / f"{html_path.stem}_recordings", args.samples)
                if args.samples
                else []
            )
            if plots is None:
                with tempfile.TemporaryDirectory() as scratch:
                    write_html(report, html_path, write_plots(report, scratch), recordings)
            else:
                write_html(report, html_path, plots, recordings)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"{report['name'] or args.db}: {report['played']} of {report['planned']} planned matches played")
    print_leaderboard(report["leaderboard"], "all arenas")
    for arena, part in report["arenas"].items():
        print_leaderboard(part["leaderboard"], arena)
        support = ", ".join(f"{n} {part['nash'][n]:.2f}" for n in part["support"])
        print(f"Nash mixture of {arena}: {support}")
    for what, where in (("plots", args.plots), ("CSV", args.csv), ("HTML report", args.html)):
        if where:
            print(f"{what}: {where}")
    return 0


def demo_tournament(out: Path, workers: int, progress: bool) -> int:
    """The demo's short round-robin of the built-in agents; prints its leaderboard."""
    import gymnasium as gym

    from omniarena.league.config import load_config

    print("omniarena demo: a short round-robin of the built-in agents on Connect Four and Rock-Paper-Scissors")
    try:
        return _run(load_config(DEMO_CONFIG), out / "tournament.sqlite", workers, "local", None, progress)
    except gym.error.DependencyNotInstalled as exc:
        print(f"no tournament: {exc}")
        return 0


def cmd_ladder(args: argparse.Namespace) -> int:
    from omniarena.cli import agent_kwargs, arena_info, check_agent
    from omniarena.league.ladder import LadderMismatch, run_ladder

    info = arena_info(args.arena)
    mine = agent_kwargs(args.agent_arg, "--agent-arg")
    check_agent(args.agent, info, "--agent", False, mine)
    env_kwargs: dict[str, Any] = {"difficulty": args.difficulty}
    if args.character:
        env_kwargs["character"] = args.character
    if args.invalid:
        env_kwargs["invalid"] = args.invalid

    def shown(episode: dict[str, Any]) -> None:
        if not args.json:
            print(
                f"run {episode['run'] + 1} rung {episode['rung']:2d} vs {episode['opponent']}: {episode['result']}"
                f" (rounds {'-'.join(map(str, episode['wins']))}, return {episode['return']:+.2f},"
                f" {episode['steps']} moves, {episode['invalid']} invalid)",
                flush=True,
            )

    try:
        report = run_ladder(
            args.agent,
            mine,
            runs=args.runs,
            seed=args.seed,
            arena=info.id,
            env_kwargs=env_kwargs,
            out=args.out,
            record_dir=args.record,
            on_episode=shown,
        )
    except (LadderMismatch, ValueError) as exc:
        raise _usage(exc) from exc
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    from omniarena.cli import print_table

    rows = [
        [
            r["rung"],
            r["opponent"] or "-",
            r["played"],
            r["won"],
            "-" if r["win_rate"] is None else f"{r['win_rate']:.2f}",
        ]
        for r in report["rungs"]
    ]
    print_table(
        f"{info.id}: {args.agent} (difficulty {args.difficulty:g})", ["rung", "CPU", "played", "won", "win rate"], rows
    )
    rate = report["full_clear_rate"]
    print(
        f"{report['runs']} runs, rungs beaten per run {report['rungs_beaten']}, best {report['best']} of 12, "
        f"full clears {report['clears']}" + ("" if rate is None else f" (rate {rate:.2f})")
    )
    if args.out:
        print(f"episodes: {args.out} (re-running the same command resumes it)")
    return 0


def add_parsers(sub: Any, positive: Any) -> None:
    """Add ``tournament run``, ``tournament report`` and ``ladder`` to the top-level subparsers ``sub``."""
    from omniarena.cli import INVALID_HELP, SEED, agent_arg, invalid_policy
    from omniarena.league.ladder import LADDER_ARENA

    ladder = sub.add_parser("ladder", help="climb the fighting arena's 12 CPU rungs with one agent (FightLadder)")
    ladder.add_argument("--agent", required=True, help="random, scripted, openai:<model>, subprocess:<cmd>, mod:Class")
    ladder.add_argument("--agent-arg", type=agent_arg, action="append", metavar="KEY=VALUE", help="an agent argument")
    ladder.add_argument("--arena", default=LADDER_ARENA, help=f"a FightLadder variant (default: {LADDER_ARENA})")
    ladder.add_argument("--runs", type=positive, default=1, help="climbs from rung 1; a loss ends one (default: 1)")
    ladder.add_argument("--difficulty", type=float, default=4.0, help="the ladder's difficulty, 1-8 (default: 4)")
    ladder.add_argument("--character", help="your fighter (default: the arena's; random for a random one)")
    ladder.add_argument("--seed", type=SEED, default=0, help="episode n plays seed+n (default: 0)")
    ladder.add_argument("--invalid", type=invalid_policy, help=INVALID_HELP)
    ladder.add_argument("--out", metavar="FILE", help="append one JSON line per episode here; re-running resumes")
    ladder.add_argument("--record", metavar="DIR", help="record every episode (JSONL and a GIF) under DIR")
    ladder.add_argument("--json", action="store_true", help="print the report as one JSON object")
    ladder.set_defaults(func=cmd_ladder)

    p = sub.add_parser("tournament", help="self-play tournaments with ratings (run a TOML config, report a results DB)")
    commands = p.add_subparsers(
        dest="tournament_command", required=True, metavar="SUBCOMMAND", help="run (play a config) or report (a DB)"
    )

    run = commands.add_parser("run", help="play a tournament config into a SQLite results DB (resumable)")
    run.add_argument("config", metavar="CONFIG.toml", help="the tournament config (see examples/tournament.toml)")
    run.add_argument("--db", default="results.sqlite", help="SQLite results file (default: results.sqlite)")
    run.add_argument("--workers", type=positive, default=1, help="parallel processes or Ray CPUs (default: 1)")
    run.add_argument("--executor", choices=("local", "ray"), default="local", help="local process pool or Ray")
    run.add_argument("--address", help="Ray cluster address (e.g. auto); default: a local Ray")
    run.add_argument("--no-progress", action="store_true", help="no progress bar")
    run.add_argument(
        "--tui", action="store_true", help="a live dashboard in the terminal app (q stops after the matches in hand)"
    )
    run.set_defaults(func=cmd_run)

    report = commands.add_parser("report", help="leaderboards, payoff matrix and exports of a results DB")
    report.add_argument("db", metavar="DB", help="the SQLite results file of `tournament run`")
    report.add_argument("--json", action="store_true", help="print the whole report as one JSON object")
    report.add_argument("--plots", metavar="DIR", help="write payoff.png and ratings.png here")
    report.add_argument("--csv", metavar="FILE", help="write every leaderboard row as CSV")
    report.add_argument("--html", metavar="FILE", help="write one self-contained HTML report")
    report.add_argument(
        "--samples", type=int, default=1, metavar="N", help="recorded sample matches per arena in --html (0: none)"
    )
    report.add_argument(
        "--bootstrap", type=positive, default=200, metavar="N", help="bootstrap rounds for the intervals"
    )
    report.set_defaults(func=cmd_report)
