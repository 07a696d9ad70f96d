"""Play one episode of any arena with agents, and tally what the evaluated seat did.

:func:`play_single` runs the Gymnasium loop, :func:`play_turns` the PettingZoo AEC loop and
:func:`play_parallel` the PettingZoo Parallel loop (players ``player_0``, ``player_1``, ...). All three report
every move to an optional ``on_step`` callback (what ``omniarena run`` prints, and the evaluation's
progress) and return an :class:`EpisodeTally` for one seat.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from omniarena.agents import Agent
from omniarena.core.observation import text_of

__all__ = ["EpisodeTally", "Move", "play_single", "play_turns", "play_parallel", "play_episode_of", "STEP_CAP"]

# A guard against arenas that never end (the registry's TimeLimit normally ends episodes first).
STEP_CAP = 100_000


@dataclass(frozen=True)
class Move:
    """One move, as reported to ``on_step``: who moved, what it saw and replied, and what followed."""

    player: str | None
    text: str | None
    reply: Any
    reward: float
    terminated: bool
    truncated: bool
    info: dict[str, Any]


@dataclass
class EpisodeTally:
    """Counts for the evaluated seat: its return, its moves and how many were well-formed/legal/effective."""

    seat: str | None = None
    total: float = 0.0
    steps: int = 0
    format_ok: int = 0
    valid: int = 0
    effective: int = 0
    forfeit: bool = False
    truncated: bool = False
    reported_success: bool | None = None
    returns: dict[str, float] = field(default_factory=dict)
    notes: dict[str, Any] = field(default_factory=dict)  # what the seat's agent noted (e.g. image_dropped)
    final_text: str | None = None  # the seat's last observation text: the final state (what `play` shows)
    progression: float | None = None  # the last info["progression"] (BALROG's 0-100 metric) where the arena gives one

    def count(self, info: Mapping[str, Any]) -> None:
        """Count one move of the seat from its step ``info``."""
        self.steps += 1
        record = info.get("action")
        if isinstance(record, Mapping):  # text mode
            self.format_ok += bool(record.get("format_ok"))
            self.valid += bool(record.get("valid"))
            self.effective += bool(record.get("effective"))
        else:  # native mode: the arena's own legality flags
            legal = not info.get("illegal", False)
            self.format_ok += 1
            self.valid += legal
            self.effective += bool(info.get("effective", legal))
        self.forfeit = self.forfeit or bool(info.get("forfeit", False))
        # An invalid reply's step carries no verdict of the arena: the last one it gave still stands.
        if "success" in info:
            self.reported_success = bool(info["success"])
        if "progression" in info:
            self.progression = float(info["progression"])

    def finish(self, info: Mapping[str, Any]) -> None:
        """Read the arena's own verdict from the seat's final ``info`` (if it gives one)."""
        if "success" in info:
            self.reported_success = bool(info["success"])
        if "progression" in info:
            self.progression = float(info["progression"])
        self.forfeit = self.forfeit or bool(info.get("forfeit", False))

    @property
    def success(self) -> bool:
        """The last ``info["success"]`` the arena reported for the seat, at any step; else a positive return.

        Only an arena that never reports ``success`` falls back to the return, so an episode that ends on
        an invalid reply (whose step ``info`` has no verdict) keeps the arena's own last verdict.
        """
        return self.reported_success if self.reported_success is not None else self.total > 0


OnStep = Callable[[Move], None]


def play_single(
    env: Any, agent: Agent, seed: int | None, on_step: OnStep | None = None, step_cap: int = STEP_CAP
) -> EpisodeTally:
    """One Gymnasium episode of ``agent`` from ``env.reset(seed=seed)``."""
    obs, info = env.reset(seed=seed)
    agent.reset()
    tally = EpisodeTally()
    while True:
        seen = text_of(obs)
        reply = agent.act(obs)
        obs, reward, terminated, truncated, info = env.step(reply)
        tally.total += float(reward)
        tally.count(info)
        if on_step is not None:
            on_step(Move(None, seen, reply, float(reward), bool(terminated), bool(truncated), info))
        if terminated or truncated or tally.steps >= step_cap:
            tally.truncated = bool(truncated) or not terminated
            tally.finish(info)
            tally.final_text = text_of(obs)
            return tally


def play_turns(
    env: Any,
    agents: Mapping[str, Agent],
    seed: int | None,
    seat: str,
    on_step: OnStep | None = None,
    step_cap: int = STEP_CAP,
) -> EpisodeTally:
    """One AEC episode with ``agents[player]`` in each seat; the tally is ``seat``'s."""
    env.reset(seed=seed)
    for agent in agents.values():
        agent.reset()
    tally = EpisodeTally(seat=seat)
    returns = {player: 0.0 for player in env.possible_agents}
    for player in env.agent_iter(max_iter=step_cap):
        obs, reward, terminated, truncated, info = env.last()
        returns[player] = returns.get(player, 0.0) + float(reward)
        if terminated or truncated:
            if player == seat:
                tally.truncated = bool(truncated) and not terminated
                tally.finish(info)
                tally.final_text = text_of(obs)
            env.step(None)
            continue
        reply = agents[player].act(obs)
        env.step(reply)
        step_info = dict(env.unwrapped.infos.get(player, {}))
        if player == seat:
            tally.count(step_info)
        if on_step is not None:
            rewards = env.unwrapped.rewards
            done = env.unwrapped.terminations.get(player, False)
            cut = env.unwrapped.truncations.get(player, False)
            on_step(Move(player, text_of(obs), reply, float(rewards.get(player, 0.0)), done, cut, step_info))
    return _settle(tally, env, returns, seat)


