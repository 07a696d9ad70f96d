"""Crafter's state in BALROG's words: the nearest thing of each kind in view, what you face, vitals, inventory.

The view is crafter's local view (9 x 7 cells around the player); directions are compass words
(north is up in the frame), distances are steps (cells, counted along both axes), as BALROG writes them:
"- tree 3 steps to your north-west".
"""

from __future__ import annotations

from typing import Any

__all__ = ["describe_view", "describe_status", "nearest_things", "unlocked", "VITALS", "where"]

VITALS = ("health", "food", "drink", "energy")


def where(dx: int, dy: int) -> str:
    """'3 steps to your north-west' for an offset of (east, south) cells."""
    parts = []
    if dy < 0:
        parts.append("north")
    elif dy > 0:
        parts.append("south")
    if dx < 0:
        parts.append("west")
    elif dx > 0:
        parts.append("east")
    distance = abs(dx) + abs(dy)
    return f"{distance} step{'s' if distance != 1 else ''} to your {'-'.join(parts)}"


def kind_of(obj: Any) -> str:
    return type(obj).__name__.lower()


def nearest_things(world: Any, player: Any, grid: tuple[int, int]) -> dict[str, tuple[int, int]]:
    """Kind -> (dx, dy) of its nearest cell in the local view (creatures hide the ground under them)."""
    px, py = (int(v) for v in player.pos)
    half_x, half_y = grid[0] // 2, grid[1] // 2
    area_x, area_y = world.area
    x0, x1 = max(px - half_x, 0), min(px - half_x + grid[0], area_x)
    y0, y1 = max(py - half_y, 0), min(py - half_y + grid[1], area_y)
    materials = world._mat_map[x0:x1, y0:y1]
    objects = world._obj_map[x0:x1, y0:y1]
    names = world._mat_names
    found: dict[str, tuple[int, int, int]] = {}
    for i in range(materials.shape[0]):
        for j in range(materials.shape[1]):
            dx, dy = x0 + i - px, y0 + j - py
            if dx == 0 and dy == 0:
                continue
            index = int(objects[i, j])
            name = kind_of(world._objects[index]) if index else names[int(materials[i, j])]
            distance = abs(dx) + abs(dy)
            if name not in found or distance < found[name][0]:
                found[name] = (distance, dx, dy)
    order = sorted(found.items(), key=lambda item: (item[1][0], item[0]))
    return {name: (dx, dy) for name, (_, dx, dy) in order}


def facing(world: Any, player: Any) -> str:
    target = (int(player.pos[0] + player.facing[0]), int(player.pos[1] + player.facing[1]))
    material, obj = world[target]
    if obj is not None:
        return kind_of(obj)
    return material or "the edge of the world"


def describe_view(world: Any, player: Any, grid: tuple[int, int]) -> str:
    things = nearest_things(world, player, grid)
    seen = "\n".join(f"- {name} {where(dx, dy)}" for name, (dx, dy) in things.items())
    lines = [f"You see:\n{seen}" if seen else "You see nothing away from you."]
    lines.append(f"You face {facing(world, player)} at your front.")
    return "\n\n".join(lines)


def describe_status(player: Any, daylight: float) -> str:
    inventory = player.inventory
    vitals = "\n".join(f"- {name}: {inventory[name]}/9" for name in VITALS)
    items = "\n".join(f"- {name}: {count}" for name, count in inventory.items() if name not in VITALS and count > 0)
    lines = []
    if player.sleeping:
        lines.append("You are sleeping, and will not be able take actions until energy is full.")
    elif player.health <= 0:
        lines.append("You died.")
    if daylight < 0.35:
        lines.append("It is night: zombies spawn more often on grass.")
    lines.append(f"Your status:\n{vitals}")
    lines.append(f"Your inventory:\n{items}" if items else "You have nothing in your inventory.")
    return "\n\n".join(lines)


def unlocked(achievements: dict[str, int]) -> list[str]:
    return [name for name, count in achievements.items() if count > 0]
