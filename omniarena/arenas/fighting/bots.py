"""Scripted fighters: archetype brains with a skill level, the ladder's CPUs and agents for self-play.

A :class:`Brain` decides one control (a native action of :mod:`.controls`) from what it saw
``reaction`` frames ago, plays what it meant with probability ``accuracy`` (else it hesitates: neutral)
and, with probability ``randomness``, presses a uniformly random control instead. :data:`STYLES` maps archetype names to
plans: balanced, rushdown, zoner, turtle and grappler on the ladder, and the held-out ones it never shows:
anti_spam (counters whatever the opponent repeats), sweeper, keepaway, jumper and masher (the last two
lose to random play too often to be rungs: measured in ``BENCHMARKS.md``). :class:`Skill`
interpolates the 8 difficulty levels.

:class:`ScriptedFighter` is the same brain as an agent (``NativeAgent``): it reads the match through the
arena's ``expert_state(agent)`` and serves text and native mode. Baselines are in the arenas' docstrings.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from omniarena.arenas.fighting.characters import SUB
from omniarena.arenas.fighting.controls import CONTROLS, index_of
from omniarena.arenas.fighting.engine import ATTACK, BLOCKSTUN, HITSTUN, JUMP, KNOCKDOWN, METER_MAX, Fighter, Match
from omniarena.core.agent import NativeAgent

__all__ = ["Brain", "Skill", "Situation", "STYLES", "LADDER_STYLES", "HELD_OUT_STYLES", "ScriptedFighter", "read"]

C = index_of
NEUTRAL, FORWARD, BACK = C("neutral"), C("forward"), C("back")
JUMP_UP, JUMP_IN, JUMP_AWAY = C("jump"), C("jump forward"), C("jump back")
CROUCH_BLOCK, CROUCH = C("crouch back"), C("crouch")
LP, HP, LK, HK = C("light punch"), C("heavy punch"), C("light kick"), C("heavy kick")
BACK_LP = C("back light punch")
C_LK, C_HK, C_HP, C_LP = (
    C("crouch back light kick"),
    C("crouch back heavy kick"),
    C("crouch heavy punch"),
    C("crouch light punch"),
)
OVERHEAD = C("forward heavy punch")
J_HK, J_HP = C("jump heavy kick"), C("jump heavy punch")
FIREBALL, UPPERCUT, SPECIAL, SUPER, THROW = C("fireball"), C("uppercut"), C("special"), C("super"), C("throw")
DASH_IN, DASH_OUT = C("dash forward"), C("dash back")
ATTACKS = (LP, HP, LK, HK, C_LK, C_HK, C_HP, OVERHEAD, FIREBALL, UPPERCUT, SPECIAL, THROW)


class Skill(NamedTuple):
    """How well a brain executes: frames of reaction delay, chance to press what it meant, chance to improvise."""

    reaction: int
    accuracy: float
    randomness: float

    @classmethod
    def at(cls, level: float) -> Skill:
        """Difficulty ``level`` from 1 (slow, sloppy) to 8 (sharp); fractional levels interpolate."""
        if not 1 <= level <= 8:
            raise ValueError(f"difficulty level must be between 1 and 8, got {level}")
        t = (level - 1) / 7
        return cls(reaction=int(round(12 - 9 * t)), accuracy=0.85 + 0.14 * t, randomness=0.05 * (1 - t))


class Situation(NamedTuple):
    """What a brain reads of the match from its own side (distances in pixels)."""

    gap: int  # space between the two bodies
    me: Fighter
    them: Fighter
    incoming: int  # pixels until the nearest enemy projectile reaches me (999: none coming)
    own_projectile: bool
    them_air: bool
    them_attacking: bool  # in the startup or active frames of a move
    them_recovering: int  # frames of recovery left in a whiffed or blocked move (0: none)
    them_level: str  # the level of their current move ("" when none)
    cornered: bool  # my back is near a wall
    frame: int


def read(match: Match, seat: int) -> Situation:
    """The :class:`Situation` of seat ``seat`` in ``match``."""
    me, them = match.fighters[seat], match.fighters[1 - seat]
    gap = (abs(me.x - them.x) - me.char.half - them.char.half) // SUB
    incoming, own = 999, False
    for p in match.projectiles:
        if p.owner == seat:
            own = True
        elif (me.x - p.x) * p.vx > 0:
            incoming = min(incoming, abs(me.x - p.x) // SUB)
    move = them.move
    attacking = move is not None and them.state in (ATTACK, JUMP) and them.move_t <= move.startup + move.active
    recovering = 0
    if move is not None and them.state == ATTACK and them.move_t > move.startup + move.active:
        recovering = move.total - them.move_t
    behind = me.x if me.facing > 0 else 256 * SUB - me.x
    return Situation(
        gap=gap,
        me=me,
        them=them,
        incoming=incoming,
        own_projectile=own,
        them_air=them.airborne,
        them_attacking=attacking,
        them_recovering=recovering,
        them_level=move.level if move is not None else "",
        cornered=behind < 40 * SUB,
        frame=match.frame_count,
    )


Plan = Callable[[Situation, np.random.Generator, "Brain"], int]


def _defend(s: Situation) -> int | None:
    """Block what is coming, or anti-air a jump-in; ``None`` when nothing threatens."""
    if s.incoming < 48:
        return BACK
    if s.them_attacking and s.gap < 50:
        if s.them_air or s.them_level == "high":
            return BACK
        return CROUCH_BLOCK
    return None


def _anti_air(s: Situation) -> bool:
    return s.them_air and s.them.y > 8 * SUB and s.gap < 34 and (s.them.vy < 0 or s.gap < 14)


def _punish(s: Situation) -> int | None:
    if s.them_recovering >= 9 and s.gap < 30:
        return HP if s.them_recovering < 16 else C_HK
    if s.them.state == KNOCKDOWN and s.gap < 40:
        return CROUCH_BLOCK
    return None


def _super(s: Situation, rng: np.random.Generator) -> bool:
    return s.me.meter >= METER_MAX and s.gap < 40 and rng.random() < 0.5


def balanced(s: Situation, rng: np.random.Generator, brain: Brain) -> int:
    if _anti_air(s):
        return UPPERCUT
    punish = _punish(s)
    if punish is not None:
        return punish
    defend = _defend(s)
    if defend is not None:
        return defend
    if _super(s, rng):
        return SUPER
    if s.gap < 8:
        return int(rng.choice((THROW, LP, C_LK, BACK_LP)))
    if s.gap < 30:
        return int(rng.choice((C_LK, HK, LK, CROUCH_BLOCK, C_HK)))
    if s.gap > 90 and not s.own_projectile:
        return FIREBALL
    return int(rng.choice((FORWARD, FORWARD, CROUCH_BLOCK, FIREBALL if not s.own_projectile else FORWARD)))


def rushdown(s: Situation, rng: np.random.Generator, brain: Brain) -> int:
    """Pressure up close; from just outside reach, waits for a whiff and lunges or dashes in on it."""
    punish = _punish(s)
    if punish is not None:
        return punish
    if s.them_recovering >= 12 and s.gap < 60:
        return SPECIAL
    if _anti_air(s) and rng.random() < 0.5:
        return UPPERCUT
    if s.incoming < 40:
        return JUMP_IN if s.incoming > 20 and s.gap < 70 else BACK
    defend = _defend(s)
    if defend is not None:
        return defend
    if _super(s, rng):
        return SUPER
    if s.gap < 8:
        return int(rng.choice((THROW, LP, C_LK, BACK_LP)))
    if s.gap < 30:
        return int(rng.choice((C_LK, LK, C_LK, CROUCH_BLOCK)))
    if s.gap < 50:
        return CROUCH_BLOCK if rng.random() < 0.7 else FORWARD
    return DASH_IN if rng.random() < 0.3 else FORWARD


def zoner(s: Situation, rng: np.random.Generator, brain: Brain) -> int:
    if _anti_air(s):
        return UPPERCUT
    defend = _defend(s)
    if defend is not None:
        return defend
    if _super(s, rng):
        return SUPER
    if s.gap < 12:
        return int(rng.choice((C_LK, THROW, DASH_OUT, C_HK)))
    if not s.own_projectile and s.gap > 30:
        return FIREBALL if rng.random() < 0.6 else SPECIAL
    if s.gap < 40:
        return BACK if not s.cornered else JUMP_IN
    return CROUCH_BLOCK


def turtle(s: Situation, rng: np.random.Generator, brain: Brain) -> int:
    if _anti_air(s):
        return UPPERCUT
    punish = _punish(s)
    if punish is not None:
        return punish
    defend = _defend(s)
    if defend is not None:
        return defend
    if s.gap < 10:
        return THROW if rng.random() < 0.5 else C_LK
    if s.gap < 30 and rng.random() < 0.3:
        return int(rng.choice((HK, C_HK)))
    if s.gap > 80 and not s.own_projectile and rng.random() < 0.4:
        return FIREBALL
    return CROUCH_BLOCK


def grappler(s: Situation, rng: np.random.Generator, brain: Brain) -> int:
    if _anti_air(s):
        return UPPERCUT if rng.random() < 0.7 else C_HP
    defend = _defend(s)
    if defend is not None and rng.random() < 0.8:
        return defend
    if _super(s, rng) and s.gap < 20:
        return SUPER
    if s.gap < 20:
        return SPECIAL if rng.random() < 0.6 else THROW
    if s.gap < 40 and rng.random() < 0.3:
        return HP
    if s.gap < 70 and rng.random() < 0.15:
        return JUMP_IN
    return FORWARD


def jumper(s: Situation, rng: np.random.Generator, brain: Brain) -> int:
    """Jumps in on whiffs and over fireballs, with a heavy kick on the way down; pokes low otherwise."""
    me = s.me
    if me.airborne:
        falling_low = me.vy < 0 and me.y < 48 * SUB  # high up, the kick would pass over the opponent's head
        return J_HK if s.gap < 30 and falling_low else NEUTRAL
    if _anti_air(s):
        return UPPERCUT
    punish = _punish(s)
    if punish is not None:
        return punish
    if 20 < s.incoming < 50 or (s.them_recovering >= 18 and 30 < s.gap < 70):
        return JUMP_IN
    defend = _defend(s)
    if defend is not None:
        return defend
    if s.gap < 8:
        return int(rng.choice((THROW, C_LK, LP)))
    if 40 < s.gap < 70 and rng.random() < 0.1:
        return JUMP_IN
    if s.gap < 30:
        return int(rng.choice((C_LK, HK, C_LK, CROUCH_BLOCK, C_HK)))
    if s.gap < 50:
        return CROUCH_BLOCK if rng.random() < 0.6 else FORWARD
    return FORWARD


def masher(s: Situation, rng: np.random.Generator, brain: Brain) -> int:
    """Mashes quick buttons up close and walks in otherwise; never blocks on purpose."""
    if s.gap > 30:
        return FORWARD
    return int(rng.choice((LP, LK, C_LK, C_LP, THROW if s.gap < 8 else LP)))


def sweeper(s: Situation, rng: np.random.Generator, brain: Brain) -> int:
    if _anti_air(s):
        return UPPERCUT
    defend = _defend(s)
    if defend is not None:
        return defend
    if s.gap < 38:
        return C_HK
    return FORWARD


def keepaway(s: Situation, rng: np.random.Generator, brain: Brain) -> int:
    if _anti_air(s):
        return UPPERCUT
    defend = _defend(s)
    if defend is not None:
        return defend
    if s.gap < 20:
        return DASH_OUT if not s.cornered else JUMP_IN
    if s.gap < 50:
        return BACK
    return FIREBALL if not s.own_projectile else CROUCH_BLOCK


def anti_spam(s: Situation, rng: np.random.Generator, brain: Brain) -> int:
    """Counters whatever the opponent repeats: jumps, fireballs, lows, throws; plays balanced otherwise."""
    habit = brain.habit()
    if habit == "jump" and (_anti_air(s) or (s.them_air and s.gap < 40)):
        return UPPERCUT
    if habit == "projectile":
        if s.incoming < 60 and s.gap < 110:
            return JUMP_IN
        if s.me.airborne:
            return J_HK
    if habit == "low" and s.them_attacking and s.gap < 50:
        return CROUCH_BLOCK
    if habit == "throw" and s.gap < 14:
        return JUMP_AWAY if rng.random() < 0.5 else C_LP
    if habit == "block" and s.gap < 10:
        return THROW
    return balanced(s, rng, brain)


STYLES: dict[str, Plan] = {
    "balanced": balanced,
    "rushdown": rushdown,
    "zoner": zoner,
    "turtle": turtle,
    "grappler": grappler,
    "jumper": jumper,
    "masher": masher,
    "anti_spam": anti_spam,
    "sweeper": sweeper,
    "keepaway": keepaway,
}
HELD_OUT_STYLES = ("anti_spam", "sweeper", "keepaway", "jumper", "masher")
LADDER_STYLES = tuple(name for name in STYLES if name not in HELD_OUT_STYLES)


@dataclass
class _Seen:
    frame: int
    situation: Situation


class Brain:
    """A style plus a skill: :meth:`decide` returns a control, reacting to the match ``reaction`` frames late."""

    def __init__(self, style: str, skill: Skill, rng: np.random.Generator) -> None:
        if style not in STYLES:
            raise ValueError(f"unknown style {style!r}; styles are {', '.join(STYLES)}")
        self.style = style
        self.plan = STYLES[style]
        self.skill = skill
        self.rng = rng
        self._seen: deque[_Seen] = deque(maxlen=64)
        self._habits: deque[str] = deque(maxlen=12)
        self._last_them = ""

    def clone(self, rng: np.random.Generator) -> Brain:
        other = Brain(self.style, self.skill, rng)
        other._seen = deque(self._seen, maxlen=64)
        other._habits = deque(self._habits, maxlen=12)
        other._last_them = self._last_them
        return other

    def habit(self) -> str:
        """The opponent's most repeated kind of move lately, if it made more than half of them."""
        if len(self._habits) < 4:
            return ""
        kind, count = Counter(self._habits).most_common(1)[0]
        return kind if count * 2 > len(self._habits) else ""

    def _note(self, them: Fighter) -> None:
        key = them.last_slot
        if them.state == JUMP and self._last_them != "jump":
            self._habits.append("jump")
            self._last_them = "jump"
        elif key and key != self._last_them and them.state == ATTACK:
            move = them.move
            kind = "projectile" if move is not None and move.kind == "projectile" else ""
            kind = kind or ("throw" if move is not None and move.kind == "throw" else "")
            kind = kind or ("low" if move is not None and move.level == "low" else "strike")
            self._habits.append(kind)
            self._last_them = key
        elif them.state == BLOCKSTUN and self._last_them != "block":
            self._habits.append("block")
            self._last_them = "block"
        elif them.state not in (ATTACK, JUMP, BLOCKSTUN, HITSTUN):
            self._last_them = ""

    def decide(self, match: Match, seat: int) -> int:
        now = read(match, seat)
        self._note(now.them)
        # The situation as seen `reaction` frames ago (fighters cloned so later frames do not change it).
        self._seen.append(_Seen(match.frame_count, now._replace(me=now.me.clone(), them=now.them.clone())))
        seen = self._seen[0]
        for entry in self._seen:
            if entry.frame <= match.frame_count - self.skill.reaction:
                seen = entry
            else:
                break
        # Its own body it always knows now (a fighter feels whether it is airborne).
        situation = seen.situation._replace(me=now.me, own_projectile=now.own_projectile)
        rng = self.rng
        if rng.random() < self.skill.randomness:
            return int(rng.integers(len(CONTROLS)))
        choice = self.plan(situation, rng, self)
        if rng.random() > self.skill.accuracy:
            return NEUTRAL  # a slip: it hesitates instead of pressing what it meant
        return choice


class ScriptedFighter(NativeAgent):
    """A scripted brain as an agent for a fighting arena's seat (``player=`` in the two-player arena).

    ``style``: one of :data:`STYLES`; ``level``: difficulty 1-8.
    """

    name = "scripted"

    def __init__(
        self,
        env: Any,
        *,
        seed: int | None = None,
        player: str | None = None,
        style: str = "balanced",
        level: float = 8,
    ) -> None:
        super().__init__(env, seed=seed, player=player)
        self.brain = Brain(style, Skill.at(level), self.rng)

    def reset(self) -> None:
        self.brain = Brain(self.brain.style, self.brain.skill, self.rng)

    def choose(self, observation: dict[str, Any]) -> Any:
        match, seat = self.expert_state()
        control = self.brain.decide(match, seat)
        max_moves = getattr(self.action_set, "max_moves", 1)
        return control if max_moves == 1 else self.action_set.from_moves([control])  # type: ignore[attr-defined]
