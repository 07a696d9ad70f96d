"""Arena plugins: distributions add arenas through the entry-point group ``omniarena.arenas``.

Each entry point's value is a callable (``mypkg.arenas:register``) that calls
:func:`omniarena.core.registry.register` for its variants, under its own namespace (``mypkg/Name-v0``).
omniarena's own families arrive the same way, so ``core/`` never imports an arena. A plugin that fails to
import or to register is logged with its name and the error, then skipped: it never breaks
``import omniarena``. Every :class:`~omniarena.core.registry.ArenaInfo` a plugin registers records the
distribution it came from (``ArenaInfo.source``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import metadata
from typing import Any

__all__ = ["GROUP", "load_plugins", "current_source"]

logger = logging.getLogger(__name__)

GROUP = "omniarena.arenas"
# The families this package ships, for a source tree used without being installed (no entry points then).
BUILTIN = {
    "desktop": "omniarena.arenas.desktop:register",
    "games": "omniarena.arenas.games:register",
    "fighting": "omniarena.arenas.fighting:register",
    "jigsaw": "omniarena.arenas.jigsaw:register",
    "minecraft": "omniarena.arenas.minecraft:register",
    "web": "omniarena.arenas.web:register",
    "worlds": "omniarena.arenas.worlds:register",
}
BUILTIN_SOURCE = "omniarena"

_source: list[str] = []
_loaded: set[str] = set()


def current_source() -> str | None:
    """The distribution whose plugin is registering right now (``None`` outside a plugin)."""
    return _source[-1] if _source else None


@contextmanager
def _registering(source: str) -> Iterator[None]:
    _source.append(source)
    try:
        yield
    finally:
        _source.pop()


def _entry_points() -> list[tuple[str, str, str]]:
    """(name, "module:attr", distribution) for every entry point of the group, built-ins first."""
    found = []
    for entry in metadata.entry_points(group=GROUP):
        dist = entry.dist.name if entry.dist is not None else "?"
        found.append((entry.name, entry.value, dist))
    values = {value for _, value, _ in found}
    missing = [(name, value, BUILTIN_SOURCE) for name, value in BUILTIN.items() if value not in values]
    own = [item for item in found if item[2] == BUILTIN_SOURCE]
    return missing + own + [item for item in found if item[2] != BUILTIN_SOURCE]


def _resolve(value: str) -> Callable[[], Any]:
    from omniarena.core.registry import load

    target = load(value)
    if not callable(target):
        raise TypeError(f"{value} is not callable")
    return target


def load_plugins() -> None:
    """Run every not-yet-run entry point of :data:`GROUP` once (idempotent, never raises)."""
    for name, value, dist in _entry_points():
        if value in _loaded:
            continue
        _loaded.add(value)
        try:
            with _registering(dist):
                _resolve(value)()
        except Exception as exc:  # a broken plugin must not break omniarena
            logger.warning("omniarena plugin %r (%s, from %s) failed and is skipped: %r", name, value, dist, exc)
