"""One league match: an arena with its arguments, an agent per seat, a seed; played into a result.

A match is one episode. :func:`play_match` builds an agent per seat with ``make_agent`` (the same specs
as ``omniarena eval``) and plays the episode with the evaluation runner's loops
(:func:`omniarena.tasks.episode.play_episode_of`), counting every seat's moves with its
:class:`~omniarena.tasks.episode.EpisodeTally`. The result ranks the seats: a seat that forfeits (its
agent raised, ran past ``move_timeout``, or the arena's invalid-action policy ended its game) ranks
last; otherwise the arena's own ``result`` ("win"/"loss"/"draw") decides, then the returns.

Only a failure of the arena itself (it cannot be built or raised mid-step) is the match's ``error``: such a
match is not finished, is not stored as a result, and is played again by the next run.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import signal
import threading
import time
import traceback
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from omniarena.agents import Agent, EndpointDown, make_agent
from omniarena.core.registry import make_multi, spec
from omniarena.tasks.episode import EpisodeTally, Move, play_episode_of
from omniarena.tasks.worker import _recorder, derive_seed, shown_kwargs

__all__ = ["AgentEntry", "Match", "MatchEnvs", "play_match", "match_key", "seat_names", "pairwise_scores"]

logger = logging.getLogger(__name__)

_RESULT_ORDER = {"win": 2, "draw": 1, "loss": 0}


@dataclass(frozen=True)
class AgentEntry:
    """A named agent of a tournament: its spec (as ``omniarena eval --agent``) and its arguments.

    ``arenas`` (empty: all) limits the arenas it plays, e.g. an expert argument only one arena takes.
    """

    name: str
    spec: str
    args: dict[str, Any] = field(default_factory=dict)
    arenas: tuple[str, ...] = ()

    def plays(self, arena: str) -> bool:
        return not self.arenas or arena in self.arenas

    def identity(self) -> dict[str, Any]:
        """What must stay the same for stored results to stay this agent's (secrets hidden)."""
        return {"spec": self.spec, "args": shown_kwargs(self.args)}


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


def match_key(arena: str, env_kwargs: Mapping[str, Any], seats: Sequence[str], seed: int) -> str:
    """The stored identity of a match: the same arena, arguments, seating and seed is the same match."""
    text = _canonical([arena, dict(env_kwargs), list(seats), int(seed)])
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def seat_names(players: int) -> list[str]:
    return [f"player_{index}" for index in range(players)]


@dataclass(frozen=True)
class Match:
    """An arena id with its arguments, agent names by seat (``seats[i]`` plays ``player_i``), a seed.

    ``stage`` names the scheduler's step it belongs to (e.g. ``swiss-2``), for reports.
    """

    arena: str
    env_kwargs: dict[str, Any]
    seats: tuple[str, ...]
    seed: int
    stage: str = ""

    @functools.cached_property
    def key(self) -> str:  # cached: a plan pass asks each match for its key several times
        return match_key(self.arena, self.env_kwargs, self.seats, self.seed)

    def env_id(self) -> str:
        return _canonical([self.arena, self.env_kwargs])


class SeatFailed(Exception):
    """An agent raised or ran out of time: its seat forfeits the game."""

    def __init__(self, player: str, reason: str) -> None:
        super().__init__(player, reason)
        self.player = player
        self.reason = reason


class _MoveTimeout(Exception):
    pass


def _on_alarm(signum: int, frame: object) -> None:
    raise _MoveTimeout


