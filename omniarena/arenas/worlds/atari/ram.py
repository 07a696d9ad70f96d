"""What an Atari game's RAM says, in words. Breakout's addresses are AtariARI's (Anand et al., 2019).

Pixel positions are measured on the 160x210 screen: x from the left, y from the top. Games without a
table here get the score and lives only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["BreakoutState", "breakout_state", "describe_breakout"]

PADDLE, BALL_X, BALL_Y, BLOCKS_HIT = 72, 99, 101, 77
PADDLE_OFFSET, BALL_X_OFFSET, BALL_Y_OFFSET = 39, 49, 9  # RAM value minus this = screen pixel (paddle: its centre)
PADDLE_Y = 190


@dataclass(frozen=True)
class BreakoutState:
    """Paddle centre x; ball x, y (``None`` while no ball is in play); bricks hit so far."""

    paddle_x: int
    ball: tuple[int, int] | None
    blocks_hit: int


def breakout_state(ram: np.ndarray) -> BreakoutState:
    paddle = int(ram[PADDLE]) - PADDLE_OFFSET
    ball = None if int(ram[BALL_Y]) == 0 else (int(ram[BALL_X]) - BALL_X_OFFSET + 1, int(ram[BALL_Y]) + BALL_Y_OFFSET)
    return BreakoutState(paddle, ball, int(ram[BLOCKS_HIT]))


def describe_breakout(state: BreakoutState) -> str:
    lines = [
        f"Paddle: centre at x={state.paddle_x} (the screen is 160 pixels wide; the paddle is 16 wide, at y={PADDLE_Y})."
    ]
    if state.ball is None:
        lines.append("Ball: none in play; fire to serve a new one.")
    else:
        x, y = state.ball
        side = "left of" if x < state.paddle_x else "right of" if x > state.paddle_x else "right above"
        gap = abs(x - state.paddle_x)
        where = f"{gap} pixels {side} the paddle's centre" if gap else "right above the paddle's centre"
        lines.append(f"Ball: at x={x}, y={y} ({where}, {max(PADDLE_Y - y, 0)} pixels above the paddle).")
    return "\n".join(lines)
