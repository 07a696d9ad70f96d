"""The results store: one SQLite file in WAL mode, a row per finished match, written as it finishes.

Each finished match is one ``INSERT`` in its own transaction, keyed by the match key (arena, arguments,
seating, seed): a killed run loses at most the matches still playing, and a re-run never stores a match
twice. WAL with ``synchronous=NORMAL`` keeps every committed row through a crash of the process (only an
operating-system crash or power cut can take the last commits back). Failed matches (the arena itself
broke) go to ``failures`` with their traceback, and are played again by the next run.

The store also keeps what its results depend on (:meth:`TournamentConfig.identity`): a config whose agent
of a stored name now has another spec or arguments, or whose arena now has other arguments, would mix
incompatible results under one name, and is refused with a message.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

__all__ = ["Store", "IntegrityError"]

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS matches (
    key TEXT PRIMARY KEY,
    ordinal INTEGER NOT NULL,
    stage TEXT NOT NULL,
    arena TEXT NOT NULL,
    env_kwargs TEXT NOT NULL,
    seed INTEGER NOT NULL,
    seats TEXT NOT NULL,
    ranks TEXT NOT NULL,
    returns TEXT NOT NULL,
    detail TEXT NOT NULL,
    seconds REAL NOT NULL,
    finished_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL,
    arena TEXT NOT NULL,
    seats TEXT NOT NULL,
    seed INTEGER NOT NULL,
    error TEXT NOT NULL,
    traceback TEXT,
    at REAL NOT NULL
);
"""
_DETAIL_FIELDS = ("steps", "invalid", "forfeits", "reasons", "tokens")


class IntegrityError(ValueError):
    """A config that would mix incompatible results with the ones stored; the message says why."""


class Store:
    """A tournament's results in SQLite (see the module docstring). Use as a context manager or ``close()``."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if self.path.parent != Path():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(self.path), isolation_level=None, timeout=30.0)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        version = self.meta("schema_version")
        if version is None:
            self.set_meta("schema_version", SCHEMA_VERSION)
        elif version != SCHEMA_VERSION:
            raise IntegrityError(f"{self.path} has results schema {version}; this omniarena reads {SCHEMA_VERSION}")

    @classmethod
    def open_existing(cls, path: str | Path) -> Store:
        """A store that must exist already (for reports): a missing file is a ``FileNotFoundError``."""
        if not Path(path).is_file():
            raise FileNotFoundError(2, "no such results database", str(path))
        return cls(path)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    # -- metadata --
    def meta(self, key: str) -> Any:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else json.loads(row[0])

    def set_meta(self, key: str, value: Any) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, json.dumps(value, default=str))
        )

    def bind(self, identity: Mapping[str, Any], config: Mapping[str, Any], planned: int) -> None:
        """Check ``identity`` against the stored one (:class:`IntegrityError` if they clash), then keep both."""
        stored = self.meta("identity") or {"agents": {}, "arenas": []}
        for name, agent in identity["agents"].items():
            before = stored["agents"].get(name)
            if before is not None and before != agent:
                raise IntegrityError(
                    f"{self.path} holds results of agent {name!r} as {before}, the config now says {agent}; "
                    "give the changed agent a new name, or use another --db"
                )
        stored_arenas = {arena_id: kwargs for arena_id, kwargs in stored["arenas"]}
        for arena_id, kwargs in identity["arenas"]:
            before = stored_arenas.get(arena_id)
            if before is not None and before != kwargs:
                raise IntegrityError(
                    f"{self.path} holds results of {arena_id} with arguments {before}, the config now says {kwargs}; "
                    "use another --db for the new arguments"
                )
            stored_arenas[arena_id] = kwargs
        merged = {
            "agents": {**stored["agents"], **identity["agents"]},
            "arenas": [list(i) for i in stored_arenas.items()],
        }
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self.set_meta("identity", merged)
            self.set_meta("config", dict(config))
            self.set_meta("planned", int(planned))
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    # -- results --
    def record(self, result: Mapping[str, Any], ordinal: int) -> bool:
        """Store a finished match (one transaction); ``False`` when its key was already stored."""
        detail = {name: result[name] for name in _DETAIL_FIELDS if name in result}
        row = (
            result["key"],
            int(ordinal),
            str(result.get("stage", "")),
            result["arena"],
            json.dumps(result["env_kwargs"], sort_keys=True, default=str),
            int(result["seed"]),
            json.dumps(result["seats"]),
            json.dumps(result["ranks"]),
            json.dumps(result["returns"]),
            json.dumps(detail, default=str),
            float(result.get("seconds", 0.0)),
            time.time(),
        )
        cursor = self._db.execute("INSERT OR IGNORE INTO matches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
        return cursor.rowcount == 1

    def record_failure(self, result: Mapping[str, Any]) -> None:
        self._db.execute(
            "INSERT INTO failures (key, arena, seats, seed, error, traceback, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                result["key"],
                result["arena"],
                json.dumps(result["seats"]),
                int(result["seed"]),
                str(result["error"]),
                result.get("traceback"),
                time.time(),
            ),
        )

    def keys(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT key FROM matches")}

    def results(self) -> Iterator[dict[str, Any]]:
        """Every stored result, in plan order (``ordinal``, then key): the order ratings replay them in."""
        query = (
            "SELECT key, ordinal, stage, arena, env_kwargs, seed, seats, ranks, returns, detail, seconds "
            "FROM matches ORDER BY ordinal, key"
        )
        for key, ordinal, stage, arena, kwargs, seed, seats, ranks, returns, detail, seconds in self._db.execute(query):
            yield {
                "key": key,
                "ordinal": ordinal,
                "stage": stage,
                "arena": arena,
                "env_kwargs": json.loads(kwargs),
                "seed": seed,
                "seats": json.loads(seats),
                "ranks": json.loads(ranks),
                "returns": json.loads(returns),
                **json.loads(detail),
                "seconds": seconds,
            }

    def by_key(self) -> dict[str, dict[str, Any]]:
        return {result["key"]: result for result in self.results()}

    def count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM matches").fetchone()[0])

    def failures(self) -> list[dict[str, Any]]:
        rows = self._db.execute("SELECT key, arena, seats, seed, error, traceback FROM failures ORDER BY id")
        return [
            {"key": k, "arena": a, "seats": json.loads(s), "seed": seed, "error": e, "traceback": t}
            for k, a, s, seed, e, t in rows
        ]
