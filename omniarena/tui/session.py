"""A game session the terminal app drives one move at a time: a person's seat, agents' seats, or both.

:class:`Session` is the Gymnasium / PettingZoo AEC / PettingZoo Parallel loop of
:mod:`omniarena.tasks.episode`, turned inside out: instead of asking every agent for a reply in a blocking
loop, it stops wherever a person (the app's input line) must move, and plays one agent move per
:meth:`Session.tick` otherwise (what ``omniarena watch`` single-steps). It holds no widget and imports no
Textual, so its tests need no terminal.

Seats follow ``omniarena play --plain``: in a multi-player arena the person (or, when watching, the
evaluated agent) sits in ``player_{seed % players}`` and the opponents' specs fill the other seats; agents
get the seeds the evaluation runner gives them (:func:`omniarena.tasks.worker.derive_seed`), so a watched
game is the game ``omniarena run`` plays with the same seed.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from omniarena.agents import Agent, make_agent
from omniarena.core.actions import ActionSet, ParseResult
from omniarena.core.agent import arena_of
from omniarena.core.observation import text_of
from omniarena.core.registry import ArenaInfo, make, make_multi, spec
from omniarena.tasks.worker import derive_seed, recording_dir

__all__ = ["Session", "Turn", "HUMAN", "Preview"]

logger = logging.getLogger(__name__)

HUMAN = "human"  # the spec of a seat the person at the terminal plays
_AGENT_ROLE, _OPPONENT_ROLE = 0, 1


@dataclass(frozen=True)
class Turn:
    """One move, as the episode log shows it: who moved, the raw reply, what it parsed to, what it earned."""

    number: int
    player: str | None
    who: str  # "you" or the agent's spec
    reply: str
    parsed: str | None
    valid: bool
    error: str | None
    reward: float


@dataclass(frozen=True)
class Preview:
    """What a typed reply would do now: the parsed action's canonical text, or why it is not a move."""

    ok: bool
    text: str


@dataclass
class _Episode:
    steps: int = 0
    returns: dict[str, float] = field(default_factory=dict)
    log: list[Turn] = field(default_factory=list)
    done: bool = False
    outcome: str = ""