class Guarded(Agent):
    """An agent whose exceptions and overlong moves become :class:`SeatFailed` for its seat.

    The timeout interrupts the move with SIGALRM where it can (the main thread of a Unix process);
    elsewhere a move that took too long still forfeits once it returns.
    """

    def __init__(self, inner: Agent, player: str, move_timeout: float | None) -> None:
        self.inner = inner
        self.player = player
        self.move_timeout = move_timeout
        self.env = inner.env
        self.seed = inner.seed

    @property
    def usage(self) -> dict[str, int]:  # type: ignore[override]
        return self.inner.usage

    def reset(self) -> None:
        self._call(self.inner.reset)

    def act(self, observation: dict[str, Any]) -> Any:
        return self._call(self.inner.act, observation)

    def close(self) -> None:
        self.inner.close()

    def _call(self, method: Any, *args: Any) -> Any:
        alarm = (
            self.move_timeout is not None
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
        )
        started = time.monotonic()
        previous = signal.signal(signal.SIGALRM, _on_alarm) if alarm else None
        try:
            if alarm:
                signal.setitimer(signal.ITIMER_REAL, float(self.move_timeout))  # type: ignore[arg-type]
            result = method(*args)
        except EndpointDown:
            raise
        except _MoveTimeout:
            raise SeatFailed(self.player, f"timeout: no move within {self.move_timeout} s") from None
        except Exception as exc:
            raise SeatFailed(self.player, f"agent raised {type(exc).__name__}: {exc}") from exc
        finally:
            if alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
        elapsed = time.monotonic() - started
        if self.move_timeout is not None and elapsed > self.move_timeout:
            raise SeatFailed(self.player, f"timeout: the move took {elapsed:.1f} s (limit {self.move_timeout} s)")
        return result


class MatchEnvs:
    """Envs kept between matches, one per (arena, arguments); an env whose match failed is rebuilt."""

    def __init__(self) -> None:
        self._envs: dict[str, Any] = {}

    def get(self, match: Match) -> Any:
        key = match.env_id()
        if key not in self._envs:
            self._envs[key] = make_multi(match.arena, **match.env_kwargs)
        return self._envs[key]

    def drop(self, match: Match) -> None:
        env = self._envs.pop(match.env_id(), None)
        if env is not None:
            _close(env)

    def close(self) -> None:
        for env in self._envs.values():
            _close(env)
        self._envs.clear()

    def __enter__(self) -> MatchEnvs:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _close(thing: Any) -> None:
    try:
        thing.close()
    except Exception as exc:  # closing must not hide the match's own result
        logger.warning("closing %r failed: %r", thing, exc)


def _ranks(order_keys: list[tuple[float, ...]]) -> list[int]:
    """Competition ranks (0 best) of seats by descending key; equal keys share a rank."""
    return [sum(other > mine for other in order_keys) for mine in order_keys]


