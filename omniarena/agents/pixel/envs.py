"""The environments PPO trains on: any arena in native mode, seen through :class:`PixelObservation`.

A single-player id is ``omniarena.make(id, action_mode="native")``. A two-player simultaneous id (PettingZoo
Parallel, e.g. ``omniarena/Fight2P-v0``) becomes a single-player env by :class:`VersusEnv`: the learner
plays ``player_0`` and an opponent agent (any agent spec, drawn per episode) plays ``player_1``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import gymnasium as gym
import numpy as np

import omniarena
from omniarena.agents import make_agent
from omniarena.core.registry import spec as arena_spec
from omniarena.wrappers.pixels import PixelObservation, Preprocess

__all__ = ["VersusEnv", "make_pixel_env", "score_of", "is_versus"]

LEARNER, OPPONENT = "player_0", "player_1"
_SCORES = {"win": 1.0, "draw": 0.5, "loss": 0.0}

# An opponent source returns (name, spec, args) for the next episode's opponent.
OpponentSource = Callable[[], tuple[str, str, dict[str, Any]]]


def is_versus(arena_id: str) -> bool:
    """Whether ``arena_id`` is trained as learner-versus-opponent (a two-player simultaneous arena)."""
    info = arena_spec(arena_id)
    if info.multi_agent and info.api != "parallel":
        raise ValueError(
            f"{arena_id} is turn-based ({info.api}); the pixel trainer plays single-player arenas and "
            "two-player simultaneous ones (e.g. omniarena/Fight2P-v0, omniarena/RockPaperScissors-v0)"
        )
    return info.multi_agent


def score_of(info: dict[str, Any], own: float, other: float) -> float:
    """The learner's score of a finished episode: the arena's result, else the returns decide."""
    result = info.get("result")
    if result in _SCORES:
        return _SCORES[result]
    return 1.0 if own > other else 0.0 if own < other else 0.5


class VersusEnv(gym.Env):
    """A two-player Parallel arena as a Gymnasium env for ``player_0``; ``player_1`` is an opponent agent.

    ``opponents()`` names the opponent of each episode (e.g. the league's PFSP draw); the last step's info
    has ``opponent`` and ``versus_score`` (1 won, 0.5 drew, 0 lost). Opponents are built once per name.
    """

    metadata = {"render_modes": []}

    def __init__(
        self,
        arena_id: str,
        opponents: OpponentSource,
        env_kwargs: dict[str, Any] | None = None,
        seed: int = 0,
    ) -> None:
        self.arena_id = arena_id
        self.env = omniarena.make_multi(arena_id, action_mode="native", **(env_kwargs or {}))
        self.observation_space = self.env.observation_space(LEARNER)
        self.action_space = self.env.action_space(LEARNER)
        self.opponents = opponents
        self._built: dict[str, Any] = {}
        self._seed = int(seed)
        self._episodes = 0
        self._opponent: tuple[str, Any] | None = None
        self._obs: dict[str, Any] = {}
        self._returns = [0.0, 0.0]

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None) -> tuple[Any, dict]:
        super().reset(seed=seed)
        name, agent_spec, args = self.opponents()
        if name not in self._built:
            self._built[name] = make_agent(
                agent_spec,
                self.env,
                arena_id=self.arena_id,
                seed=self._seed + len(self._built),
                player=OPPONENT,
                **args,
            )
        self._opponent = (name, self._built[name])
        self._opponent[1].reset()
        episode_seed = seed if seed is not None else self._seed * 100_003 + self._episodes
        self._episodes += 1
        self._obs, infos = self.env.reset(seed=episode_seed, options=options)
        self._returns = [0.0, 0.0]
        return self._obs[LEARNER], {**infos.get(LEARNER, {}), "opponent": name}

    def step(self, action: Any) -> tuple[Any, float, bool, bool, dict]:
        if self._opponent is None:
            raise RuntimeError("call reset() before step()")
        name, opponent = self._opponent
        actions = {LEARNER: _native(action), OPPONENT: opponent.act(self._obs[OPPONENT])}
        self._obs, rewards, terms, truncs, infos = self.env.step(actions)
        self._returns[0] += float(rewards.get(LEARNER, 0.0))
        self._returns[1] += float(rewards.get(OPPONENT, 0.0))
        terminated, truncated = bool(terms.get(LEARNER, False)), bool(truncs.get(LEARNER, False))
        info = {**infos.get(LEARNER, {}), "opponent": name}
        if terminated or truncated:
            info["versus_score"] = score_of(info, *self._returns)
        return self._obs[LEARNER], float(rewards.get(LEARNER, 0.0)), terminated, truncated, info

    def close(self) -> None:
        for agent in self._built.values():
            agent.close()
        self._built.clear()
        self.env.close()


def _native(action: Any) -> Any:
    array = np.asarray(action)
    return int(array) if array.ndim == 0 else array.astype(np.int64)


def make_pixel_env(
    arena_id: str,
    preprocess: Preprocess,
    env_kwargs: dict[str, Any] | None = None,
    opponents: OpponentSource | None = None,
    seed: int = 0,
) -> gym.Env:
    """``arena_id`` in native mode as stacked pixel frames (two-player arenas against ``opponents``)."""
    if is_versus(arena_id):
        if opponents is None:
            raise ValueError(f"{arena_id} has two players: give opponents= (who plays player_1)")
        env: gym.Env = VersusEnv(arena_id, opponents, env_kwargs, seed)
    else:
        env = omniarena.make(arena_id, action_mode="native", **(env_kwargs or {}))
    return PixelObservation(env, preprocess.size, preprocess.gray, preprocess.stack)
