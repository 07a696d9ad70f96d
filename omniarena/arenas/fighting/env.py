"""The fighting arenas: the 12-rung CPU ladder (Gymnasium) and two-player self-play (PettingZoo Parallel)."""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from gymnasium import spaces

from omniarena.arenas.fighting import render as drawing
from omniarena.arenas.fighting.actions import LEGAL_TEXT as _LEGAL
from omniarena.arenas.fighting.actions import fight_actions, queue_moves
from omniarena.arenas.fighting.bots import STYLES, Brain, Skill
from omniarena.arenas.fighting.bout import Bout, check_settings
from omniarena.arenas.fighting.characters import Character, characters
from omniarena.arenas.fighting.characters import character as find_character
from omniarena.arenas.fighting.controls import CONTROLS
from omniarena.arenas.fighting.engine import Match
from omniarena.arenas.fighting.ladder import RUNGS, LadderProgress, rung_level
from omniarena.arenas.fighting.text import features, features_space, rules_text, state_text
from omniarena.core.arena import Arena, Outcome
from omniarena.core.observation import observation_space
from omniarena.core.simultaneous import JointOutcome, SimultaneousArena

__all__ = ["FightLadderEnv", "Fight2PEnv", "replay"]

_HEALTH_SCALE = 1000.0
# Every control is always legal; with a queue the mask is the first move's legality (as a bare index).
_ALL_LEGAL = np.ones(len(CONTROLS), dtype=np.int8)
_NONE_LEGAL = np.zeros(len(CONTROLS), dtype=np.int8)
_MASK_SPACE = spaces.Box(0, 1, (len(CONTROLS),), np.int8)
REPLAY_VERSION = 1


def _image_size(size: Sequence[int]) -> tuple[int, int]:
    height, width = (int(v) for v in size)
    if not (48 <= height <= 1024 and 64 <= width <= 1024):
        raise ValueError(f"image_size is (height, width) with 48 <= height and 64 <= width <= 1024, got {tuple(size)}")
    return height, width


def _pick(name: str, rng: np.random.Generator) -> Character:
    if str(name).lower() == "random":
        fighters = characters()
        return fighters[int(rng.integers(len(fighters)))]
    return find_character(name)


def _result(match: Match, seat: int) -> str:
    return "draw" if match.winner is None else "win" if match.winner == seat else "loss"


def _tally(match: Match, seat: int) -> dict[str, Any]:
    me, them = match.fighters[seat], match.fighters[1 - seat]
    info: dict[str, Any] = {
        "round": match.round,
        "wins": (match.wins[seat], match.wins[1 - seat]),
        "health": (max(me.health, 0), max(them.health, 0)),
        "frame": match.frame_count,
    }
    if match.done:
        info["result"] = _result(match, seat)
        info["success"] = info["result"] == "win"
    return info


def _check_opponent(opponent: dict[str, Any] | None) -> dict[str, Any] | None:
    if opponent is None:
        return None
    unknown = set(opponent) - {"character", "style", "level"}
    if unknown:
        raise ValueError(f"opponent takes character, style and level; got {sorted(unknown)}")
    style = opponent.get("style", "balanced")
    if style not in STYLES:
        raise ValueError(f"opponent style {style!r}; styles are {', '.join(STYLES)}")
    find_character(opponent.get("character", "Kenji"))
    Skill.at(float(opponent.get("level", 8)))
    return dict(opponent)


