"""Worker processes for engines that allow one instance per process (stable-retro's emulator).

:class:`Worker` starts one child process (``spawn``: a forked child would inherit the parent's engine
and its one-per-process guard), builds an object there from a ``"module:callable"`` factory, and
forwards method calls to it over a pipe: ``worker.call("step", ...)`` returns what the child's method
returned and re-raises what it raised (as :class:`WorkerError` with the child's traceback, or the
original exception type for ``ValueError``/``KeyError``/``FileNotFoundError``). :class:`Local` gives
the same interface over an object in this process, so callers pick either without branching.

``close()`` is idempotent, runs on garbage collection and at interpreter exit, and ends the child
(asked first, then terminated, then killed), so no worker outlives its owner.
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import traceback
import weakref
from multiprocessing.connection import Connection
from typing import Any

__all__ = ["Worker", "Local", "WorkerError", "build"]

log = logging.getLogger(__name__)
_FORWARDED = (ValueError, KeyError, FileNotFoundError)
_JOIN_SECONDS = 5.0


class WorkerError(RuntimeError):
    """A call failed inside the worker process (the message carries the child's traceback)."""


def build(factory: str, kwargs: dict[str, Any]) -> Any:
    """Import ``"package.module:callable"`` and call it with ``kwargs``."""
    module_name, _, attr = factory.partition(":")
    return getattr(importlib.import_module(module_name), attr)(**kwargs)


def _serve(connection: Connection, factory: str, kwargs: dict[str, Any]) -> None:
    try:
        target = build(factory, kwargs)
    except BaseException as exc:
        connection.send(("error", _describe(exc)))
        return
    connection.send(("ok", None))
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):  # the owner went away
            break
        if message is None:
            break
        name, args = message
        try:
            connection.send(("ok", getattr(target, name)(*args)))
        except BaseException as exc:
            connection.send(("error", _describe(exc)))
    close = getattr(target, "close", None)
    if close is not None:
        close()


def _describe(exc: BaseException) -> tuple[str, str, str]:
    return type(exc).__name__, str(exc), traceback.format_exc()


def _raise(error: tuple[str, str, str]) -> None:
    kind, message, trace = error
    for forwarded in _FORWARDED:
        if kind == forwarded.__name__:
            raise forwarded(message)
    raise WorkerError(f"{kind}: {message}\n--- in the worker ---\n{trace}")


def _stop(process: Any, connection: Connection) -> None:
    try:
        connection.send(None)
    except (OSError, ValueError):
        pass
    process.join(_JOIN_SECONDS)
    if process.is_alive():
        process.terminate()
        process.join(_JOIN_SECONDS)
    if process.is_alive():
        process.kill()
        process.join()
    connection.close()


class Worker:
    """One child process holding the object ``factory(**kwargs)``; see the module docstring."""

    def __init__(self, factory: str, kwargs: dict[str, Any] | None = None, name: str = "omniarena-worker") -> None:
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child, factory, dict(kwargs or {})), name=name)
        self._process.daemon = True
        self._process.start()
        child.close()
        self._connection = parent
        self._finalizer = weakref.finalize(self, _stop, self._process, parent)
        try:
            status, payload = parent.recv()
        except EOFError:
            self.close()
            raise WorkerError(f"the worker for {factory} died while starting") from None
        if status == "error":
            self.close()
            _raise(payload)

    @property
    def pid(self) -> int | None:
        return self._process.pid

    @property
    def alive(self) -> bool:
        return self._finalizer.alive and self._process.is_alive()

    def call(self, name: str, *args: Any) -> Any:
        """``target.name(*args)`` in the worker; raises what it raised."""
        if not self._finalizer.alive:
            raise RuntimeError("this worker is closed")
        try:
            self._connection.send((name, args))
            status, payload = self._connection.recv()
        except (EOFError, OSError, BrokenPipeError):
            self.close()
            raise WorkerError(f"the worker died during {name}()") from None
        if status == "error":
            _raise(payload)
        return payload

    def close(self) -> None:
        """End the worker (idempotent)."""
        self._finalizer()


class Local:
    """The :class:`Worker` interface over an object built in this process."""

    def __init__(self, factory: str, kwargs: dict[str, Any] | None = None) -> None:
        self._target: Any = build(factory, dict(kwargs or {}))

    pid = None

    @property
    def alive(self) -> bool:
        return self._target is not None

    def call(self, name: str, *args: Any) -> Any:
        if self._target is None:
            raise RuntimeError("this engine is closed")
        return getattr(self._target, name)(*args)

    def close(self) -> None:
        target, self._target = self._target, None
        close = getattr(target, "close", None)
        if close is not None:
            close()