class Session:
    """One arena and its seats, stepped from outside (see the module docstring).

    ``agent`` is the spec of the main seat (``"human"`` when a person plays it), ``vs`` the opponents'
    spec in multi-player arenas (default ``random``). ``env_kwargs`` go to ``omniarena.make`` /
    ``make_multi``; ``record_dir`` records every episode through the Recorder wrappers from the start,
    :meth:`set_recording` switches recording on or off from the next episode.
    """

    def __init__(
        self,
        arena_id: str,
        *,
        agent: str = HUMAN,
        vs: str | None = None,
        seed: int = 0,
        agent_kwargs: Mapping[str, Any] | None = None,
        vs_kwargs: Mapping[str, Any] | None = None,
        env_kwargs: Mapping[str, Any] | None = None,
        record_dir: str | Path | None = None,
    ) -> None:
        self.info: ArenaInfo = spec(arena_id)
        if vs is not None and not self.info.multi_agent:
            raise ValueError(f"{arena_id} is single-player; an opponent (--vs) needs a multi-player arena")
        self.agent_spec = agent
        self.vs_spec = (vs or "random") if self.info.multi_agent else None
        self.agent_kwargs = dict(agent_kwargs or {})
        self.vs_kwargs = dict(vs_kwargs or {})
        self.env_kwargs = dict(env_kwargs or {})
        self.record_root: Path | None = Path(record_dir) if record_dir else None
        self._record_next = self.record_root is not None
        self.seed = int(seed)
        build = make_multi if self.info.multi_agent else make
        self.base: Any = build(self.info.id, **self.env_kwargs)
        self.env: Any = self.base
        self.recorder: Any = None
        self.agents: dict[str, Agent | None] = {}
        self.seat = "agent"
        self.episode = _Episode()
        self._obs: dict[str, Any] = {}
        self._pending: dict[str, str] = {}  # parallel arenas: the person's reply waits for the agents'
        self._closed = False
        self._last_info: Mapping[str, Any] = {}
        self.reset(self.seed)

    # --- what the app reads ---------------------------------------------------------------------

    @property
    def action_set(self) -> ActionSet:
        return arena_of(self.base).action_set

    @property
    def answer_format(self) -> str:
        tracker = getattr(self.base, "tracker", None)
        return str(getattr(tracker, "answer_format", "any"))

    @property
    def players(self) -> list[str]:
        return list(self.base.possible_agents) if self.info.multi_agent else ["agent"]

    @property
    def human_seats(self) -> list[str]:
        return [p for p, a in self.agents.items() if a is None]

    @property
    def watching(self) -> bool:
        """No person plays: every seat is an agent's."""
        return not self.human_seats

    @property
    def done(self) -> bool:
        return self.episode.done

    @property
    def to_move(self) -> list[str]:
        """The seats that move next (every live seat in a simultaneous arena)."""
        if self.done:
            return []
        if self.info.api == "aec":
            return [self.env.agent_selection]
        if self.info.api == "parallel":
            return [p for p in self.env.agents if p not in self._pending]
        return ["agent"]

    @property
    def waits_for_human(self) -> bool:
        """Whether the next move is the person's (the app then waits for the input line)."""
        return any(self.agents.get(p) is None for p in self.to_move)

    @property
    def viewer(self) -> str:
        """The seat whose view the screen shows: the person's; when watching, the seat to move."""
        if self.human_seats:
            return self.human_seats[0]
        moving = self.to_move
        return moving[0] if moving and self.info.api == "aec" else self.seat

    def observation(self, player: str | None = None) -> dict[str, Any]:
        """The current observation of ``player`` (default: :attr:`viewer`); the last one once the game is over."""
        return self._obs.get(player or self.viewer, {})

    def text(self, player: str | None = None) -> str:
        return text_of(self.observation(player)) or ""

    def image(self, player: str | None = None) -> np.ndarray | None:
        image = self.observation(player).get("image")
        return image if isinstance(image, np.ndarray) else None

    def who(self, player: str | None) -> str:
        agent = self.agents.get(player or "agent")
        if agent is None:
            return "you"
        return self.agent_spec if player in (None, self.seat) else str(self.vs_spec)

    def preview(self, text: str) -> Preview:
        """What ``text`` would be as the person's move now (the live parse feedback of the input line)."""
        if not text.strip():
            return Preview(False, "type a move and press Enter (F6 shows every action)")
        result: ParseResult = self.action_set.parse(text, self.answer_format)
        if not result.ok:
            return Preview(False, result.error or "not a move")
        mask = self.observation().get("action_mask")
        reason = self.action_set.illegal_reason(result.action, mask)
        shown = self.action_set.try_format(result.action) or repr(result.action)
        if reason:
            return Preview(False, reason)
        return Preview(True, shown)

    # --- what the app does ----------------------------------------------------------------------

    def reset(self, seed: int | None = None) -> None:
        """Start a new episode (the same seed again when ``seed`` is ``None``); new agents for it."""
        if seed is not None:
            self.seed = int(seed)
        self._close_agents()
        self._switch_recorder()
        info = self.info
        env = self.env
        if info.multi_agent:
            self.seat = f"player_{self.seed % info.players}"
        else:
            self.seat = "agent"
        self.agents = {}
        for player in self.players:
            main = player == self.seat
            spec_ = self.agent_spec if main else str(self.vs_spec)
            if spec_ == HUMAN:
                self.agents[player] = None
                continue
            kwargs = self.agent_kwargs if main else self.vs_kwargs
            seeded = derive_seed(self.seed, _AGENT_ROLE if main else _OPPONENT_ROLE)
            who = player if info.multi_agent else None
            self.agents[player] = make_agent(spec_, env, arena_id=info.id, seed=seeded, player=who, **kwargs)
        self.episode = _Episode(returns={p: 0.0 for p in self.players})
        self._pending = {}
        if info.api == "gym":
            obs, _ = env.reset(seed=self.seed)
            self._obs = {"agent": obs}
        elif info.api == "parallel":
            observations, _ = env.reset(seed=self.seed)
            self._obs = dict(observations)
        else:
            env.reset(seed=self.seed)
            self._obs = {p: env.observe(p) for p in env.possible_agents}
        for agent in self.agents.values():
            if agent is not None:
                agent.reset()
        if info.api == "aec":
            self._arrive()

    def submit(self, reply: str) -> list[Turn]:
        """The person's reply for their seat; then nothing else moves (call :meth:`tick` for the agents)."""
        seats = [p for p in self.to_move if self.agents.get(p) is None]
        if not seats:
            raise RuntimeError("it is not the person's move (the session waits for an agent or the game is over)")
        if self.info.api == "parallel":
            self._pending[seats[0]] = reply
            return self._parallel_step() if not self.to_move else []
        return self._move(seats[0], reply)

    def tick(self) -> list[Turn]:
        """One agent move (a simultaneous arena: every agent's reply, then the joint step if it is complete)."""
        if self.done:
            return []
        if self.info.api == "parallel":
            for player in self.to_move:
                agent = self.agents[player]
                if agent is not None:
                    self._pending[player] = agent.act(self._obs[player])
            return self._parallel_step() if not self.to_move else []
        player = self.to_move[0]
        agent = self.agents[player]
        if agent is None:
            raise RuntimeError(f"{player} is the person's seat: use submit()")
        return self._move(player, agent.act(self._obs[player]))

    def set_recording(self, on: bool, directory: str | Path | None = None) -> Path | None:
        """Record from the next episode on (``on``) or stop after this one; returns where recordings go."""
        if directory is not None:
            self.record_root = Path(directory)
        if on and self.record_root is None:
            self.record_root = Path("runs") / "tui"
        self._record_next = on
        return self.recording_dir if on else None

    @property
    def recording(self) -> bool:
        return self.recorder is not None

    @property
    def recording_next(self) -> bool:
        return self._record_next

    @property
    def recording_dir(self) -> Path | None:
        if self.record_root is None:
            return None
        from omniarena.tasks.worker import EvalJob

        return recording_dir(self.record_root, EvalJob(self.info.id, self.agent_spec, self.vs_spec))

    def close(self) -> None:
        """Close the agents, finish a recording and close the arena; closing twice is harmless."""
        if self._closed:
            return
        self._closed = True
        self._close_agents()
        if self.recorder is not None:
            self.recorder.writer.end()
            self.recorder = None
        self.base.close()

    # --- the loops ----------------------------------------------------------------------------

    def _move(self, player: str, reply: Any) -> list[Turn]:
        env, ep = self.env, self.episode
        if self.info.api == "gym":
            obs, reward, terminated, truncated, info = env.step(reply)
            self._obs["agent"] = obs
            ep.returns["agent"] += float(reward)
            turn = self._turn(None, reply, float(reward), info)
            if terminated or truncated:
                self._finish("truncated (step limit)" if truncated and not terminated else "", info)
            return [turn]
        env.step(reply)
        info = dict(env.unwrapped.infos.get(player, {}))
        reward = float(env.unwrapped.rewards.get(player, 0.0))
        turn = self._turn(player, reply, reward, info)
        for p in env.possible_agents:
            if p in env.agents:
                self._obs[p] = env.observe(p)
        self._arrive()
        return [turn]

    def _arrive(self) -> None:
        """AEC: credit the player to move with its reward so far, step out the finished ones (as play_turns)."""
        env, ep = self.env, self.episode
        while env.agents:
            player = env.agent_selection
            obs, reward, terminated, truncated, info = env.last()
            ep.returns[player] = ep.returns.get(player, 0.0) + float(reward)
            self._obs[player] = obs
            if not (terminated or truncated):
                return
            if player == self.seat or (self.agents.get(player) is None):
                self._last_info = info
            env.step(None)
        self._finish("", self._last_info)

    def _parallel_step(self) -> list[Turn]:
        env, ep = self.env, self.episode
        replies, self._pending = self._pending, {}
        observations, rewards, terminations, truncations, infos = env.step(replies)
        turns = []
        for player, reply in replies.items():
            reward = float(rewards.get(player, 0.0))
            ep.returns[player] = ep.returns.get(player, 0.0) + reward
            turns.append(self._turn(player, reply, reward, infos.get(player, {})))
        self._obs.update(observations)
        if not env.agents:
            cut = all(truncations.get(p) and not terminations.get(p) for p in replies)
            self._finish("truncated (step limit)" if cut else "", infos.get(self.viewer, {}))
        return turns

    def _turn(self, player: str | None, reply: Any, reward: float, info: Mapping[str, Any]) -> Turn:
        ep = self.episode
        ep.steps += 1
        record = info.get("action")
        if isinstance(record, Mapping):
            parsed = record.get("parsed")
            valid, error = bool(record.get("valid")), record.get("error")
        else:  # native mode: the reply is the action
            parsed, valid, error = str(reply), not info.get("illegal", False), None
        turn = Turn(
            ep.steps,
            player,
            self.who(player),
            str(reply),
            None if parsed is None else str(parsed),
            valid,
            None if error is None else str(error),
            reward,
        )
        ep.log.append(turn)
        return turn

    def _finish(self, note: str, info: Mapping[str, Any]) -> None:
        ep = self.episode
        ep.done = True
        if self.info.multi_agent:
            scores = ", ".join(f"{p} ({self.who(p)}) {r:+g}" for p, r in ep.returns.items())
            ep.outcome = f"game over: {scores}"
        else:
            verdict = info.get("success")
            won = "success" if verdict else ("no success" if verdict is not None else "")
            ep.outcome = f"episode over: return {ep.returns['agent']:+g}" + (f", {won}" if won else "")
        if note:
            ep.outcome += f" ({note})"
        if self.recorder is not None:
            self.recorder.writer.end()

    def _close_agents(self) -> None:
        for agent in self.agents.values():
            if agent is not None:
                try:
                    agent.close()
                except Exception as exc:  # closing must not hide the session's own state
                    logger.warning("closing %r failed: %r", agent, exc)
        self.agents = {}

    def _switch_recorder(self) -> None:
        """Wrap the arena in its Recorder (or unwrap it) as :meth:`set_recording` asked, before a reset."""
        if self.recorder is not None:
            self.recorder.writer.end()
        if not self._record_next:
            self.recorder, self.env = None, self.base
            return
        if self.recorder is None:
            from omniarena.wrappers.recorder import AECRecorder, ParallelRecorder, Recorder

            kind = {"gym": Recorder, "aec": AECRecorder, "parallel": ParallelRecorder}[self.info.api]
            self.recorder = kind(self.base, self.recording_dir)
            self.env = self.recorder