def play_match(
    match: Match,
    agents: Mapping[str, AgentEntry],
    envs: MatchEnvs | None = None,
    move_timeout: float | None = None,
    record_dir: str | Path | None = None,
) -> dict[str, Any]:
    """Play ``match`` and return its result (see the module docstring); never raises for an arena failure.

    The result has ``key``, ``arena``, ``env_kwargs``, ``seed``, ``stage``, ``seats`` (agent names),
    ``ranks`` (0 best), per-seat ``returns``, ``steps``, ``invalid``, ``forfeits``, ``reasons``, ``tokens``,
    ``error`` (``None`` when finished) and ``seconds``. :class:`EndpointDown` is raised: a model
    endpoint that is down stops the tournament instead of forfeiting every game. ``record_dir`` records
    the match there (JSONL and a GIF, ``seed<N>.gif``); the result's ``recording`` is the GIF's path.
    """
    own = envs is None
    envs = envs if envs is not None else MatchEnvs()
    started = time.perf_counter()
    players = seat_names(len(match.seats))
    tallies = {player: EpisodeTally(seat=player) for player in players}
    verdicts: dict[str, str] = {}
    built: dict[str, Agent] = {}
    recorder: Any = None
    failure: SeatFailed | None = None
    result: dict[str, Any] = {
        "key": match.key,
        "arena": match.arena,
        "env_kwargs": match.env_kwargs,
        "seed": int(match.seed),
        "stage": match.stage,
        "seats": list(match.seats),
    }

    def count(move: Move) -> None:
        if move.player in tallies:
            tallies[move.player].count(move.info)
            if move.info.get("result") in _RESULT_ORDER:
                verdicts[move.player] = str(move.info["result"])

    try:
        info = spec(match.arena)
        env = envs.get(match)
        if list(env.possible_agents) != players:
            raise ValueError(f"{match.arena} seats {env.possible_agents}, the match names {len(players)} agents")
        if record_dir is not None:
            env = recorder = _recorder(env, info, Path(record_dir), save_frames=False)
        for index, (player, name) in enumerate(zip(players, match.seats, strict=True)):
            entry = agents[name]
            try:
                inner = make_agent(
                    entry.spec,
                    env,
                    arena_id=match.arena,
                    seed=derive_seed(match.seed, index),
                    player=player,
                    **entry.args,
                )
            except Exception as exc:
                raise SeatFailed(player, f"agent could not be built: {type(exc).__name__}: {exc}") from exc
            built[player] = Guarded(inner, player, move_timeout)
        try:
            tally = play_episode_of(info.api, env, built, match.seed, players[0], on_step=count)
            returns = dict(tally.returns)
        except SeatFailed as exc:
            failure = exc
            returns = {player: 0.0 for player in players}
            envs.drop(match)  # the episode stopped mid-step: the next match gets a fresh env
    except EndpointDown:
        envs.drop(match)
        raise
    except SeatFailed as exc:  # an agent that cannot be built for its seat forfeits too
        failure = exc
        returns = {player: 0.0 for player in players}
    except Exception as exc:
        logger.warning("match %s (%s, seed %d) failed: %r", match.key, match.arena, match.seed, exc)
        envs.drop(match)
        result.update(error=f"{type(exc).__name__}: {exc}", traceback=traceback.format_exc(limit=8))
        result["seconds"] = round(time.perf_counter() - started, 4)
        return result
    finally:
        for agent in built.values():
            _close(agent)
        if recorder is not None:
            recorder.writer.end()  # the recorder may have ended the episode itself when the game ended
            result["recording"] = str(recorder.writer.paths[-1]) if recorder.writer.paths else None
        if own:
            envs.close()

    forfeits = [bool(tallies[p].forfeit) or (failure is not None and failure.player == p) for p in players]
    reasons: list[str | None] = [None] * len(players)
    for index, player in enumerate(players):
        if failure is not None and failure.player == player:
            reasons[index] = failure.reason
        elif forfeits[index]:
            reasons[index] = "forfeit: the arena's invalid-action policy ended the game"
    keys = [
        (
            0.0 if forfeits[i] else 1.0,
            float(_RESULT_ORDER.get(verdicts.get(p, ""), 1)),
            0.0 if failure is not None else float(returns.get(p, 0.0)),
        )
        for i, p in enumerate(players)
    ]
    result.update(
        ranks=_ranks(keys),
        returns=[float(returns.get(p, 0.0)) for p in players],
        steps=[tallies[p].steps for p in players],
        invalid=[tallies[p].steps - tallies[p].valid for p in players],
        forfeits=forfeits,
        reasons=reasons,
        tokens=[int(built[p].usage.get("total_tokens", 0)) if p in built else 0 for p in players],
        error=None,
        seconds=round(time.perf_counter() - started, 4),
    )
    return result


def pairwise_scores(result: Mapping[str, Any]) -> list[tuple[str, str, float]]:
    """Every pair of seats of a finished result as (agent, other agent, agent's score: 1 won, 0.5 tied, 0 lost)."""
    seats, ranks = result["seats"], result["ranks"]
    pairs = []
    for i in range(len(seats)):
        for j in range(i + 1, len(seats)):
            score = 1.0 if ranks[i] < ranks[j] else 0.5 if ranks[i] == ranks[j] else 0.0
            pairs.append((seats[i], seats[j], score))
    return pairs
