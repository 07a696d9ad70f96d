"""The fighters as data: ``characters.json`` read into frozen :class:`Character` and :class:`Move` records.

Every distance in the file is in pixels and every speed in pixels per frame; the engine works in
fixed point (:data:`SUB` units per pixel), so the loader converts once. A fighter's moves are merged
over the file's ``base.moves`` slot by slot, and its stats over ``base``: a fighter entry only states
what makes it different.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["SUB", "SLOTS", "Move", "Character", "characters", "character", "names"]

SUB = 16  # fixed-point units per pixel
LEVELS = ("mid", "low", "high")
KINDS = ("strike", "projectile", "throw", "lunge", "rising")
SLOTS = (
    "lp",
    "hp",
    "lk",
    "hk",
    "crouch_lp",
    "crouch_hp",
    "crouch_lk",
    "crouch_hk",
    "jump_lp",
    "jump_hp",
    "jump_lk",
    "jump_hk",
    "overhead",
    "throw",
    "fireball",
    "uppercut",
    "special",
    "super",
)


@dataclass(frozen=True)
class Move:
    """One move's frame data and hitbox (engine units: fixed point for lengths and speeds)."""

    slot: str
    kind: str
    startup: int
    active: int
    recovery: int
    damage: int
    hitstun: int
    blockstun: int
    reach: int  # hitbox length in front of the body
    lo: int  # hitbox bottom above the mover's feet
    hi: int  # hitbox top
    level: str  # mid / low / high
    knockdown: bool
    speed: int  # projectile or lunge speed
    range: int  # throw reach beyond touching
    invulnerable: int  # frames from the start during which the mover cannot be hit
    cost: int  # meter spent
    pose: str

    @property
    def total(self) -> int:
        return self.startup + self.active + self.recovery


@dataclass(frozen=True, eq=False)  # identity equality: each fighter is loaded once and shared
class Character:
    """A fighter's stats, palette and move list."""

    name: str
    archetype: str
    blurb: str
    health: int
    walk: int
    back_walk: int
    jump_vy: int
    gravity: int
    jump_speed: int
    dash_speed: int
    dash_frames: int
    width: int  # pixels (drawing and pushbox)
    height: int
    build: str
    palette: dict[str, tuple[int, int, int]]
    moves: dict[str, Move]

    @property
    def half(self) -> int:
        """Half the body width, in engine units."""
        return self.width * SUB // 2


def _fixed(value: float) -> int:
    return int(round(float(value) * SUB))


def _move(slot: str, spec: dict[str, Any], owner: str) -> Move:
    kind = spec.get("kind", "strike")
    level = spec.get("level", "mid")
    if kind not in KINDS or level not in LEVELS:
        raise ValueError(f"{owner}.{slot}: kind {kind!r} / level {level!r}; kinds {KINDS}, levels {LEVELS}")
    return Move(
        slot=slot,
        kind=kind,
        startup=int(spec["startup"]),
        active=int(spec.get("active", 1)),
        recovery=int(spec.get("recovery", 0)),
        damage=int(spec.get("damage", 0)),
        hitstun=int(spec.get("hitstun", 0)),
        blockstun=int(spec.get("blockstun", 0)),
        reach=_fixed(spec.get("reach", 0)),
        lo=_fixed(spec.get("lo", 0)),
        hi=_fixed(spec.get("hi", 0)),
        level=level,
        knockdown=bool(spec.get("knockdown", False)),
        speed=_fixed(spec.get("speed", 0)),
        range=_fixed(spec.get("range", 0)),
        invulnerable=int(spec.get("invulnerable", 0)),
        cost=int(spec.get("cost", 0)),
        pose=str(spec.get("pose", "punch")),
    )


def _character(entry: dict[str, Any], base: dict[str, Any]) -> Character:
    stats = {**base, **entry}
    name = stats["name"]
    height = float(stats["jump_height"]) * SUB
    frames = float(stats["jump_frames"])
    moves = {}
    for slot in SLOTS:
        moves[slot] = _move(slot, {**base["moves"][slot], **entry.get("moves", {}).get(slot, {})}, name)
    unknown = set(entry.get("moves", {})) - set(SLOTS)
    if unknown:
        raise ValueError(f"{name}: unknown move slots {sorted(unknown)}; slots are {SLOTS}")
    return Character(
        name=name,
        archetype=stats["archetype"],
        blurb=stats.get("blurb", ""),
        health=int(stats["health"]),
        walk=_fixed(stats["walk"]),
        back_walk=_fixed(stats["back_walk"]),
        jump_vy=int(round(4 * height / frames)),
        gravity=max(1, int(round(8 * height / frames**2))),
        jump_speed=_fixed(stats["jump_speed"]),
        dash_speed=_fixed(stats["dash_speed"]),
        dash_frames=int(stats["dash_frames"]),
        width=int(stats["width"]),
        height=int(stats["height"]),
        build=stats["build"],
        palette={key: tuple(int(c) for c in value) for key, value in stats["palette"].items()},  # type: ignore[misc]
        moves=moves,
    )


@cache
def characters() -> tuple[Character, ...]:
    """Every fighter in ``characters.json``, in file order."""
    data = json.loads(resources.files(__package__).joinpath("characters.json").read_text(encoding="utf-8"))
    return tuple(_character(entry, data["base"]) for entry in data["fighters"])


def names() -> tuple[str, ...]:
    return tuple(c.name for c in characters())


def character(name: str) -> Character:
    """The fighter called ``name`` (case-insensitive); an unknown name lists the known ones."""
    for fighter in characters():
        if fighter.name.lower() == str(name).strip().lower():
            return fighter
    raise ValueError(f"no fighter {name!r}; the fighters are {', '.join(names())}")
