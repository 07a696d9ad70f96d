"""Minecraft tasks as data (``data/tasks/*.json``, MineDojo/MCU style) and the code that reads them.

A task file holds: ``instruction`` (the text the agent reads), ``scene`` (features the harness builds from
the seed: ``trees``, ``pile``, ``boulder`` with optional ore, ``landmark``, ``mobs``, ``blocks``), the
starting ``inventory``, ``time``, ``health`` and ``food``, a ``success`` check read from the server's state
(``inventory``, ``placed``, ``pillar``, ``near``, ``killed``, ``survive``), ``max_steps``, and a scripted
solution in the text grammar (``solution`` once, then ``repeat`` in a loop) that the tests and the expert
play. flying-squid's superflat world has no trees, ores or animals: every one of them comes from here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["Scene", "Task", "build_scene", "load_tasks", "check_success", "SCENE_RADIUS"]

TASK_DIR = Path(__file__).parent / "data" / "tasks"
SCENE_RADIUS = 28  # blocks cleared and rebuilt around a plot's centre at every reset
CLEAR_HEIGHT = 16
GROUND = 4
LEAVES = {"oak": "oak_leaves", "birch": "birch_leaves", "spruce": "spruce_leaves"}


@dataclass(frozen=True)
class Task:
    name: str
    instruction: str
    success: dict[str, Any]
    scene: tuple[dict[str, Any], ...] = ()
    inventory: tuple[tuple[str, int], ...] = ()
    time: int = 1000
    health: float = 20
    food: float = 20
    solution: tuple[str, ...] = ()
    repeat: tuple[str, ...] = ()
    max_steps: int = 60

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Task:
        return cls(
            name=data["name"],
            instruction=data["instruction"],
            success=dict(data["success"]),
            scene=tuple(data.get("scene", ())),
            inventory=tuple((str(n), int(c)) for n, c in data.get("inventory", ())),
            time=int(data.get("time", 1000)),
            health=float(data.get("health", 20)),
            food=float(data.get("food", 20)),
            solution=tuple(data.get("solution", ())),
            repeat=tuple(data.get("repeat", ())),
            max_steps=int(data.get("max_steps", 60)),
        )


@cache
def load_tasks() -> dict[str, Task]:
    """Every shipped task by name."""
    tasks = {}
    for path in sorted(TASK_DIR.glob("*.json")):
        task = Task.from_dict(json.loads(path.read_text()))
        tasks[task.name] = task
    return tasks


@dataclass
class Scene:
    """What a reset builds: blocks (x, y, z, name), mobs (name, x, y, z) and named points."""

    blocks: list[tuple[int, int, int, str]] = field(default_factory=list)
    mobs: list[tuple[str, float, float, float]] = field(default_factory=list)
    points: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    taken: set[tuple[int, int]] = field(default_factory=set)


def _spot(rng: np.random.Generator, scene: Scene, near: Any, size: int = 1) -> tuple[int, int]:
    """A free (dx, dz) at a distance in ``near`` from the centre, away from other features."""
    low, high = (float(v) for v in near)
    for _ in range(200):
        angle = rng.uniform(0, 2 * np.pi)
        dist = rng.uniform(low, high)
        dx, dz = int(round(dist * np.cos(angle))), int(round(dist * np.sin(angle)))
        cells = {(dx + i, dz + j) for i in range(-size, size + 1) for j in range(-size, size + 1)}
        if not cells & scene.taken and max(abs(dx), abs(dz)) > size + 1:
            scene.taken |= cells
            return dx, dz
    raise ValueError(f"no free spot at distance {near} for a feature of size {size}")


def build_scene(task: Task, rng: np.random.Generator, cx: int, cz: int) -> Scene:
    """The task's scene around (cx, cz), drawn from ``rng`` (the same seed gives the same scene)."""
    scene = Scene(taken={(i, j) for i in range(-1, 2) for j in range(-1, 2)})  # the spawn stays free
    y0 = GROUND + 1
    for feature in task.scene:
        kind = feature["feature"]
        near = feature.get("near", (4, 8))
        if kind == "trees":
            for _ in range(int(feature.get("count", 1))):
                dx, dz = _spot(rng, scene, near, 2)
                height = int(rng.integers(4, 6))
                log, leaves = f"{feature.get('kind', 'oak')}_log", LEAVES[feature.get("kind", "oak")]
                for h in range(height):
                    scene.blocks.append((cx + dx, y0 + h, cz + dz, log))
                for h in range(height - 2, height + 1):
                    reach = 2 if h < height else 1
                    for i in range(-reach, reach + 1):
                        for j in range(-reach, reach + 1):
                            if (i, j) != (0, 0) or h >= height:
                                if abs(i) == abs(j) == 2 and rng.random() < 0.5:
                                    continue
                                scene.blocks.append((cx + dx + i, y0 + h, cz + dz + j, leaves))
        elif kind == "pile":
            dx, dz = _spot(rng, scene, near, 1)
            cells = [(i, j) for i in range(-1, 2) for j in range(-1, 2)]
            for index in rng.permutation(len(cells))[: int(feature.get("count", 4))]:
                i, j = cells[int(index)]
                scene.blocks.append((cx + dx + i, y0, cz + dz + j, feature["block"]))
        elif kind == "boulder":
            dx, dz = _spot(rng, scene, near, 1)
            cells = [(i, h, j) for i in range(-1, 2) for h in range(2) for j in range(-1, 2)]
            ores = (
                set(rng.permutation(len(cells))[: int(feature.get("ores", 0))].tolist()) if "ore" in feature else set()
            )
            for index, (i, h, j) in enumerate(cells):
                name = feature["ore"] if index in ores else feature["block"]
                scene.blocks.append((cx + dx + i, y0 + h, cz + dz + j, name))
        elif kind == "landmark":
            dx, dz = _spot(rng, scene, near, 0)
            for h in range(int(feature.get("height", 3))):
                scene.blocks.append((cx + dx, y0 + h, cz + dz, feature["block"]))
            scene.points["landmark"] = (cx + dx + 0.5, float(y0), cz + dz + 0.5)
        elif kind == "mobs":
            for _ in range(int(feature.get("count", 1))):
                dx, dz = _spot(rng, scene, near, 0)
                scene.mobs.append((feature["name"], cx + dx + 0.5, float(y0), cz + dz + 0.5))
        elif kind == "blocks":
            for i, h, j, name in feature["blocks"]:
                scene.taken.add((int(i), int(j)))
                scene.blocks.append((cx + int(i), GROUND + int(h), cz + int(j), str(name)))
        else:
            raise ValueError(f"task {task.name}: unknown scene feature {kind!r}")
    return scene


