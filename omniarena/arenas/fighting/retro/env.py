"""RetroFight: ROM fighting games on stable-retro's real emulator, with the fighting ladder's grammar and text."""

from __future__ import annotations

import os
from typing import Any

import numpy as np
from gymnasium import spaces

from omniarena.arenas.fighting.actions import LEGAL_TEXT, fight_actions, queue_moves
from omniarena.arenas.fighting.controls import CONTROLS
from omniarena.arenas.fighting.retro.games import Game, load_game
from omniarena.arenas.fighting.retro.reading import features, features_space, standing
from omniarena.arenas.fighting.retro.session import Session
from omniarena.arenas.fighting.text import standing_lines
from omniarena.core.arena import Arena, Outcome
from omniarena.core.observation import observation_space
from omniarena.core.simultaneous import JointOutcome, SimultaneousArena

__all__ = ["RetroFightEnv", "RetroFight2PEnv", "DEFAULT_GAME"]

DEFAULT_GAME = "StreetFighterIISpecialChampionEdition-Genesis-v0"
_MASK = spaces.Box(0, 1, (len(CONTROLS),), np.int8)
_ALL = np.ones(len(CONTROLS), np.int8)


def _check(frame_skip: int, max_moves: int, ladder_level: int | None, game: Game) -> None:
    if not 1 <= int(frame_skip) <= 16:
        raise ValueError(f"frame_skip is 1-16, got {frame_skip}")
    if not 1 <= int(max_moves) <= 8:
        raise ValueError(f"max_moves is 1-8, got {max_moves}")
    if ladder_level is not None and not 1 <= int(ladder_level) <= len(game.ladder):
        levels = f"1-{len(game.ladder)}" if game.ladder else "none (this game file lists no ladder states)"
        raise ValueError(f"ladder_level for {game.game}: {levels}, got {ladder_level}")


def _rules(game: Game, frame_skip: int, players: int) -> str:
    against = "the other player" if players == 2 else "the game's CPU"
    none = [name for name, move in game.default.moves.items() if move is None]
    return (
        f"You play {game.title} against {against} on the real game (stable-retro's emulator). "
        f"Each reply is held for {frame_skip} frames ({frame_skip / game.frame_rate:.2f} s of game time); a named "
        "special is entered as its motion input (quarter circles, charges) and may take longer. Hold back to "
        "block standing, crouch back to block low."
        + (f" Moves this game's characters may lack: {', '.join(none)}." if none else "")
    )


def _result(winner: int | None, seat: int, over: bool) -> str | None:
    if not over:
        return None
    return "a draw" if winner is None else "won by you" if winner == seat else "lost"


class _Fight:
    """What both envs share: the game, the session and the text of one seat."""

    game: Game
    session: Session
    frame_skip: int
    round_seconds: int
    mirror: bool

    def _setup(self, game: str | os.PathLike[str], frame_skip: int, round_seconds: int, mirror: bool) -> None:
        self.game = load_game(game)
        self.frame_skip, self.round_seconds, self.mirror = int(frame_skip), int(round_seconds), bool(mirror)

    def _state_of(self, seat: int, over: bool) -> str:
        reading = self.session.reading
        assert reading is not None
        character = self.game.character(reading.character[seat]).name
        them = self.game.character(reading.character[1 - seat]).name
        head, tail = standing_lines(
            standing(
                self.game,
                reading,
                seat,
                self.session.seconds(self.round_seconds),
                (self.session.last[seat], self.session.last[1 - seat]),
                _result(self.session.winner(), seat, over),
            )
        )
        return "\n".join([f"You play {character}; the opponent plays {them}.", *head, *tail])

    def _features_of(self, seat: int) -> dict[str, Any]:
        assert self.session.reading is not None
        return features(self.game, self.session.reading, seat, self.session.seconds(self.round_seconds))

    def _features_space(self) -> spaces.Dict:
        return features_space(self.game.stage_width, len(self.game.characters))

    def _swing(self, before: tuple[int, int]) -> float:
        after = self.session.health()
        dealt, taken = before[1] - after[1], before[0] - after[0]
        return (max(dealt, 0) - max(taken, 0)) / max(self.game.max_health, 1)


