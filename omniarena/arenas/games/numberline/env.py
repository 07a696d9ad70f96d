"""NumberLine: move the current number to the target on a number line (gym-cards NumberLine)."""

from __future__ import annotations

from typing import Any

import numpy as np

from omniarena.arenas.games.numberline import rules
from omniarena.arenas.games.numberline.actions import ACTIONS
from omniarena.arenas.games.numberline.render import SIZE, render
from omniarena.core.arena import Arena, Outcome


class NumberLineEnv(Arena):
    """Move the current number to the target number on a number line.

    ## Description
    The image shows a number line from 0 to ``high``, the target (green) and the current position
    (blue), with both numbers written above. It is the NumberLine game of gym-cards (RL4VLM), with
    seeding that works: the same seed gives the same start.

    ## Actions
    Native ``Discrete(2)``: 0 = "+" (one step right), 1 = "-" (one step left). Text: "+" or "-"
    (aliases: plus/right/increase, minus/left/decrease). Moving past either end is legal but has no
    effect (``info["effective"] = False``).

    ## Observation
    ``{"image": 300x300x3 uint8, "text": target and current number in words, "action_mask": int8[2]}``.

    ## Rewards
    +1 on reaching the target, -1 for a step away from it, 0 otherwise.

    ## Episode end
    Terminated on reaching the target; truncated after ``2 * high`` steps (registry ``max_steps``).

    ## Arguments
    ``high``: the largest number on the line (difficulty). ``render_mode``: "rgb_array" or "ansi".

    ## Baselines (text mode, 200 episodes, seeds 0-199, ``omniarena eval``)
    | variant | scripted success / mean return | random success / mean return |
    | --- | --- | --- |
    | NumberLine-v0 (0..5) | 100% / +1.00 (2.3 steps) | 34.5% / -1.33 |
    | NumberLine-Medium-v0 (0..20) | 100% / +1.00 (7.2 steps) | 8.5% / -12.35 |
    | NumberLine-Hard-v0 (0..50) | 100% / +1.00 (17.3 steps) | 2.0% / -39.40 |

    The scripted expert steps toward the target and is optimal.

    ## Version history
    v0: first release.

    >>> env = NumberLineEnv(high=5)
    >>> obs, info = env.reset(seed=0)
    >>> obs["image"].shape
    (300, 300, 3)
    """

    def __init__(self, high: int = 5, render_mode: str | None = None) -> None:
        if high < 1:
            raise ValueError(f"high must be >= 1, got {high}")
        super().__init__(ACTIONS, (SIZE, SIZE), render_mode=render_mode)
        self.high = int(high)
        self.state = rules.State(0, 1, self.high)

    def _new_episode(self, options: dict[str, Any]) -> None:
        self.state = rules.new_state(self.np_random, self.high)

    def _apply(self, action: int) -> Outcome:
        self.state, reward, done, effective = rules.move(self.state, action)
        return Outcome(reward, done, effective)

    def _draw(self) -> np.ndarray:
        return render(self.state)

    def expert_state(self) -> rules.State:
        return self.state

    def _rules(self) -> str:
        return f"NumberLine: move the current number to the target on a number line from 0 to {self.high}."

    def _state(self) -> str:
        return f"Target: {self.state.target}\nCurrent: {self.state.position}"

    def _legal(self) -> str:
        return 'Legal actions: "+" (increase the current number by 1), "-" (decrease it by 1).'