class FightLadderEnv(Arena):
    """Single player against the CPU ladder: 12 rungs of scripted opponents in rising order.

    ## Description
    A 2D fighting game at 60 frames per second (:mod:`~omniarena.arenas.fighting.engine`), best of three
    rounds. You play ``character`` (player 0); the CPU plays the rung's fighter and archetype
    (:data:`~omniarena.arenas.fighting.ladder.RUNGS`) at a skill set by the rung and ``difficulty``.
    ``ladder`` chooses each episode's rung: "climb" (arcade order; a loss sends you back to rung 1),
    "curriculum" (rungs drawn with weight 1 - win rate), "random", or "fixed" (``rung``); pass
    ``opponent={"character", "style", "level"}`` to fight one bot instead, such as the held-out
    ``anti_spam``, ``sweeper`` and ``keepaway`` bots the ladder never shows. ``reset(options=...)`` takes
    ``rung``, ``opponent`` and ``character`` for one episode. :meth:`ladder_stats` gives per-rung win
    rates and the full-clear rate.

    ## Actions
    Native ``Discrete(52)``: 9 directions relative to facing, each with each of 4 buttons, and 7
    commands (fireball, uppercut, special, super, throw, dash forward, dash back); see
    :mod:`~omniarena.arenas.fighting.controls`. With ``max_moves > 1``: ``MultiDiscrete`` queues of up to
    ``max_moves`` controls. Text: the control names ("forward", "crouch back", "jump forward heavy kick",
    "fireball", ...), or a queue of ``- move`` lines. Each control is held for ``frame_skip`` frames.

    ## Observation
    ``{"image": 192x256x3 uint8 (``image_size``), "text": str, "features": dict, "action_mask": int8[52]}``
    (no mask with ``max_moves > 1``). The image is the stage with both fighters, health, timer, meter and
    round pips; your bars are on the left and a blue marker floats over you; with ``mirror`` the scene is
    flipped whenever you stand on the right. ``features``: positions, health, meter, state, side,
    characters, distance, the nearest incoming projectile, timer and round wins, from your side. The text:
    the rules, then distance in words, who is where, both fighters' health, meter and state, last moves,
    projectiles and recent hits.

    ## Rewards
    Per step (damage dealt - damage taken) / 1000, plus +1 for winning the match, -1 for losing it.

    ## Episode end
    Terminated when the match ends; ``info`` holds ``rung``, ``round``, ``wins``, ``health``, and at the
    end ``result`` ("win"/"loss"/"draw") and ``success``.

    ## Arguments
    ``character`` (a name or "random"), ``ladder``, ``rung`` (1-12), ``difficulty`` (1-8), ``opponent``,
    ``frame_skip`` (1-16), ``mode`` ("paused": the game waits for each decision; "realtime": the agent's
    wall-clock latency is charged as frames in which it stands still), ``round_seconds``, ``rounds_to_win``,
    ``max_moves``, ``mirror``, ``image_size`` ((height, width)), ``clock`` (realtime's time source),
    ``render_mode`` ("rgb_array" or "ansi").

    ## Baselines
    ``python benchmarks/fighting.py --baselines --matches 20`` (seeds 1000-1019), rung 1, native mode: the
    registered expert (``ScriptedFighter``, balanced, level 8, deciding every 8 frames against a CPU that
    decides every 4) won 9 of 20 matches, mean return +0.04; the random agent won 0 of 20, mean -2.69.
    Every rung's CPU beat uniformly random controls in 20 of 20 matches; per-rung results against the rung
    below are in ``BENCHMARKS.md``.

    ## Version history
    v0: first release.

    >>> env = FightLadderEnv(ladder="fixed", rung=1)
    >>> obs, info = env.reset(seed=0)
    >>> obs["image"].shape, info["opponent"]
    ((192, 256, 3), 'Tomas (turtle, rung 1)')
    >>> obs, reward, terminated, truncated, info = env.step(env.action_set.lookup("forward"))
    >>> obs["text"].splitlines()[1]
    'Round 1, 30 s left. Rounds won: you 0, opponent 0.'
    """

    metadata = {"render_modes": ["rgb_array", "ansi"], "render_fps": 15}

    def __init__(
        self,
        character: str = "Kenji",
        ladder: str = "climb",
        rung: int = 1,
        difficulty: float = 4,
        opponent: dict[str, Any] | None = None,
        frame_skip: int = 8,
        mode: str = "paused",
        round_seconds: int = 30,
        rounds_to_win: int = 2,
        max_moves: int = 1,
        mirror: bool = True,
        image_size: Sequence[int] = drawing.DEFAULT_SIZE,
        clock: Callable[[], float] | None = None,
        render_mode: str | None = None,
    ) -> None:
        check_settings(frame_skip, mode, max_moves)
        character_of(character)
        rung_level(int(rung), float(difficulty))
        self.image_size = _image_size(image_size)
        super().__init__(
            fight_actions(int(max_moves)), self.image_size, render_mode=render_mode, mask_space=_MASK_SPACE
        )
        self.observation_space = observation_space(
            *self.image_size, {"action_mask": _MASK_SPACE, "features": features_space()}
        )
        self.character = str(character)
        self.difficulty = float(difficulty)
        self.opponent = _check_opponent(opponent)
        self.progress = LadderProgress(ladder, int(rung))
        self.frame_skip, self.mode, self.max_moves = int(frame_skip), mode, int(max_moves)
        self.round_seconds, self.rounds_to_win = int(round_seconds), int(rounds_to_win)
        self.mirror = bool(mirror)
        self.clock = clock
        self.rung: int | None = None
        self.opponent_name = ""
        self.bout = self._bout(character_of(self.character), RUNGS[0].character, None, {})
        self._log: dict[str, Any] = {}
        self._waits: list[int] | None = None

    # --- episodes --------------------------------------------------------------------------------
    def _bout(self, me: Character, them: str, brain: Brain | None, _: dict) -> Bout:
        match = Match((me, find_character(them)), self.round_seconds, self.rounds_to_win)
        return Bout(match, self.frame_skip, self.mode, (None, brain), self.clock)

    def _new_episode(self, options: dict[str, Any]) -> None:
        rng = self.np_random
        start = {"rng": copy.deepcopy(rng.bit_generator.state), "ladder_rung": self.progress.rung, "options": {}}
        opponent = _check_opponent(options.get("opponent", self.opponent))
        me = _pick(options.get("character", self.character), rng)
        if opponent is not None and "rung" not in options:
            self.rung = None
            level = float(opponent.get("level", 8))
            them, style = opponent.get("character", "Kenji"), opponent.get("style", "balanced")
            self.opponent_name = f"{find_character(them).name} ({style}, level {level:g})"
        else:
            self.rung = int(options["rung"]) if "rung" in options else self.progress.next_rung(rng)
            level = rung_level(self.rung, self.difficulty)
            them, style = RUNGS[self.rung - 1]
            self.opponent_name = f"{them} ({style}, rung {self.rung})"
        start["options"] = {k: v for k, v in options.items() if k in ("rung", "opponent", "character")}
        self.bout = self._bout(me, them, Brain(style, Skill.at(level), rng), options)
        self._log = {**start, "actions": []}
        self.bout.mark_returned()

    def _apply(self, action: Any) -> Outcome:
        match = self.bout.match
        moves = queue_moves(self.action_set, action)
        wait = self._waits.pop(0) if self._waits else self.bout.latency_frames()
        before = list(match.dealt)
        frames = self.bout.play([moves, None], wait)
        self._log["actions"].append([moves, wait])
        reward = ((match.dealt[0] - before[0]) - (match.dealt[1] - before[1])) / _HEALTH_SCALE
        info = {"frames": frames, "waited": wait}
        if match.done:
            reward += {"win": 1.0, "loss": -1.0, "draw": 0.0}[_result(match, 0)]
            if self.rung is not None:
                self.progress.record(self.rung, match.winner == 0)
        self.bout.mark_returned()
        return Outcome(reward=reward, terminated=match.done, info=info)

    def _info(self) -> dict[str, Any]:
        return {"rung": self.rung, "opponent": self.opponent_name, **_tally(self.bout.match, 0)}

    # --- observations ----------------------------------------------------------------------------
    def _draw(self) -> np.ndarray:
        return drawing.render(self.bout.match, 0, self.mirror, self.image_size)

    def _rules(self) -> str:
        chars = self.bout.match.chars
        return rules_text(
            chars[0].name, chars[1].name, self.frame_skip, self.round_seconds, self.rounds_to_win, self.mode
        )

    def _state(self) -> str:
        return state_text(self.bout.match, 0)

    def _legal(self) -> str:
        return _LEGAL

    def action_mask(self) -> np.ndarray:
        """Every control is legal at any time."""
        return _ALL_LEGAL.copy()

    def observation(self) -> dict[str, Any]:
        obs = super().observation()
        obs["features"] = features(self.bout.match, 0)
        return obs

    def render(self) -> np.ndarray | str | None:
        if self.render_mode == "rgb_array":
            return self._draw()
        return super().render()

    def expert_state(self) -> tuple[Match, int]:
        """The live match and your seat (0); scripted fighters read it and never change it."""
        return self.bout.match, 0

    # --- ladder, state, replays ------------------------------------------------------------------
    def ladder_stats(self) -> dict[str, Any]:
        """Per-rung plays, wins and win rates, finished climbs and the full-clear rate."""
        return self.progress.stats()

    def clone_state(self) -> dict[str, Any]:
        """Everything a later :meth:`restore_state` needs to continue exactly from here."""
        brain = self.bout.cpus[1]
        return {
            "match": self.bout.match.clone(),
            "brain": None if brain is None else brain.clone(brain.rng),
            "rng": copy.deepcopy(self.np_random.bit_generator.state),
            "cpu_inputs": list(self.bout.cpu_inputs),
            "progress": copy.deepcopy(self.progress),
            "log": copy.deepcopy(self._log),
            "rung": self.rung,
            "opponent": self.opponent_name,
            "steps": self._steps,
            "ended": self._ended,
        }

    def restore_state(self, state: dict[str, Any]) -> None:
        """Go back to a state from :meth:`clone_state` (the state itself is not consumed)."""
        self.np_random.bit_generator.state = copy.deepcopy(state["rng"])
        brain = None if state["brain"] is None else state["brain"].clone(self.np_random)
        self.bout = Bout(state["match"].clone(), self.frame_skip, self.mode, (None, brain), self.clock)
        self.bout.cpu_inputs = list(state["cpu_inputs"])
        self.progress = copy.deepcopy(state["progress"])
        self._log = copy.deepcopy(state["log"])
        self.rung, self.opponent_name = state["rung"], state["opponent"]
        self._steps, self._ended = state["steps"], state["ended"]
        self._version += 1
        self.bout.mark_returned()

    def replay_log(self) -> dict[str, Any]:
        """The episode so far as data (JSON-safe): arguments, the generator's start state, every decision."""
        return {
            "version": REPLAY_VERSION,
            "arena": "ladder",
            "kwargs": self._kwargs(),
            **copy.deepcopy(self._log),
        }

    def _kwargs(self) -> dict[str, Any]:
        return {
            "character": self.character,
            "ladder": self.progress.mode,
            "difficulty": self.difficulty,
            "opponent": self.opponent,
            "frame_skip": self.frame_skip,
            "mode": self.mode,
            "round_seconds": self.round_seconds,
            "rounds_to_win": self.rounds_to_win,
            "max_moves": self.max_moves,
            "mirror": self.mirror,
            "image_size": list(self.image_size),
        }


