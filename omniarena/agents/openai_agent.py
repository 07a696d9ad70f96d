"""OpenAIAgent: any OpenAI-compatible chat endpoint (vLLM, Ollama, llama.cpp server, hosted APIs) as a player.

The system prompt is a role line plus the arena's ``ActionSet.describe()``; each turn sends the
observation's text and, unless ``include_image=False``, its image as a PNG data URL. The reply text goes to
the arena unchanged, so parsing (and the invalid-action policy) stays the arena's job.

A model failure is a state, not an exception: after ``max_retries`` retries with exponential backoff
(on HTTP 5xx, 429, connection errors and timeouts) ``act()`` returns an empty reply, which every
``ActionSet`` rejects, and records why in ``last_error``; the episode goes on under the arena's
invalid-action policy.

Many environments can share one server: ``aact()`` is the asyncio twin of ``act()``, so one event loop
keeps a request in flight per environment::

    envs = [omniarena.make("omniarena/NumberLine-v0") for _ in range(8)]
    agents = [OpenAIAgent(env, model="qwen2.5-vl", base_url="http://localhost:8000/v1") for env in envs]
    observations = [env.reset(seed=i)[0] for i, env in enumerate(envs)]

    async def replies():
        return await asyncio.gather(*(a.aact(o) for a, o in zip(agents, observations)))

    for env, reply in zip(envs, asyncio.run(replies())):
        env.step(reply)
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import time
from collections import deque
from typing import Any

from gymnasium.error import DependencyNotInstalled

from omniarena.agents.base import INVALID_REPLY, Agent
from omniarena.agents.prompt import require_text_mode, system_prompt, user_message

__all__ = ["OpenAIAgent", "INVALID_REPLY"]

logger = logging.getLogger(__name__)

DEFAULT_MODEL = "gpt-4o-mini"
RETRY_STATUS = frozenset({408, 409, 429})  # plus every 5xx


def _import_openai() -> Any:
    try:
        import openai
    except ImportError as exc:
        raise DependencyNotInstalled(
            'The OpenAI agent needs the openai client. Install it with: pip install "omniarena[llm]"'
        ) from exc
    return openai


class OpenAIAgent(Agent):
    """A player backed by an OpenAI-compatible chat-completions endpoint.

    Arguments: ``model`` (else ``$OPENAI_MODEL``, else ``gpt-4o-mini``); ``base_url`` and ``api_key``
    (else ``$OPENAI_BASE_URL`` / ``$OPENAI_API_KEY``; the key defaults to ``"EMPTY"`` for local servers);
    ``include_image`` (send the observation image); ``history`` (how many past exchanges to resend, as
    text only); ``timeout`` (seconds per request); ``max_retries`` and ``backoff`` (first delay in
    seconds, doubled per retry up to ``max_backoff``); ``temperature``, ``max_tokens``; ``role`` (replaces
    the system prompt's role line); ``extra_body`` (extra JSON fields for the server, e.g. vLLM options).

    State after each call: ``last_reply`` (the raw reply text, ``""`` on failure), ``last_error`` (why the
    last call failed, else ``None``) and ``usage`` (``prompt_tokens``, ``completion_tokens``,
    ``total_tokens``, ``requests`` sent, ``errors`` among them, ``failures`` = turns that got no reply).
    """

    name = "openai"

    def __init__(
        self,
        env: Any,
        *,
        seed: int | None = None,
        player: str | None = None,
        model: str | None = None,
        base_url: str | None = None,
        api_key: str | None = None,
        include_image: bool = True,
        history: int = 0,
        timeout: float = 60.0,
        max_retries: int = 3,
        backoff: float = 1.0,
        max_backoff: float = 30.0,
        temperature: float | None = 0.0,
        max_tokens: int | None = None,
        role: str | None = None,
        extra_body: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(env, seed=seed, player=player)
        self._openai = _import_openai()
        require_text_mode(env, player, self.name)
        if history < 0 or max_retries < 0 or timeout <= 0:
            raise ValueError("history and max_retries must be >= 0 and timeout > 0")
        self.model = model or os.environ.get("OPENAI_MODEL") or DEFAULT_MODEL
        self.base_url = base_url or os.environ.get("OPENAI_BASE_URL") or None
        self.api_key = api_key or os.environ.get("OPENAI_API_KEY") or "EMPTY"
        self.include_image = include_image
        self.timeout = float(timeout)
        self.max_retries = int(max_retries)
        self.backoff = float(backoff)
        self.max_backoff = float(max_backoff)
        self.system = system_prompt(env, player, role, with_image=include_image)
        self.params: dict[str, Any] = {"model": self.model}
        if temperature is not None:
            self.params["temperature"] = temperature
        if max_tokens is not None:
            self.params["max_tokens"] = max_tokens
        if seed is not None:
            self.params["seed"] = seed
        if extra_body:
            self.params["extra_body"] = dict(extra_body)
        self.history: deque[tuple[str, str]] = deque(maxlen=history)
        self.last_reply = INVALID_REPLY
        self.last_error: str | None = None
        self.usage = dict.fromkeys(
            ("prompt_tokens", "completion_tokens", "total_tokens", "requests", "errors", "failures"), 0
        )
        self._jitter = random.Random(seed)
        self._client: Any = None
        self._async_client: Any = None
        self._async_loop: asyncio.AbstractEventLoop | None = None

    # -- clients (built on first use; the async one is bound to the loop that uses it) --

    def _client_kwargs(self) -> dict[str, Any]:
        # The client's own retries are off: backoff is done here so that it is counted and testable.
        return {"base_url": self.base_url, "api_key": self.api_key, "timeout": self.timeout, "max_retries": 0}

    def client(self) -> Any:
        """The synchronous ``openai.OpenAI`` client."""
        if self._client is None:
            self._client = self._openai.OpenAI(**self._client_kwargs())
        return self._client

    def async_client(self) -> Any:
        """The ``openai.AsyncOpenAI`` client of the running event loop."""
        loop = asyncio.get_running_loop()
        if self._async_client is None or self._async_loop is not loop:
            self._async_client = self._openai.AsyncOpenAI(**self._client_kwargs())
            self._async_loop = loop
        return self._async_client

    # -- the agent protocol --

    def reset(self) -> None:
        self.history.clear()
        self.last_reply = INVALID_REPLY
        self.last_error = None

    def act(self, observation: dict[str, Any]) -> str:
        """The model's reply to ``observation``; ``""`` (an invalid action) if the model could not answer."""
        messages = self.messages(observation)
        attempt = 0
        while True:
            self.usage["requests"] += 1
            try:
                response = self.client().chat.completions.create(messages=messages, **self.params)
                return self._accept(observation, response)
            except Exception as exc:  # any failure becomes an invalid action, never a crash
                delay = self._after_failure(exc, attempt)
            if delay is None:
                return self._give_up()
            time.sleep(delay)
            attempt += 1

    async def aact(self, observation: dict[str, Any]) -> str:
        """:meth:`act` for asyncio: await many agents at once with ``asyncio.gather``."""
        messages = self.messages(observation)
        attempt = 0
        while True:
            self.usage["requests"] += 1
            try:
                response = await self.async_client().chat.completions.create(messages=messages, **self.params)
                return self._accept(observation, response)
            except Exception as exc:  # any failure becomes an invalid action, never a crash
                delay = self._after_failure(exc, attempt)
            if delay is None:
                return self._give_up()
            await asyncio.sleep(delay)
            attempt += 1

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        # The async client's connections belong to its loop, which may be closed by now; drop it.
        self._async_client = None
        self._async_loop = None

    # -- request building and bookkeeping shared by act() and aact() --

    def messages(self, observation: dict[str, Any]) -> list[dict[str, Any]]:
        """The chat messages for ``observation``: system prompt, past exchanges as text, this turn."""
        messages: list[dict[str, Any]] = [{"role": "system", "content": self.system}]
        for text, reply in self.history:
            messages.append({"role": "user", "content": text})
            messages.append({"role": "assistant", "content": reply})
        messages.append(user_message(observation, self.include_image))  # the image is encoded once per turn
        return messages

    def _accept(self, observation: dict[str, Any], response: Any) -> str:
        usage = getattr(response, "usage", None)
        for key in ("prompt_tokens", "completion_tokens", "total_tokens"):
            self.usage[key] += int(getattr(usage, key, 0) or 0)
        reply = response.choices[0].message.content or ""
        self.last_reply = reply
        self.last_error = None
        if self.history.maxlen:
            self.history.append((str(observation.get("text", "")), reply))
        return reply

    def _after_failure(self, exc: Exception, attempt: int) -> float | None:
        """Count a failed request; the delay before the next attempt, or ``None`` to give up."""
        self.usage["errors"] += 1
        self.last_error = f"{type(exc).__name__}: {exc}"
        if attempt >= self.max_retries or not self._retryable(exc):
            return None
        delay = min(self.max_backoff, self.backoff * 2**attempt)
        logger.info("%s request failed (%s); retry %d in %.2fs", self.model, self.last_error, attempt + 1, delay)
        return delay * (0.5 + 0.5 * self._jitter.random())  # jitter spreads out many envs hitting one server

    def _retryable(self, exc: Exception) -> bool:
        if isinstance(exc, self._openai.APIConnectionError):  # includes timeouts
            return True
        if isinstance(exc, self._openai.APIStatusError):
            return exc.status_code >= 500 or exc.status_code in RETRY_STATUS
        return False

    def _give_up(self) -> str:
        self.usage["failures"] += 1
        self.last_reply = INVALID_REPLY
        logger.warning("%s gave no reply (%s); sending an invalid action", self.model, self.last_error)
        return INVALID_REPLY
