"""``omniarena ladder``: one agent climbs the fighting arena's 12 CPU rungs, FightLadder's single-player mode.

A run starts on rung 1; each episode is one match (best of three rounds) against the current rung's CPU.
A win climbs a rung, a loss or a draw ends the run (arcade rules, as ``FightLadder-v0``'s own ``climb``),
and beating rung 12 is a full clear. :func:`run_ladder` plays ``runs`` runs and reports per-rung win
rates, the rungs each run reached and the full-clear rate (the figures FightLadder reports).

Episode ``n`` (0-based, counted over all runs) is played on seed ``seed + n`` at the rung the climb has
reached, so the same agent, seed and arguments give the same ladder. With ``out`` every finished
episode is appended to a JSON-lines file the moment it ends (after a header line naming the agent and
the arena's arguments); re-running with the same file resumes the climb where it stopped, and a file
written for another agent or other arguments is refused.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import gymnasium as gym

from omniarena.agents import make_agent
from omniarena.core.registry import make, spec
from omniarena.tasks.episode import Move, play_single
from omniarena.tasks.worker import _recorder, shown_kwargs

__all__ = ["LADDER_ARENA", "RUNGS", "LadderMismatch", "run_ladder", "ladder_report"]

logger = logging.getLogger(__name__)

LADDER_ARENA = "omniarena/FightLadder-v0"
RUNGS = 12
_LADDER_FAMILY = "FightLadder"


class LadderMismatch(ValueError):
    """An ``out`` file that holds another ladder (agent, arguments or arena); the message says what differs."""


class _AtRung(gym.Wrapper):
    """Every reset plays the rung the climb has reached (the arena's own ``options={"rung": r}``)."""

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        self.rung = 1

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None) -> Any:
        return self.env.reset(seed=seed, options={**(options or {}), "rung": self.rung})


def _header(arena: str, agent: str, agent_kwargs: Mapping[str, Any], env_kwargs: Mapping[str, Any], seed: int) -> dict:
    return {
        "ladder": {
            "arena": arena,
            "agent": agent,
            "agent_args": shown_kwargs(agent_kwargs),
            "env_args": json.loads(json.dumps(dict(env_kwargs), sort_keys=True, default=str)),
            "seed": int(seed),
        }
    }


def _read(out: Path, header: dict[str, Any]) -> list[dict[str, Any]]:
    """The episodes stored in ``out`` (a torn last line from a killed run is dropped); checks its header."""
    if not out.is_file() or out.stat().st_size == 0:
        return []
    lines = out.read_text(encoding="utf-8").splitlines()
    try:
        stored = json.loads(lines[0])
    except json.JSONDecodeError:
        stored = None
    if not isinstance(stored, dict) or "ladder" not in stored:
        raise LadderMismatch(f"{out} is not a ladder results file; give another --out")
    if stored["ladder"] != header["ladder"]:
        differs = [k for k in header["ladder"] if stored["ladder"].get(k) != header["ladder"][k]]
        raise LadderMismatch(
            f"{out} holds a ladder with other {', '.join(differs)} ({stored['ladder']}); "
            "use another --out for this one, or the same arguments to resume it"
        )
    episodes = []
    for number, line in enumerate(lines[1:], start=2):
        try:
            episodes.append(json.loads(line))
        except json.JSONDecodeError:
            if number != len(lines):
                raise LadderMismatch(f"{out} line {number} is not JSON; the file was edited or damaged") from None
            logger.warning("%s: dropping a torn last line (a run was killed while writing it)", out)
            out.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    return episodes


def _climb_state(episodes: list[dict[str, Any]]) -> tuple[int, int]:
    """(runs finished, rung to play next) after ``episodes``."""
    runs, rung = 0, 1
    for episode in episodes:
        if episode["result"] == "win" and episode["rung"] < RUNGS:
            rung = episode["rung"] + 1
        else:
            runs, rung = runs + 1, 1
    return runs, rung


