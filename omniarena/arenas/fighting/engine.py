"""The fighting engine: deterministic integer physics at 60 frames per second, no drawing.

A :class:`Match` holds two :class:`Fighter` records, the projectiles and the round state, and
advances one frame per :meth:`Match.frame` call from the two players' inputs ``(dx, dy, command)``
(``dx``/``dy`` relative to each fighter's facing, see :mod:`.controls`). Everything is integer
arithmetic in fixed point (:data:`~.characters.SUB` units per pixel), so the same inputs give the
same match on every machine. Nothing here draws, reads a clock or draws random numbers.

Mechanics: walking, dashing, neutral/forward/back jumps, crouching; light and heavy punches and kicks
standing, crouching (kicks hit low) and in the air (jump-ins hit high, as does forward + heavy punch,
the overhead); blocking by holding back (standing blocks mid and high, crouching blocks mid and low);
throws, which beat blocking and whiff on airborne or stunned targets; projectiles, which cancel each
other; rising anti-airs with invincible frames; lunges; startup / active / recovery frames, hitstun,
blockstun and knockdown; a meter filled by hitting and being hit that pays for the super; a round timer,
best-of-three rounds (a drawn round counts for both) and side switching: fighters turn to face each other
when they cross, and swap starting sides every round.
"""

from __future__ import annotations

from dataclasses import dataclass

from omniarena.arenas.fighting.characters import SUB, Character, Move
from omniarena.arenas.fighting.controls import (
    DASH_BACK,
    DASH_FORWARD,
    FIREBALL,
    SPECIAL,
    SUPER,
    THROW,
    UPPERCUT,
)

__all__ = [
    "Match",
    "Fighter",
    "Projectile",
    "Event",
    "STAGE_WIDTH",
    "STATE_WORDS",
    "IDLE",
    "WALK",
    "CROUCH",
    "JUMP",
    "ATTACK",
    "HITSTUN",
    "BLOCKSTUN",
    "KNOCKDOWN",
    "DASH",
    "FPS",
    "METER_MAX",
]

FPS = 60
STAGE_WIDTH = 256 * SUB
START_GAP = 72 * SUB  # distance between the fighters when a round starts
METER_MAX = 1000
BUFFER_FRAMES = 6  # a command pressed while busy is kept this long
KNOCKDOWN_FRAMES = 40
THROW_KNOCKDOWN_FRAMES = 50
THROW_BASE_RANGE = 6 * SUB
PROJECTILE_HALF = 6 * SUB
PUSH_SPEED = 3 * SUB
IDLE, WALK, CROUCH, JUMP, ATTACK, HITSTUN, BLOCKSTUN, KNOCKDOWN, DASH = range(9)
STATE_WORDS = (
    "standing",
    "walking",
    "crouching",
    "in the air",
    "attacking",
    "reeling from a hit",
    "blocking",
    "knocked down",
    "dashing",
)
_ACTIONABLE = (IDLE, WALK, CROUCH)
_BUTTON_SLOTS = ("lp", "hp", "lk", "hk")
_COMMAND_SLOTS = {FIREBALL: "fireball", UPPERCUT: "uppercut", SPECIAL: "special", SUPER: "super", THROW: "throw"}


@dataclass(frozen=True)
class Event:
    """Something the text reports: ``kind`` in hit/blocked/threw/tech/clash/whiff, by seat ``actor``."""

    frame: int
    kind: str
    actor: int
    slot: str
    damage: int = 0


