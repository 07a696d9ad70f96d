"""One resolver for agent specs and agent arguments: forms, errors that name the fix, checked types."""

from __future__ import annotations

import sys

import pytest

import omniarena
from omniarena.agents import (
    AgentSpecError,
    RandomAgent,
    agent_arguments,
    check_agent_args,
    make_agent,
    resolve_agent,
)
from omniarena.agents.human import HumanAgent
from omniarena.agents.openai_agent import OpenAIAgent
from omniarena.agents.subprocess_agent import SubprocessAgent
from omniarena.core.agent import Agent

ARENA = "omniarena/NumberLine-v0"


class Anything(Agent):
    """Takes any argument (``**kwargs``)."""

    def __init__(self, env, *, seed=None, player=None, **kwargs) -> None:
        super().__init__(env, seed=seed, player=player)
        self.kwargs = kwargs

    def act(self, observation):
        return "+"


def test_the_forms_resolve_to_a_class_and_the_arguments_the_spec_fixes() -> None:
    assert resolve_agent("random") == (RandomAgent, {})
    assert resolve_agent(" Human ") == (HumanAgent, {})
    assert resolve_agent("openai") == (OpenAIAgent, {})
    assert resolve_agent("openai:qwen2.5:7b") == (OpenAIAgent, {"model": "qwen2.5:7b"})  # Ollama tags keep ':'
    cls, fixed = resolve_agent(f"subprocess:{sys.executable} -u my_agent.py")
    assert cls is SubprocessAgent and fixed == {"command": [sys.executable, "-u", "my_agent.py"]}
    expert, _ = resolve_agent("scripted", ARENA)
    assert expert.__name__ == omniarena.spec(ARENA).expert.rpartition(":")[2]
    assert resolve_agent(f"{__name__}:Anything") == (Anything, {})
    assert resolve_agent("omniarena.agents.base:RandomAgent") == (RandomAgent, {})


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("nonsense", "unknown agent 'nonsense'"),
        (":Cls", "unknown agent"),
        ("scripted", "needs arena_id"),
        ("subprocess:", "subprocess:<command>"),
        ("subprocess:'unclosed", "No closing quotation"),
        ("subprocess:no-such-program-here", "no program 'no-such-program-here'"),
        ("nosuchmod:Cls", "No module named 'nosuchmod'"),
        ("nosuchpkg.mod:Cls", "No module named 'nosuchpkg'"),
        ("json:NoSuchThing", "module 'json' has no attribute 'NoSuchThing'"),
        ("json.decoder:JSONDecoder", "is not an omniarena Agent subclass"),
    ],
)
def test_bad_specs_name_the_fix(spec: str, message: str) -> None:
    with pytest.raises(AgentSpecError, match=message):
        resolve_agent(spec)


def test_a_module_that_fails_inside_is_its_own_bug(tmp_path, monkeypatch) -> None:
    (tmp_path / "broken_agent_module.py").write_text("import no_such_dependency_xyz\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModuleNotFoundError) as failed:
        resolve_agent("broken_agent_module:Mine")
    assert not isinstance(failed.value, AgentSpecError) and failed.value.name == "no_such_dependency_xyz"


def test_agent_arguments_are_the_signature_without_what_the_runner_sets() -> None:
    accepted = agent_arguments(OpenAIAgent)
    assert accepted is not None and {"max_tokens", "include_image", "stop_at_answer", "max_failed_turns"} <= accepted
    assert not {"env", "seed", "player", "arena_id"} & accepted
    assert agent_arguments(RandomAgent) == set()
    assert agent_arguments(Anything) is None


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_tokens": 64},
        {"max_tokens": None},
        {"temperature": 1},  # an int is a float
        {"include_image": False},
        {"extra_body": {"top_k": 4}},
        {"role": "You are a careful player."},
    ],
)
def test_arguments_of_the_declared_types_pass(kwargs) -> None:
    assert check_agent_args("openai", kwargs) is OpenAIAgent


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_token": 64}, r"takes no argument max_token \(did you mean max_tokens\?\)"),
        ({"seed": 1}, "set by the runner"),
        ({"max_tokens": "many"}, "max_tokens takes int | None, got 'many'"),
        ({"max_tokens": 2.5}, "max_tokens takes int"),
        ({"include_image": "maybe"}, "include_image takes bool"),
        ({"timeout": True}, "timeout takes float"),
        ({"extra_body": [1]}, "extra_body takes"),
    ],
)
def test_arguments_that_do_not_fit_fail_naming_the_fix(kwargs, message: str) -> None:
    with pytest.raises(AgentSpecError, match=message):
        check_agent_args("openai", kwargs)


def test_make_agent_checks_arguments_and_passes_them_on() -> None:
    env = omniarena.make(ARENA)
    agent = make_agent(f"{__name__}:Anything", env, anything=[1, 2])
    assert isinstance(agent, Anything) and agent.kwargs == {"anything": [1, 2]}
    with pytest.raises(AgentSpecError, match="takes no argument depth"):
        make_agent("random", env, depth=3)
    expert = make_agent("scripted", env, arena_id=ARENA)
    assert expert.act(env.reset(seed=0)[0])


def test_model_prompts_name_the_arena_id_also_in_pettingzoo_arenas() -> None:
    arena = "omniarena/ConnectFour-v0"
    env = omniarena.make_multi(arena)
    agent = make_agent("openai:m", env, arena_id=arena, player="player_0", base_url="http://127.0.0.1:9/v1")
    assert f"You are playing the game {arena} as player_0" in agent.system
    assert "ConnectFourEnv" not in agent.system
