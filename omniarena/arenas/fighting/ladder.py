"""The single-player ladder: 12 CPU rungs in rising order, a difficulty setting, a curriculum and its metrics.

A rung is a fighter and a scripted archetype (:mod:`.bots`); its skill rises with the rung and with the
ladder's ``difficulty`` (1-8, default 4): rung ``r`` (1-12) plays at level ``1 + 7 * (r - 1) / 11 +
(difficulty - 4) / 2``, clipped to 1-8. :class:`LadderProgress` chooses each episode's rung (``climb``: arcade order, a
loss sends you back to rung 1; ``curriculum``: rungs drawn with weight 1 - win rate; ``random``;
``fixed``) and keeps per-rung win rates and the full-clear rate (runs that beat all 12 rungs in a row).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

from omniarena.arenas.fighting.bots import HELD_OUT_STYLES, STYLES

__all__ = ["Rung", "RUNGS", "LADDER_MODES", "LadderProgress", "rung_level"]


class Rung(NamedTuple):
    character: str
    style: str


# Ordered by measurement: each rung beats the one below on the ladder test's matches (see BENCHMARKS.md).
RUNGS = (
    Rung("Tomas", "turtle"),
    Rung("Rin", "turtle"),
    Rung("Kenji", "turtle"),
    Rung("Gorr", "balanced"),
    Rung("Brakka", "turtle"),
    Rung("Tomas", "balanced"),
    Rung("Rin", "balanced"),
    Rung("Mei", "balanced"),
    Rung("Rin", "rushdown"),
    Rung("Orla", "balanced"),
    Rung("Brakka", "grappler"),
    Rung("Orla", "zoner"),
)
LADDER_MODES = ("climb", "curriculum", "random", "fixed")
assert all(r.style in STYLES and r.style not in HELD_OUT_STYLES for r in RUNGS)


def rung_level(rung: int, difficulty: float) -> float:
    """The skill level (1-8) of rung ``rung`` (1-12) at ladder ``difficulty`` (1-8)."""
    if not 1 <= rung <= len(RUNGS):
        raise ValueError(f"rung must be 1..{len(RUNGS)}, got {rung}")
    if not 1 <= difficulty <= 8:
        raise ValueError(f"difficulty must be 1..8, got {difficulty}")
    return min(8.0, max(1.0, 1 + 7 * (rung - 1) / (len(RUNGS) - 1) + (difficulty - 4) / 2))


@dataclass
class LadderProgress:
    """Which rung comes next, and the ladder's record (see the module docstring)."""

    mode: str = "climb"
    rung: int = 1  # the fixed rung, or the climb's current one
    played: list[int] = field(default_factory=lambda: [0] * len(RUNGS))
    won: list[int] = field(default_factory=lambda: [0] * len(RUNGS))
    runs: int = 0
    clears: int = 0

    def __post_init__(self) -> None:
        if self.mode not in LADDER_MODES:
            raise ValueError(f"ladder={self.mode!r}; use one of {', '.join(LADDER_MODES)}")
        rung_level(self.rung, 1)  # validates the rung

    def next_rung(self, rng: np.random.Generator) -> int:
        if self.mode in ("climb", "fixed"):
            return self.rung
        if self.mode == "random":
            return int(rng.integers(len(RUNGS))) + 1
        rates = (np.array(self.won) + 1) / (np.array(self.played) + 2)  # Laplace-smoothed win rates
        weights = 1.0 - rates
        return int(rng.choice(len(RUNGS), p=weights / weights.sum())) + 1

    def record(self, rung: int, won: bool) -> None:
        self.played[rung - 1] += 1
        self.won[rung - 1] += int(won)
        if self.mode != "climb":
            return
        if won and rung == len(RUNGS):
            self.runs += 1
            self.clears += 1
            self.rung = 1
        elif won:
            self.rung = rung + 1
        else:
            self.runs += 1
            self.rung = 1

    def stats(self) -> dict[str, Any]:
        """Per-rung plays, wins and win rate; finished climbs and the full-clear rate."""
        rungs = [
            {
                "rung": index + 1,
                "character": rung.character,
                "style": rung.style,
                "played": self.played[index],
                "won": self.won[index],
                "win_rate": self.won[index] / self.played[index] if self.played[index] else None,
            }
            for index, rung in enumerate(RUNGS)
        ]
        return {
            "mode": self.mode,
            "rungs": rungs,
            "runs": self.runs,
            "clears": self.clears,
            "full_clear_rate": self.clears / self.runs if self.runs else None,
        }


class Side(NamedTuple):
    """One side of a CPU match: a fighter, a style (``None``: uniformly random controls) and a level."""

    character: str
    style: str | None
    level: float = 8.0


def rung_side(rung: int, difficulty: float = 4) -> Side:
    """Rung ``rung``'s CPU as a :class:`Side`."""
    character, style = RUNGS[rung - 1]
    return Side(character, style, rung_level(rung, difficulty))


def cpu_match(left: Side, right: Side, seed: int, round_seconds: int = 30) -> int | None:
    """Play a whole match between two CPU sides, headless; the winner's seat (0 = ``left``) or ``None``."""
    from omniarena.arenas.fighting.bots import Brain, Skill
    from omniarena.arenas.fighting.bout import CPU_PERIOD, Bout
    from omniarena.arenas.fighting.characters import character
    from omniarena.arenas.fighting.engine import Match

    rng = np.random.default_rng(seed)
    brains = []
    for side in (left, right):
        if side.style is None:
            brains.append(Brain("masher", Skill(0, 0.0, 1.0), rng))  # randomness 1: every choice uniform
        else:
            brains.append(Brain(side.style, Skill.at(side.level), rng))
    match = Match((character(left.character), character(right.character)), round_seconds)
    bout = Bout(match, CPU_PERIOD, "paused", brains)
    while not match.done:
        bout.play([None, None])
    return match.winner
