"""The Ray executor: matches as Ray tasks, heavy arenas on pooled actors, results streamed as they finish.

``address=None`` starts a local Ray with ``workers`` CPUs (local resources only, no dashboard);
``address="auto"`` (or ``ray://host:port``) joins an existing cluster. Arenas that can be pickled
(``ArenaInfo.picklable``: the embedded games) play each match as a task that builds its env; the others
(a browser, an emulator, a Minecraft server) play on a pool of ``workers`` actors, each holding its
envs between matches, so a server starts once per actor rather than once per match.

At most ``2 * workers`` matches are in flight, and each result is yielded the moment ``ray.wait``
returns it, so the runner stores it at once. The result of a match is the one :func:`play_match` gives in a
local process for the same seed: executors never change what is played.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import gymnasium as gym

from omniarena.core.registry import ArenaInfo, spec
from omniarena.league.match import AgentEntry, Match, MatchEnvs, play_match
from omniarena.tasks.worker import _ensure_registered

__all__ = ["run_ray", "ray_available"]

logger = logging.getLogger(__name__)


def ray_available() -> bool:
    try:
        import ray  # noqa: F401
    except ImportError:
        return False
    return True


def _import_ray() -> Any:
    try:
        import ray
    except ImportError as exc:
        raise gym.error.DependencyNotInstalled("the Ray executor needs ray: pip install 'omniarena[ray]'") from exc
    return ray


def _play_task(
    match: Match, agents: Mapping[str, AgentEntry], infos: list[ArenaInfo], move_timeout: float | None
) -> dict[str, Any]:
    for info in infos:
        _ensure_registered(info)
    return play_match(match, agents, None, move_timeout)


class _MatchActor:
    """Holds envs between matches (for arenas whose env is heavy to build)."""

    def __init__(self, agents: Mapping[str, AgentEntry], infos: list[ArenaInfo], move_timeout: float | None) -> None:
        for info in infos:
            _ensure_registered(info)
        self.agents = dict(agents)
        self.move_timeout = move_timeout
        self.envs = MatchEnvs()

    def play(self, match: Match) -> dict[str, Any]:
        return play_match(match, self.agents, self.envs, self.move_timeout)

    def close(self) -> None:
        self.envs.close()


def init_ray(workers: int, address: str | None) -> Any:
    ray = _import_ray()
    if not ray.is_initialized():
        if address:
            ray.init(address=address, logging_level=logging.WARNING)
        else:
            ray.init(num_cpus=workers, include_dashboard=False, logging_level=logging.WARNING)
    return ray


def run_ray(
    tasks: Iterable[tuple[int, Match]],
    agents: Mapping[str, AgentEntry],
    workers: int = 2,
    move_timeout: float | None = None,
    address: str | None = None,
    actors: bool | None = None,
    on_start: Callable[[int, Match], None] | None = None,
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Play ``tasks`` through Ray (see the module docstring), yielding ``(ordinal, result)`` as they finish.

    ``actors``: ``None`` plays the arenas that cannot be pickled on pooled actors and the others as tasks;
    ``True`` plays every match on the actors, ``False`` every match as a task.
    """
    pending = list(tasks)
    if not pending:
        return
    ray = init_ray(workers, address)
    infos = list({m.arena: spec(m.arena) for _, m in pending}.values())
    agents_ref = ray.put(dict(agents))
    remote_play = ray.remote(num_cpus=1)(_play_task)
    heavy = {info.id for info in infos if (not info.picklable if actors is None else actors)}
    actors: list[Any] = []
    if heavy:
        actor_class = ray.remote(num_cpus=1)(_MatchActor)
        actors = [actor_class.remote(agents_ref, infos, move_timeout) for _ in range(max(1, workers))]
    idle = list(actors)
    by_ref: dict[Any, tuple[int, Any]] = {}
    queue = list(reversed(pending))
    limit = 2 * max(1, workers)
    try:
        while queue or by_ref:
            while queue and len(by_ref) < limit:
                ordinal, match = queue[-1]
                if match.arena in heavy:
                    if not idle:
                        break
                    actor = idle.pop()
                    ref = actor.play.remote(match)
                else:
                    actor = None
                    ref = remote_play.remote(match, agents_ref, infos, move_timeout)
                queue.pop()
                by_ref[ref] = (ordinal, actor)
                if on_start is not None:
                    on_start(ordinal, match)
            if not by_ref:
                continue
            done, _ = ray.wait(list(by_ref), num_returns=1)
            for ref in done:
                ordinal, actor = by_ref.pop(ref)
                if actor is not None:
                    idle.append(actor)
                yield ordinal, ray.get(ref)
    finally:
        for ref, (_, actor) in by_ref.items():
            try:
                ray.cancel(ref, force=actor is None)  # an actor's task cannot be force-cancelled
            except Exception as exc:
                logger.debug("cancelling a Ray task failed: %r", exc)
        for actor in actors:
            try:
                ray.get(actor.close.remote(), timeout=30)
            except Exception as exc:  # closing must not hide the run's own outcome
                logger.warning("closing a Ray match actor failed: %r", exc)
            ray.kill(actor)
