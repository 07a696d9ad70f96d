"""Desktop arenas: an OSWorld-style desktop served as a local web app in a real Chromium, sealed from the network.

:func:`register` (the ``omniarena.arenas`` entry point ``desktop``) registers every task of
:data:`~omniarena.arenas.desktop.tasks.TASKS` as ``omniarena/Desktop-<Task>-v0``. Nothing starts a browser
until an environment resets.
"""

from __future__ import annotations

from omniarena.core.registry import register as _register

__all__ = ["register"]


def register() -> None:
    from omniarena.arenas.desktop.tasks import TASKS, task_id

    for task in TASKS:
        kind = "infeasible" if task.infeasible else ("multi-app" if task.multi_app else "single-app")
        _register(
            task_id(task.name),
            "omniarena.arenas.desktop.env:DesktopArena",
            kwargs={"task": task.name},
            family="Desktop",
            domain="desktop",
            picklable=False,
            extra="web",
            max_steps=task.steps,
            expert="omniarena.arenas.web.bots:WebOracle",
            description=f"desktop task '{task.name}' ({kind}: {', '.join(task.apps)}), seeded virtual state",
        )
