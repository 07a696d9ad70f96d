"""Cell sets as Python ints, one bit per flat cell index: what the solver and the generator search with.

Rooms have a wall border, so shifting a set of floor cells by one row (``width`` bits) or one column
(1 bit) never wraps onto floor: past the edge of a row lies a border wall, which the masks remove.
The search loops write their shifts out inline (``<< step`` / ``>> -step``), as they are the hot path.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["bits", "cells", "flood"]


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


def flood(start: int, free: int, width: int) -> int:
    """The cells reachable from the cells of ``start`` through ``free`` cells (``start`` included)."""
    reach = start
    while True:
        grown = reach | (((reach << 1) | (reach >> 1) | (reach << width) | (reach >> width)) & free)
        if grown == reach:
            return reach
        reach = grown
