"""Helpers shared by test modules (importable because tests/conftest.py puts tests/ on sys.path)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import omniarena
from omniarena.agents import make_agent
from omniarena.core.registry import ArenaInfo
from omniarena.tasks.episode import play_single


def covered_arenas() -> list[ArenaInfo]:
    """The installed arenas that the registry-wide tests run: every variant of an in-process arena, and
    one variant per family of an arena that holds a browser, a server or an emulator (``picklable`` false).
    Such a family's other variants differ in task data only, which the family's own tests cover; running
    all of them through every generic test would start a browser or server hundreds of times. The variant
    run is the family's default, ``<namespace>/<family>-v0`` where registered (as ``omniarena demo`` picks),
    else its first listed."""
    arenas = omniarena.list_arenas(installed_only=True)
    defaults = {(a.family, a.api) for a in arenas if not a.picklable and a.id == f"{a.id.split('/')[0]}/{a.family}-v0"}
    chosen: list[ArenaInfo] = []
    heavy_families: set[tuple[str, str]] = set()
    for info in arenas:
        if not info.picklable:
            key = (info.family, info.api)
            is_default = info.id == f"{info.id.split('/')[0]}/{info.family}-v0"
            if key in heavy_families or (key in defaults and not is_default):
                continue
            heavy_families.add(key)
        chosen.append(info)
    return chosen


def mean_return(arena_id: str, agent_spec: str, seeds: Iterable[int], **make_kwargs: Any) -> float:
    """Mean return of ``agent_spec`` over one full episode per seed (text mode unless told otherwise)."""
    env = omniarena.make(arena_id, **make_kwargs)
    agent = make_agent(agent_spec, env, arena_id=arena_id, seed=0)
    totals = [play_single(env, agent, seed).total for seed in seeds]
    return sum(totals) / len(totals)


def run_async(coroutine: Any) -> Any:
    """``asyncio.run(coroutine)`` on a thread of its own, re-raising what it raised.

    Kept so the terminal-app tests never share the worker's main thread with whatever else ran there. (It was
    needed while a web arena's Playwright ran its event loop on the caller's thread; it now runs on a thread
    of its browser's own, and tests/arenas/test_web.py checks ``asyncio.run`` beside a web env.)"""
    import asyncio
    import threading

    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as exc:  # re-raised in the caller's thread
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="run_async")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")
