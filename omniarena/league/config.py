"""A tournament's configuration: arenas, agents, scheduler and seed, read from TOML and checked up front.

::

    name = "connect-four-and-rps"
    seed = 0
    move_timeout = 60          # seconds an agent may take for one move before it forfeits (optional)

    [scheduler]
    kind = "round-robin"       # round-robin | gauntlet | ladder | swiss | least-played | pfsp
    games_per_pair = 4         # even: every pair plays side-swapped pairs

    [[arenas]]
    id = "omniarena/ConnectFour-v0"
    args = { invalid = "terminate" }

    [[agents]]
    name = "expert"
    spec = "scripted"
    args = { depth = 2, randomize = true }
    arenas = ["omniarena/ConnectFour-v0"]   # optional: only these arenas

Every mistake (an unknown arena id, a single-player arena, an agent spec or argument the arena cannot take,
a scheduler parameter out of range) fails here with a :class:`ConfigError` saying what to write instead,
before any match is played.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gymnasium as gym

from omniarena.agents import check_agent_args
from omniarena.core.registry import spec
from omniarena.league.match import AgentEntry

__all__ = ["ArenaEntry", "TournamentConfig", "ConfigError", "load_config", "DEFAULT_INVALID"]

# A league game is a contest: an agent whose reply is garbage forfeits that game (unless the config says otherwise).
DEFAULT_INVALID = "terminate"
SCHEDULERS = ("round-robin", "gauntlet", "ladder", "swiss", "least-played", "pfsp")


class ConfigError(ValueError):
    """A tournament configuration that cannot run; the message says how to fix it."""


@dataclass(frozen=True)
class ArenaEntry:
    """An arena of the tournament: its id and the arguments ``make_multi`` gets."""

    id: str
    args: dict[str, Any] = field(default_factory=dict)

    @property
    def players(self) -> int:
        return int(spec(self.id).players)

    def env_kwargs(self) -> dict[str, Any]:
        return {"invalid": DEFAULT_INVALID, **self.args}


@dataclass(frozen=True)
class TournamentConfig:
    """A checked tournament configuration (see the module docstring)."""

    name: str
    arenas: tuple[ArenaEntry, ...]
    agents: tuple[AgentEntry, ...]
    scheduler: str = "round-robin"
    params: dict[str, Any] = field(default_factory=dict)
    seed: int = 0
    move_timeout: float | None = None

    @property
    def agent_map(self) -> dict[str, AgentEntry]:
        return {agent.name: agent for agent in self.agents}

    def identity(self) -> dict[str, Any]:
        """What stored results depend on: per agent name its spec and arguments, per arena its arguments."""
        return {
            "agents": {a.name: a.identity() for a in self.agents},
            "arenas": [[a.id, a.env_kwargs()] for a in self.arenas],
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "seed": self.seed,
            "move_timeout": self.move_timeout,
            "scheduler": {"kind": self.scheduler, **self.params},
            "arenas": [{"id": a.id, "args": a.args} for a in self.arenas],
            "agents": [
                {"name": a.name, "spec": a.spec, "args": a.identity()["args"], "arenas": list(a.arenas)}
                for a in self.agents
            ],
        }


def _read_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        try:
            import tomli as tomllib
        except ImportError as exc:
            raise ConfigError("reading TOML on Python 3.10 needs tomli: pip install tomli") from exc
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc


def load_config(source: str | Path | Mapping[str, Any]) -> TournamentConfig:
    """A :class:`TournamentConfig` from a TOML file (or an already parsed mapping), checked."""
    if isinstance(source, Mapping):
        data, where = dict(source), "config"
    else:
        path = Path(source)
        if not path.is_file():
            raise ConfigError(f"{path}: no such tournament config file")
        data, where = _read_toml(path), str(path)
    return from_mapping(data, where)


def _table(data: Mapping[str, Any], key: str, where: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where}: {key} must be a table, e.g. {key} = {{ ... }}")
    return dict(value)


def from_mapping(data: Mapping[str, Any], where: str = "config") -> TournamentConfig:
    known = {"name", "seed", "move_timeout", "scheduler", "arenas", "agents"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"{where}: unknown key {', '.join(unknown)}; the keys are {', '.join(sorted(known))}")
    arenas = tuple(_arena(item, where) for item in _list(data, "arenas", where))
    agents = tuple(_agent(item, where) for item in _list(data, "agents", where))
    names = [a.name for a in agents]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ConfigError(f"{where}: agent name {repeated[0]!r} is used twice; every agent needs its own name")
    for agent in agents:
        for arena_id in agent.arenas:
            if arena_id not in {a.id for a in arenas}:
                raise ConfigError(f"{where}: agent {agent.name!r} lists arena {arena_id!r}, which is not in [[arenas]]")
        for arena in arenas:
            if agent.plays(arena.id):
                try:
                    check_agent_args(agent.spec, dict(agent.args), arena.id)
                except ValueError as exc:
                    raise ConfigError(f"{where}: agent {agent.name!r} in {arena.id}: {exc}") from exc
    for arena in arenas:
        playing = [a for a in agents if a.plays(arena.id)]
        if len(playing) < arena.players:
            raise ConfigError(
                f"{where}: {arena.id} seats {arena.players} players but only {len(playing)} agents play it"
            )
    scheduler = _table(data, "scheduler", where)
    kind = str(scheduler.pop("kind", "round-robin"))
    if kind not in SCHEDULERS:
        raise ConfigError(f"{where}: unknown scheduler {kind!r}; use one of {', '.join(SCHEDULERS)}")
    seed = data.get("seed", 0)
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ConfigError(f"{where}: seed must be a whole number >= 0, got {seed!r}")
    timeout = data.get("move_timeout")
    if timeout is not None and (not isinstance(timeout, int | float) or isinstance(timeout, bool) or timeout <= 0):
        raise ConfigError(f"{where}: move_timeout must be a number of seconds > 0, got {timeout!r}")
    config = TournamentConfig(
        name=str(data.get("name", "tournament")),
        arenas=arenas,
        agents=agents,
        scheduler=kind,
        params=scheduler,
        seed=seed,
        move_timeout=float(timeout) if timeout is not None else None,
    )
    from omniarena.league.schedulers import make_scheduler

    try:
        make_scheduler(config)  # checks the scheduler's parameters
    except ValueError as exc:
        raise ConfigError(f"{where}: scheduler {kind}: {exc}") from exc
    return config


def _list(data: Mapping[str, Any], key: str, where: str) -> list[Mapping[str, Any]]:
    items = data.get(key)
    if not isinstance(items, list) or not items or not all(isinstance(i, Mapping) for i in items):
        raise ConfigError(f"{where}: needs at least one [[{key}]] table")
    return items


def _arena(item: Mapping[str, Any], where: str) -> ArenaEntry:
    arena_id = item.get("id")
    if not isinstance(arena_id, str):
        raise ConfigError(f'{where}: every [[arenas]] needs id = "namespace/Name-vN"')
    try:
        info = spec(arena_id)
    except gym.error.UnregisteredEnv as exc:
        raise ConfigError(f"{where}: {exc}") from exc
    if not info.multi_agent or info.players < 2:
        raise ConfigError(f"{where}: {arena_id} is single-player; a tournament needs arenas with 2 or more players")
    args = item.get("args", {})
    if not isinstance(args, Mapping):
        raise ConfigError(f"{where}: {arena_id}: args must be a table, e.g. args = {{ rounds = 5 }}")
    json.dumps(dict(args))  # arguments are stored with results: they must be plain data
    return ArenaEntry(arena_id, dict(args))


def _agent(item: Mapping[str, Any], where: str) -> AgentEntry:
    name, agent_spec = item.get("name"), item.get("spec")
    if not isinstance(name, str) or not name or not isinstance(agent_spec, str) or not agent_spec:
        raise ConfigError(f'{where}: every [[agents]] needs name = "..." and spec = "random" (or scripted, ...)')
    args = item.get("args", {})
    if not isinstance(args, Mapping):
        raise ConfigError(f"{where}: agent {name!r}: args must be a table, e.g. args = {{ depth = 2 }}")
    arenas = item.get("arenas", [])
    if not isinstance(arenas, list) or not all(isinstance(a, str) for a in arenas):
        raise ConfigError(f"{where}: agent {name!r}: arenas must be a list of arena ids")
    return AgentEntry(name, agent_spec, dict(args), tuple(arenas))
