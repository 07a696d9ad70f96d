"""An omniarena arena as an OpenEnv ``Environment``: one instance per WebSocket session, its env from a pool.

The factory given to ``create_app`` builds an :class:`ArenaEnvironment` per session; ``close()`` (at the end of
a session, or when the idle timeout reaps it) gives the arena back to the :class:`EnvPool`, so a new session
does not relaunch a browser or a server. An arena that raised is closed and never pooled again.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from openenv.core.env_server.interfaces import Environment
from openenv.core.env_server.types import EnvironmentMetadata, State

import omniarena
from omniarena.serve.seats import SingleSeat
from omniarena.serve.wire import ArenaAction, ArenaObservation, observation_model

log = logging.getLogger(__name__)


@dataclass
class ServeConfig:
    """What ``omniarena serve`` was asked for (see ``omniarena serve --help``)."""

    arena_id: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    observe: str = "both"
    image_format: str = "jpeg"
    vs: str | None = None
    seat: int | None = None
    max_sessions: int = 8
    session_timeout: float | None = 300.0

    def __post_init__(self) -> None:
        self.info = omniarena.spec(self.arena_id)
        if self.observe not in ("both", "text", "image"):
            raise ValueError(f"observe must be both, text or image, not {self.observe!r}")
        if self.image_format not in ("jpeg", "png"):
            raise ValueError(f"image format must be jpeg or png, not {self.image_format!r}")
        if self.info.multi_agent and not self.vs:
            raise ValueError(
                f"{self.arena_id} has {self.info.players} players: serve it with --vs SPEC (e.g. --vs scripted)"
            )
        if self.seat is not None and not 0 <= self.seat < self.info.players:
            raise ValueError(f"--seat must be in 0..{self.info.players - 1}")


class EnvPool:
    """Idle arenas kept for the next session; every arena it made is closed by :meth:`close_all`."""

    def __init__(self, build: Callable[[], Any]) -> None:
        self._build = build
        self._idle: list[Any] = []
        self._all: list[Any] = []
        self._lock = threading.Lock()
        self.built = 0

    def take(self) -> Any:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        env = self._build()
        with self._lock:
            self._all.append(env)
            self.built += 1
        return env

    def give_back(self, env: Any) -> None:
        with self._lock:
            self._idle.append(env)

    def discard(self, env: Any) -> None:
        with self._lock:
            if env in self._all:
                self._all.remove(env)
        _close(env)

    def close_all(self) -> None:
        with self._lock:
            envs, self._all, self._idle = self._all, [], []
        for env in envs:
            _close(env)
        if envs:
            log.info("closed %d arenas", len(envs))


def _close(env: Any) -> None:
    try:
        env.close()
    except Exception:  # closing must go on for the other envs
        log.exception("closing an arena failed")


class ArenaEnvironment(Environment[ArenaAction, ArenaObservation, State]):
    """One session's arena. Single-agent ids step directly; multi-agent ids play one seat against agents."""

    SUPPORTS_CONCURRENT_SESSIONS = True

    def __init__(self, config: ServeConfig, pool: EnvPool, opponent: Callable[[Any, str, int], Any] | None = None):
        super().__init__()
        self.config = config
        self.pool = pool
        self.opponent = opponent
        self._env: Any = None
        self._state = State(episode_id=None, step_count=0)
        self._episodes = 0
        self._done = True

    # the arena, taken from the pool on first use
    def _arena(self) -> Any:
        if self._env is None:
            self._env = self.pool.take()
        return self._env

    def _seat_name(self, seat: Any) -> str:
        names = [f"player_{i}" for i in range(self.config.info.players)]
        if seat is None:
            index = self.config.seat if self.config.seat is not None else self._episodes % len(names)
            return names[index]
        if isinstance(seat, int) and 0 <= seat < len(names):
            return names[seat]
        if isinstance(seat, str) and seat in names:
            return seat
        raise ValueError(f"seat must be one of {names} or its index, not {seat!r}")

    def reset(
        self, seed: int | None = None, episode_id: str | None = None, seat: Any = None, **kwargs: Any
    ) -> ArenaObservation:
        if kwargs:
            raise ValueError(f"unknown reset arguments {sorted(kwargs)}; reset takes seed, episode_id and seat")
        if seed is not None and not isinstance(seed, int):
            raise ValueError(f"seed must be an integer, not {seed!r}")
        if seat is not None and not self.config.info.multi_agent:
            raise ValueError(f"{self.config.arena_id} has one player: reset takes no seat")
        env = self._arena()
        name = None
        try:
            if isinstance(env, SingleSeat):
                name = self._seat_name(seat)
                obs, info = env.reset(seed, name)
            else:
                obs, info = env.reset(seed=seed)
        except Exception:
            self._fault()
            raise
        self._episodes += 1
        self._done = False
        self._state = State(episode_id=episode_id or str(uuid.uuid4()), step_count=0)
        return observation_model(obs, 0.0, False, info, self.config.observe, self.config.image_format, name)

    def step(self, action: ArenaAction, timeout_s: float | None = None, **kwargs: Any) -> ArenaObservation:
        if self._episodes == 0:  # OpenEnv's stateless HTTP /step: a fresh env plays a fresh episode
            self.reset()
        if self._env is None or self._done:
            raise ValueError("step after the episode ended: call reset first")
        env = self._env
        text = action.text if action.text is not None else self._native_text(action.native)
        try:
            obs, reward, terminated, truncated, info = env.step(text)
        except Exception:
            self._fault()
            raise
        self._state.step_count += 1
        self._done = bool(terminated or truncated)
        info = {**info, "terminated": bool(terminated), "truncated": bool(truncated)}
        seat = env.seat if isinstance(env, SingleSeat) else None
        return observation_model(obs, reward, self._done, info, self.config.observe, self.config.image_format, seat)

    def _native_text(self, native: Any) -> str:
        """A native action checked against the arena's space, as its canonical text (so info["action"] is kept)."""
        env = self._env
        if isinstance(env, SingleSeat):
            space = env.env.unwrapped.action_space(env.seat)
            action_set = env.env.action_space(env.seat).action_set
        else:
            space = env.unwrapped.action_space
            action_set = env.action_space.action_set
        value = np.asarray(native) if isinstance(native, list) else native
        if isinstance(value, dict):
            value = {k: np.asarray(v) if isinstance(v, list) else v for k, v in value.items()}
        try:
            ok = space.contains(value)
        except Exception:
            ok = False
        if not ok:
            raise ValueError(f"native action {native!r} is not in the arena's space {space}")
        return str(action_set.format(value))

    def _fault(self) -> None:
        """The arena raised: it is closed, never pooled again; the next reset builds a fresh one."""
        env, self._env, self._done = self._env, None, True
        if env is not None:
            self.pool.discard(env)

    @property
    def state(self) -> State:
        return self._state

    def get_metadata(self) -> EnvironmentMetadata:
        return arena_metadata(self.config)

    def close(self) -> None:
        env, self._env = self._env, None
        if env is not None:
            self.pool.give_back(env)


