"""One seat of a multi-agent arena as a single-agent episode: the other seats are played by agents.

``SingleSeat`` drives a PettingZoo env (AEC or Parallel, text actions) for one seat: after ``reset`` and after
each of the seat's moves, the opponents act until the seat is to move again or the game ends.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Step = tuple[dict[str, Any], float, bool, bool, dict[str, Any]]


class SingleSeat:
    """A multi-agent env seen from ``seat``; ``opponent(seat_name)`` builds the agent for another seat."""

    def __init__(self, env: Any, parallel: bool, opponent: Callable[[Any, str], Any]) -> None:
        self.env = env
        self.parallel = parallel
        self.opponent = opponent
        self.seat = ""
        self.agents: dict[str, Any] = {}
        self._obs: dict[str, Any] = {}

    @property
    def seats(self) -> list[str]:
        return list(self.env.possible_agents)

    def reset(self, seed: int | None, seat: str) -> tuple[dict[str, Any], dict[str, Any]]:
        if seat not in self.seats:
            raise ValueError(f"unknown seat {seat!r}; the seats are {self.seats}")
        self.seat = seat
        self.agents = {name: self.opponent(self.env, name) for name in self.seats if name != seat}
        if self.parallel:
            obs, infos = self.env.reset(seed=seed)
            self._obs = obs
            return obs[seat], dict(infos.get(seat, {}))
        self.env.reset(seed=seed)
        obs, _, done, _, info = self._advance(0.0)
        return obs, info

    def step(self, text: str) -> Step:
        if self.parallel:
            actions = {name: agent.act(self._obs[name]) for name, agent in self.agents.items() if name in self._obs}
            actions[self.seat] = text
            obs, rewards, terms, truncs, infos = self.env.step(actions)
            self._obs = obs
            done_all = not self.env.agents
            mine = obs.get(self.seat) or self._last_obs()
            return (
                mine,
                float(rewards.get(self.seat, 0.0)),
                bool(terms.get(self.seat, done_all)),
                bool(truncs.get(self.seat, False)),
                dict(infos.get(self.seat, {})),
            )
        self.env.step(text)
        info_mine = dict(self.env.infos.get(self.seat, {}))
        obs, reward, terminated, truncated, info = self._advance(float(self.env.rewards.get(self.seat, 0.0)))
        if "action" in info_mine:  # the record of this seat's own move, not the opponents'
            info["action"] = info_mine["action"]
        return obs, reward, terminated, truncated, info

    def _last_obs(self) -> dict[str, Any]:
        return self.env.observe(self.seat) if not self.parallel else {}

    def _advance(self, reward: float) -> Step:
        """Let the opponents move until ``seat`` is to move or has finished; its reward is summed on the way."""
        env = self.env
        while env.agents:
            current = env.agent_selection
            obs, _, terminated, truncated, info = env.last()
            if current == self.seat:
                if terminated or truncated:
                    env.step(None)
                    return obs, reward, bool(terminated), bool(truncated), dict(info)
                return obs, reward, False, False, dict(info)
            if terminated or truncated:
                env.step(None)
            else:
                env.step(self.agents[current].act(obs))
            reward += float(env.rewards.get(self.seat, 0.0))
        obs = env.observe(self.seat)
        return obs, reward, True, False, dict(env.infos.get(self.seat, {}))

    def close(self) -> None:
        self.env.close()
