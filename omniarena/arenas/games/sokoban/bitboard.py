"""Cell sets as Python ints, one bit per flat cell index: what the solver and the generator search with.

Rooms have a wall border, so shifting a set of floor cells by one row or column never wraps onto floor:
the cell a shift lands on past the edge of a row is a border wall, which the masks remove.
"""

from __future__ import annotations

from collections.abc import Iterable

from omniarena.arenas.games.sokoban.rules import DOWN, LEFT, RIGHT, UP

__all__ = ["OPPOSITE", "bits", "cells", "flood", "shift"]

OPPOSITE = (DOWN, UP, RIGHT, LEFT)


def bits(cells: Iterable[int]) -> int:
    """The set of ``cells`` as an int."""
    value = 0
    for cell in cells:
        value |= 1 << cell
    return value


def cells(value: int) -> list[int]:
    """The cell indices set in ``value``, lowest first."""
    found = []
    while value:
        low = value & -value
        found.append(low.bit_length() - 1)
        value ^= low
    return found


def shift(value: int, direction: int, width: int) -> int:
    """Every cell of ``value`` moved one step towards ``direction``."""
    if direction == UP:
        return value >> width
    if direction == DOWN:
        return value << width
    if direction == LEFT:
        return value >> 1
    return value << 1


def flood(start: int, free: int, width: int) -> int:
    """The cells reachable from the cells of ``start`` through ``free`` cells (``start`` included)."""
    reach = start
    while True:
        grown = reach | (((reach << 1) | (reach >> 1) | (reach << width) | (reach >> width)) & free)
        if grown == reach:
            return reach
        reach = grown