def _settle(tally: EpisodeTally, env: Any, returns: dict[str, float], seat: str) -> EpisodeTally:
    """The end of a multi-player episode: every player's return, the seat's total, truncated by the step cap."""
    if env.agents:  # the step cap ended the game
        tally.truncated = True
    tally.returns = returns
    tally.total = returns.get(seat, 0.0)
    return tally


def play_parallel(
    env: Any,
    agents: Mapping[str, Agent],
    seed: int | None,
    seat: str,
    on_step: OnStep | None = None,
    step_cap: int = STEP_CAP,
) -> EpisodeTally:
    """One Parallel (simultaneous-move) episode with ``agents[player]`` in each seat; the tally is ``seat``'s."""
    observations, _ = env.reset(seed=seed)
    for agent in agents.values():
        agent.reset()
    tally = EpisodeTally(seat=seat)
    returns = {player: 0.0 for player in env.possible_agents}
    steps = 0
    while env.agents and steps < step_cap:
        replies = {player: agents[player].act(observations[player]) for player in env.agents}
        seen = {player: text_of(observations[player]) for player in replies}
        observations, rewards, terminations, truncations, infos = env.step(replies)
        steps += 1
        for player, reward in rewards.items():
            returns[player] = returns.get(player, 0.0) + float(reward)
        if seat in replies:
            tally.count(infos.get(seat, {}))
            if terminations.get(seat) or truncations.get(seat):
                tally.truncated = bool(truncations.get(seat)) and not terminations.get(seat)
                tally.finish(infos.get(seat, {}))
                tally.final_text = text_of(observations.get(seat))
        if on_step is not None:
            for player, reply in replies.items():
                done, cut = bool(terminations.get(player)), bool(truncations.get(player))
                reward = float(rewards.get(player, 0.0))
                on_step(Move(player, seen[player], reply, reward, done, cut, infos.get(player, {})))
    return _settle(tally, env, returns, seat)


def play_episode_of(
    api: str, env: Any, agents: Mapping[str, Agent], seed: int | None, seat: str, on_step: OnStep | None = None
) -> EpisodeTally:
    """The loop for an arena's ``api`` ("gym": ``agents[seat]`` alone, "aec", "parallel")."""
    if api == "gym":
        return play_single(env, agents[seat], seed, on_step=on_step)
    loop = play_parallel if api == "parallel" else play_turns
    return loop(env, agents, seed, seat, on_step=on_step)