class RetroFightEnv(_Fight, Arena):
    """A ROM fighting game against its CPU, through stable-retro, in the fighting ladder's words.

    ## Description
    ``game`` is a stable-retro integration omniarena has a game file for (``games/*.json``:
    Street Fighter II SCE, Mortal Kombat II, Fatal Fury 2 on the Genesis) or the path of your own game file.
    The ROM is yours: import it with ``python -m stable_retro.import <folder>`` (a missing one fails with
    that command, the file name and the SHA-1). ``ladder_level`` picks the game file's ladder state for a
    CPU level (MK II: 15 of them); ``state`` any state of the integration. The emulator runs in this
    process when it is the first here, else in a worker process (``worker``); ``close()`` ends it.

    ## Actions
    The fighting ladder's grammar and native ``Discrete(52)`` (``MultiDiscrete`` queues with
    ``max_moves > 1``), lowered to the game's buttons by :mod:`.motions`: directions relative to facing
    (read from RAM), attacks pressed on the game's buttons, named moves (fireball, uppercut, special,
    throw, ...) entered as the character's motion input.

    ## Observation
    ``{"image": the emulator's frame (224x320x3 on the Genesis; flipped left to right with ``mirror``
    while you face left), "text", "features", "action_mask"}``. The text: the rules, then the embedded
    arena's standing lines from RAM (round, timer, sides, distance, health, last inputs).

    ## Rewards
    (damage dealt - damage taken) / the game's full health per step, +1 / -1 when the match is won / lost.

    ## Episode end
    Terminated when a side reaches ``rounds_to_win`` round wins (RAM) or the integration's scenario ends.

    ## Version history
    v0: first release.
    """

    metadata = {"render_modes": ["rgb_array", "ansi"], "render_fps": 15}

    def __init__(
        self,
        game: str | os.PathLike[str] = DEFAULT_GAME,
        state: str | None = None,
        ladder_level: int | None = None,
        frame_skip: int = 4,
        max_moves: int = 1,
        rounds_to_win: int = 2,
        round_seconds: int = 99,
        mirror: bool = True,
        worker: bool | str = "auto",
        render_mode: str | None = None,
    ) -> None:
        self._setup(game, frame_skip, round_seconds, mirror)
        _check(frame_skip, max_moves, ladder_level, self.game)
        if ladder_level is not None:
            state = self.game.ladder[int(ladder_level) - 1]
        self.state = state or self.game.state
        self.session = Session(self.game, self.state, 1, worker, int(rounds_to_win))
        height, width = self.session.shape[:2]
        super().__init__(fight_actions(int(max_moves)), (height, width), render_mode=render_mode, mask_space=_MASK)
        self.observation_space = observation_space(
            height, width, {"action_mask": _MASK, "features": self._features_space()}
        )

    def _new_episode(self, options: dict[str, Any]) -> None:
        self.session.start(options.get("state"))

    def _apply(self, action: Any) -> Outcome:
        before = self.session.health()
        frames = self.session.play([self.session.lower(0, queue_moves(self.action_set, action), self.frame_skip)])
        reward = self._swing(before)
        winner = self.session.winner()
        over = winner is not None or self.session.scenario_done
        if winner is not None:
            reward += 1.0 if winner == 0 else -1.0
        info = {"frames": frames}
        if over:
            info["result"] = "win" if winner == 0 else "loss" if winner == 1 else "draw"
            info["success"] = winner == 0
        return Outcome(reward=reward, terminated=over, info=info)

    def _info(self) -> dict[str, Any]:
        return self.session.info(0) if self.session.reading is not None else {}

    def _draw(self) -> np.ndarray:
        return self.session.view(0, self.mirror)

    def _rules(self) -> str:
        return _rules(self.game, self.frame_skip, 1)

    def _state(self) -> str:
        return self._state_of(0, self._ended)

    def _legal(self) -> str:
        return LEGAL_TEXT

    def action_mask(self) -> np.ndarray:
        return _ALL.copy()

    def observation(self) -> dict[str, Any]:
        obs = super().observation()
        obs["features"] = self._features_of(0)
        return obs

    def ram(self) -> np.ndarray:
        """The emulator's RAM now (64 KB on the Genesis)."""
        return self.session.console.call("ram")

    def close(self) -> None:
        session = getattr(self, "session", None)
        if session is not None:
            session.close()


