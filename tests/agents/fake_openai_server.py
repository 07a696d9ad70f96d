"""A local OpenAI-compatible server for tests: POST /v1/chat/completions on 127.0.0.1, ephemeral port.

Each request takes the next scripted behaviour from ``script`` (then falls back to answering
``reply``, a text or a function of the request body): an ``int`` is an HTTP error status, a ``float`` is
seconds to stall before answering, a ``str`` is the reply text, and a :class:`Turn` says all of it at once
(content, status and error message, delay, token count, finish reason). Like real servers, the reply is cut
before the first of the request's ``stop`` sequences (which is not sent). Every request body and its
headers are kept in ``requests``/``headers``.

Model behaviours for ``reply``: :func:`never_stops` (rambles until ``max_tokens``, or forever without it),
:func:`stalls` (answers only after a delay) and :func:`text_only` (HTTP 400 for a request with an image).
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PROMPT_TOKENS = 11
COMPLETION_TOKENS = 3
FOREVER = 3600.0  # seconds: longer than any test's client timeout
NO_IMAGES = "image input is not supported - hint: if this is unexpected, you may need to provide the mmproj"
RAMBLE = "Let me think about this. I could go one way or the other, or maybe"


@dataclass(frozen=True)
class Turn:
    """One scripted answer: ``status`` != 200 answers an error with ``message``; ``delay`` stalls first."""

    content: str = ""
    status: int = 200
    message: str = ""
    delay: float = 0.0
    completion_tokens: int = COMPLETION_TOKENS
    finish_reason: str = "stop"


def never_stops(body: dict[str, Any], answer: str = "") -> Turn:
    """A model that never stops by itself: one word per token up to ``max_tokens``; with no cap, no reply.

    ``answer`` is written after the first sentence (the rambling goes on after it).
    """
    cap = body.get("max_tokens")
    if cap is None:
        return Turn(delay=FOREVER)  # it would generate until the client gives up
    head = RAMBLE.split()[:4] + ([answer] if answer else [])
    words = (head + RAMBLE.split() * (1 + int(cap) // 8))[: int(cap)]
    return Turn(" ".join(words), completion_tokens=len(words), finish_reason="length")


def stalls(seconds: float, reply: str = "<answer>+</answer>") -> Callable[[dict[str, Any]], Turn]:
    """A model that answers ``reply`` only after ``seconds``."""
    return lambda body: Turn(reply, delay=seconds)


def has_image(body: dict[str, Any]) -> bool:
    content = body["messages"][-1]["content"]
    return isinstance(content, list) and any(part.get("type") == "image_url" for part in content)


def text_only(reply: str = "<answer>+</answer>") -> Callable[[dict[str, Any]], Turn | str]:
    """A text-only model behind a server that refuses images with HTTP 400 (as vLLM and llama.cpp do)."""
    return lambda body: Turn(status=400, message=NO_IMAGES) if has_image(body) else reply


class FakeOpenAIServer:
    def __init__(self, reply: str | Callable[[dict[str, Any]], str | Turn] = "<answer>+</answer>") -> None:
        self.reply = reply
        self.script: deque[int | float | str | Turn] = deque()
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def __enter__(self) -> FakeOpenAIServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def _next(self, body: dict[str, Any], headers: dict[str, str]) -> int | float | str | Turn:
        with self.lock:
            self.requests.append(body)
            self.headers.append(headers)
            if self.script:
                return self.script.popleft()
        return self._reply(body)

    def _reply(self, body: dict[str, Any]) -> str | Turn:
        return self.reply(body) if callable(self.reply) else self.reply

    def _turn(self, body: dict[str, Any], action: int | float | str | Turn) -> Turn:
        if isinstance(action, float):
            reply = self._reply(body)
            return Turn(reply, delay=action) if isinstance(reply, str) else replace(reply, delay=action)
        if isinstance(action, int):
            return Turn(status=action, message=f"scripted {action}")
        return Turn(action) if isinstance(action, str) else action

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:  # the client gave up (timeout) and closed the connection
                    pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length))
                if self.path.rstrip("/") != "/v1/chat/completions":
                    self._send(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
                    return
                turn = server._turn(body, server._next(body, {k.lower(): v for k, v in self.headers.items()}))
                if turn.delay:
                    server.stopping.wait(turn.delay)
                if turn.status != 200:
                    error_type = "invalid_request_error" if turn.status < 500 else "server_error"
                    self._send(turn.status, {"error": {"message": turn.message, "type": error_type}})
                    return
                content, finish, tokens = turn.content, turn.finish_reason, turn.completion_tokens
                cuts = [content.find(stop) for stop in body.get("stop") or [] if stop in content]
                if cuts:  # the stop sequence ends the generation and is not part of the reply
                    content, finish = content[: min(cuts)], "stop"
                    tokens = min(tokens, len(content.split()))
                self._send(
                    200,
                    {
                        "id": f"chatcmpl-{len(server.requests)}",
                        "object": "chat.completion",
                        "created": 0,
                        "model": body.get("model", "fake"),
                        "choices": [
                            {
                                "index": 0,
                                "message": {"role": "assistant", "content": content},
                                "finish_reason": finish,
                            }
                        ],
                        "usage": {
                            "prompt_tokens": PROMPT_TOKENS,
                            "completion_tokens": tokens,
                            "total_tokens": PROMPT_TOKENS + tokens,
                        },
                    },
                )

        return Handler
