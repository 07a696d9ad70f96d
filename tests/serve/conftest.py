"""Served arenas for the tests: a uvicorn server on 127.0.0.1, on a free port, in a thread; stopped after."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("openenv", reason="the [serve] extra is not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def served(arena_id: str, token: str | None = None, **fields: Any) -> Iterator[Any]:
    """A running server for ``arena_id``; yields an object with ``url``, ``pool`` and ``port``."""
    import uvicorn

    from omniarena.serve.app import build_app
    from omniarena.serve.environment import ServeConfig

    app = build_app(ServeConfig(arena_id, **fields), token=token)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", ws_max_size=1 << 20))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"the server for {arena_id} did not start")
        time.sleep(0.02)
    app.url = f"http://127.0.0.1:{port}"
    app.port = port
    try:
        yield app
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        app.pool.close_all()


@pytest.fixture
def serve_2048() -> Iterator[Any]:
    with served("omniarena/2048-v0", max_sessions=8) as app:
        yield app
