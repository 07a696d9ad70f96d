"""A bout: one match plus the time rules both fighting arenas share (frame skip, paused or real time, CPUs).

:meth:`Bout.play` runs the frames of one decision: each player's queue of controls, each control held
for ``frame_skip`` frames (its command pressed on the first), a player whose queue ran out standing in
neutral; a CPU seat asks its :class:`~.bots.Brain` every :data:`CPU_PERIOD` frames. In ``realtime`` mode
the wall-clock time the agents took since the last observation is first charged as frames in which
they stand still and the CPU keeps fighting (``clock`` is injectable so tests can fake time).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from omniarena.arenas.fighting.bots import Brain
from omniarena.arenas.fighting.controls import CONTROLS
from omniarena.arenas.fighting.engine import FPS, Match

__all__ = ["Bout", "MODES", "CPU_PERIOD", "MAX_LATENCY_FRAMES", "check_settings"]

MODES = ("paused", "realtime")
CPU_PERIOD = 4
MAX_LATENCY_FRAMES = 10 * FPS  # one decision is charged at most 10 s of game time
_STAND = (0, 0, 0)


def check_settings(frame_skip: int, mode: str, max_moves: int) -> None:
    """Fail early, naming the fix, on a bad time setting."""
    if not 1 <= int(frame_skip) <= 16:
        raise ValueError(f"frame_skip must be 1..16 (frames each reply is held), got {frame_skip}")
    if mode not in MODES:
        raise ValueError(f"mode={mode!r}; use 'paused' (the game waits for each reply) or 'realtime'")
    if not 1 <= int(max_moves) <= 16:
        raise ValueError(f"max_moves must be 1..16 (moves queued per reply), got {max_moves}")


class Bout:
    """One match and its clock; ``cpus[seat]`` is a Brain for a CPU seat, else ``None``."""

    def __init__(
        self,
        match: Match,
        frame_skip: int,
        mode: str,
        cpus: Sequence[Brain | None] = (None, None),
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.match = match
        self.frame_skip = int(frame_skip)
        self.mode = mode
        self.cpus = list(cpus)
        self.clock = clock or time.monotonic
        self.cpu_inputs: list[tuple[int, int, int]] = [_STAND, _STAND]
        self.returned_at: float | None = None

    def mark_returned(self) -> None:
        """Note the time an observation was handed out (the start of the agents' thinking time)."""
        if self.mode == "realtime":
            self.returned_at = self.clock()

    def latency_frames(self) -> int:
        """Frames the agents' thinking time since :meth:`mark_returned` is worth (0 in paused mode)."""
        if self.mode != "realtime" or self.returned_at is None:
            return 0
        elapsed = max(0.0, self.clock() - self.returned_at)
        return min(MAX_LATENCY_FRAMES, int(elapsed * FPS))

    def play(self, queues: Sequence[Sequence[int] | None], wait: int = 0) -> int:
        """Play ``wait`` standing frames, then the queues; returns the frames played."""
        match = self.match
        played = 0
        for _ in range(wait):
            if match.done:
                return played
            self._frame(_STAND, _STAND)
            played += 1
        length = max((len(q) for q in queues if q), default=1)
        for slot in range(length):
            held = []
            for queue in queues:
                control = CONTROLS[queue[slot]] if queue and slot < len(queue) else None
                held.append((0, 0, 0) if control is None else (control.dx, control.dy, control.command))
            for frame in range(self.frame_skip):
                if match.done:
                    return played
                self._frame(held[0], held[1])
                played += 1
                if frame == 0:  # a command is a press, the direction is held
                    held = [(dx, dy, 0) for dx, dy, _ in held]
        return played

    def _frame(self, input0: tuple[int, int, int], input1: tuple[int, int, int]) -> None:
        match = self.match
        inputs = [input0, input1]
        for seat, brain in enumerate(self.cpus):
            if brain is None:
                continue
            if match.frame_count % CPU_PERIOD == 0:
                control = CONTROLS[brain.decide(match, seat)]
                inputs[seat] = (control.dx, control.dy, control.command)
                self.cpu_inputs[seat] = (control.dx, control.dy, 0)
            else:
                inputs[seat] = self.cpu_inputs[seat]
        match.frame(inputs[0], inputs[1])
