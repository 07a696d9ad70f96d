"""Misbehaving agents for the league's failure tests (importable by spawned workers as ``league_agents:...``)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

from omniarena.agents import RandomAgent


class Raises(RandomAgent):
    """Raises on its first move."""

    def act(self, observation: dict[str, Any]) -> Any:
        raise RuntimeError("broken agent")


class Slow(RandomAgent):
    """Takes ``seconds`` for every move."""

    def __init__(self, env: Any, *, seed: int | None = None, player: str | None = None, seconds: float = 5.0) -> None:
        super().__init__(env, seed=seed, player=player)
        self.seconds = seconds

    def act(self, observation: dict[str, Any]) -> Any:
        time.sleep(self.seconds)
        return super().act(observation)


class Garbage(RandomAgent):
    """Answers nonsense."""

    def act(self, observation: dict[str, Any]) -> Any:
        return "I would like a sandwich"


class KillsItsWorker(RandomAgent):
    """Kills its own process (SIGKILL) on its first move, once per ``marker`` file; plays randomly after."""

    def __init__(self, env: Any, *, seed: int | None = None, player: str | None = None, marker: str = "") -> None:
        super().__init__(env, seed=seed, player=player)
        self.marker = Path(marker)

    def act(self, observation: dict[str, Any]) -> Any:
        try:
            self.marker.open("x").close()
        except FileExistsError:
            return super().act(observation)
        os.kill(os.getpid(), signal.SIGKILL)
        raise AssertionError("unreachable")
