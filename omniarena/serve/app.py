"""The server: OpenEnv's own FastAPI app (``create_app``) over :class:`ArenaEnvironment`, behind two guards.

The guards are plain ASGI middleware: a bearer token (required whenever the server binds beyond 127.0.0.1)
checked on every HTTP request and WebSocket handshake, and a cap on request bodies (WebSocket messages are
capped by uvicorn's ``ws_max_size``). Everything else (endpoints, sessions, capacity, idle timeout, error
messages) is OpenEnv's.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import logging
import signal
from collections.abc import Iterator
from typing import Any

from openenv.core.env_server import create_app
from openenv.core.env_server.types import ConcurrencyConfig

from omniarena.serve.environment import ArenaEnvironment, EnvPool, ServeConfig, build_arena
from omniarena.serve.wire import ArenaAction, ArenaObservation

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 1 << 20
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


class Guard:
    """ASGI middleware: bearer-token check and request-body cap, before OpenEnv sees the request."""

    def __init__(self, app: Any, token: str | None, max_body: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.token = token
        self.max_body = max_body

    def _authorized(self, scope: dict[str, Any]) -> bool:
        if not self.token:
            return True
        headers = dict(scope.get("headers") or [])
        given = headers.get(b"authorization", b"").decode("latin-1")
        return hmac.compare_digest(given, f"Bearer {self.token}")

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        kind = scope["type"]
        if kind not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        if not self._authorized(scope):
            if kind == "websocket":
                await send({"type": "websocket.close", "code": 1008, "reason": "missing or wrong bearer token"})
                return
            await _reply(send, 401, {"detail": "missing or wrong bearer token (Authorization: Bearer TOKEN)"})
            return
        if kind == "http":
            length = dict(scope.get("headers") or []).get(b"content-length")
            if length is not None and (not length.isdigit() or int(length) > self.max_body):
                await _reply(send, 413, {"detail": f"request body over {self.max_body} bytes"})
                return
            receive = self._capped(receive)
        else:
            receive = _objects_only(receive)
        await self.app(scope, receive, send)

    def _capped(self, receive: Any) -> Any:
        seen = 0

        async def capped() -> dict[str, Any]:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:  # a chunked body without a length: cut it off
                    return {"type": "http.disconnect"}
            return message

        return capped


def _objects_only(receive: Any) -> Any:
    """WebSocket text that is not a JSON object reaches OpenEnv as invalid JSON: it answers with its own
    INVALID_JSON error and keeps the session (a JSON array or number would otherwise end the session)."""

    async def objects_only() -> dict[str, Any]:
        message = await receive()
        text = message.get("text")
        if message["type"] == "websocket.receive" and text is not None and not text.lstrip().startswith("{"):
            return {**message, "text": "<not a JSON object> " + text[:80]}
        return message

    return objects_only


async def _reply(send: Any, status: int, body: dict[str, Any]) -> None:
    data = json.dumps(body).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})


def make_opponent(config: ServeConfig) -> Any:
    """The factory of the agents that play the other seats (``--vs SPEC``)."""
    if not config.vs:
        return None
    from omniarena.agents import make_agent

    counter = iter(range(1 << 62))

    def opponent(env: Any, seat: str) -> Any:
        return make_agent(config.vs, env, arena_id=config.arena_id, seed=next(counter), player=seat)

    return opponent


def build_app(config: ServeConfig, token: str | None = None, max_body: int = MAX_BODY_BYTES) -> Any:
    """The ASGI app of one served arena; ``app.state.pool`` holds its arenas (closed on shutdown)."""
    opponent = make_opponent(config)
    pool = EnvPool(lambda: build_arena(config, opponent))

    def factory() -> ArenaEnvironment:
        return ArenaEnvironment(config, pool)

    app = create_app(
        factory,
        ArenaAction,
        ArenaObservation,
        env_name=config.arena_id,
        concurrency_config=ConcurrencyConfig(
            max_concurrent_envs=config.max_sessions, session_timeout=config.session_timeout
        ),
    )
    app.state.pool = pool
    guarded = Guard(app, token, max_body)
    guarded.state = app.state  # type: ignore[attr-defined]
    guarded.pool = pool  # type: ignore[attr-defined]
    return guarded


def _exit_on_sigterm(signum: int, frame: Any) -> None:
    raise SystemExit(0)


def serve(
    config: ServeConfig,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    max_body: int = MAX_BODY_BYTES,
) -> None:
    """Run the server until SIGINT/SIGTERM (uvicorn's graceful shutdown closes every arena)."""
    if host not in LOCAL_HOSTS and not token:
        raise SystemExit(f"binding to {host} needs --token TOKEN (clients then send Authorization: Bearer TOKEN)")
    import uvicorn

    app = build_app(config, token, max_body)
    # uvicorn shuts down gracefully on SIGTERM, then raises the signal again under the handler found at start:
    # this one makes that a normal exit, so the arenas are closed below and the exit status is 0
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    log.info("serving %s on http://%s:%d", config.arena_id, host, port)
    try:
        uvicorn.run(app, host=host, port=port, ws_max_size=max_body, log_level="warning")
    finally:
        app.pool.close_all()


@contextlib.contextmanager
def background(arena_id: str, token: str | None = None, **fields: Any) -> Iterator[str]:
    """A server for ``arena_id`` on 127.0.0.1 and a free port, in a thread; yields its URL, stops after.

    ``fields`` are :class:`ServeConfig`'s (``vs="scripted"``, ``observe="text"``, ``max_sessions=8``, ...).
    """
    import socket
    import threading
    import time

    import uvicorn

    app = build_app(ServeConfig(arena_id, **fields), token=token)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", ws_max_size=MAX_BODY_BYTES)
    )
    thread = threading.Thread(target=server.run, name=f"serve-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            server.should_exit = True
            raise RuntimeError(f"the server for {arena_id} did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        app.pool.close_all()
