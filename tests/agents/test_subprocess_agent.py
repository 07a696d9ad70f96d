"""SubprocessAgent with examples/subprocess_agent.py and with programs that misbehave."""

from __future__ import annotations

import base64
import io
import json
import shlex
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import omniarena
from omniarena.agents import make_agent
from omniarena.agents.subprocess_agent import SubprocessAgent

ARENA = "omniarena/NumberLine-v0"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "subprocess_agent.py"

# Answers every observation with the JSON of the last reset message and the observation itself.
ECHO = """
import json, sys
reset = None
for line in sys.stdin:
    message = json.loads(line)
    if message["type"] == "reset":
        reset = message
    else:
        print(json.dumps({"action": json.dumps({"reset": reset, "observation": message})}), flush=True)
"""
GARBAGE = "import sys\nfor line in sys.stdin:\n    print('I think the answer is +', flush=True)"
NO_ACTION = 'import sys\nfor line in sys.stdin:\n    print(\'{"move": "+"}\', flush=True)'
EXITS = "import sys\nsys.stdin.readline()"
SILENT = "import sys\nfor line in sys.stdin:\n    pass"
STUBBORN = "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nwhile True:\n    time.sleep(0.05)"


def program(source: str) -> list[str]:
    return [sys.executable, "-c", textwrap.dedent(source)]


@pytest.fixture
def env():
    return omniarena.make(ARENA)


@pytest.fixture
def agents():
    made: list[SubprocessAgent] = []

    def build(env, command, **kwargs) -> SubprocessAgent:
        agent = SubprocessAgent(env, command=command, **kwargs)
        made.append(agent)
        return agent

    yield build
    for agent in made:
        agent.close()


def test_example_program_plays_an_episode(env, agents):
    agent = agents(env, [sys.executable, str(EXAMPLE)])
    obs, _ = env.reset(seed=2)
    agent.reset()
    steps = 0
    while True:
        obs, _, terminated, truncated, info = env.step(agent.act(obs))
        steps += 1
        assert info["action"]["format_ok"] and info["action"]["valid"]
        assert info["action"]["parsed"] == "+"  # the first legal action
        if terminated or truncated:
            break
    assert steps <= env.spec.max_episode_steps
    process = agent.process
    agent.close()
    assert process.poll() is not None
    assert not agent.alive()


def test_example_program_with_a_fixed_reply(env, agents):
    agent = agents(env, [sys.executable, str(EXAMPLE), "--reply", "minus"])
    obs, _ = env.reset(seed=0)
    agent.reset()
    _, _, _, _, info = env.step(agent.act(obs))
    assert info["action"]["parsed"] == "-"


def test_make_agent_builds_from_a_command_string(env):
    agent = make_agent(f"subprocess:{shlex.join([sys.executable, str(EXAMPLE)])}", env, player=None)
    try:
        assert isinstance(agent, SubprocessAgent)
        obs, _ = env.reset(seed=0)
        agent.reset()
        assert agent.act(obs) == "+"
    finally:
        agent.close()


@pytest.mark.parametrize("send_image", [False, True])
def test_protocol_messages(env, agents, send_image):
    agent = agents(env, program(ECHO), seed=7, send_image=send_image)
    obs, _ = env.reset(seed=0)
    agent.reset()
    sent = json.loads(agent.act(obs))
    reset, message = sent["reset"], sent["observation"]
    assert reset["type"] == "reset" and reset["seed"] == 7 and reset["player"] is None
    assert reset["actions"] == env.unwrapped.action_set.describe()
    assert reset["action_names"] == env.unwrapped.action_set.names
    assert message["type"] == "observation"
    assert message["text"] == obs["text"]
    assert message["action_mask"] == obs["action_mask"].tolist()
    if send_image:
        image = np.asarray(Image.open(io.BytesIO(base64.b64decode(message["image_png_b64"]))).convert("RGB"))
        assert np.array_equal(image, obs["image"])
    else:
        assert "image_png_b64" not in message
    assert json.loads(agent.act(obs))["observation"]["id"] == message["id"] + 1


@pytest.mark.parametrize(("source", "error"), [(GARBAGE, "not JSON"), (NO_ACTION, '"action"')])
def test_garbled_replies_are_invalid_actions(env, agents, source, error):
    agent = agents(env, program(source))
    obs, _ = env.reset(seed=0)
    agent.reset()
    reply = agent.act(obs)
    assert reply == ""
    assert error in agent.last_error
    _, _, terminated, _, info = env.step(reply)
    assert info["action"]["format_ok"] is False
    assert not terminated


def test_a_program_that_exits_gives_invalid_actions_and_restarts_on_reset(env, agents):
    agent = agents(env, program(EXITS))
    obs, _ = env.reset(seed=0)
    agent.reset()  # the program reads this line and exits
    for _ in range(3):
        reply = agent.act(obs)
        assert reply == ""
        assert "exited" in agent.last_error or "stopped reading" in agent.last_error
        obs, _, terminated, _, info = env.step(reply)
        assert info["action"]["format_ok"] is False and not terminated
    first = agent.process
    agent.reset()
    assert agent.process is not first
    assert first.poll() is not None


def test_a_silent_program_times_out(env, agents):
    agent = agents(env, program(SILENT), timeout=0.3)
    obs, _ = env.reset(seed=0)
    agent.reset()
    assert agent.act(obs) == ""
    assert "no reply" in agent.last_error
    assert agent.alive()


def test_late_replies_are_not_taken_for_the_next_turn(env, agents):
    # Answers each observation twice: the second line carries the old id and must be skipped.
    source = """
    import json, sys
    for line in sys.stdin:
        message = json.loads(line)
        if message["type"] == "observation":
            for _ in range(2):
                print(json.dumps({"action": str(message["id"]), "id": message["id"]}), flush=True)
    """
    agent = agents(env, program(source))
    obs, _ = env.reset(seed=0)
    agent.reset()
    assert [agent.act(obs) for _ in range(3)] == ["1", "2", "3"]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is POSIX")
def test_close_ends_a_program_that_ignores_stdin_and_sigterm(env):
    agent = SubprocessAgent(env, command=program(STUBBORN), close_grace=0.2)
    process = agent.process
    agent.close()
    assert process.poll() is not None
    agent.close()  # idempotent
    assert agent.process is None


def test_missing_command_is_refused(env):
    with pytest.raises(ValueError, match="command"):
        SubprocessAgent(env, command=[])
