"""OpenAIAgent: any OpenAI-compatible chat endpoint (vLLM, Ollama, llama.cpp server, hosted APIs) as a player.

The system prompt is a role line naming the arena plus the arena's ``ActionSet.describe()``; each turn sends
the observation's text and, unless ``include_image=False`` (or the arena is made with ``observe="text"``), its
image as a PNG data URL. The reply text goes to the arena unchanged, so parsing (and the invalid-action
policy) stays the arena's job.

Every call is bounded: at most ``max_tokens`` (1024 unless told otherwise; ``None`` sends no cap) and, with
``stop_at_answer=True``, the server stops at ``</answer>`` (put back into the reply, since servers strip the
stop sequence). A timeout is not retried: the same request would generate the same long reply again.

A failed turn is a state, not an exception: after ``max_retries`` retries with exponential backoff (on
HTTP 5xx, 408, 409, 429 and connection errors) ``act()`` returns an empty reply, which every ``ActionSet``
rejects, and records why in ``last_error``; the episode goes on under the arena's invalid-action policy.
An endpoint that is down is not: after ``max_failed_turns`` turns in a row without any reply ``act()``
raises :class:`~omniarena.agents.base.EndpointDown`, which stops an evaluation.

A model that takes no images (an HTTP 400 saying so) is warned about once; the image is dropped for the
rest of the run (every agent of this process for that endpoint and model), the turn is sent again as
text, and ``notes["image_dropped"]`` is set (the evaluation runner copies ``notes`` into its records).

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
import re
import time
from collections import deque
from typing import Any

from gymnasium.error import DependencyNotInstalled

from omniarena.agents.base import INVALID_REPLY, Agent, EndpointDown, arena_of
from omniarena.agents.prompt import require_text_mode, system_prompt, user_message

__all__ = ["OpenAIAgent", "INVALID_REPLY", "DEFAULT_MAX_TOKENS"]

logger = logging.getLogger(__name__)

DEFAULT_MODEL = "gpt-4o-mini"
DEFAULT_BASE_URL = "https://api.openai.com/v1"  # where the openai client goes without a base URL
DEFAULT_MAX_TOKENS = 1024
RETRY_STATUS = frozenset({408, 409, 429})  # plus every 5xx
ANSWER_OPEN, ANSWER_CLOSE = "<answer>", "</answer>"
# What servers say in a 400 when the model takes no images (llama.cpp, vLLM, Ollama, hosted APIs).
NO_IMAGES = re.compile(
    r"image input|not support(ed)? (for )?images?|does not support image|images? (is |are )?not supported|"
    r"image_url|multi-?modal|vision",
    re.IGNORECASE,
)
USAGE_KEYS = ("prompt_tokens", "completion_tokens", "total_tokens", "requests", "errors", "failures", "truncated")

# (endpoint, model) pairs that answered "no images" in this process: later agents start text-only.
_TEXT_ONLY: set[tuple[str, str]] = set()


def _import_openai() -> Any:
    try:
        import openai
    except ImportError as exc:
        raise DependencyNotInstalled(
            'The OpenAI agent needs the openai client. Install it with: pip install "omniarena[llm]"'
        ) from exc
    return openai


def close_answer(reply: str) -> str:
    """``reply`` with ``</answer>`` put back when its last ``<answer>`` is still open (the stop sequence)."""
    lowered = reply.lower()
    return reply + ANSWER_CLOSE if lowered.rfind(ANSWER_OPEN) > lowered.rfind(ANSWER_CLOSE) else reply


class OpenAIAgent(Agent):
    """A player backed by an OpenAI-compatible chat-completions endpoint.

    Arguments: ``model`` (else ``$OPENAI_MODEL``, else ``gpt-4o-mini``); ``base_url`` and ``api_key``
    (else ``$OPENAI_BASE_URL`` / ``$OPENAI_API_KEY``; the key defaults to ``"EMPTY"`` for local servers);
    ``include_image`` (send the observation image; never sent for arenas made with ``observe="text"``);
    ``history`` (how many past exchanges to resend, as text only); ``timeout`` (seconds per request, not
    retried); ``max_retries`` and ``backoff`` (first delay in seconds, doubled per retry up to
    ``max_backoff``); ``max_tokens`` (default 1024, ``None`` for no cap); ``stop_at_answer`` (stop the
    generation at ``</answer>``); ``max_failed_turns`` (raise :class:`EndpointDown` after that many turns
    in a row without a reply; ``None`` never does); ``temperature``; ``role`` (replaces the system
    prompt's role line); ``extra_body`` (extra JSON fields for the server, e.g. vLLM options);
    ``arena_id`` (named in the prompt; ``make_agent`` passes it).

    State after each call: ``last_reply`` (the raw reply text, ``""`` on failure), ``last_error`` (why the
    last call failed, else ``None``), ``usage`` (``prompt_tokens``, ``completion_tokens``,
    ``total_tokens``, ``requests`` sent, ``errors`` among them, ``failures`` = turns that got no reply,
    ``truncated`` = replies cut at ``max_tokens``) and ``notes`` (``image_dropped`` once the endpoint said
    the model takes no images).
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
        max_tokens: int | None = DEFAULT_MAX_TOKENS,
        stop_at_answer: bool = False,
        max_failed_turns: int | None = 3,
        role: str | None = None,
        extra_body: dict[str, Any] | None = None,
        arena_id: str | None = None,
    ) -> None:
        super().__init__(env, seed=seed, player=player)
        self._openai = _import_openai()
        require_text_mode(env, player, self.name)
        if history < 0 or max_retries < 0 or timeout <= 0:
            raise ValueError("history and max_retries must be >= 0 and timeout > 0")
        if max_tokens is not None and max_tokens < 1:
            raise ValueError(f"max_tokens must be >= 1 (or None for no cap), got {max_tokens}")
        if max_failed_turns is not None and max_failed_turns < 1:
            raise ValueError(f"max_failed_turns must be >= 1 (or None: never stop), got {max_failed_turns}")
        self.model = model or os.environ.get("OPENAI_MODEL") or DEFAULT_MODEL
        self.base_url = base_url or os.environ.get("OPENAI_BASE_URL") or None
        self.api_key = api_key or os.environ.get("OPENAI_API_KEY") or "EMPTY"
        self.timeout = float(timeout)
        self.max_retries = int(max_retries)
        self.backoff = float(backoff)
        self.max_backoff = float(max_backoff)
        self.stop_at_answer = bool(stop_at_answer)
        self.max_failed_turns = max_failed_turns
        self.notes: dict[str, Any] = {}
        self._prompt_args = (env, player, role, arena_id)
        blank = getattr(arena_of(env), "observe_mode", "both") == "text"  # observe="text": the image is blank
        self.include_image = bool(include_image) and not blank
        if self.include_image and (self.endpoint, self.model) in _TEXT_ONLY:
            self.include_image = False
            self.notes["image_dropped"] = True
        self.system = system_prompt(env, player, role, with_image=self.include_image, arena_id=arena_id)
        self.params: dict[str, Any] = {"model": self.model}
        if temperature is not None:
            self.params["temperature"] = temperature
        if max_tokens is not None:
            self.params["max_tokens"] = int(max_tokens)
        if stop_at_answer:
            self.params["stop"] = [ANSWER_CLOSE]
        if seed is not None:
            self.params["seed"] = seed
        if extra_body:
            self.params["extra_body"] = dict(extra_body)
        self.history: deque[tuple[str, str]] = deque(maxlen=history)
        self.last_reply = INVALID_REPLY
        self.last_error: str | None = None
        self.usage = dict.fromkeys(USAGE_KEYS, 0)
        self._failed_in_row = 0
        self._jitter = random.Random(seed)
        self._client: Any = None
        self._async_client: Any = None
        self._async_loop: asyncio.AbstractEventLoop | None = None

    @property
    def endpoint(self) -> str:
        """The base URL requests go to."""
        return self.base_url or DEFAULT_BASE_URL

    # -- clients (built on first use; the async one is bound to the loop that uses it) --

    def _client_kwargs(self) -> dict[str, Any]:
        # The client's own retries are off: backoff is done here so that it is counted and testable.
        return {"base_url": self.endpoint, "api_key": self.api_key, "timeout": self.timeout, "max_retries": 0}

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
        attempt, messages, with_image = 0, [], None
        while True:
            if with_image is not self.include_image:  # first attempt, or the image was just dropped
                messages, with_image = self.messages(observation), self.include_image
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
        attempt, messages, with_image = 0, [], None
        while True:
            if with_image is not self.include_image:
                messages, with_image = self.messages(observation), self.include_image
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
        choice = response.choices[0]
        reply = choice.message.content or ""
        if getattr(choice, "finish_reason", None) == "length":
            self.usage["truncated"] += 1  # cut at max_tokens: an open <answer> stays open
        elif self.stop_at_answer:
            reply = close_answer(reply)
        self.last_reply = reply
        self.last_error = None
        self._failed_in_row = 0
        if self.history.maxlen:
            self.history.append((str(observation.get("text", "")), reply))
        return reply

    def _after_failure(self, exc: Exception, attempt: int) -> float | None:
        """Count a failed request; the delay before the next attempt, or ``None`` to give up."""
        self.usage["errors"] += 1
        self.last_error = f"{type(exc).__name__}: {exc}"
        if self._takes_no_images(exc):
            self._drop_image(exc)
            return 0.0  # the same turn once more, as text
        if attempt >= self.max_retries or not self._retryable(exc):
            return None
        delay = min(self.max_backoff, self.backoff * 2**attempt)
        logger.warning(
            "%s: %s; retry %d of %d in %.1f s", self.model, self._short(exc), attempt + 1, self.max_retries, delay
        )
        return delay * (0.5 + 0.5 * self._jitter.random())  # jitter spreads out many envs hitting one server

    def _retryable(self, exc: Exception) -> bool:
        if isinstance(exc, self._openai.APITimeoutError):
            return False  # the same request would run into the same long generation
        if isinstance(exc, self._openai.APIConnectionError):
            return True
        if isinstance(exc, self._openai.APIStatusError):
            return exc.status_code >= 500 or exc.status_code in RETRY_STATUS
        return False

    def _short(self, exc: Exception) -> str:
        if isinstance(exc, self._openai.APIStatusError):
            return f"HTTP {exc.status_code}"
        if isinstance(exc, self._openai.APITimeoutError):
            return f"no reply within {self.timeout:g} s"
        if isinstance(exc, self._openai.APIConnectionError):
            return f"cannot connect to {self.endpoint}"
        return type(exc).__name__

    def _takes_no_images(self, exc: Exception) -> bool:
        return (
            self.include_image
            and isinstance(exc, self._openai.APIStatusError)
            and exc.status_code == 400
            and NO_IMAGES.search(str(exc)) is not None
        )

    def _drop_image(self, exc: Exception) -> None:
        key = (self.endpoint, self.model)
        if key not in _TEXT_ONLY:
            _TEXT_ONLY.add(key)
            logger.warning(
                "%s at %s takes no images (%s); sending text only for the rest of the run",
                self.model,
                self.endpoint,
                " ".join(str(exc).split())[:200],
            )
        env, player, role, arena_id = self._prompt_args
        self.include_image = False
        self.system = system_prompt(env, player, role, with_image=False, arena_id=arena_id)
        self.notes["image_dropped"] = True

    def _give_up(self) -> str:
        self.usage["failures"] += 1
        self.last_reply = INVALID_REPLY
        self._failed_in_row += 1
        if self.max_failed_turns is not None and self._failed_in_row >= self.max_failed_turns:
            raise EndpointDown(self.endpoint, self.last_error, self._failed_in_row)
        logger.warning("%s gave no reply (%s); sending an invalid action", self.model, self.last_error)
        return INVALID_REPLY
