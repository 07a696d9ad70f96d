"""The ``omniarena`` command: list arenas, run one episode, evaluate agents, run the demo.

::

    omniarena list [--domain games] [--json]
    omniarena run --arena omniarena/NumberLine-v0 --agent scripted [--seed 0] [--record runs/rec] [--native]
    omniarena play [--arena omniarena/2048-v0] [--vs scripted] [--plain]
    omniarena watch --arena omniarena/ConnectFour-v0 --agent scripted --vs random
    omniarena eval --arena omniarena/NumberLine-v0 --agent random --episodes 200 --workers 2 --out runs/eval.jsonl
    omniarena eval --arena omniarena/2048-Easy-v0 --agent openai:gemma --agent-arg max_tokens=256 \
        --agent-arg include_image=false --max-steps 30
    omniarena suite [NAME | FILE] --agent scripted
    omniarena demo [--episodes 20] [--out runs]
    omniarena tournament run examples/tournament.toml --db runs/league.sqlite --workers 2
    omniarena tournament report runs/league.sqlite [--json] [--plots DIR] [--html FILE]

``--agent-arg KEY=VALUE`` (repeatable) passes an argument to the agent, ``--vs-arg KEY=VALUE`` to the
opponent; values are read as literals (``256``, ``0.5``, ``true``/``false``, ``none``/``null``, ``[1, 2]``),
anything else is text.

Exit status: 0 done; 2 a mistake in the command line (an unknown arena id, a bad agent spec, agent argument,
number, option value or path, a missing extra) or a model endpoint that is not answering, reported in one
``omniarena: error: ...`` line; 1 a bug (in omniarena, an arena plugin or an agent), reported with its
traceback, or episodes that failed (the first one's traceback). Only what the CLI checks itself
(:class:`UsageError`, argparse, the agent-spec checker), the library's own "install this extra" error and
:class:`~omniarena.agents.base.EndpointDown` count as mistakes; any other exception is a bug, whatever its type.
"""

from __future__ import annotations

import argparse
import ast
import json
import logging
import math
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import gymnasium as gym

from omniarena import __version__
from omniarena.agents.human import PlayerQuit
from omniarena.core.actions import excerpt
from omniarena.core.observation import OBSERVE_MODES

__all__ = ["main", "build_parser", "UsageError", "KNOWN_DOMAINS"]

logger = logging.getLogger("omniarena.cli")

# The domains of DESIGN.md; plugins may add their own. A known domain with no arena is not a mistake.
KNOWN_DOMAINS = ("games", "worlds", "fighting", "web", "desktop", "minecraft", "jigsaw")
# OS errors that mean a path the user gave is wrong; raised on any other path they are bugs.
PATH_ERRORS = (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError, FileExistsError)
TEXT_ONLY_AGENTS = ("human", "openai", "subprocess")
DEMO_AGENTS = ("random", "scripted")
# A few web tasks (a real Chromium) join the demo when the web extra is installed (`omniarena demo --no-web` skips them).
DEMO_WEB = ("omniarena/Web-ClickCheckboxes-v0", "omniarena/Web-LoginUser-v0", "omniarena/Web-SearchEngine-v0")
TEXT_WIDTH = 110
PIPE_WIDTH = 160
REPLY_WIDTH = 80  # replies up to this long, on one line, print beside their move


class UsageError(Exception):
    """A mistake in the command line (or in a file it names), reported in one line with exit status 2."""


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


def tokens_per_move(records: Sequence[dict[str, Any]]) -> dict[tuple[Any, ...], str]:
    """Per summary row with model usage: mean prompt/completion tokens per move of the evaluated agent."""
    from omniarena.tasks.stats import group_of

    sums: dict[tuple[Any, ...], list[int]] = {}
    for record in records:
        usage = record.get("usage")
        if record.get("error") is None and isinstance(usage, dict):
            row = sums.setdefault(group_of(record), [0, 0, 0])
            row[0] += int(usage.get("prompt_tokens", 0))
            row[1] += int(usage.get("completion_tokens", 0))
            row[2] += int(record.get("steps", 0))
    return {key: f"{p / n:.0f}/{c / n:.0f}" if n else "-" for key, (p, c, n) in sums.items()}


