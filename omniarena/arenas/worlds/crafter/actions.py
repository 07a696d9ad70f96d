"""Crafter's 17 actions under BALROG's names ("Move West", "Do", "Make Wood Pickaxe"), crafter's own as aliases."""

from __future__ import annotations

from omniarena.core.actions import ActionSpec, DiscreteActionSet

__all__ = ["crafter_actions", "NATIVE_NAMES"]

# (BALROG's name, crafter's name, help, more aliases); the order is crafter's, so the index is its native action.
_TABLE = (
    ("Noop", "noop", "do nothing this step", ("wait", "no-op", "nothing")),
    ("Move West", "move_left", "walk one cell west (left); walking into an obstacle only turns you", ("west", "left")),
    ("Move East", "move_right", "walk one cell east (right)", ("east", "right")),
    ("Move North", "move_up", "walk one cell north (up)", ("north", "up")),
    ("Move South", "move_down", "walk one cell south (down)", ("south", "down")),
    (
        "Do",
        "do",
        "act on what you face: collect material (tree, stone, water...), attack a creature, eat a cow or plant",
        ("interact", "collect", "attack"),
    ),
    ("Sleep", "sleep", "sleep until your energy is full (you cannot act meanwhile)", ()),
    ("Place Stone", "place_stone", "put a stone in front of you (needs 1 stone)", ()),
    ("Place Table", "place_table", "put a crafting table in front of you (needs 2 wood)", ()),
    ("Place Furnace", "place_furnace", "put a furnace in front of you (needs 4 stone)", ()),
    ("Place Plant", "place_plant", "plant a sapling on the grass in front of you (needs a sapling)", ()),
    ("Make Wood Pickaxe", "make_wood_pickaxe", "needs 1 wood and a table next to you", ()),
    ("Make Stone Pickaxe", "make_stone_pickaxe", "needs 1 wood, 1 stone and a table next to you", ()),
    ("Make Iron Pickaxe", "make_iron_pickaxe", "needs 1 wood, 1 coal, 1 iron, a table and a furnace next to you", ()),
    ("Make Wood Sword", "make_wood_sword", "needs 1 wood and a table next to you", ()),
    ("Make Stone Sword", "make_stone_sword", "needs 1 wood, 1 stone and a table next to you", ()),
    ("Make Iron Sword", "make_iron_sword", "needs 1 wood, 1 coal, 1 iron, a table and a furnace next to you", ()),
)
NATIVE_NAMES = tuple(native for _, native, _, _ in _TABLE)


def crafter_actions() -> DiscreteActionSet:
    specs = [
        ActionSpec(name, help, (native, native.replace("_", " "), *more) if "_" in native else (*more,))
        for name, native, help, more in _TABLE
    ]
    return DiscreteActionSet(specs, title="Actions (Crafter; one per step)")
