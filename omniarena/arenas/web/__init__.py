"""Web arenas: seeded local task pages in a real Chromium (Playwright), sealed from the network.

:func:`register` (the ``omniarena.arenas`` entry point ``web``) registers every task of
:data:`~omniarena.arenas.web.catalog.TASKS` as ``omniarena/Web-<Task>-v0``, and, when the ``miniwob``
package is installed, every MiniWoB++ task as ``omniarena/MiniWoB-<task>-v0`` (pages loaded from the
package). Nothing starts a browser until an environment resets.
"""

from __future__ import annotations

from omniarena.arenas.web.catalog import TASKS, task_id
from omniarena.core.registry import register as _register

__all__ = ["register"]


def register() -> None:
    for name, category, steps in TASKS:
        _register(
            task_id(name),
            "omniarena.arenas.web.env:TaskArena",
            kwargs={"task": name},
            family="Web",
            domain="web",
            picklable=False,
            extra="web",
            max_steps=steps,
            expert="omniarena.arenas.web.bots:WebOracle",
            description=f"web task '{name}' ({category}) in a real Chromium, seeded local page",
        )
    from omniarena.arenas.web import miniwob

    miniwob.register()
