"""AECTextActions on a tiny turn-based arena defined here (take 1 or 2 stones; taking the last one wins)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from pettingzoo.test import api_test

from omniarena.core.actions import ActionSpec, DiscreteActionSet
from omniarena.core.textaec import AECTextActions
from omniarena.core.turns import TurnArena, TurnOutcome

ACTIONS = DiscreteActionSet([ActionSpec("take one", aliases=("1",)), ActionSpec("take two", aliases=("2",))])
GARBAGE = "<answer>zzqx</answer>"


class Stones(TurnArena):
    """Two players take 1 or 2 stones in turn; whoever takes the last stone wins (+1/-1)."""

    metadata = {"name": "stones_v0", "is_parallelizable": False, "render_modes": []}

    def __init__(self, stones: int = 5) -> None:
        super().__init__(ACTIONS, 2, (4, 4))
        self.stones_at_start = stones
        self.stones = stones

    def _new_game(self, options: dict[str, Any]) -> None:
        self.stones = self.stones_at_start

    def action_mask(self, agent: str) -> np.ndarray:
        if not self._to_move(agent):
            return np.zeros(2, np.int8)
        return np.array([self.stones >= 1, self.stones >= 2], dtype=np.int8)

    def _apply(self, agent: str, action: Any) -> TurnOutcome:
        self.stones -= int(action) + 1
        if self.stones > 0:
            return TurnOutcome()
        return TurnOutcome({a: 1.0 if a == agent else -1.0 for a in self.agents}, terminated=True)

    def _draw(self, agent: str | None) -> np.ndarray:
        return np.zeros((4, 4, 3), np.uint8)

    def _state(self, agent: str) -> str:
        return f"{self.stones} stones left"

    def _legal(self, agent: str) -> str:
        return ""


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