def arena_metadata(config: ServeConfig) -> EnvironmentMetadata:
    """``/metadata``: the arena's ArenaInfo, its description and its action description, in the readme."""
    import json

    info = config.info
    probe = _describe_actions(config)
    readme = (
        f"# {info.id}\n\n{info.description}\n\n## Arena\n\n```json\n{json.dumps(info.as_dict(), indent=1, default=str)}\n```\n\n"
        f'## Actions\n\n{probe}\n\nSend `{{"text": "..."}}` (a model\'s reply) or `{{"native": ...}}`.\n'
    )
    return EnvironmentMetadata(
        name=info.id, description=info.description or info.family, readme_content=readme, version=omniarena.__version__
    )


_DESCRIPTIONS: dict[str, str] = {}


def _describe_actions(config: ServeConfig) -> str:
    if config.arena_id not in _DESCRIPTIONS:
        try:
            env = build_arena(config, None)
            space = env.env.action_space(env.seats[0]) if isinstance(env, SingleSeat) else env.action_space
            _DESCRIPTIONS[config.arena_id] = space.action_set.describe()
            (env.env if isinstance(env, SingleSeat) else env).close()
        except Exception as error:  # metadata stays available when an arena cannot start here
            _DESCRIPTIONS[config.arena_id] = f"(the action description could not be built: {error})"
    return _DESCRIPTIONS[config.arena_id]


def build_arena(config: ServeConfig, opponent: Callable[[Any, str], Any] | None) -> Any:
    """A fresh arena for a session: the single-agent env, or a :class:`SingleSeat` over the multi-agent one."""
    if not config.info.multi_agent:
        return omniarena.make(config.arena_id, observe=config.observe, **config.kwargs)
    env = omniarena.make_multi(config.arena_id, observe=config.observe, **config.kwargs)
    return SingleSeat(env, config.info.api == "parallel", opponent or (lambda env, name: None))
