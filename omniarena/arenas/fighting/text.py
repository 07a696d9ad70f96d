"""Words and features of a match from one player's side: the rules, the state, and a DIAMBRA-style dict.

The standing of a match (round, timer, sides, distance, health, meter, states, the result) is written by
:func:`standing_lines` from a :class:`Standing`, which both the embedded engine (:func:`state_text`) and
the emulator games (:mod:`omniarena.arenas.fighting.retro`, from RAM) fill in, so the two speak one text.
The state text never writes a label a reply parser reads as an answer (no "move:" or "action:"), and
never lists moves as ``- move`` lines, so an echoed observation is no reply.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from gymnasium import spaces

from omniarena.arenas.fighting.characters import SUB, characters
from omniarena.arenas.fighting.engine import FPS, METER_MAX, STAGE_WIDTH, STATE_WORDS, Match

__all__ = [
    "rules_text",
    "state_text",
    "standing_lines",
    "Standing",
    "Fighter",
    "features",
    "features_space",
    "distance_words",
    "SLOT_WORDS",
]

SLOT_WORDS = {
    "lp": "a light punch",
    "hp": "a heavy punch",
    "lk": "a light kick",
    "hk": "a heavy kick",
    "crouch_lp": "a crouching light punch",
    "crouch_hp": "a crouching heavy punch",
    "crouch_lk": "a low light kick",
    "crouch_hk": "a sweep",
    "jump_lp": "a jumping light punch",
    "jump_hp": "a jumping heavy punch",
    "jump_lk": "a jumping light kick",
    "jump_hk": "a jumping heavy kick",
    "overhead": "an overhead",
    "throw": "a throw",
    "fireball": "a fireball",
    "uppercut": "an uppercut",
    "special": "the special",
    "super": "the super",
    "dash forward": "a forward dash",
    "dash back": "a back dash",
}
_EVENT_WORDS = {
    "hit": "{who} hit {whom} with {what} ({damage} damage)",
    "blocked": "{whom_cap} blocked {whose} {what_bare}",
    "threw": "{who} threw {whom} ({damage} damage)",
    "tech": "both grabbed at once and broke free",
    "clash": "the two fireballs cancelled out",
}


def distance_words(gap: int) -> str:
    """The space between the bodies (pixels) in words."""
    if gap <= 8:
        return "touching distance (throw range)"
    if gap < 30:
        return "close (most attacks reach)"
    if gap < 70:
        return "mid range (long kicks and lunges reach)"
    if gap < 130:
        return "far apart (only projectiles and dashes cover it)"
    return "a full screen apart"


@lru_cache(maxsize=256)
def rules_text(own: str, opponent: str, frame_skip: int, round_seconds: int, rounds_to_win: int, mode: str) -> str:
    """The rules and instruction for a player of ``own`` against ``opponent``."""
    fighters = {c.name: c for c in characters()}
    me, them = fighters[own], fighters[opponent]
    timing = (
        "The game waits for your reply (paused mode)."
        if mode == "paused"
        else "The game runs in real time: while you think, the clock and your opponent keep going, and you stand still."
    )
    return (
        f"You are {me.name}, a {me.archetype} fighter: {me.blurb}. Your opponent is {them.name}, a {them.archetype} "
        f"fighter: {them.blurb}. First to {rounds_to_win} rounds wins; a round ends when someone's health runs out or "
        f"after {round_seconds} seconds (then the healthier fighter wins it). Fighters swap starting sides every round. "
        f"Each reply is held for {frame_skip} frames ({frame_skip / FPS:.2f} s of game time). {timing} "
        "Hold back to block: standing blocks mid and high attacks, crouching blocks mid and low ones; "
        "throws beat blocks, uppercuts beat jump-ins. Hitting and being hit fill your meter; a full meter pays for the super."
    )


def _who(seat: int, viewer: int) -> str:
    return "you" if seat == viewer else "the opponent"


@lru_cache(maxsize=4096)
def _event_text(event: Any, viewer: int) -> str:
    who = _who(event.actor, viewer)
    whom = _who(1 - event.actor, viewer)
    what = SLOT_WORDS.get(event.slot, event.slot)
    return _EVENT_WORDS[event.kind].format(
        who=who.capitalize() if who == "you" else "The opponent",
        whom=whom,
        whom_cap=whom.capitalize() if whom == "you" else "The opponent",
        whose="your" if event.actor == viewer else "the opponent's",
        what=what,
        what_bare=what.split(" ", 1)[1] if " " in what else what,
        damage=event.damage,
    )


@dataclass(frozen=True)
class Fighter:
    """One fighter as the text tells it: health, meter (percent, ``None`` where the game keeps none) and its
    state in words."""

    health: int
    max_health: int
    state: str
    meter: int | None = None
    super_ready: bool = False


@dataclass(frozen=True)
class Standing:
    """The match from one side: ``me`` the viewer, ``them`` the opponent, ``gap`` the pixels between them (``None``: unknown),
    ``on_left`` whether the viewer stands left of the opponent; ``result`` is "won by you", "lost" or "a draw" once the match is over (else ``None``)."""

    round: int
    seconds_left: int
    wins: tuple[int, int]
    me: Fighter
    them: Fighter
    gap: int | None
    on_left: bool
    facing_opponent: bool = True
    result: str | None = None


def _fighter_words(f: Fighter) -> str:
    health = max(f.health, 0)
    percent = 100 * health // max(f.max_health, 1)
    meter = "" if f.meter is None else f", meter {f.meter}%"
    return f"health {health}/{f.max_health} ({percent}%){meter}, {f.state}"


def standing_lines(standing: Standing) -> tuple[list[str], list[str]]:
    """The standing in words: the lines that open the state text, and the lines that close it."""
    me, them = standing.me, standing.them
    side = "left" if standing.on_left else "right"
    other = "right" if side == "left" else "left"
    facing = "facing the opponent" if standing.facing_opponent else "facing away from the opponent"
    gap = standing.gap
    apart = "at a distance not read from RAM" if gap is None else f"{distance_words(gap)}: {gap} px between you"
    head = [
        f"Round {standing.round}, {standing.seconds_left} s left. Rounds won: you {standing.wins[0]}, opponent {standing.wins[1]}.",
        f"You are on the {side}, {facing}; the opponent is on the {other}, {apart}.",
        f"You: {_fighter_words(me)}." + (" Your super is ready." if me.super_ready else ""),
        f"Opponent: {_fighter_words(them)}.",
    ]
    tail = [] if standing.result is None else [f"The match is over: {standing.result}."]
    return head, tail


def _engine_state_words(f: Any) -> str:
    state = STATE_WORDS[f.state]
    if f.state == 3:  # in the air
        state += ", rising" if f.vy > 0 else ", falling"
    if f.state == 4 and f.move is not None:
        phase = (
            "starting"
            if f.move_t <= f.move.startup
            else "recovering from"
            if f.move_t > f.move.startup + f.move.active
            else "hitting with"
        )
        state = f"{phase} {SLOT_WORDS.get(f.move.slot, f.move.slot)}"
    return state


def _engine_fighter(f: Any) -> Fighter:
    return Fighter(f.health, f.char.health, _engine_state_words(f), 100 * f.meter // METER_MAX, f.meter >= METER_MAX)


def state_text(match: Match, seat: int, events: int = 3) -> str:
    """The match in words from ``seat``'s side."""
    me, them = match.fighters[seat], match.fighters[1 - seat]
    result = None
    if match.done:
        result = "a draw" if match.winner is None else "won by you" if match.winner == seat else "lost"
    standing = Standing(
        round=match.round,
        seconds_left=match.seconds_left,
        wins=(match.wins[seat], match.wins[1 - seat]),
        me=_engine_fighter(me),
        them=_engine_fighter(them),
        gap=max(0, (abs(me.x - them.x) - me.char.half - them.char.half) // SUB),
        on_left=me.x < them.x,
        facing_opponent=(them.x - me.x) * me.facing > 0,
        result=result,
    )
    lines, tail = standing_lines(standing)
    used = []
    if me.last_slot:
        used.append(f"you used {SLOT_WORDS.get(me.last_slot, me.last_slot)}")
    if them.last_slot:
        used.append(f"the opponent used {SLOT_WORDS.get(them.last_slot, them.last_slot)}")
    if used:
        lines.append("Last, " + " and ".join(used) + ".")
    for p in match.projectiles:
        distance = abs(p.x - me.x) // SUB
        if p.owner == seat:
            lines.append(f"Your fireball is in flight, {abs(p.x - them.x) // SUB} px from the opponent.")
        elif (me.x - p.x) * p.vx > 0:
            lines.append(f"A fireball from the opponent is coming at you, {distance} px away.")
    recent = [e for e in match.events[-events:] if match.frame_count - e.frame < 2 * FPS]
    if recent:
        lines.append("Recently: " + "; ".join(_event_text(e, seat) for e in recent) + ".")
    for number, (winner, how) in enumerate(match.round_log, start=1):
        result = "drawn" if winner is None else "won by you" if winner == seat else "won by the opponent"
        lines.append(f"Round {number} was {result} ({how}).")
    return "\n".join(lines + tail)


@lru_cache(maxsize=1)
def features_space() -> spaces.Dict:
    """The ``features`` observation: positions and sizes in pixels, health and meter as fractions."""
    box = lambda high: spaces.Box(0.0, float(high), (1,), np.float32)  # noqa: E731
    fighters = len(characters())
    return spaces.Dict(
        {
            "own_x": box(STAGE_WIDTH // SUB),
            "own_y": box(256),
            "own_health": box(1),
            "own_meter": box(1),
            "own_state": spaces.Discrete(len(STATE_WORDS)),
            "own_side": spaces.Discrete(2),
            "own_character": spaces.Discrete(fighters),
            "opp_x": box(STAGE_WIDTH // SUB),
            "opp_y": box(256),
            "opp_health": box(1),
            "opp_meter": box(1),
            "opp_state": spaces.Discrete(len(STATE_WORDS)),
            "opp_side": spaces.Discrete(2),
            "opp_character": spaces.Discrete(fighters),
            "distance": box(STAGE_WIDTH // SUB),
            "projectile_distance": box(STAGE_WIDTH // SUB),
            "timer": box(999),
            "round": box(99),
            "own_wins": box(9),
            "opp_wins": box(9),
        }
    )


@lru_cache(maxsize=1)
def _character_index() -> dict[str, int]:
    return {c.name: i for i, c in enumerate(characters())}


_FLOAT_KEYS = (
    "own_x",
    "own_y",
    "own_health",
    "own_meter",
    "opp_x",
    "opp_y",
    "opp_health",
    "opp_meter",
    "distance",
    "projectile_distance",
    "timer",
    "round",
    "own_wins",
    "opp_wins",
)


def features(match: Match, seat: int) -> dict[str, Any]:
    """The ``features`` dict of ``seat`` (own_* for the player, opp_* for its opponent); fresh arrays.

    The float entries are one-element views of one new vector (one allocation per observation).
    """
    me, them = match.fighters[seat], match.fighters[1 - seat]
    index = _character_index()
    width = STAGE_WIDTH // SUB
    incoming = float(width)
    for p in match.projectiles:
        if p.owner != seat and (me.x - p.x) * p.vx > 0:
            incoming = min(incoming, abs(me.x - p.x) / SUB)
    vector = np.array(
        (
            min(max(me.x / SUB, 0), width),
            min(me.y / SUB, 256),
            max(me.health, 0) / me.char.health,
            me.meter / METER_MAX,
            min(max(them.x / SUB, 0), width),
            min(them.y / SUB, 256),
            max(them.health, 0) / them.char.health,
            them.meter / METER_MAX,
            min(abs(me.x - them.x) / SUB, width),
            incoming,
            min(match.seconds_left, 999),
            min(match.round, 99),
            min(match.wins[seat], 9),
            min(match.wins[1 - seat], 9),
        ),
        np.float32,
    )
    out: dict[str, Any] = {key: vector[i : i + 1] for i, key in enumerate(_FLOAT_KEYS)}
    own_side = int(me.x > them.x)
    out["own_state"] = np.int64(me.state)
    out["own_side"] = np.int64(own_side)
    out["own_character"] = np.int64(index[me.char.name])
    out["opp_state"] = np.int64(them.state)
    out["opp_side"] = np.int64(1 - own_side)
    out["opp_character"] = np.int64(index[them.char.name])
    return out
