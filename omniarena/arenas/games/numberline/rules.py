"""NumberLine rules: pure state and transitions, no drawing."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MOVES = {0: +1, 1: -1}  # native action -> step on the line ("+", "-")


@dataclass(frozen=True)
class State:
    position: int
    target: int
    high: int


def new_state(rng: np.random.Generator, high: int) -> State:
    """Random distinct position and target in ``0..high``."""
    target = int(rng.integers(0, high + 1))
    position = int(rng.integers(0, high))
    if position >= target:
        position += 1
    return State(position, target, high)


def move(state: State, action: int) -> tuple[State, float, bool, bool]:
    """Apply "+"/"-": returns (state, reward, done, effective). +1 on reaching the target, -1 moving away."""
    position = min(max(state.position + MOVES[action], 0), state.high)
    if position == state.position:
        return state, 0.0, False, False
    moved = State(position, state.target, state.high)
    if position == state.target:
        return moved, 1.0, True, True
    farther = abs(position - state.target) > abs(state.position - state.target)
    return moved, (-1.0 if farther else 0.0), False, True
