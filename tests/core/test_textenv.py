"""TextActions and its invalid-action policies, on a tiny Arena defined here (a counter)."""

from __future__ import annotations

from typing import Any

import gymnasium as gym
import numpy as np
import pytest

from omniarena.core.actions import ActionSpec, DiscreteActionSet
from omniarena.core.arena import Arena, Outcome
from omniarena.core.textenv import InvalidPolicy, TextActions

ACTIONS = DiscreteActionSet([ActionSpec("inc"), ActionSpec("dec"), ActionSpec("stop")])
GARBAGE = "<answer>sideways</answer>"


class Counter(Arena):
    """Count up or down from a seeded start (or ``options["start"]``); "dec" is illegal at 0; "stop" ends the episode."""

    def __init__(self) -> None:
        super().__init__(ACTIONS, (4, 4))
        self.value = 0

    def _new_episode(self, options: dict[str, Any]) -> None:
        self.value = int(options.get("start", self.np_random.integers(0, 3)))

    def _apply(self, action: int) -> Outcome:
        if action == 2:
            return Outcome(reward=float(self.value), terminated=True)
        self.value += 1 if action == 0 else -1
        return Outcome()

    def action_mask(self) -> np.ndarray:
        return np.array([1, int(self.value > 0), 1], dtype=np.int8)

    def _draw(self) -> np.ndarray:
        return np.full((4, 4, 3), self.value, dtype=np.uint8)

    def _state(self) -> str:
        return f"value {self.value}"

    def _legal(self) -> str:
        return ""


def make(**kwargs: Any) -> TextActions:
    env = TextActions(Counter(), **kwargs)
    env.reset(seed=0, options={"start": 1})
    return env


def test_valid_text_steps_and_reports_the_action() -> None:
    env = make()
    obs, reward, terminated, truncated, info = env.step("Let me think. <answer>INC</answer>")
    assert obs["text"] == "value 2" and env.unwrapped.value == 2
    assert info["action"] == {
        "raw": "Let me think. <answer>INC</answer>",
        "parsed": "inc",
        "format_ok": True,
        "valid": True,
        "effective": True,
        "error": None,
        "rule": "answer_tag",
    }
    assert (reward, terminated, truncated) == (0.0, False, False)


def test_noop_leaves_state_applies_penalty_and_echoes_the_error_once() -> None:
    env = make(invalid_penalty=-0.5)
    obs, reward, terminated, truncated, info = env.step(GARBAGE)
    assert env.unwrapped.value == 1
    assert reward == -0.5 and not terminated and not truncated
    assert obs["text"].startswith("value 1") and "invalid" in obs["text"] and "sideways" in obs["text"]
    assert info["action"]["format_ok"] is False and info["action"]["valid"] is False
    assert "sideways" in info["action"]["error"]
    obs, *_ = env.step("inc")
    assert obs["text"] == "value 2"  # echoed once, gone after a valid step


def test_illegal_action_is_invalid_under_the_policy() -> None:
    env = make()
    env.step("dec")  # 1 -> 0
    obs, _, _, _, info = env.step("dec")  # illegal at 0
    assert env.unwrapped.value == 0
    assert info["action"]["format_ok"] is True and info["action"]["valid"] is False
    assert "not legal" in info["action"]["error"] and "not legal" in obs["text"]


@pytest.mark.parametrize("retries", [0, 1, 3])
def test_retry_forfeits_after_n_plus_one_consecutive_failures(retries: int) -> None:
    env = make(invalid=f"retry:{retries}", forfeit_penalty=-3.0)
    for _ in range(retries):
        _, _, terminated, _, info = env.step(GARBAGE)
        assert not terminated and "forfeit" not in info
    _, reward, terminated, _, info = env.step(GARBAGE)
    assert terminated and info["forfeit"] is True and reward == -3.0


def test_retry_counter_resets_after_a_valid_reply() -> None:
    env = make(invalid="retry:1")
    env.step(GARBAGE)
    env.step("inc")
    _, _, terminated, _, _ = env.step(GARBAGE)
    assert not terminated
    _, _, terminated, _, info = env.step(GARBAGE)
    assert terminated and info["forfeit"]


def test_random_plays_a_legal_action_and_marks_it_invalid() -> None:
    env = make(invalid="random")
    played = set()
    for _ in range(30):
        before = env.unwrapped.value
        _, _, terminated, _, info = env.step(GARBAGE)
        assert info["action"]["valid"] is False and info["action"]["format_ok"] is False
        played.add(info["action"]["played"])
        if terminated:
            break
        assert env.unwrapped.value != before
    assert played <= set(ACTIONS.names) and played


def test_random_is_seeded_by_reset() -> None:
    def plays(seed: int) -> list[str]:
        env = TextActions(Counter(), invalid="random")
        env.reset(seed=seed)
        out = []
        for _ in range(10):
            _, _, terminated, _, info = env.step(GARBAGE)
            out.append(info["action"]["played"])
            if terminated:
                env.reset(seed=seed + 1)
        return out

    assert plays(4) == plays(4)


def test_terminate_ends_the_episode_at_once() -> None:
    env = make(invalid="terminate", forfeit_penalty=-1.0)
    _, reward, terminated, _, info = env.step(GARBAGE)
    assert terminated and info["forfeit"] and reward == -1.0 and env.unwrapped.value == 1


def test_step_before_reset_is_an_error() -> None:
    with pytest.raises(gym.error.ResetNeeded):
        TextActions(Counter()).step("inc")


def test_text_action_space_and_action_set() -> None:
    env = TextActions(Counter())
    assert isinstance(env.action_space, gym.spaces.Text)
    assert env.action_set is ACTIONS


def test_canonical_replies_are_members_of_the_text_action_space() -> None:
    space = TextActions(Counter()).action_space
    assert space.contains("<answer>inc</answer>")


@pytest.mark.parametrize(
    ("spec", "policy"),
    [
        ("noop", InvalidPolicy("noop")),
        (" Random ", InvalidPolicy("random")),
        ("terminate", InvalidPolicy("terminate")),
        ("retry:2", InvalidPolicy("retry", 2)),
        ("retry: 0", InvalidPolicy("retry", 0)),
        (InvalidPolicy("retry", 5), InvalidPolicy("retry", 5)),
    ],
)
def test_invalid_policy_parse(spec: Any, policy: InvalidPolicy) -> None:
    assert InvalidPolicy.parse(spec) == policy


@pytest.mark.parametrize("spec", ["retry", "retry:-1", "retry:x", "ignore", ""])
def test_invalid_policy_errors_say_what_is_allowed(spec: str) -> None:
    with pytest.raises(ValueError) as excinfo:
        InvalidPolicy.parse(spec)
    message = str(excinfo.value)
    assert repr(spec) in message
    for word in ("noop", "retry:N", "random", "terminate"):
        assert word in message


def test_random_policy_with_nothing_legal_draws_from_the_seeded_generator() -> None:
    draws = [ACTIONS.sample_legal(np.random.default_rng(3), np.zeros(3, np.int8)) for _ in range(5)]
    assert len(set(draws)) == 1  # same generator state, same draw: no unseeded space.sample()


def test_a_step_that_plays_nothing_repeats_the_arenas_own_report() -> None:
    import omniarena

    env = omniarena.make("omniarena/2048-Easy-v0", max_steps=3)
    env.reset(seed=0)
    *_, info = env.step("up")
    *_, truncated, last = env.step("zz")
    assert last["success"] is False and last["score"] == info["score"] and last["effective"] is False
