"""NetHack's commands under BALROG's names ("north", "far east", "pickup", "esc"...), with descriptions.

BALROG gives MiniHack a shorter list than NetHack; either way only the commands the engine's action
set holds are offered, in the engine's order, so index ``i`` is the engine's action ``i`` of the subset.
"""

from __future__ import annotations

from typing import Any

from omniarena.core.actions import ActionSpec, DiscreteActionSet

__all__ = ["nethack_actions", "NETHACK_DESCRIPTIONS", "MINIHACK_DESCRIPTIONS"]

_COMPASS = {"N": "north", "E": "east", "S": "south", "W": "west", "NE": "northeast", "SE": "southeast", "SW": "southwest", "NW": "northwest"}  # fmt: skip
_MOVES = {name: f"move {name}" for name in _COMPASS.values()} | {f"far {n}": f"move far {n}" for n in _COMPASS.values()}

# BALROG's NetHack command names and the help it gives each.
NETHACK_DESCRIPTIONS: dict[str, str] = {
    **_MOVES,
    "up": "go up a staircase",
    "down": "go down a staircase (you must stand on it)",
    "wait": "rest one move while doing nothing",
    "more": "display more of the message (only when the message ends with --More--)",
    "annotate": "leave a note about the level",
    "apply": "apply (use) a tool",
    "call": "name a monster or object, or add an annotation",
    "cast": "cast a spell",
    "close": "close an adjacent door",
    "open": "open an adjacent door",
    "dip": "dip an object into something",
    "drop": "drop an item",
    "droptype": "drop specific item types",
    "eat": "eat something (replenish food when hungry)",
    "esc": "exit a menu or message",
    "engrave": "engrave writing on the floor (e.g. Elbereth)",
    "enhance": "advance or check weapon skills",
    "fire": "fire ammunition from the quiver",
    "fight": "fight a monster (even if you only guess one is there)",
    "force": "force a lock",
    "inventory": "show your inventory",
    "invoke": "invoke an object's special power",
    "jump": "jump to a location",
    "kick": "kick an enemy or a locked door or chest",
    "look": "look at what is under you",
    "loot": "loot a box on the floor",
    "monster": "use a monster's special ability (when polymorphed)",
    "offer": "offer a sacrifice to the gods (on an aligned altar)",
    "pay": "pay your shopping bill",
    "pickup": "pick up things at the current location",
    "pray": "pray to the gods for help",
    "puton": "put on an accessory",
    "quaff": "quaff (drink) something",
    "quiver": "select ammunition for the quiver",
    "read": "read a scroll or spellbook",
    "remove": "remove an accessory",
    "rub": "rub a lamp or a stone",
    "search": "search for hidden doors and passages",
    "swap": "swap wielded and secondary weapons",
    "takeoff": "take off one piece of armor",
    "takeoffall": "take off all armor",
    "teleport": "teleport to another level (if you can)",
    "throw": "throw something (e.g. a dagger or dart)",
    "travel": "travel to a location on the map (then > or < for stairs)",
    "twoweapon": "toggle two-weapon combat",
    "untrap": "untrap something",
    "wear": "wear a piece of armor",
    "wield": "wield a weapon",
    "wipe": "wipe off your face",
    "zap": "zap a wand",
    "minus": "the key '-'",
    "space": "the key ' '",
    "apos": 'the key "\'"',
    **{str(d): f"the key '{d}'" for d in range(10)},
}
# BALROG's MiniHack subset.
MINIHACK_DESCRIPTIONS: dict[str, str] = {
    name: NETHACK_DESCRIPTIONS[name]
    for name in (
        *_MOVES, "up", "down", "wait", "more", "apply", "close", "open", "eat", "force", "kick", "loot",
        "pickup", "pray", "puton", "quaff", "search", "zap",
    )
}  # fmt: skip
_ALIASES = {
    "up": ("upstairs", "<"),
    "down": ("downstairs", ">"),
    "wait": ("rest",),
    "esc": ("escape",),
    "pickup": ("pick up",),
}


def command_name(action: Any) -> str | None:
    """BALROG's name of one NLE action enum (``CompassDirection.N`` is "north", ``...Longer.N`` "far north")."""
    kind, name = type(action).__name__, action.name
    if kind.startswith("Compass"):
        word = _COMPASS.get(name)
        return None if word is None else (f"far {word}" if kind.endswith("Longer") else word)
    if name.startswith("NUM_"):
        return name[4:]
    return name.lower()


def nethack_actions(engine_actions: Any, descriptions: dict[str, str]) -> tuple[DiscreteActionSet, list[int]]:
    """The action set of the engine actions BALROG names, and each one's index in the engine's actions."""
    specs, indices = [], []
    for index, action in enumerate(engine_actions):
        name = command_name(action)
        if name is None or name not in descriptions or any(s.name == name for s in specs):
            continue
        aliases = (*_ALIASES.get(name, ()), *((f"go {name}",) if name in _MOVES and " " not in name else ()))
        specs.append(ActionSpec(name, descriptions[name], aliases))
        indices.append(index)
    return DiscreteActionSet(specs, title="Actions (NetHack commands; one per step)"), indices