def print_summary(records: Sequence[dict[str, Any]], title: str) -> None:
    from omniarena.tasks.stats import summarize

    columns = ["arena", "agent", "vs", "episodes", "success", "return ± se", "format ok", "valid", "effective", "steps"]
    tokens = tokens_per_move(records)
    summaries = summarize(records)
    progression = any(not math.isnan(s.mean_progression) for s in summaries)
    if progression:
        columns.append("progression")
    if tokens:
        columns.append("tokens/move in/out")
    rows = []
    for s in summaries:
        episodes = f"{s.episodes}" + (f" ({s.errors} errors)" if s.errors else "")
        kwargs = "" if s.env_kwargs == "{}" else f" {s.env_kwargs}"
        rows.append(
            [
                s.arena + kwargs,
                f"{s.agent} {s.agent_args}".strip(),
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
        if progression:
            rows[-1].append(_num(s.mean_progression, 1))
        if tokens:
            rows[-1].append(tokens.get((s.arena, s.agent, s.vs, s.env_kwargs, s.agent_args), "-"))
    print_table(title, columns, rows)


def _flat(text: Any, limit: int = TEXT_WIDTH) -> str:
    return excerpt(str(text), limit, line_separator=" | ")


# --- commands ---------------------------------------------------------------------------------------


def cmd_list(args: argparse.Namespace) -> int:
    import omniarena
    from omniarena.core.registry import is_installed

    arenas = omniarena.list_arenas(domain=args.domain)
    if args.domain and not arenas:
        known = sorted({*KNOWN_DOMAINS, *(a.domain for a in omniarena.list_arenas())})
        if args.domain not in known:
            raise UsageError(f"unknown domain {args.domain!r}; the domains are: {', '.join(known)}")
        # Known but empty (its arenas are not in this version, and no installed plugin adds one): not a mistake.
        print(f"no arena in the {args.domain!r} domain is registered (none ships yet and no plugin adds one)")
        return 0
    if args.json:
        print(json.dumps([{**a.as_dict(), "installed": is_installed(a)} for a in arenas], indent=2))
        return 0
    rows = [
        [
            a.id,
            a.domain,
            a.api,
            a.players,
            a.source,
            "yes" if a.expert else "-",
            a.extra or "-",
            "yes" if is_installed(a) else "no",
            a.max_steps or "-",
            a.description,
        ]
        for a in arenas
    ]
    columns = ["id", "domain", "api", "players", "source", "expert", "extra", "installed", "max steps", "description"]
    print_table(f"{len(arenas)} arenas", columns, rows)
    return 0


# --- up-front checks: what they reject is the user's mistake, so it becomes a UsageError -----------


def arena_info(arena_id: str) -> Any:
    """The :class:`~omniarena.core.registry.ArenaInfo` of a user-given id; an unknown id is a usage error."""
    import omniarena

    try:
        return omniarena.spec(arena_id)
    except gym.error.UnregisteredEnv as exc:
        raise UsageError(str(exc)) from exc


def check_agent(agent: str, info: Any, option: str, native: bool = False, kwargs: dict[str, Any] | None = None) -> None:
    """Check an agent spec and its arguments (:func:`omniarena.agents.check_agent_args`) against ``info``.

    A ``module:Class`` spec is imported here: a missing module or class is the user's mistake (shown with
    the import error), an error inside their module is not.
    """
    from omniarena.agents import AgentSpecError, check_agent_args

    kind = agent.partition(":")[0].strip().lower()
    if native and kind in TEXT_ONLY_AGENTS:
        raise UsageError(f"{option} {agent}: this agent writes text; drop --native")
    try:
        check_agent_args(agent, dict(kwargs or {}), info.id)
    except AgentSpecError as exc:
        text, prefix = str(exc), f"agent {agent!r}"
        text = text[len(prefix) :] if text.startswith(prefix) else f": {text}"
        raise UsageError(f"{option} {agent}{text}") from exc


def check_job(
    arena_id: str,
    agent: str,
    vs: str | None,
    native: bool = False,
    agent_kwargs: dict[str, Any] | None = None,
    vs_kwargs: dict[str, Any] | None = None,
) -> Any:
    """The ArenaInfo of a user-given arena, agent and opponent, once all of them make sense together."""
    info = arena_info(arena_id)
    check_agent(agent, info, "--agent", native, agent_kwargs)
    if (vs is not None or vs_kwargs) and not info.multi_agent:
        raise UsageError(f"{info.id} is single-player; --vs and --vs-arg only apply to multi-player arenas")
    if info.multi_agent:
        check_agent(vs or "random", info, "--vs", native, vs_kwargs)
    return info


LITERAL_WORDS = {"true": True, "false": False, "none": None, "null": None}


def literal(text: str) -> Any:
    """An agent argument's value: a Python/JSON literal (``256``, ``0.5``, ``true``, ``none``, ``[1, 2]``),
    else the text itself. Nothing is evaluated: ``ast.literal_eval`` reads literals only."""
    word = text.strip()
    if word.lower() in LITERAL_WORDS:
        return LITERAL_WORDS[word.lower()]
    try:
        value = ast.literal_eval(word)
        json.dumps(value)  # jobs and results files hold agent arguments as JSON
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return text
    return value


def agent_arg(text: str) -> tuple[str, Any]:
    """An argparse type: ``KEY=VALUE`` as (key, :func:`literal` value)."""
    key, equals, value = text.partition("=")
    if not equals or not key.strip().isidentifier():
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE (e.g. max_tokens=256), got {text!r}")
    return key.strip(), literal(value)


def agent_kwargs(pairs: Sequence[tuple[str, Any]] | None, option: str) -> dict[str, Any]:
    """The ``--agent-arg``/``--vs-arg`` pairs as a dict; a key given twice is a mistake."""
    kwargs: dict[str, Any] = {}
    for key, value in pairs or ():
        if key in kwargs:
            raise UsageError(f"{option} {key} is given twice ({kwargs[key]!r} and {value!r})")
        kwargs[key] = value
    return kwargs


def _env_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    if getattr(args, "invalid", None):
        kwargs["invalid"] = args.invalid
    if getattr(args, "native", False):
        kwargs["action_mode"] = "native"
    if getattr(args, "observe", None) not in (None, "both"):
        kwargs["observe"] = args.observe
    if getattr(args, "max_steps", None):
        kwargs["max_steps"] = args.max_steps
    return kwargs


def _agent_args(args: argparse.Namespace) -> tuple[dict[str, Any], dict[str, Any]]:
    return agent_kwargs(args.agent_arg, "--agent-arg"), agent_kwargs(args.vs_arg, "--vs-arg")


def cmd_run(args: argparse.Namespace) -> int:
    from omniarena.tasks.episode import Move
    from omniarena.tasks.eval import EvalJob, play_episode, recording_dir

    mine, theirs = _agent_args(args)
    check_job(args.arena, args.agent, args.vs, args.native, mine, theirs)
    job = EvalJob(args.arena, args.agent, args.vs, _env_kwargs(args), mine, theirs).resolved()
    step = 0

    def show(move: Move) -> None:
        nonlocal step
        step += 1
        who = f" {move.player}" if move.player else ""
        action = move.info.get("action")
        record: dict[str, Any] = action if isinstance(action, dict) else {}
        error = f"  invalid: {record['error']}" if record.get("error") else ""
        if not args.moves_only:
            # What the mover saw, in full: a board is only readable whole.
            print(f"\n--- move {step}{who} sees:")
            print("\n".join(f"    {line}" for line in str(move.text or "").splitlines()))
        if not record:  # native mode: the reply is the action
            parsed = move.reply
        else:
            parsed = record["parsed"] if record.get("parsed") is not None else "(no action)"
        reply = str(move.reply)
        verdict = f"-> {parsed}  reward {move.reward:+g}{error}"
        if args.moves_only or (len(reply) <= REPLY_WIDTH and "\n" not in reply):
            print(f"[{step:3d}]{who} {_flat(reply, REPLY_WIDTH)!r} {verdict}")
            return
        # A long reply, whole: the reasoning is what a transcript is read for.
        print(f"--- move {step}{who} replies ({len(reply)} characters):")
        print("\n".join(f"    {line}" for line in reply.splitlines()))
        print(f"[{step:3d}]{who} {verdict}")

    tally, usage = play_episode(job, args.seed, record_dir=args.record, on_step=show)
    seat = f" as {tally.seat}" if tally.seat else ""
    verdict = "success" if tally.success else "no success"
    if args.agent == "human" and tally.final_text:  # `play`: the final state (the dealer's hand, the last move)
        print(f"\n=== final state ===\n{tally.final_text}")
    moves = f"{tally.steps} move{'' if tally.steps == 1 else 's'}"
    print(f"return {tally.total:+g}{seat}: {verdict} in {moves}" + (" (forfeit)" if tally.forfeit else ""))
    if usage:
        print(f"model usage: {usage}")
    if tally.notes:
        print(f"agent notes: {tally.notes}")
    if args.record:
        print(f"recorded to {recording_dir(args.record, job)}")
    return 0


def interactive() -> bool:
    """Whether a person is at a terminal (the app needs one; piped input gets the line mode)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def cmd_play(args: argparse.Namespace) -> int:
    """The terminal app (:mod:`omniarena.tui`), or the line mode with ``--plain`` or piped input."""
    if args.plain or not interactive():
        if not args.arena:
            raise UsageError("the line mode (--plain, or piped input) needs --arena ID")
        return cmd_run(args)
    return _open_app(args, "human", args.vs)


def cmd_watch(args: argparse.Namespace) -> int:
    if "human" in (args.agent, args.vs):
        raise UsageError("watch shows agents playing; to play yourself use `omniarena play --arena ID [--vs SPEC]`")
    if not args.speed > 0:
        raise UsageError(f"--speed is moves per second, above 0; got {args.speed}")
    return _open_app(args, args.agent, args.vs)


def _open_app(args: argparse.Namespace, agent: str, vs: str | None) -> int:
    from omniarena.tui import require_textual

    mine, theirs = _agent_args(args)
    if args.arena:
        check_job(args.arena, agent, vs, False, mine, theirs)
    require_textual()
    from omniarena.tui import app

    options = {"seed": args.seed, "agent_kwargs": mine, "vs_kwargs": theirs, "env_kwargs": _env_kwargs(args)}
    options.update(record_dir=args.record, vs=vs, image=args.image)
    if agent == "human":
        app.play(args.arena, domain=args.domain, **options)
    else:
        app.watch(args.arena, agent, speed=args.speed, paused=args.paused, **options)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from omniarena.remote import is_url
    from omniarena.tasks.eval import evaluate

    if is_url(args.arena):  # a served arena (omniarena serve): the agent plays over the wire
        from omniarena.serve.evaluate import evaluate_remote

        served = evaluate_remote(args.arena, args.agent, args.episodes, args.seed, os.environ.get("OMNIARENA_TOKEN"))
        rows = [[r["seed"], r["seat"] or "", f"{r['return']:.3f}", r["steps"], r["invalid"]] for r in served]
        print_table(f"{args.arena}: {args.episodes} episodes", ["seed", "seat", "return", "steps", "invalid"], rows)
        print(f"mean return {sum(r['return'] for r in served) / len(served):.3f}")
        return 0

    mine, theirs = _agent_args(args)
    check_job(args.arena, args.agent, args.vs, args.native, agent_kwargs=mine, vs_kwargs=theirs)
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
        agent_kwargs=mine,
        vs_kwargs=theirs,
        **_env_kwargs(args),
    )
    print_summary(records, f"{args.arena}: {args.episodes} episodes from seed {args.seed}")
    if args.out:
        print(f"per-episode results: {args.out}")
    return _report_errors(records)


def cmd_suite(args: argparse.Namespace) -> int:
    from omniarena.tasks.suites import list_suites, load_suite, run_suite

    if args.list or not args.name:
        suites = [load_suite(name) for name in list_suites()]
        rows = [[s.name, s.metric, len(s.jobs), s.episodes, s.description] for s in suites]
        print_table("task suites", ["name", "metric", "entries", "episodes", "description"], rows)
        return 0
    if not args.agent:
        raise UsageError("give the agent to evaluate: --agent scripted (or random, openai:<model>, ...)")
    try:
        suite = load_suite(args.name)
    except (ValueError, gym.error.UnregisteredEnv) as exc:  # load_suite names what to fix in the file
        raise UsageError(str(exc)) from exc
    mine, theirs = _agent_args(args)
    for index, entry in enumerate(suite.jobs):
        try:
            info = check_job(entry.arena, args.agent, entry.vs, agent_kwargs=mine)
            if info.multi_agent:  # --vs-arg goes to the opponents of the entries that have one
                check_agent(entry.vs or "random", info, "--vs", kwargs=theirs)
        except UsageError as exc:
            raise UsageError(f"suite {args.name}, entry {index} ({entry.arena}): {exc}") from exc
    if theirs and not any(arena_info(entry.arena).multi_agent for entry in suite.jobs):
        raise UsageError(f"suite {args.name} has no multi-player entry: --vs-arg has no opponent to go to")
    result = run_suite(
        suite,
        args.agent,
        episodes=args.episodes,
        workers=args.workers,
        out=args.out,
        progress=not args.no_progress,
        agent_kwargs=mine,
        vs_kwargs=theirs,
        env_kwargs={"observe": args.observe} if args.observe else None,
    )
    print_summary(result.records, f"suite {suite.name}: {args.agent}")
    print(f"suite score ({suite.metric}, mean over {len(suite.jobs)} entries): {result.score:.3f}")
    if args.out:
        print(f"per-episode results: {args.out}")
    return _report_errors(result.records)


def _report_errors(records: Sequence[dict[str, Any]]) -> int:
    """Exit status 1 with the first failure's traceback (on stderr) when any episode failed, else 0."""
    errors = [r for r in records if r.get("error")]
    if not errors:
        return 0
    first = errors[0]
    print(f"{len(errors)} episodes failed; first ({first['arena']}, seed {first['seed']}): {first['error']}")
    if first.get("traceback"):
        print(f"first failure ({first['arena']}, seed {first['seed']}):\n{first['traceback']}", file=sys.stderr)
    print("omniarena: failed episodes are retried when re-run with the same results file", file=sys.stderr)
    return 1


def default_variant(variants: Sequence[Any]) -> Any:
    """A family's default: ``<namespace>/<family>-v0`` where registered, else its first listed variant."""
    for info in variants:
        if info.id == f"{info.id.split('/')[0]}/{info.family}-v0":
            return info
    return variants[0]


def demo_arenas(all_variants: bool = False, web: bool = False) -> list[Any]:
    """Every installed embedded, in-process arena; unless ``all_variants``, only the default variant of each family.

    ``web``: also the few web tasks of :data:`DEMO_WEB` whose extra is installed."""
    import omniarena

    installed = omniarena.list_arenas(installed_only=True)
    # Embedded and in-process: no extra to install, no browser, server or emulator to start.
    embedded = [info for info in installed if info.extra is None and info.picklable]
    web_tasks = [info for info in installed if web and info.id in DEMO_WEB]
    if all_variants:
        return embedded + web_tasks
    families: dict[tuple[str, str], list[Any]] = {}
    for info in embedded:
        families.setdefault((info.id.split("/")[0], info.family), []).append(info)
    defaults = sorted((default_variant(variants) for variants in families.values()), key=lambda info: info.id)
    return defaults + web_tasks


def demo_jobs(all_variants: bool = False, web: bool = False) -> list[Any]:
    """Random and scripted agents on the demo arenas (two-player arenas: against random)."""
    from omniarena.tasks.eval import EvalJob

    jobs = []
    for info in demo_arenas(all_variants, web):
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
    jobs = demo_jobs(args.all_variants, web=not args.no_web)
    if not jobs:
        raise UsageError("no embedded arena is installed")
    arenas = sorted({job.arena for job in jobs})
    print(f"omniarena demo: {len(arenas)} arenas x random/scripted agents, {args.episodes} episodes each")
    records = evaluate_many(
        jobs, args.episodes, seed=args.seed, workers=args.workers, out=results, progress=not args.no_progress
    )
    print_summary(records, f"random and scripted agents, {args.episodes} episodes each from seed {args.seed}")
    print(f"per-episode results: {results} (re-running resumes from it)")
    status = _report_errors(records)
    if not getattr(args, "no_tournament", True):
        from omniarena.league.cli import demo_tournament

        status = max(status, demo_tournament(out, args.workers, not args.no_progress))
    if args.no_record:
        return status
    recordings = out / "recordings"
    for arena in arenas:
        best = [job for job in jobs if job.arena == arena][-1]  # the scripted agent where there is one
        done = recording_dir(recordings, best) / f"seed{args.seed}.gif"  # written when the episode is over
        if done.exists():  # a re-run resumes: keep the recording it already has instead of seed<N>-1
            print(f"kept {arena} ({best.agent}): {done.parent}/seed{args.seed}.gif and .jsonl")
            continue
        try:
            play_episode(best, args.seed, record_dir=recordings, save_frames=False)
        except gym.error.DependencyNotInstalled as exc:
            print(f"no recordings: {exc}")
            break
        print(f"recorded {arena} ({best.agent}): {recording_dir(recordings, best)}/seed{args.seed}*.gif and .jsonl")
    return status


# --- parser ---------------------------------------------------------------------------------------


class Parser(argparse.ArgumentParser):
    """argparse, but a mistake is one ``omniarena: error:`` line like every other usage error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"omniarena: error: {message} (see `{self.prog} --help`)\n")


def whole_number(minimum: int, what: str) -> Callable[[str], int]:
    """An argparse type: a whole number >= ``minimum``, or a one-line mistake naming ``what`` it must be."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = minimum - 1
        if value < minimum:
            raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}")
        return value

    return parse


POSITIVE = whole_number(1, "a whole number >= 1")
SEED = whole_number(0, "a seed (a whole number >= 0)")


def invalid_policy(text: str) -> str:
    """An argparse type: an invalid-action policy, checked by the parser the text layers use."""
    from omniarena.core.invalid import InvalidPolicy

    try:
        InvalidPolicy.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc
    return text


INVALID_HELP = (
    "invalid-action policy: noop, retry:N, random, terminate (default: noop with one player; retry:2 with "
    "several, so the third invalid reply in a row forfeits)"
)
AGENT_ARG_HELP = (
    "an argument for the agent, repeatable: e.g. max_tokens=256, include_image=false, timeout=120, "
    "stop_at_answer=true, base_url=http://127.0.0.1:8080/v1 (values read as literals: numbers, true/false, "
    "none, lists; else text); an unknown key names the accepted ones"
)
VS_ARG_HELP = "an argument for the opponent, repeatable, as --agent-arg (e.g. depth=2 for a scripted opponent)"
MAX_STEPS_HELP = "end (truncate) each episode after this many steps (default: the arena's)"
IMAGE_MODES = ("auto", "half-block")  # omniarena.tui.app.IMAGE_MODES, without importing Textual here
IMAGE_HELP = "auto: Kitty/Sixel graphics where the terminal has them, else colour half-blocks; half-block: always"
OBSERVE_HELP = "modalities the agent sees: both (default), text (blank image), image (no state in words)"


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="omniarena", description="Games and other arenas for LLM, VLM and pixel agents behind one contract."
    )
    parser.add_argument("--version", action="version", version=f"omniarena {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("list", help="list the registered arenas")
    p.add_argument("--domain", help=f"only this domain ({', '.join(KNOWN_DOMAINS)}, or a plugin's)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=cmd_list)

    def agent_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("--agent-arg", type=agent_arg, action="append", metavar="KEY=VALUE", help=AGENT_ARG_HELP)
        p.add_argument("--vs-arg", type=agent_arg, action="append", metavar="KEY=VALUE", help=VS_ARG_HELP)

    def arena_and_agent(p: argparse.ArgumentParser) -> None:
        p.add_argument("--arena", required=True, help="arena id, e.g. omniarena/NumberLine-v0")
        p.add_argument(
            "--agent", required=True, help="random, scripted, human, openai:<model>, subprocess:<cmd>, mod:Class"
        )
        p.add_argument("--vs", help="opponent spec in two-player arenas (default: random)")
        agent_args(p)
        p.add_argument("--seed", type=SEED, default=0, help="seed of the (first) episode (default: 0)")
        p.add_argument("--record", metavar="DIR", help="record JSONL, PNG frames and a GIF per episode under DIR")
        p.add_argument("--invalid", type=invalid_policy, help=INVALID_HELP)
        p.add_argument("--observe", choices=OBSERVE_MODES, default="both", help=OBSERVE_HELP)
        p.add_argument("--max-steps", type=POSITIVE, metavar="N", help=MAX_STEPS_HELP)

    p = sub.add_parser("run", help="play one episode and print every move")
    arena_and_agent(p)
    p.add_argument("--native", action="store_true", help="native actions instead of text")
    p.add_argument(
        "--moves-only",
        action="store_true",
        help="print one line per move (the reply cut to 80 characters), not each observation and whole reply",
    )
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("play", help="play yourself in the terminal app (image, text, live parse); --plain: line mode")
    p.add_argument("--arena", help="arena id, e.g. omniarena/2048-v0 (default: choose in the app's arena picker)")
    p.add_argument("--vs", help="opponent in two-player arenas (default: random; e.g. scripted)")
    agent_args(p)
    p.add_argument("--seed", type=SEED, default=0, help="seed of the episode (default: 0)")
    p.add_argument("--record", metavar="DIR", help="record the episode under DIR")
    p.add_argument("--invalid", type=invalid_policy, help=INVALID_HELP)
    p.add_argument("--domain", help="the picker shows this domain first (games, worlds, ...)")
    p.add_argument("--plain", action="store_true", help="line mode: print the text, read moves (also when piped)")
    p.add_argument("--image", choices=IMAGE_MODES, default="auto", help=IMAGE_HELP)
    # The human agent prints what it sees itself, so the run loop prints only the moves.
    p.set_defaults(func=cmd_play, agent="human", native=False, moves_only=True)

    p = sub.add_parser("watch", help="watch agents play in the terminal app (pause, single-step, speed)")
    arena_and_agent(p)
    p.add_argument("--speed", type=float, default=2.0, help="moves per second (default: 2; + and - change it)")
    p.add_argument("--paused", action="store_true", help="start paused (n plays one move, space runs)")
    p.add_argument("--image", choices=IMAGE_MODES, default="auto", help=IMAGE_HELP)
    p.set_defaults(func=cmd_watch, native=False)

    p = sub.add_parser("eval", help="evaluate an agent on many seeded episodes")
    arena_and_agent(p)
    p.add_argument("--native", action="store_true", help="native actions instead of text (pixel/RL agents)")
    p.add_argument("--episodes", type=POSITIVE, default=100, help="episodes, seeds seed..seed+N-1 (default: 100)")
    p.add_argument("--workers", type=POSITIVE, default=1, help="parallel processes (1 = inline)")
    p.add_argument("--out", metavar="FILE", help="append one JSON line per episode here; re-running resumes")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("suite", help="evaluate an agent on a task suite (a shipped name or a JSON file)")
    p.add_argument("name", nargs="?", help="suite name (see --list) or path to a suite JSON file")
    p.add_argument("--list", action="store_true", help="list the shipped suites")
    p.add_argument("--agent", help="random, scripted, openai:<model>, subprocess:<cmd>, mod:Class")
    agent_args(p)
    p.add_argument("--episodes", type=POSITIVE, help="episodes per entry (default: the suite's)")
    p.add_argument(
        "--observe",
        choices=("both", "text", "image"),
        help="modality ablation for every entry (BALROG's text vs image)",
    )
    p.add_argument("--workers", type=POSITIVE, default=1, help="parallel processes (1 = inline)")
    p.add_argument("--out", metavar="FILE", help="append one JSON line per episode here; re-running resumes")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_suite)

    p = sub.add_parser("demo", help="random and scripted agents on every embedded game, with recordings")
    p.add_argument("--episodes", type=POSITIVE, default=20, help="episodes per agent per arena (default: 20)")
    p.add_argument("--seed", type=SEED, default=0, help="seed of each arena's first episode (default: 0)")
    p.add_argument("--workers", type=POSITIVE, default=2, help="parallel processes (default: 2; 1 = inline)")
    p.add_argument("--out", metavar="DIR", default="runs", help="directory for demo.jsonl and recordings/")
    p.add_argument("--all-variants", action="store_true", help="every variant, not only each game's default")
    p.add_argument("--no-record", action="store_true", help="skip the recordings")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--no-tournament", action="store_true", help="skip the short round-robin of the built-in agents")
    p.add_argument("--no-web", action="store_true", help="skip the web tasks (which start a Chromium)")
    p.set_defaults(func=cmd_demo)

    from omniarena.league.cli import add_parsers as add_tournament_parsers

    add_tournament_parsers(sub, POSITIVE)

    from omniarena.agents.pixel.cli import add_parsers as add_pixel_parsers
    from omniarena.serve.cli import add_parser as add_serve_parser  # argparse only; the server loads when run

    add_pixel_parsers(sub, POSITIVE)
    add_serve_parser(sub, agent_arg)

    p = sub.add_parser("minecraft", help="the Minecraft arena's Node packages: `omniarena minecraft install`")
    p.add_argument("action", choices=["install"], help="install: npm ci the pinned flying-squid and mineflayer")
    p.add_argument("--force", action="store_true", help="reinstall even if this lock file is installed")
    p.set_defaults(func=cmd_minecraft)
    return parser


def cmd_minecraft(args: argparse.Namespace) -> int:
    from omniarena.arenas.minecraft.world import install

    print(f"Minecraft Node packages installed in {install(force=args.force)}")
    return 0


# --- errors: a mistake is one line and status 2, anything else is a bug with its traceback and status 1 ---


def _absolute(path: Any) -> Path:
    return Path(os.path.abspath(os.fsdecode(path)))


def on_user_path(exc: OSError, args: argparse.Namespace) -> bool:
    """Whether ``exc`` is about a path the user gave (``--out``, ``--record``, a suite file), inside or above one."""
    given = [_absolute(p) for p in (getattr(args, k, None) for k in ("out", "record", "name")) if p]
    failed = [_absolute(f) for f in (exc.filename, exc.filename2) if f not in (None, "")]
    return any(f == g or f in g.parents or g in f.parents for f in failed for g in given)


def usage_message(exc: Exception, args: argparse.Namespace) -> str | None:
    """The one-line message of a user's mistake, or ``None`` when ``exc`` is a bug."""
    from omniarena.agents.base import AgentSpecError, EndpointDown

    if isinstance(exc, UsageError | AgentSpecError | EndpointDown | gym.error.DependencyNotInstalled):
        text = str(exc)
    elif isinstance(exc, PATH_ERRORS) and on_user_path(exc, args):
        text = f"{exc.filename}: {exc.strerror or type(exc).__name__}"
    else:
        return None
    return " ".join(text.split()) or type(exc).__name__


def _external_agents(args: argparse.Namespace) -> list[str]:
    from omniarena.agents import AGENT_KINDS

    specs = [getattr(args, "agent", None), getattr(args, "vs", None)]
    builtin = {*AGENT_KINDS, "scripted", "expert"} - {"subprocess"}
    return [s for s in specs if s and s.partition(":")[0].strip().lower() not in builtin]


def report_bug(args: argparse.Namespace) -> int:
    """Print the traceback of the exception being handled and who to report it to; exit status 1."""
    import omniarena

    traceback.print_exc()
    suspects = []
    try:
        info = omniarena.spec(args.arena) if getattr(args, "arena", None) else None
    except Exception:  # the report must not fail in turn; the traceback above is what matters
        info = None
    if info is not None and info.source != "omniarena":
        suspects.append(f"the plugin {info.source} (it provides {info.id})")
    suspects += [f"the agent {spec!r}" for spec in _external_agents(args)]
    if suspects:
        where = "the traceback above shows which; please report it there, with the command line and the traceback"
    else:
        where = "please report it to the omniarena maintainers with the command line and the traceback above"
    suspects.append(f"omniarena {__version__}")
    print(
        f"omniarena: this is a bug in {' or '.join(suspects)}, not a mistake in the command line; {where}.",
        file=sys.stderr,
    )
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default: ``sys.argv[1:]``) and return its exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a mistake argparse found (already printed)
        return int(exc.code or 0)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s")
    try:
        return int(args.func(args))
    except BrokenPipeError:  # e.g. piped into `head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        print("omniarena: interrupted", file=sys.stderr)
        return 130
    except PlayerQuit:  # Ctrl-D in `play`: the player left, a normal end
        return 0
    except Exception as exc:
        message = usage_message(exc, args)
        if message is None:
            return report_bug(args)
        logger.debug("command failed", exc_info=True)
        print(f"omniarena: error: {message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