class Fighter:
    """One fighter's state. ``facing`` is +1 (right) or -1 (left); lengths in fixed point."""

    __slots__ = (
        "char",
        "x",
        "y",
        "vx",
        "vy",
        "facing",
        "health",
        "meter",
        "state",
        "timer",
        "move",
        "move_t",
        "connected",
        "air_used",
        "dx",
        "dy",
        "buffer",
        "buffer_t",
        "last_slot",
        "combo",
        "dash_dir",
    )

    def __init__(self, char: Character, x: int, facing: int) -> None:
        self.char = char
        self.x = x
        self.y = 0
        self.vx = 0
        self.vy = 0
        self.facing = facing
        self.health = char.health
        self.meter = 0
        self.state = IDLE
        self.timer = 0
        self.move: Move | None = None
        self.move_t = 0
        self.connected = False
        self.air_used = False
        self.dx = 0
        self.dy = 0
        self.buffer = 0
        self.buffer_t = 0
        self.last_slot = ""
        self.combo = 0
        self.dash_dir = 0

    def clone(self) -> Fighter:
        other = Fighter.__new__(Fighter)
        for name in Fighter.__slots__:
            setattr(other, name, getattr(self, name))
        return other

    def snapshot(self) -> tuple:
        return tuple(getattr(self, name) if name not in ("char", "move") else None for name in Fighter.__slots__) + (
            self.char.name,
            self.move.slot if self.move else "",
        )

    @property
    def airborne(self) -> bool:
        return self.y > 0 or self.state == JUMP

    @property
    def crouching(self) -> bool:
        if self.state == CROUCH:
            return True
        if self.state == ATTACK and self.move is not None:
            return self.move.slot.startswith("crouch")
        return self.state == BLOCKSTUN and self.dy < 0

    @property
    def invulnerable(self) -> bool:
        if self.state == KNOCKDOWN:
            return True
        move = self.move
        return move is not None and self.state == ATTACK and self.move_t <= move.invulnerable

    def active(self) -> bool:
        move = self.move
        return move is not None and move.startup < self.move_t <= move.startup + move.active

    def hurt_top(self) -> int:
        height = self.char.height * SUB
        return self.y + (height * 3 // 5 if self.crouching else height)


class Projectile:
    __slots__ = ("owner", "x", "lo", "hi", "vx", "move")

    def __init__(self, owner: int, x: int, lo: int, hi: int, vx: int, move: Move) -> None:
        self.owner, self.x, self.lo, self.hi, self.vx, self.move = owner, x, lo, hi, vx, move

    def clone(self) -> Projectile:
        return Projectile(self.owner, self.x, self.lo, self.hi, self.vx, self.move)


class Match:
    """A best-of-``2 * rounds_to_win - 1`` match between two characters; see the module docstring."""

    def __init__(self, chars: tuple[Character, Character], round_seconds: int = 40, rounds_to_win: int = 2) -> None:
        if round_seconds < 1 or rounds_to_win < 1:
            raise ValueError(f"round_seconds and rounds_to_win must be >= 1, got {round_seconds}, {rounds_to_win}")
        self.chars = chars
        self.round_frames = int(round_seconds) * FPS
        self.rounds_to_win = int(rounds_to_win)
        self.max_rounds = 2 * self.rounds_to_win + 1  # drawn rounds count for both; this bounds a match
        self.frame_count = 0
        self.round = 0
        self.wins = [0, 0]
        self.dealt = [0, 0]  # damage dealt over the match, per seat
        self.done = False
        self.winner: int | None = None  # seat, or None (a draw, or not over)
        self.round_log: list[tuple[int | None, str]] = []  # (winner seat or None, "KO" / "time")
        self.events: list[Event] = []
        self.fighters: list[Fighter] = []
        self.projectiles: list[Projectile] = []
        self.timer = 0
        self._start_round()

    # --- state -----------------------------------------------------------------------------------
    def clone(self) -> Match:
        other = Match.__new__(Match)
        other.__dict__.update(self.__dict__)
        other.wins = list(self.wins)
        other.dealt = list(self.dealt)
        other.round_log = list(self.round_log)
        other.events = list(self.events)
        other.fighters = [f.clone() for f in self.fighters]
        other.projectiles = [p.clone() for p in self.projectiles]
        return other

    def signature(self) -> tuple:
        """A hashable summary of the whole state (equal states, equal signatures)."""
        return (
            self.frame_count,
            self.round,
            self.timer,
            tuple(self.wins),
            tuple(self.dealt),
            self.done,
            self.winner,
            tuple(f.snapshot() for f in self.fighters),
            tuple((p.owner, p.x, p.lo, p.hi, p.vx, p.move.slot) for p in self.projectiles),
        )

    @property
    def seconds_left(self) -> int:
        return (self.timer + FPS - 1) // FPS

    def _start_round(self) -> None:
        self.round += 1
        left, right = (STAGE_WIDTH - START_GAP) // 2, (STAGE_WIDTH + START_GAP) // 2
        # Side switching: player 0 starts on the left in odd rounds and on the right in even ones.
        x0, x1 = (left, right) if self.round % 2 == 1 else (right, left)
        old = self.fighters
        self.fighters = [
            Fighter(self.chars[0], x0, 1 if x0 < x1 else -1),
            Fighter(self.chars[1], x1, 1 if x1 < x0 else -1),
        ]
        for seat, fighter in enumerate(old):
            self.fighters[seat].meter = fighter.meter  # meter carries over between rounds
        self.projectiles = []
        self.timer = self.round_frames

    # --- one frame -------------------------------------------------------------------------------
    def frame(self, input0: tuple[int, int, int], input1: tuple[int, int, int]) -> None:
        """Advance one frame; each input is ``(dx, dy, command)`` with ``command`` pressed this frame."""
        if self.done:
            raise ValueError("the match is over; start a new one")
        self.frame_count += 1
        f0, f1 = self.fighters
        self._control(0, f0, f1, input0)
        self._control(1, f1, f0, input1)
        self._advance(f0)
        self._advance(f1)
        self._spawn(0, f0)
        self._spawn(1, f1)
        self._separate(f0, f1)
        self._move_projectiles()
        self._resolve(f0, f1)
        for fighter, other in ((f0, f1), (f1, f0)):
            if fighter.state in _ACTIONABLE and fighter.y == 0 and fighter.x != other.x:
                fighter.facing = 1 if other.x > fighter.x else -1
        self.timer -= 1
        self._check_round()

    def _control(self, seat: int, f: Fighter, other: Fighter, inputs: tuple[int, int, int]) -> None:
        dx, dy, command = inputs
        f.dx, f.dy = dx, dy
        if command:
            f.buffer, f.buffer_t = command, BUFFER_FRAMES
        elif f.buffer_t:
            f.buffer_t -= 1
            if not f.buffer_t:
                f.buffer = 0
        command = f.buffer
        state = f.state
        if state == JUMP:
            if command and command <= 4 and not f.air_used and f.move is None:
                f.buffer = f.buffer_t = 0
                f.air_used = True
                self._begin(f, "jump_" + _BUTTON_SLOTS[command - 1])
            return
        if state not in _ACTIONABLE:
            return
        if command:
            if self._start_command(seat, f, command, dx, dy):
                f.buffer = f.buffer_t = 0
                return
        if dy > 0:
            f.state = JUMP
            f.vy = f.char.jump_vy
            f.vx = dx * f.facing * f.char.jump_speed
            f.y += f.vy
            f.air_used = False
        elif dy < 0:
            f.state, f.vx = CROUCH, 0
        elif dx > 0:
            f.state, f.vx = WALK, f.facing * f.char.walk
        elif dx < 0:
            f.state, f.vx = WALK, -f.facing * f.char.back_walk
        else:
            f.state, f.vx = IDLE, 0

    def _start_command(self, seat: int, f: Fighter, command: int, dx: int, dy: int) -> bool:
        """Start the move ``command`` names from the ground; ``False`` when it cannot start now."""
        if command <= 4:
            button = _BUTTON_SLOTS[command - 1]
            if dy < 0:
                slot = "crouch_" + button
            elif button == "hp" and dx > 0:
                slot = "overhead"
            else:
                slot = button
        elif command in (DASH_FORWARD, DASH_BACK):
            f.state, f.timer, f.vx = DASH, f.char.dash_frames, 0
            f.dash_dir = 1 if command == DASH_FORWARD else -1
            f.last_slot = "dash forward" if command == DASH_FORWARD else "dash back"
            return True
        else:
            slot = _COMMAND_SLOTS[command]
            move = f.char.moves[slot]
            if move.kind == "projectile" and any(p.owner == seat for p in self.projectiles):
                return False  # one projectile on screen at a time
            if f.meter < move.cost:
                return False
            f.meter -= move.cost
        self._begin(f, slot)
        f.state = ATTACK
        f.vx = 0
        return True

    def _begin(self, f: Fighter, slot: str) -> None:
        f.move = f.char.moves[slot]
        f.move_t = 0
        f.connected = False
        f.last_slot = slot

    def _advance(self, f: Fighter) -> None:
        state = f.state
        if state == WALK:
            f.x += f.vx
        elif state == ATTACK:
            move = f.move
            assert move is not None
            f.move_t += 1
            if move.kind == "lunge" and not f.connected and f.move_t <= move.startup + move.active:
                f.x += f.facing * move.speed
            if f.move_t >= move.total:
                f.state, f.move = IDLE, None
        elif state == JUMP:
            f.x += f.vx
            f.y += f.vy
            f.vy -= f.char.gravity
            if f.move is not None:
                f.move_t += 1
                if f.move_t > f.move.startup + f.move.active:
                    f.move = None
            if f.y <= 0:
                f.y = f.vy = f.vx = 0
                f.state, f.move = IDLE, None
        elif state in (HITSTUN, BLOCKSTUN):
            f.x += f.vx
            f.vx = f.vx * 3 // 4 if abs(f.vx) > 4 else 0
            f.timer -= 1
            if f.timer <= 0:
                f.state = IDLE
                f.combo = 0
        elif state == KNOCKDOWN:
            f.x += f.vx
            if f.y > 0:
                f.y += f.vy
                f.vy -= f.char.gravity
                if f.y <= 0:
                    f.y = f.vy = 0
            else:
                f.vx = f.vx * 3 // 4 if abs(f.vx) > 4 else 0
                f.timer -= 1
                if f.timer <= 0:
                    f.state, f.vx = IDLE, 0
                    f.combo = 0
        elif state == DASH:
            f.x += f.facing * f.dash_dir * f.char.dash_speed
            f.timer -= 1
            if f.timer <= 0:
                f.state = IDLE
        half = f.char.half
        if f.x < half:
            f.x = half
        elif f.x > STAGE_WIDTH - half:
            f.x = STAGE_WIDTH - half

    def _spawn(self, seat: int, f: Fighter) -> None:
        move = f.move
        if move is None or move.kind != "projectile" or f.move_t != move.startup + 1:
            return
        x = f.x + f.facing * (f.char.half + PROJECTILE_HALF)
        self.projectiles.append(Projectile(seat, x, f.y + move.lo, f.y + move.hi, f.facing * move.speed, move))

    def _separate(self, f0: Fighter, f1: Fighter) -> None:
        if f0.y > 0 or f1.y > 0:
            return  # jumps cross over
        reach = f0.char.half + f1.char.half
        gap = f1.x - f0.x
        overlap = reach - abs(gap)
        if overlap <= 0:
            return
        direction = (1 if gap > 0 else -1) if gap else -f0.facing
        f0.x -= direction * (overlap // 2)
        f1.x += direction * (overlap - overlap // 2)
        for f, other, sign in ((f0, f1, direction), (f1, f0, -direction)):
            half = f.char.half
            if f.x < half or f.x > STAGE_WIDTH - half:
                f.x = min(max(f.x, half), STAGE_WIDTH - half)
                other.x = f.x + sign * reach

    def _move_projectiles(self) -> None:
        live = []
        for p in self.projectiles:
            p.x += p.vx
            if -PROJECTILE_HALF < p.x < STAGE_WIDTH + PROJECTILE_HALF:
                live.append(p)
        if len(live) == 2 and live[0].owner != live[1].owner:
            a, b = live
            if abs(a.x - b.x) < 2 * PROJECTILE_HALF and a.lo < b.hi and b.lo < a.hi:
                self.events.append(Event(self.frame_count, "clash", a.owner, a.move.slot))
                live = []
        self.projectiles = live

    # --- hits ------------------------------------------------------------------------------------
    def _resolve(self, f0: Fighter, f1: Fighter) -> None:
        strikes = [self._strike_lands(f0, f1), self._strike_lands(f1, f0)]
        throws = [self._throw_lands(f0, f1), self._throw_lands(f1, f0)]
        if throws[0] and throws[1]:  # both grab at once: a tech, nobody is hurt
            for f in (f0, f1):
                f.connected = True
            f0.vx, f1.vx = -f0.facing * PUSH_SPEED, -f1.facing * PUSH_SPEED
            self.events.append(Event(self.frame_count, "tech", 0, "throw"))
            throws = [False, False]
        moves = (f0.move, f1.move)  # captured first: a throw landing clears the thrown fighter's move
        landed = []
        for seat, (attacker, defender) in enumerate(((f0, f1), (f1, f0))):
            move = moves[seat]
            if move is None:
                continue
            if throws[seat]:
                attacker.connected = True
                self._throw(seat, attacker, defender, move)
            elif strikes[seat]:
                attacker.connected = True
                landed.append((seat, attacker, defender, move, attacker.x))
        for p in list(self.projectiles):
            defender = self.fighters[1 - p.owner]
            half = defender.char.half
            if defender.invulnerable or abs(p.x - defender.x) >= half + PROJECTILE_HALF:
                continue
            if p.lo < defender.hurt_top() and defender.y < p.hi:
                self.projectiles.remove(p)
                landed.append((p.owner, self.fighters[p.owner], defender, p.move, p.x))
        for seat, attacker, defender, move, source_x in landed:
            self._land(seat, attacker, defender, move, source_x)

    def _strike_lands(self, attacker: Fighter, defender: Fighter) -> bool:
        move = attacker.move
        if move is None or move.kind in ("projectile", "throw") or attacker.connected or not attacker.active():
            return False
        if defender.invulnerable:
            return False
        front = attacker.x + attacker.facing * attacker.char.half
        tip = front + attacker.facing * move.reach
        near, far = (attacker.x, tip) if attacker.facing > 0 else (tip, attacker.x)
        half = defender.char.half
        if far <= defender.x - half or near >= defender.x + half:
            return False
        lo, hi = attacker.y + move.lo, attacker.y + move.hi
        return lo < defender.hurt_top() and defender.y < hi

    def _throw_lands(self, attacker: Fighter, defender: Fighter) -> bool:
        move = attacker.move
        if move is None or move.kind != "throw" or attacker.connected or not attacker.active():
            return False
        if defender.airborne or defender.invulnerable or defender.state in (HITSTUN, BLOCKSTUN):
            return False
        gap = abs(attacker.x - defender.x) - attacker.char.half - defender.char.half
        return gap <= THROW_BASE_RANGE + move.range

    def _throw(self, seat: int, attacker: Fighter, defender: Fighter, move: Move) -> None:
        defender.health -= move.damage
        defender.state, defender.timer, defender.move = KNOCKDOWN, THROW_KNOCKDOWN_FRAMES, None
        defender.vx = attacker.facing * PUSH_SPEED
        self.dealt[seat] += move.damage
        attacker.meter = min(METER_MAX, attacker.meter + move.damage // 2)
        defender.meter = min(METER_MAX, defender.meter + move.damage // 3)
        self.events.append(Event(self.frame_count, "threw", seat, move.slot, move.damage))

    def _blocks(self, defender: Fighter, level: str, source_x: int) -> bool:
        if defender.y > 0 or defender.state not in (IDLE, WALK, CROUCH, BLOCKSTUN) or not defender.dx < 0:
            return False
        away = 1 if defender.x > source_x else -1 if defender.x < source_x else -defender.facing
        if -defender.facing != away:  # holding back means away from the attack (a cross-up fools it)
            return False
        crouch = defender.dy < 0
        return level == "mid" or (level == "low") == crouch

    def _land(self, seat: int, attacker: Fighter, defender: Fighter, move: Move, source_x: int) -> None:
        away = 1 if defender.x > source_x else -1
        if self._blocks(defender, move.level, source_x):
            defender.state, defender.timer, defender.move = BLOCKSTUN, move.blockstun, None
            defender.vx = away * PUSH_SPEED
            attacker.meter = min(METER_MAX, attacker.meter + move.damage // 4)
            self.events.append(Event(self.frame_count, "blocked", seat, move.slot))
            return
        defender.health -= move.damage
        self.dealt[seat] += move.damage
        attacker.combo = attacker.combo + 1 if defender.state in (HITSTUN, KNOCKDOWN) else 1
        if move.knockdown or defender.airborne:
            defender.state, defender.timer = KNOCKDOWN, KNOCKDOWN_FRAMES
            defender.vy = min(defender.vy, 0)
            defender.vx = away * PUSH_SPEED
        else:
            defender.state, defender.timer = HITSTUN, move.hitstun
            defender.vx = away * PUSH_SPEED
        defender.move = None
        attacker.meter = min(METER_MAX, attacker.meter + move.damage // 2)
        defender.meter = min(METER_MAX, defender.meter + move.damage // 3)
        self.events.append(Event(self.frame_count, "hit", seat, move.slot, move.damage))

    # --- rounds ----------------------------------------------------------------------------------
    def _check_round(self) -> None:
        f0, f1 = self.fighters
        ko = f0.health <= 0 or f1.health <= 0
        if not ko and self.timer > 0:
            return
        share0 = max(f0.health, 0) * f1.char.health
        share1 = max(f1.health, 0) * f0.char.health
        winner = 0 if share0 > share1 else 1 if share1 > share0 else None
        if winner is None:
            self.wins[0] += 1
            self.wins[1] += 1
        else:
            self.wins[winner] += 1
        self.round_log.append((winner, "KO" if ko else "time"))
        if max(self.wins) >= self.rounds_to_win or self.round >= self.max_rounds:
            self.done = True
            self.winner = 0 if self.wins[0] > self.wins[1] else 1 if self.wins[1] > self.wins[0] else None
            return
        self._start_round()
