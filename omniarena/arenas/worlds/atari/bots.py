"""Breakout's paddle tracker: serve when no ball is in play, else move the paddle under the ball."""

from __future__ import annotations

from typing import Any

from omniarena.core.agent import NativeAgent

__all__ = ["PaddleTracker"]

NOOP, FIRE, RIGHT, LEFT = range(4)
DEADBAND = 4  # pixels: close enough, stay


class PaddleTracker(NativeAgent):
    """Reads the paddle and ball positions (RAM) and follows the ball's x."""

    name = "scripted"

    def choose(self, observation: dict[str, Any]) -> int:
        state = self.expert_state()
        if state.ball is None:
            return FIRE
        gap = state.ball[0] - state.paddle_x
        if gap > DEADBAND:
            return RIGHT
        if gap < -DEADBAND:
            return LEFT
        return NOOP
