"""AECTextActions on a tiny turn-based arena defined here (take 1 or 2 stones; taking the last one wins)."""

from __future__ import annotations

from typing import Any

import gymnasium as gym
import numpy as np
import pytest
from gymnasium import spaces
from pettingzoo import AECEnv
from pettingzoo.test import api_test
from pettingzoo.utils import AgentSelector

from omniarena.core.actions import ActionSpec, DiscreteActionSet
from omniarena.core.observation import observation_space
from omniarena.core.textaec import AECTextActions

ACTIONS = DiscreteActionSet([ActionSpec("take one", aliases=("1",)), ActionSpec("take two", aliases=("2",))])
GARBAGE = "<answer>zzqx</answer>"


class Stones(AECEnv):
    """Two players take 1 or 2 stones in turn; whoever takes the last stone wins (+1/-1)."""

    metadata = {"name": "stones_v0", "is_parallelizable": False, "render_modes": []}

    def __init__(self, stones: int = 5) -> None:
        super().__init__()
        self.stones_at_start = stones
        self.possible_agents = ["player_0", "player_1"]
        self.action_set = ACTIONS
        self.action_spaces = {a: spaces.Discrete(2) for a in self.possible_agents}
        space = observation_space(4, 4, {"action_mask": spaces.Box(0, 1, (2,), np.int8)})
        self.observation_spaces = {a: space for a in self.possible_agents}
        self.np_random = np.random.default_rng()

    def observation_space(self, agent: str) -> spaces.Space:
        return self.observation_spaces[agent]

    def action_space(self, agent: str) -> spaces.Space:
        return self.action_spaces[agent]

    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None) -> None:
        if seed is not None:
            self.np_random, _ = gym.utils.seeding.np_random(seed)
        self.stones = self.stones_at_start
        self.agents = list(self.possible_agents)
        self.rewards = {a: 0.0 for a in self.agents}
        self._cumulative_rewards = {a: 0.0 for a in self.agents}
        self.terminations = {a: False for a in self.agents}
        self.truncations = {a: False for a in self.agents}
        self.infos = {a: {} for a in self.agents}
        self._selector = AgentSelector(self.agents)
        self.agent_selection = self._selector.reset()

    def observe(self, agent: str) -> dict[str, Any]:
        mask = np.array([self.stones >= 1, self.stones >= 2], dtype=np.int8)
        return {"image": np.zeros((4, 4, 3), np.uint8), "text": f"{self.stones} stones left", "action_mask": mask}

    def _end(self, loser: str, penalty: float = -1.0) -> None:
        self.rewards = {a: (penalty if a == loser else 1.0) for a in self.agents}
        self.terminations = {a: True for a in self.agents}
        self._cumulative_rewards[self.agent_selection] = 0.0
        self._accumulate_rewards()

    def forfeit(self, agent: str, penalty: float = -1.0) -> None:
        self._end(agent, penalty)

    def step(self, action: Any) -> None:
        agent = self.agent_selection
        if self.terminations[agent] or self.truncations[agent]:
            self._was_dead_step(action)
            return
        self._cumulative_rewards[agent] = 0.0
        self.stones -= int(action) + 1
        if self.stones <= 0:
            other = next(a for a in self.agents if a != agent)
            self._end(other)
        else:
            self.rewards = {a: 0.0 for a in self.agents}
            self._accumulate_rewards()
        self.agent_selection = self._selector.next()


@pytest.mark.filterwarnings("ignore::UserWarning")  # api_test nags about Dict observations and render()
def test_fake_arena_passes_the_pettingzoo_api_test() -> None:
    api_test(Stones(), num_cycles=50)


def test_valid_reply_plays_and_passes_the_turn() -> None:
    env = AECTextActions(Stones())
    env.reset(seed=0)
    env.step("I will <answer>take two</answer>")
    assert env.agent_selection == "player_1"
    assert env.observe("player_1")["text"] == "3 stones left"
    record = env.infos["player_0"]["action"]
    assert record["parsed"] == "take two" and record["valid"] and record["format_ok"]


def test_noop_keeps_the_turn_and_echoes_the_error_once() -> None:
    env = AECTextActions(Stones(), invalid_penalty=-0.1)
    env.reset(seed=0)
    env.step(GARBAGE)
    assert env.agent_selection == "player_0"
    assert "invalid" in env.observe("player_0")["text"]
    assert env.rewards["player_0"] == pytest.approx(-0.1)
    assert not env.infos["player_0"]["action"]["format_ok"]
    env.step("take one")
    assert env.agent_selection == "player_1"
    assert env.observe("player_0")["text"] == "4 stones left"


def test_illegal_action_is_invalid_not_played() -> None:
    env = AECTextActions(Stones(stones=1))
    env.reset(seed=0)
    env.step("take two")
    assert env.agent_selection == "player_0"
    assert "not legal" in env.infos["player_0"]["action"]["error"]
    assert not env.terminations["player_0"]


def test_retry_forfeits_after_n_plus_one_failures() -> None:
    env = AECTextActions(Stones(), invalid="retry:1", forfeit_penalty=-2.0)
    env.reset(seed=0)
    env.step(GARBAGE)
    assert not env.terminations["player_0"]
    env.step(GARBAGE)
    assert all(env.terminations.values())
    assert env.infos["player_0"]["forfeit"] is True
    assert env.rewards["player_0"] == -2.0 and env.rewards["player_1"] == 1.0


def test_random_policy_plays_a_legal_action() -> None:
    env = AECTextActions(Stones(), invalid="random")
    env.reset(seed=0)
    env.step(GARBAGE)
    assert env.agent_selection == "player_1"
    record = env.infos["player_0"]["action"]
    assert record["valid"] is False and record["played"] in ACTIONS.names


def test_terminate_policy_forfeits_at_once() -> None:
    env = AECTextActions(Stones(), invalid="terminate")
    env.reset(seed=0)
    env.step(GARBAGE)
    assert all(env.terminations.values()) and env.infos["player_0"]["forfeit"]
