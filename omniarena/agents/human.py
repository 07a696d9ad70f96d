"""HumanAgent: a person plays through the terminal, reading the text observation and typing actions.

The agent writes the observation text (and, with ``image_dir``, saves the image as a PNG to look at)
and reads one line per move. What the person types goes through the arena's ``ActionSet`` like any
model reply, so aliases and ``<answer>`` tags work and a typo is an invalid reply, not a crash.
End of input (Ctrl-D) means the person has left: it raises :class:`PlayerQuit`, which ends the game
quietly (``omniarena play`` exits 0), rather than feeding empty replies until the step limit.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from omniarena.agents.base import Agent, arena_of, takes_text

__all__ = ["HumanAgent", "PlayerQuit"]


class PlayerQuit(Exception):
    """The person at the terminal ended the game (Ctrl-D / end of input): a normal way to stop, not an error."""


class HumanAgent(Agent):
    """Ask a person for each move on ``output``/``read_line`` (the terminal by default)."""

    name = "human"

    def __init__(
        self,
        env: Any,
        *,
        seed: int | None = None,
        player: str | None = None,
        read_line: Callable[[str], str] = input,
        output: TextIO | None = None,
        image_dir: str | Path | None = None,
    ) -> None:
        super().__init__(env, seed=seed, player=player)
        if not takes_text(env, player):
            raise ValueError("the human agent types text: make the arena with action_mode='text'")
        self.read_line = read_line
        self.output = output or sys.stdout
        self.image_dir = Path(image_dir) if image_dir else None
        self._moves = 0

    def reset(self) -> None:
        self._moves = 0
        self.output.write(arena_of(self.env).action_set.describe() + "\n")

    def act(self, observation: dict[str, Any]) -> str:
        self._moves += 1
        who = f" ({self.player})" if self.player else ""
        self.output.write(f"\n=== move {self._moves}{who} ===\n{observation.get('text', '')}\n")
        if self.image_dir is not None and "image" in observation:
            from PIL import Image

            self.image_dir.mkdir(parents=True, exist_ok=True)
            path = self.image_dir / "current.png"
            Image.fromarray(observation["image"]).save(path)
            self.output.write(f"(image: {path})\n")
        self.output.flush()
        try:
            self.last_reply = self.read_line("your move> ")
        except EOFError:
            self.output.write("\n")
            raise PlayerQuit("end of input") from None
        if self.read_line is input and not sys.stdin.isatty():
            self.output.write(f"{self.last_reply}\n")  # piped input is not echoed: keep prompt and reply lines apart
        return self.last_reply