def ladder_report(episodes: list[dict[str, Any]], header: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Per-rung plays, wins and win rates, each run's highest rung beaten, and the full-clear rate."""
    rungs = []
    for number in range(1, RUNGS + 1):
        on = [e for e in episodes if e["rung"] == number]
        won = sum(e["result"] == "win" for e in on)
        rungs.append(
            {
                "rung": number,
                "opponent": on[0]["opponent"] if on else None,
                "played": len(on),
                "won": won,
                "win_rate": won / len(on) if on else None,
            }
        )
    reached, beaten = [], 0
    for episode in episodes:
        if episode["result"] == "win":
            beaten = episode["rung"]
            if beaten == RUNGS:
                reached.append(beaten)
                beaten = 0
        else:
            reached.append(beaten)
            beaten = 0
    clears = sum(r == RUNGS for r in reached)
    return {
        **(dict(header) if header else {}),
        "episodes": len(episodes),
        "runs": len(reached),
        "rungs_beaten": reached,
        "best": max(reached, default=0),
        "mean_rungs_beaten": sum(reached) / len(reached) if reached else None,
        "clears": clears,
        "full_clear_rate": clears / len(reached) if reached else None,
        "rungs": rungs,
        "invalid": sum(e["invalid"] for e in episodes),
        "steps": sum(e["steps"] for e in episodes),
    }


def run_ladder(
    agent: str,
    agent_kwargs: Mapping[str, Any] | None = None,
    *,
    runs: int = 1,
    seed: int = 0,
    arena: str = LADDER_ARENA,
    env_kwargs: Mapping[str, Any] | None = None,
    out: str | Path | None = None,
    record_dir: str | Path | None = None,
    on_episode: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Play ``runs`` climbs of ``agent`` up ``arena``'s rungs (see the module docstring); the report.

    ``arena`` is a ladder variant (``omniarena/FightLadder-v0``, ``-Realtime-v0``, ``-Queue-v0``);
    ``env_kwargs`` its arguments (``difficulty``, ``character``, ...). Raises :class:`ValueError` for an
    arena that is not a fighting ladder and :class:`LadderMismatch` for an ``out`` of another ladder.
    """
    info = spec(arena)
    if info.family != _LADDER_FAMILY:
        raise ValueError(f"{arena} is not a fighting ladder; use {LADDER_ARENA} or another FightLadder variant")
    env_kwargs = dict(env_kwargs or {})
    bad = {"ladder", "rung", "opponent"} & set(env_kwargs)
    if bad:
        raise ValueError(f"the ladder chooses the rungs itself; drop {', '.join(sorted(bad))}")
    agent_kwargs = dict(agent_kwargs or {})
    header = _header(arena, agent, agent_kwargs, env_kwargs, seed)
    path = Path(out) if out is not None else None
    episodes = _read(path, header) if path is not None else []
    done_runs, rung = _climb_state(episodes)
    if path is not None and not episodes:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(header) + "\n", encoding="utf-8")
    if done_runs >= runs:
        return ladder_report(episodes, header)
    base = make(arena, **env_kwargs)
    climb = _AtRung(base)
    env: Any = climb
    if record_dir is not None:
        env = _recorder(climb, info, Path(record_dir), save_frames=False)
    try:
        while done_runs < runs:
            number = len(episodes)
            climb.rung = rung
            player = make_agent(agent, env, arena_id=arena, seed=seed + number, **agent_kwargs)
            last: dict[str, Any] = {}

            def keep(move: Move, last: dict[str, Any] = last) -> None:
                last.update(move.info)

            started = time.perf_counter()
            try:
                tally = play_single(env, player, seed + number, on_step=keep)
            finally:
                player.close()
            result = str(last.get("result", "loss"))  # cut short by the step limit: the CPU keeps its rung
            episode = {
                "episode": number,
                "run": done_runs,
                "rung": rung,
                "opponent": last.get("opponent"),
                "seed": seed + number,
                "result": result,
                "wins": list(last.get("wins", ())),
                "return": round(tally.total, 4),
                "steps": tally.steps,
                "invalid": tally.steps - tally.valid,
                "truncated": tally.truncated,
                "tokens": int(player.usage.get("total_tokens", 0)),
                "seconds": round(time.perf_counter() - started, 3),
            }
            episodes.append(episode)
            if path is not None:
                with path.open("a", encoding="utf-8") as handle:
                    handle.write(json.dumps(episode) + "\n")
            if on_episode is not None:
                on_episode(episode)
            done_runs, rung = _climb_state(episodes)
    finally:
        env.close()
    return ladder_report(episodes, header)
