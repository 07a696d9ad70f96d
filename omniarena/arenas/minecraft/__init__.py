"""Minecraft: mineflayer bots on an embedded flying-squid server (or any server), MineRL's actions.

:func:`register` (the ``omniarena.arenas`` entry point ``minecraft``) registers one id per shipped task,
``omniarena/Minecraft-<Task>-v0``; ``omniarena/Minecraft-v0`` is the first task (CraftPlanks), kept short
so the registry-wide tests stay quick. Nothing here starts Node: a server starts at an env's first reset.
The Node packages install with ``omniarena minecraft install`` (``npm ci`` into omniarena's cache).
"""

from __future__ import annotations

from omniarena.core.registry import register as _register

__all__ = ["register"]

ENTRY = "omniarena.arenas.minecraft.env:MinecraftEnv"
EXPERT = "omniarena.arenas.minecraft.bots:MinecraftExpert"
FIRST = "CraftPlanks"
DEFAULT_MAX_STEPS = 10  # Minecraft-v0 is the family's quick default (the demo and registry-wide tests run it)


def register() -> None:
    from omniarena.arenas.minecraft.tasks import load_tasks

    tasks = load_tasks()
    ordered = [tasks[FIRST], *(t for name, t in sorted(tasks.items()) if name != FIRST)]
    common = {
        "family": "Minecraft",
        "domain": "minecraft",
        "deterministic": False,
        "picklable": False,
        "expert": EXPERT,
    }
    _register(
        "omniarena/Minecraft-v0",
        ENTRY,
        kwargs={"task": FIRST},
        max_steps=DEFAULT_MAX_STEPS,
        description=f"Minecraft (flying-squid + mineflayer): {tasks[FIRST].instruction}",
        **common,
    )
    _register(
        "omniarena/MineRL-v0",
        "omniarena.arenas.minecraft.minerl_adapter:MineRLEnv",
        family="MineRL",
        domain="minecraft",
        deterministic=False,
        picklable=False,
        extra="minerl",
        max_steps=1000,
        description="A MineRL environment (MineRLTreechop-v0 by default) with image + text and the low-level text grammar",
    )
    for task in ordered:
        _register(
            f"omniarena/Minecraft-{task.name}-v0",
            ENTRY,
            kwargs={"task": task.name},
            max_steps=task.max_steps,
            description=f"Minecraft: {task.instruction}",
            **common,
        )
