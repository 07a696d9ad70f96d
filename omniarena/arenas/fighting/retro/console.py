"""The emulator side: one stable-retro game, stepped a whole agent step (many frames) per call.

:class:`Console` is what a worker process holds (or this process, for the first emulator here): it
makes the game with every button combination allowed, adds the game file's RAM variables to the
integration's (``GameData.set_variable``, nothing written to the installed package), and plays a block
of per-frame button masks in one call, so a worker costs one round trip per agent step, not per frame.
:func:`open_console` picks the place: stable-retro allows one emulator per process, so the first
console of a process runs in it and every further one gets a worker of its own
(:mod:`omniarena.backends.procs`).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

import numpy as np

from omniarena.backends.procs import Local, Worker

__all__ = ["Console", "open_console", "local_consoles"]

_FACTORY = "omniarena.arenas.fighting.retro.console:Console"
_lock = threading.Lock()
_local = [0]  # consoles living in this process


class Console:
    """One stable-retro emulator for ``game`` from ``state`` with ``players`` pads (see the module docstring)."""

    def __init__(self, game: str, state: str | None, players: int, variables: Mapping[str, Mapping[str, Any]]) -> None:
        import stable_retro

        from omniarena.arenas.fighting.retro.games import check_rom

        check_rom(game)
        self._retro = stable_retro
        self.inttype = stable_retro.data.Integrations.ALL
        self.env = stable_retro.make(
            game,
            state=state if state else stable_retro.State.DEFAULT,
            players=players,
            inttype=self.inttype,
            use_restricted_actions=stable_retro.Actions.ALL,
            render_mode="rgb_array",
        )
        for name, variable in variables.items():
            self.env.data.set_variable(name, dict(variable))
        self.players = players
        self.default_state = state

    def describe(self) -> dict[str, Any]:
        """The pad's buttons and the frame's shape."""
        frame = self.env.get_screen()
        return {"buttons": list(self.env.buttons), "shape": tuple(frame.shape)}

    def reset(self, state: str | None = None) -> tuple[np.ndarray, dict[str, int]]:
        """Start again from ``state`` (default: the console's); the first frame and the RAM variables."""
        if state is not None and state != self.default_state:
            self.env.load_state(state, self.inttype)
            self.default_state = state
        frame, _ = self.env.reset()
        return frame, dict(self.env.data.lookup_all())

    def play(self, masks: np.ndarray) -> tuple[np.ndarray, dict[str, int], bool, int]:
        """Hold each row of ``masks`` (frames x buttons of every pad) for one frame; stops early at the end.

        Returns the last frame, the RAM variables, whether the integration's scenario ended, and the
        number of frames played. Frames in between go through the emulator and the scenario's end check
        only: ``RetroEnv.step`` would also copy the screen and every variable out on each of them.
        """
        env, data = self.env, self.env.data
        width = env.num_buttons
        done, played = False, 0
        for row in masks:
            for player in range(self.players):
                env.em.set_button_mask(row[player * width : (player + 1) * width], player)
            env.em.step()
            data.update_ram()
            played += 1
            if data.is_done():
                done = True
                break
        return env.get_screen(), dict(data.lookup_all()), done, played

    def ram(self) -> np.ndarray:
        return self.env.get_ram()

    def close(self) -> None:
        env, self.env = getattr(self, "env", None), None
        if env is not None:
            env.close()


class _LocalConsole(Local):
    """A console in this process, counted so the next one goes to a worker."""

    def __init__(self, kwargs: dict[str, Any]) -> None:
        super().__init__(_FACTORY, kwargs)
        self._counted = True

    def close(self) -> None:
        counted, self._counted = getattr(self, "_counted", False), False
        super().close()
        if counted:
            with _lock:
                _local[0] -= 1


def local_consoles() -> int:
    """How many consoles run in this process (0 or 1)."""
    return _local[0]


def open_console(kwargs: dict[str, Any], worker: bool | str = "auto") -> Local | Worker:
    """A console built from ``kwargs``: in this process while it holds none (``worker="auto"``), else in a
    worker process; ``worker=True``/``False`` forces either (``False`` fails if this process has one)."""
    if worker not in (True, False, "auto"):
        raise ValueError(f"worker={worker!r}; use True, False or 'auto'")
    with _lock:
        here = worker is False or (worker == "auto" and _local[0] == 0)
        if here:
            if _local[0]:
                raise RuntimeError(
                    "stable-retro allows one emulator per process and this process has one; "
                    "pass worker=True (or 'auto') to run this game in a worker process"
                )
            _local[0] += 1
    if not here:
        return Worker(_FACTORY, kwargs, name=f"retro-{kwargs.get('game', '')}")
    try:
        return _LocalConsole(kwargs)
    except BaseException:
        with _lock:
            _local[0] -= 1
        raise