def check_success(task: Task, state: dict[str, Any], scene: Scene, start: dict[str, Any]) -> tuple[bool, str]:
    """Whether the task is done, and progress in words, from ``state`` (the bridge's ``serverState``,
    with ``placed`` counts and ``below`` probes added by the arena)."""
    success = task.success
    if "inventory" in success:
        have = state["inventory"]
        parts = [f"{min(have.get(k, 0), n)}/{n} {k}" for k, n in success["inventory"].items()]
        return all(have.get(k, 0) >= n for k, n in success["inventory"].items()), ", ".join(parts)
    if "placed" in success:
        parts = [f"{state['placed'].get(k, 0)}/{n} {k} placed" for k, n in success["placed"].items()]
        return all(state["placed"].get(k, 0) >= n for k, n in success["placed"].items()), ", ".join(parts)
    if "killed" in success:
        killed = state.get("killed", {})
        parts = [f"{killed.get(k, 0)}/{n} {k} killed" for k, n in success["killed"].items()]
        return all(killed.get(k, 0) >= n for k, n in success["killed"].items()), ", ".join(parts)
    if "pillar" in success:
        height = int(success["pillar"]["height"])
        standing = int(np.floor(state["pos"][1] + 1e-3)) - (GROUND + 1)
        solid = all(name not in ("air", "unknown") for name in state.get("below", []))
        reached = max(0, standing) if solid else 0
        return reached >= height and solid, f"standing {reached}/{height} blocks above the ground"
    if "near" in success:
        point = np.asarray(scene.points[success["near"]["point"]])
        pos = np.asarray(state["pos"])
        distance = float(np.hypot(*(pos[[0, 2]] - point[[0, 2]])))
        return distance <= float(success["near"]["radius"]), f"{distance:.1f} blocks from the target"
    if "survive" in success:
        until = int(success["survive"]["until"])
        alive = state.get("health", 0) > 0
        return alive and state["time"] >= until, f"time {state['time']}/{until}, health {state.get('health', 0):.0f}"
    raise ValueError(f"task {task.name}: unknown success check {sorted(success)}")
