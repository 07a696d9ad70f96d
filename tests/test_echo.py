"""Replies a real small model sends: echoes of the prompt and lists of moves are no answer; one move in prose is.

For every registered id, single- and multi-agent, in text mode.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from support import covered_arenas

import omniarena
from omniarena.agents.prompt import system_prompt
from omniarena.core.actions import mentionable

ALL_IDS = [a.id for a in covered_arenas()]


def api_of(arena_id: str) -> str:
    return omniarena.spec(arena_id).api


def first_view(arena_id: str) -> tuple[Any, dict[str, Any], str | None]:
    """(env, the first mover's observation, its seat) of a text-mode env reset with seed 0."""
    info = omniarena.spec(arena_id)
    if info.api == "gym":
        env = omniarena.make(arena_id)
        obs, _ = env.reset(seed=0)
        return env, obs, None
    env = omniarena.make_multi(arena_id)
    if info.api == "parallel":
        observations, _ = env.reset(seed=0)
        player = env.agents[0]
        return env, observations[player], player
    env.reset(seed=0)
    player = env.agent_selection
    return env, env.observe(player), player


def legal_texts(env: Any, obs: dict[str, Any], player: str | None) -> list[tuple[str, str]]:
    """(canonical text, how prose names it) of the legal actions at the start.

    Prose names a discrete action by its name or its longest alias that can stand in a sentence (single
    characters such as "+" and bare numbers count only as whole answers); actions with none are left out.
    """
    action_set = env.unwrapped.action_set
    mask = obs.get("action_mask")
    if mask is not None:
        natives = list(np.flatnonzero(mask))
    else:
        space = env.unwrapped.action_space(player) if player else env.unwrapped.action_space
        space.seed(0)
        natives = [space.sample() for _ in range(8)]
    found = {}
    for native in natives:
        text = action_set.format(native)
        specs = getattr(action_set, "specs", None)
        if specs is None:
            found[text] = text
            continue
        words = [w for w in (specs[int(native)].name, *specs[int(native)].aliases) if mentionable(w)]
        if words:
            found[text] = words[0] if words[0] == text else max(words, key=len)
    return list(found.items())


def later_view(env: Any, arena_id: str, moves: int = 3) -> tuple[dict[str, Any], str | None]:
    """The mover's observation after a few seeded legal moves (the state text has a history then)."""
    api = omniarena.spec(arena_id).api
    observations: Any = None
    for _ in range(moves):
        if api == "gym":
            obs, _, terminated, truncated, _ = env.step(
                env.action_space.sample(observations and observations.get("action_mask"))
            )
            observations = obs
            if terminated or truncated:  # one-reply arenas end here: keep this view, start a fresh episode
                env.reset(seed=1)
                break
        elif api == "parallel":
            current = observations or {a: env.unwrapped.observe(a) for a in env.agents}
            observations, *_ = env.step(
                {a: env.action_space(a).sample(current[a].get("action_mask")) for a in env.agents}
            )
            if not env.agents:
                break
        else:
            player = env.agent_selection
            env.step(env.action_space(player).sample(env.observe(player).get("action_mask")))
            if not env.agents or any(env.terminations.values()):
                break
    if api == "gym":
        return observations, None
    if api == "parallel":
        player = env.possible_agents[0]
        return env.unwrapped.observe(player), player
    return env.observe(env.agent_selection), env.agent_selection


@pytest.mark.parametrize("arena_id", ALL_IDS)
def test_an_echo_of_the_prompt_is_no_answer(arena_id: str) -> None:
    env, obs, player = first_view(arena_id)
    action_set = env.unwrapped.action_set
    later, later_player = later_view(env, arena_id)
    later_echo = f"{system_prompt(env, later_player)}\n\n{later['text']}"
    assert not action_set.parse(later_echo).ok, f"{arena_id}: a mid-game echo parsed"
    assert not action_set.parse(later["text"]).ok, f"{arena_id}: a mid-game observation parsed"
    if api_of(arena_id) == "gym":  # the observation after an invalid reply echoes its error, with an example
        after_error, *_ = env.step("<answer>zzqx qxzz</answer>")
        assert "invalid" in after_error["text"]
        assert not action_set.parse(after_error["text"]).ok, f"{arena_id}: an echoed error parsed"
    for with_image in (True, False):
        echo = f"{system_prompt(env, player, with_image=with_image)}\n\n{obs['text']}"
        result = action_set.parse(echo)
        assert not result.ok, f"{arena_id}: the echoed prompt parsed as {action_set.format(result.action)!r}"
    result = action_set.parse(obs["text"])
    assert not result.ok, f"{arena_id}: the echoed observation parsed as {action_set.format(result.action)!r}"


@pytest.mark.parametrize("arena_id", ALL_IDS)
def test_a_list_of_every_legal_move_is_no_answer(arena_id: str) -> None:
    env, obs, player = first_view(arena_id)
    moves = legal_texts(env, obs, player)
    if len(moves) < 2:
        pytest.skip("fewer than two legal moves at the start")
    spoken = [said for _, said in moves]
    result = env.unwrapped.action_set.parse(f"I could play {', '.join(spoken[:-1])} or {spoken[-1]}.")
    assert not result.ok, result  # arenas that take move lists refuse prose ones too


@pytest.mark.parametrize("arena_id", ALL_IDS)
def test_one_move_in_prose_is_an_answer(arena_id: str) -> None:
    env, obs, player = first_view(arena_id)
    action_set = env.unwrapped.action_set
    moves = legal_texts(env, obs, player)
    if not moves:
        pytest.skip("no legal action has a name that prose can carry")
    for move, said in moves:
        result = action_set.parse(f"I'll play {said}.")
        assert result.ok and action_set.format(result.action) == move, (said, result.error)
