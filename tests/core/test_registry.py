"""The registry: ids and metadata, helpful errors, missing extras, gymnasium.make."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import gymnasium as gym
import pytest
from gymnasium.envs.registration import EnvSpec
from gymnasium.error import DependencyNotInstalled

import omniarena
from omniarena.core import registry
from omniarena.core.registry import ArenaInfo

ID_PATTERN = re.compile(r"^omniarena/[A-Za-z0-9][A-Za-z0-9_.+-]*-v\d+$")
REFERENCE = "omniarena/NumberLine-v0"
FAKE_SINGLE = "omniarena/TestOnlyNeedsExtra-v0"
FAKE_MULTI = "omniarena/TestOnlyTwoPlayers-v0"


@pytest.fixture
def fake_arenas(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two temporary ids, removed after the test: one needing a missing extra, one with two players."""
    reference = omniarena.spec(REFERENCE)
    monkeypatch.setitem(registry.EXTRA_MODULES, "testonly", ("omniarena_test_module_that_does_not_exist",))
    monkeypatch.setitem(registry._REGISTRY, FAKE_SINGLE, replace(reference, id=FAKE_SINGLE, extra="testonly"))
    monkeypatch.setitem(registry._REGISTRY, FAKE_MULTI, replace(reference, id=FAKE_MULTI, players=2, api="aec"))
    gym_spec = EnvSpec(id=FAKE_SINGLE, entry_point=registry.build, kwargs={"arena_id": FAKE_SINGLE})
    monkeypatch.setitem(gym.registry, FAKE_SINGLE, gym_spec)


def test_list_arenas_metadata() -> None:
    arenas = omniarena.list_arenas()
    ids = [a.id for a in arenas]
    assert REFERENCE in ids
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    for info in arenas:
        assert isinstance(info, ArenaInfo)
        assert ID_PATTERN.match(info.id), info.id
        assert info.players >= 1 and info.description
        assert info.api in registry.APIS and info.family and info.source == "omniarena"
        assert (info.api == "gym") == (info.players == 1)
        assert info.max_steps is None or info.max_steps > 0
        assert ":" in info.entry_point
        data = json.loads(json.dumps(info.as_dict()))
        assert data["id"] == info.id and data["api"] == info.api
        assert omniarena.spec(info.id) is info


def test_entry_points_and_experts_resolve() -> None:
    for info in omniarena.list_arenas(installed_only=True):
        assert callable(registry.load(info.entry_point)), info.id
        if info.expert:
            assert callable(registry.load(info.expert)), info.id


def test_list_arenas_filters_by_domain() -> None:
    games = omniarena.list_arenas(domain="games")
    assert games and all(a.domain == "games" for a in games)
    assert omniarena.list_arenas(domain="no-such-domain") == []


def test_unknown_id_suggests_close_ids() -> None:
    with pytest.raises(gym.error.UnregisteredEnv) as excinfo:
        omniarena.make("omniarena/NumberLin-v0")
    message = str(excinfo.value)
    assert "'omniarena/NumberLin-v0'" in message and REFERENCE in message and "list" in message


def test_unknown_id_without_close_ids_points_to_the_list() -> None:
    with pytest.raises(gym.error.UnregisteredEnv, match="list_arenas"):
        omniarena.spec("omniarena/Qqqqqqqqqqqqq-v9")


def test_register_rejects_bad_and_duplicate_ids() -> None:
    with pytest.raises(ValueError, match="namespace"):
        registry.register("NumberLine-v9", "x:y")
    with pytest.raises(ValueError, match="twice"):
        registry.register(REFERENCE, "x:y")


@pytest.mark.usefixtures("fake_arenas")
def test_make_and_make_multi_misuse() -> None:
    with pytest.raises(ValueError, match="make_multi"):
        omniarena.make(FAKE_MULTI)
    with pytest.raises(ValueError, match=r"single-agent; use omniarena\.make"):
        omniarena.make_multi(REFERENCE)
    with pytest.raises(ValueError, match="action_mode"):
        omniarena.make(REFERENCE, action_mode="pixels")
    with pytest.raises(ValueError, match="action_mode"):
        omniarena.make_multi(FAKE_MULTI, action_mode="pixels")
    with pytest.raises(ValueError, match="invalid"):
        omniarena.make(REFERENCE, invalid="sometimes")


def test_bad_arena_kwargs_name_the_arena() -> None:
    with pytest.raises(TypeError, match=REFERENCE):
        omniarena.make(REFERENCE, no_such_argument=1)


@pytest.mark.usefixtures("fake_arenas")
def test_missing_extra_raises_dependency_not_installed() -> None:
    with pytest.raises(DependencyNotInstalled) as excinfo:
        omniarena.make(FAKE_SINGLE)
    message = str(excinfo.value)
    assert FAKE_SINGLE in message and 'pip install "omniarena[testonly]"' in message
    assert FAKE_SINGLE in [a.id for a in omniarena.list_arenas()]
    assert FAKE_SINGLE not in [a.id for a in omniarena.list_arenas(installed_only=True)]


def test_gymnasium_make_builds_text_mode_by_default() -> None:
    env = gym.make(REFERENCE)
    assert isinstance(env.action_space, gym.spaces.Text)
    obs, _ = env.reset(seed=0)
    obs, *_ = env.step("<answer>+</answer>")
    assert obs in env.observation_space
    native = gym.make(REFERENCE, action_mode="native")
    assert isinstance(native.action_space, gym.spaces.Discrete)


def test_max_steps_comes_from_the_registry_and_can_be_overridden() -> None:
    env = omniarena.make(REFERENCE, action_mode="native", max_steps=3)
    env.reset(seed=0)
    state = env.unwrapped.state
    away = 1 if state.target > state.position else 0  # never reaches the target
    results = [env.step(away)[2:4] for _ in range(3)]
    assert results == [(False, False), (False, False), (False, True)]
    assert omniarena.make(REFERENCE).spec.max_episode_steps == omniarena.spec(REFERENCE).max_steps


def test_unknown_arena_argument_lists_the_accepted_ones() -> None:
    with pytest.raises(TypeError) as caught:
        omniarena.make("omniarena/NumberLine-v0", hgih=7)
    message = str(caught.value)
    assert "does not take hgih" in message
    assert "high" in message and "render_mode" in message and "invalid" in message
