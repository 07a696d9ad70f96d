"""The RAM variables of a game, read into the fighting arena's shared words and a DIAMBRA-style dict.

:func:`read` turns the emulator's variables (stable-retro's ``lookup_all`` with the game file's own
added) into a :class:`Reading` through the game file's ``reads`` map; :func:`standing` makes it the
:class:`~omniarena.arenas.fighting.text.Standing` the embedded engine's text is written from, so both
backends describe a match in the same words. A quantity the game file does not map is left out of
the words (or reads as unknown) rather than made up; without a timer variable the round clock counts
down from ``round_seconds`` by emulated frames.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from gymnasium import spaces

from omniarena.arenas.fighting.retro.games import Game
from omniarena.arenas.fighting.text import Fighter, Standing

__all__ = ["Reading", "read", "standing", "features", "features_space"]


@dataclass(frozen=True)
class Reading:
    """Both pads' fighters as RAM tells them (``None``: the game file maps no variable for it)."""

    health: tuple[int | None, int | None]
    x: tuple[int | None, int | None]
    wins: tuple[int, int]
    character: tuple[int | None, int | None]
    timer: int | None
    round: int | None

    def facing_right(self, seat: int) -> bool:
        """Whether ``seat`` faces right: it stands left of the other (or their places are unknown)."""
        mine, theirs = self.x[seat], self.x[1 - seat]
        if mine is None or theirs is None:
            return seat == 0
        return mine <= theirs if seat == 0 else mine < theirs


def _pair(values: dict[str, int], names: Any) -> tuple[int | None, int | None]:
    if not names:
        return None, None
    first, second = (list(names) + [None, None])[:2]
    return (
        None if first is None else int(values[first]),
        None if second is None else int(values[second]),
    )


def _one(values: dict[str, int], name: Any) -> int | None:
    return None if not name else int(values[name])


def read(game: Game, values: dict[str, int]) -> Reading:
    """The :class:`Reading` of the emulator's variables ``values``."""
    reads = game.reads
    wins = _pair(values, reads.get("wins"))
    return Reading(
        health=_pair(values, reads.get("health")),
        x=_pair(values, reads.get("x")),
        wins=(wins[0] or 0, wins[1] or 0),
        character=_pair(values, reads.get("character")),
        timer=_one(values, reads.get("timer")),
        round=_one(values, reads.get("round")),
    )


def seconds_left(game: Game, reading: Reading, frames: int, round_seconds: int) -> int:
    if reading.timer is not None:
        return max(reading.timer, 0)
    return max(round_seconds - frames // game.frame_rate, 0)


def _fighter(game: Game, health: int | None, last: str | None) -> Fighter:
    state = f"last input {last}" if last else "no input yet"
    if health is None:
        return Fighter(game.max_health, game.max_health, state + " (health not read from RAM)")
    return Fighter(min(health, game.max_health), game.max_health, state)


def standing(
    game: Game,
    reading: Reading,
    seat: int,
    seconds: int,
    last: tuple[str | None, str | None],
    result: str | None,
) -> Standing:
    """The shared :class:`Standing` from ``seat``'s side (``last``: each seat's last control, by seat)."""
    mine, theirs = reading.x[seat], reading.x[1 - seat]
    gap = None if mine is None or theirs is None else abs(mine - theirs)
    won = sum(reading.wins)
    return Standing(
        round=reading.round if reading.round is not None else won + 1,
        seconds_left=seconds,
        wins=(reading.wins[seat], reading.wins[1 - seat]),
        me=_fighter(game, reading.health[seat], last[seat]),
        them=_fighter(game, reading.health[1 - seat], last[1 - seat]),
        gap=gap,
        on_left=reading.facing_right(seat),
        result=result,
    )


@lru_cache(maxsize=16)
def features_space(stage_width: int, characters: int) -> spaces.Dict:
    """The ``features`` observation: positions in the game's pixels, health as a fraction, ids, sides."""
    box = lambda high: spaces.Box(0.0, float(high), (1,), np.float32)  # noqa: E731
    return spaces.Dict(
        {
            "own_x": box(65535),
            "own_health": box(1),
            "own_side": spaces.Discrete(2),
            "own_character": spaces.Discrete(characters + 1),
            "opp_x": box(65535),
            "opp_health": box(1),
            "opp_side": spaces.Discrete(2),
            "opp_character": spaces.Discrete(characters + 1),
            "distance": box(65535),
            "timer": box(999),
            "round": box(99),
            "own_wins": box(99),
            "opp_wins": box(99),
        }
    )


def features(game: Game, reading: Reading, seat: int, seconds: int) -> dict[str, Any]:
    """The ``features`` dict of ``seat``; unread positions and healths are 0 and 1, unknown ids the last id."""
    ids = sorted(game.characters)
    unknown = len(ids)

    def char(value: int | None) -> np.int64:
        return np.int64(ids.index(value) if value in ids else unknown)

    def health(value: int | None) -> float:
        return 1.0 if value is None else min(max(value, 0), game.max_health) / game.max_health

    mine, theirs = reading.x[seat] or 0, reading.x[1 - seat] or 0
    vector = np.array(
        (
            min(max(mine, 0), 65535),
            health(reading.health[seat]),
            min(max(theirs, 0), 65535),
            health(reading.health[1 - seat]),
            min(abs(mine - theirs), 65535),
            min(seconds, 999),
            min(sum(reading.wins) + 1 if reading.round is None else reading.round, 99),
            min(reading.wins[seat], 99),
            min(reading.wins[1 - seat], 99),
        ),
        np.float32,
    )
    keys = ("own_x", "own_health", "opp_x", "opp_health", "distance", "timer", "round", "own_wins", "opp_wins")
    out: dict[str, Any] = {key: vector[i : i + 1] for i, key in enumerate(keys)}
    side = int(not reading.facing_right(seat))
    out["own_side"], out["opp_side"] = np.int64(side), np.int64(1 - side)
    out["own_character"] = char(reading.character[seat])
    out["opp_character"] = char(reading.character[1 - seat])
    return out