def character_of(name: str) -> Character:
    """A fighter by name; "random" stands for the first until an episode draws one."""
    return characters()[0] if str(name).lower() == "random" else find_character(name)


class Fight2PEnv(SimultaneousArena):
    """Two players fight each other: PettingZoo ``ParallelEnv`` with ``player_0`` and ``player_1``.

    ## Description
    The engine of :class:`FightLadderEnv` with both seats played by agents (self-play, league matches).
    ``characters`` is a pair of names (or "random" for either) for player_0 and player_1; a mirror match
    colours player_1's fighter differently.

    ## Actions, Observation
    As :class:`FightLadderEnv`, per player and from that player's side: its bars on the left, a blue
    marker over its fighter, and with ``mirror`` the scene flipped whenever it stands on the right. A player
    whose text reply is invalid (``noop``) stands still for the step.

    ## Rewards
    Zero-sum: per step (damage dealt - damage taken) / 1000, and +1 / -1 for winning / losing the match. A
    forfeit ends the match: ``forfeit_penalty`` to the forfeiter, +1 to the opponent.

    ## Episode end
    Both players are terminated when the match ends; ``infos`` as :class:`FightLadderEnv`'s.

    ## Arguments
    ``characters``, ``frame_skip``, ``mode`` (in "realtime" the wall-clock time between an observation and
    the next step is charged as frames in which both players stand still), ``round_seconds``,
    ``rounds_to_win``, ``max_moves``, ``mirror``, ``image_size``, ``clock``, ``render_mode``.

    ## Version history
    v0: first release.

    >>> env = Fight2PEnv()
    >>> observations, infos = env.reset(seed=0)
    >>> sorted(observations), observations["player_1"]["features"]["own_side"]
    (['player_0', 'player_1'], np.int64(1))
    """

    metadata = {"render_modes": ["rgb_array", "ansi"], "name": "omniarena_fight2p_v0", "render_fps": 15}

    def __init__(
        self,
        characters: Sequence[str] = ("Kenji", "Orla"),
        frame_skip: int = 8,
        mode: str = "paused",
        round_seconds: int = 30,
        rounds_to_win: int = 2,
        max_moves: int = 1,
        mirror: bool = True,
        image_size: Sequence[int] = drawing.DEFAULT_SIZE,
        clock: Callable[[], float] | None = None,
        render_mode: str | None = None,
    ) -> None:
        check_settings(frame_skip, mode, max_moves)
        if isinstance(characters, str) or len(characters) != 2:
            raise ValueError(f"characters is a pair of fighter names (or 'random'), got {characters!r}")
        for name in characters:
            character_of(name)
        self.image_size = _image_size(image_size)
        super().__init__(fight_actions(int(max_moves)), 2, self.image_size, render_mode=render_mode)
        space = observation_space(*self.image_size, {"action_mask": _MASK_SPACE, "features": features_space()})
        self.observation_spaces = dict.fromkeys(self.possible_agents, space)
        self.characters = tuple(str(name) for name in characters)
        self.frame_skip, self.mode, self.max_moves = int(frame_skip), mode, int(max_moves)
        self.round_seconds, self.rounds_to_win = int(round_seconds), int(rounds_to_win)
        self.mirror = bool(mirror)
        self.clock = clock
        self.bout = Bout(Match((character_of(characters[0]), character_of(characters[1]))), self.frame_skip, mode)
        self._log: dict[str, Any] = {}
        self._waits: list[int] | None = None

    def seat(self, agent: str) -> int:
        return self.possible_agents.index(agent)

    def _new_game(self, options: dict[str, Any]) -> None:
        rng = self.np_random
        start = {"rng": copy.deepcopy(rng.bit_generator.state), "options": {}}
        names = options.get("characters", self.characters)
        chars = (_pick(names[0], rng), _pick(names[1], rng))
        match = Match(chars, self.round_seconds, self.rounds_to_win)
        self.bout = Bout(match, self.frame_skip, self.mode, (None, None), self.clock)
        start["options"] = {k: v for k, v in options.items() if k == "characters"}
        self._log = {**start, "actions": []}
        self.bout.mark_returned()

    def _apply(self, actions: dict[str, Any]) -> JointOutcome:
        match = self.bout.match
        queues = [
            None if actions[a] is None else queue_moves(self.action_set, actions[a]) for a in self.possible_agents
        ]
        wait = self._waits.pop(0) if self._waits else self.bout.latency_frames()
        before = list(match.dealt)
        frames = self.bout.play(queues, wait)
        self._log["actions"].append([queues[0], queues[1], wait])
        swing = ((match.dealt[0] - before[0]) - (match.dealt[1] - before[1])) / _HEALTH_SCALE
        if match.done:
            swing += {"win": 1.0, "loss": -1.0, "draw": 0.0}[_result(match, 0)]
        rewards = {"player_0": swing, "player_1": -swing}
        infos = {a: {**_tally(match, self.seat(a)), "frames": frames, "waited": wait} for a in self.possible_agents}
        self.bout.mark_returned()
        return JointOutcome(rewards, terminated=match.done, infos=infos)

    def _draw(self, agent: str | None) -> np.ndarray:
        return drawing.render(
            self.bout.match, None if agent is None else self.seat(agent), self.mirror, self.image_size
        )

    def _rules(self, agent: str) -> str:
        chars = self.bout.match.chars
        seat = self.seat(agent)
        return rules_text(
            chars[seat].name, chars[1 - seat].name, self.frame_skip, self.round_seconds, self.rounds_to_win, self.mode
        )

    def _state(self, agent: str) -> str:
        return state_text(self.bout.match, self.seat(agent))

    def _legal(self, agent: str) -> str:
        return _LEGAL if agent in self.agents else "The match is over."

    def action_mask(self, agent: str) -> np.ndarray:
        """Every control while ``agent`` fights, none once the match is over."""
        return (_ALL_LEGAL if agent in self.agents else _NONE_LEGAL).copy()

    def observe(self, agent: str) -> dict[str, Any]:
        obs = super().observe(agent)
        obs["features"] = features(self.bout.match, self.seat(agent))
        return obs

    def render(self) -> np.ndarray | str | None:
        if self.render_mode == "ansi":
            return state_text(self.bout.match, 0)
        return super().render()

    def expert_state(self, agent: str) -> tuple[Match, int]:
        """The live match and ``agent``'s seat; scripted fighters read it and never change it."""
        return self.bout.match, self.seat(agent)

    def clone_state(self) -> dict[str, Any]:
        return {
            "match": self.bout.match.clone(),
            "rng": copy.deepcopy(self.np_random.bit_generator.state),
            "log": copy.deepcopy(self._log),
            "agents": list(self.agents),
        }

    def restore_state(self, state: dict[str, Any]) -> None:
        self.np_random.bit_generator.state = copy.deepcopy(state["rng"])
        self.bout = Bout(state["match"].clone(), self.frame_skip, self.mode, (None, None), self.clock)
        self._log = copy.deepcopy(state["log"])
        self.agents = list(state["agents"])
        self._version += 1
        self.bout.mark_returned()

    def replay_log(self) -> dict[str, Any]:
        kwargs = {
            "characters": list(self.characters),
            "frame_skip": self.frame_skip,
            "mode": self.mode,
            "round_seconds": self.round_seconds,
            "rounds_to_win": self.rounds_to_win,
            "max_moves": self.max_moves,
            "mirror": self.mirror,
            "image_size": list(self.image_size),
        }
        return {"version": REPLAY_VERSION, "arena": "two_player", "kwargs": kwargs, **copy.deepcopy(self._log)}