class RetroFight2PEnv(_Fight, SimultaneousArena):
    """Two agents on the two pads of a ROM fighting game: a PettingZoo ``ParallelEnv``.

    Needs the integration's two-player state (MK II ships ``Level1.LiuKangVsJax.2P``); a game file
    without one fails naming the games that have it. Actions, observations (from each player's side,
    mirrored so each sees itself facing right) and rewards as :class:`RetroFightEnv`, zero-sum.
    """

    metadata = {"render_modes": ["rgb_array", "ansi"], "name": "omniarena_retrofight2p_v0", "render_fps": 15}

    def __init__(
        self,
        game: str | os.PathLike[str] = "MortalKombatII-Genesis-v0",
        state: str | None = None,
        frame_skip: int = 4,
        max_moves: int = 1,
        rounds_to_win: int = 2,
        round_seconds: int = 99,
        mirror: bool = True,
        worker: bool | str = "auto",
        render_mode: str | None = None,
    ) -> None:
        self._setup(game, frame_skip, round_seconds, mirror)
        _check(frame_skip, max_moves, None, self.game)
        self.state = state or self.game.two_player_state
        if self.state is None:
            raise ValueError(
                f"{self.game.game} has no two-player state in its game file; two-player games: "
                "MortalKombatII-Genesis-v0 (or pass state= a 2P state you saved)"
            )
        self.session = Session(self.game, self.state, 2, worker, int(rounds_to_win))
        height, width = self.session.shape[:2]
        super().__init__(fight_actions(int(max_moves)), 2, (height, width), render_mode=render_mode)
        space = observation_space(height, width, {"action_mask": _MASK, "features": self._features_space()})
        self.observation_spaces = dict.fromkeys(self.possible_agents, space)

    def seat(self, agent: str) -> int:
        return self.possible_agents.index(agent)

    def _new_game(self, options: dict[str, Any]) -> None:
        self.session.start(options.get("state"))

    def _apply(self, actions: dict[str, Any]) -> JointOutcome:
        before = self.session.health()
        lowered = [
            self.session.lower(
                seat, None if actions[a] is None else queue_moves(self.action_set, actions[a]), self.frame_skip
            )
            for seat, a in enumerate(self.possible_agents)
        ]
        frames = self.session.play(lowered)
        swing = self._swing(before)
        winner = self.session.winner()
        if winner is not None:
            swing += 1.0 if winner == 0 else -1.0
        over = winner is not None or self.session.scenario_done
        infos = {a: {**self.session.info(self.seat(a)), "frames": frames} for a in self.possible_agents}
        return JointOutcome({"player_0": swing, "player_1": -swing}, terminated=over, infos=infos)

    def _draw(self, agent: str | None) -> np.ndarray:
        return self.session.view(0 if agent is None else self.seat(agent), self.mirror and agent is not None)

    def _rules(self, agent: str) -> str:
        return _rules(self.game, self.frame_skip, 2)

    def _state(self, agent: str) -> str:
        return self._state_of(self.seat(agent), not self.agents)

    def _legal(self, agent: str) -> str:
        return LEGAL_TEXT if agent in self.agents else "The match is over."

    def action_mask(self, agent: str) -> np.ndarray:
        return (_ALL if agent in self.agents else np.zeros_like(_ALL)).copy()

    def observe(self, agent: str) -> dict[str, Any]:
        obs = super().observe(agent)
        obs["features"] = self._features_of(self.seat(agent))
        return obs

    def close(self) -> None:
        session = getattr(self, "session", None)
        if session is not None:
            session.close()
