"""TextWorld (Côté et al., 2018) over the real ``textworld`` engine: BALROG's three game styles."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from omniarena.arenas.worlds.engine import need, text_image
from omniarena.arenas.worlds.textworld.actions import CommandActions
from omniarena.arenas.worlds.textworld.games import SETTINGS, game_path
from omniarena.core.arena import Arena, Outcome

IMAGE_SHAPE = (512, 512)
_PROMPT = re.compile(r"\s*>\s*(-=.*=-\s*\d+/\d+)?\s*$")  # the interpreter's prompt and status line


class TextWorldEnv(Arena):
    """A TextWorld text adventure: explore rooms, open doors and containers, take things, reach the goal.

    ## Description
    The real ``textworld`` engine: its game generator (the challenges behind ``tw-make``) and its
    Z-machine interpreter. ``task`` is one of BALROG's styles: "coin_collector" (find the coin in a maze
    of rooms), "treasure_hunter" (find the named object; doors are locked, containers closed) or
    "cooking" (read the cookbook, gather, cut and cook the ingredients, prepare and eat the meal).
    Games are generated offline on first use and cached (see
    :mod:`~omniarena.arenas.worlds.textworld.games`); each episode plays one of ``pool`` games
    (game ``k`` is generated from seed ``k``), picked by ``self.np_random`` or by
    ``reset(options={"game": k})``, so the same seed gives the same game and, with the same
    commands, the same episode. Nothing is downloaded.

    ## Actions
    The admissible commands of the current state (TextWorld's ``admissible_commands``) are the legal
    actions: native ``Discrete(256)`` indexes them in sorted order and ``action_mask`` marks those in use;
    in text, any admissible command, case and spacing aside ("go north", "take coin").

    ## Observation
    ``{"image": 512x512, the room, inventory and score typeset as a page, "text": rules with the
    objective, the last command's feedback, the room description, inventory, score, the admissible
    commands, "action_mask": int8[256]}``.

    ## Rewards
    The game's score change. ``info``: ``score``, ``max_score``, ``won``, ``lost``, ``game`` (its index),
    ``success`` (won) and ``progression`` (BALROG's: 100 x max(score / max_score, won)).

    ## Episode end
    Terminated when the game is won or lost; truncated at the registry's ``max_steps`` (80, BALROG's).

    ## Arguments
    ``task``; ``pool`` (distinct games, 4); ``render_mode``: "rgb_array" or "ansi".

    ## Baselines
    Random (uniform over the admissible commands), native mode: see README's Worlds section
    (``benchmarks/worlds.py --baselines``).

    ## Version history
    v0: first release (textworld 1.7.0).
    """

    metadata: dict[str, Any] = {"render_modes": ["rgb_array", "ansi"], "render_fps": 2}

    def __init__(self, task: str = "coin_collector", pool: int = 4, render_mode: str | None = None) -> None:
        if task not in SETTINGS:
            raise ValueError(f"task={task!r}; use one of {', '.join(SETTINGS)}")
        if not 1 <= int(pool) <= 10_000:
            raise ValueError(f"pool must be 1..10000 games, got {pool}")
        self._textworld = need("textworld", "textworld")
        super().__init__(CommandActions(), IMAGE_SHAPE, render_mode=render_mode)
        self.task, self.pool = task, int(pool)
        self._infos = self._textworld.EnvInfos(
            description=True,
            inventory=True,
            admissible_commands=True,
            objective=True,
            score=True,
            max_score=True,
            won=True,
            lost=True,
        )
        self._game: Any = None
        self._game_index: int | None = None
        self._state_: Any = None
        self._feedback = ""

    def close(self) -> None:
        if self._game is not None:
            self._game.close()
            self._game = None
        super().close()

    # --- episode ---------------------------------------------------------------------------------
    def _new_episode(self, options: dict[str, Any]) -> None:
        index = options.get("game")
        if index is None:
            index = int(self.np_random.integers(self.pool))
        elif not isinstance(index, int) or index < 0:
            raise ValueError(f"options['game'] must be a game index >= 0, got {index!r}")
        if index != self._game_index or self._game is None:
            if self._game is not None:
                self._game.close()
            self._game = self._textworld.start(str(game_path(self.task, index)), request_infos=self._infos)
            self._game_index = index
        self._state_ = self._game.reset()
        self._feedback = self._strip_objective(str(self._state_.feedback))
        self.action_set.update(self._state_["admissible_commands"] or [])

    def _apply(self, action: Any) -> Outcome:
        command = self.action_set.format(action)
        before = float(self._state_["score"] or 0)
        self._state_, score, done = self._game.step(command)
        self._feedback = self._strip_objective(str(self._state_.feedback))
        self.action_set.update(self._state_["admissible_commands"] or [])
        return Outcome(float(score) - before, bool(done), True)

    def _strip_objective(self, feedback: str) -> str:
        objective = str(self._state_["objective"] or "")
        if objective and objective in feedback:
            feedback = feedback.split(objective)[-1]
        return _PROMPT.sub("", feedback).strip()

    # --- observation -----------------------------------------------------------------------------
    def action_mask(self) -> np.ndarray:
        return self.action_set.mask()

    def _legal(self) -> str:
        return f"Admissible commands: {', '.join(self.action_set.commands)}."

    def _info(self) -> dict[str, Any]:
        state = self._state_
        score, top = float(state["score"] or 0), float(state["max_score"] or 0)
        won = bool(state["won"])
        return {
            "score": score,
            "max_score": top,
            "won": won,
            "lost": bool(state["lost"]),
            "success": won,
            "progression": 100.0 * max(score / top if top else 0.0, 1.0 if won else 0.0),
            "game": self._game_index,
        }

    def _draw(self) -> np.ndarray:
        state = self._state_
        feedback, room = " ".join(self._feedback.split()), self._room()
        said = f"{feedback}\n\n" if feedback and feedback != room else ""
        page = f"{said}{room}\n\n{str(state['inventory']).strip()}"
        title = f"TextWorld {self.task.replace('_', ' ')}: score {state['score']}/{state['max_score']}"
        return text_image(page, IMAGE_SHAPE[0], IMAGE_SHAPE[1], title=title)

    def _room(self) -> str:
        return " ".join(str(self._state_["description"] or "").split())

    def _rules(self) -> str:
        objective = " ".join(str(self._state_["objective"] or "").split()) if self._state_ is not None else ""
        return (
            f"TextWorld ({self.task.replace('_', ' ')}): a text adventure. You act by typing commands; only the "
            "admissible commands listed below are accepted. The score rises as you complete steps of the quest.\n"
            f"Objective: {objective}"
        )

    def _state(self) -> str:
        state = self._state_
        feedback, room = " ".join(self._feedback.split()), self._room()
        said = f"Last feedback: {feedback}\n" if feedback and feedback != room else ""
        return (
            f"{said}Room: {room}\n"
            f"{' '.join(str(state['inventory'] or '').split())}\n"
            f"Score: {state['score']} of {state['max_score']}."
        )