def replay(log: dict[str, Any]) -> FightLadderEnv | Fight2PEnv:
    """Rebuild the match a :meth:`replay_log` recorded, bit for bit; returns the env at the log's last step.

    Real-time waits are replayed from the log, so a real-time match reproduces too.
    """
    if log.get("version") != REPLAY_VERSION:
        raise ValueError(f"replay version {log.get('version')!r}; this omniarena reads version {REPLAY_VERSION}")
    kwargs = dict(log["kwargs"])
    if log["arena"] == "ladder":
        env: Any = FightLadderEnv(**kwargs)
        env.reset(seed=0)
        env.np_random.bit_generator.state = copy.deepcopy(log["rng"])
        env.progress.rung = int(log["ladder_rung"])
        env._steps, env._ended = 0, False
        env._new_episode(dict(log["options"]))
        env._version += 1
        for moves, wait in log["actions"]:
            env._waits = [int(wait)]
            env.step(env.action_set.from_moves(moves) if env.max_moves > 1 else int(moves[0]))
        return env
    env = Fight2PEnv(**kwargs)
    env.reset(seed=0)
    env.np_random.bit_generator.state = copy.deepcopy(log["rng"])
    env._new_game(dict(log["options"]))
    env._version += 1
    for queue0, queue1, wait in log["actions"]:
        env._waits = [int(wait)]
        natives = {}
        for agent, queue in zip(env.possible_agents, (queue0, queue1), strict=True):
            natives[agent] = (
                None if queue is None else (env.action_set.from_moves(queue) if env.max_moves > 1 else int(queue[0]))
            )
        env.joint_step(natives)
    return env
