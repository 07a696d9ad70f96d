"""OpenAIAgent against a local OpenAI-compatible server (127.0.0.1 only)."""

from __future__ import annotations

import asyncio
import base64
import io
import logging
import pickle
import socket
import sys
from collections.abc import Iterator

import numpy as np
import pytest
from fake_openai_server import (
    COMPLETION_TOKENS,
    NO_IMAGES,
    PROMPT_TOKENS,
    FakeOpenAIServer,
    Turn,
    has_image,
    never_stops,
    text_only,
)
from gymnasium.error import DependencyNotInstalled
from PIL import Image

import omniarena
from omniarena.agents import EndpointDown, make_agent
from omniarena.agents.openai_agent import DEFAULT_MAX_TOKENS, OpenAIAgent, close_answer

ARENA = "omniarena/NumberLine-v0"


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer() as fake:
        yield fake


@pytest.fixture(autouse=True)
def _no_openai_env(monkeypatch: pytest.MonkeyPatch) -> None:
    # The agent reads these; a developer's own settings must not send test traffic elsewhere.
    for name in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "OPENAI_MODEL"):
        monkeypatch.delenv(name, raising=False)


def agent_for(env, server: FakeOpenAIServer, **kwargs) -> OpenAIAgent:
    kwargs.setdefault("backoff", 0.01)
    kwargs.setdefault("model", "fake-vlm")
    return OpenAIAgent(env, base_url=server.url, api_key="test-key", **kwargs)


def image_parts(request: dict) -> list[dict]:
    content = request["messages"][-1]["content"]
    return [part for part in content if isinstance(part, dict) and part.get("type") == "image_url"]


def decode_data_url(url: str) -> np.ndarray:
    prefix = "data:image/png;base64,"
    assert url.startswith(prefix)
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(url[len(prefix) :]))).convert("RGB"))


def play(env, agent, seed: int = 0) -> list[dict]:
    obs, _ = env.reset(seed=seed)
    agent.reset()
    infos = []
    while True:
        obs, _, terminated, truncated, info = env.step(agent.act(obs))
        infos.append(info)
        if terminated or truncated:
            return infos


def test_plays_an_episode_sending_prompt_and_image(server):
    env = omniarena.make(ARENA)
    agent = agent_for(env, server)
    obs, _ = env.reset(seed=3)
    agent.reset()
    reply = agent.act(obs)
    assert reply == "<answer>+</answer>" == agent.last_reply
    first = server.requests[0]
    assert first["model"] == "fake-vlm"
    system = first["messages"][0]
    assert system["role"] == "system"
    assert env.unwrapped.action_set.describe() in system["content"]
    assert ARENA in system["content"]
    (part,) = image_parts(first)
    sent = decode_data_url(part["image_url"]["url"])
    assert sent.shape == obs["image"].shape
    assert np.array_equal(sent, obs["image"])
    text_parts = [p["text"] for p in first["messages"][-1]["content"] if p["type"] == "text"]
    assert text_parts == [obs["text"]]
    assert server.headers[0]["authorization"] == "Bearer test-key"

    infos = play(env, agent)
    assert all(info["action"]["format_ok"] and info["action"]["parsed"] == "+" for info in infos)
    steps = 1 + len(infos)
    assert len(server.requests) == steps
    assert agent.usage["requests"] == steps
    assert agent.usage["prompt_tokens"] == steps * PROMPT_TOKENS
    assert agent.usage["completion_tokens"] == steps * COMPLETION_TOKENS
    assert agent.usage["total_tokens"] == steps * (PROMPT_TOKENS + COMPLETION_TOKENS)
    assert agent.usage["failures"] == agent.usage["errors"] == 0


def test_sampling_options_reach_the_server(server):
    env = omniarena.make(ARENA)
    agent = agent_for(env, server, temperature=0.7, max_tokens=64, seed=5, extra_body={"top_k": 4})
    obs, _ = env.reset(seed=0)
    agent.act(obs)
    body = server.requests[0]
    assert (body["temperature"], body["max_tokens"], body["seed"], body["top_k"]) == (0.7, 64, 5, 4)


def test_text_only_mode_sends_no_image(server):
    env = omniarena.make(ARENA)
    agent = agent_for(env, server, include_image=False)
    obs, _ = env.reset(seed=0)
    agent.act(obs)
    assert server.requests[0]["messages"][-1]["content"] == obs["text"]
    assert "image" not in server.requests[0]["messages"][0]["content"]


@pytest.mark.parametrize("status", [500, 503, 429])
def test_transient_errors_are_retried(server, status):
    env = omniarena.make(ARENA)
    agent = agent_for(env, server, max_retries=2)
    server.script.extend([status])
    obs, _ = env.reset(seed=0)
    reply = agent.act(obs)
    assert reply == "<answer>+</answer>"
    assert len(server.requests) == 2
    assert agent.usage["requests"] == 2
    assert agent.usage["errors"] == 1
    assert agent.usage["failures"] == 0
    assert agent.last_error is None
    # the retry sends the same request
    assert server.requests[0] == server.requests[1]


def test_retries_exhausted_give_an_invalid_action(server):
    env = omniarena.make(ARENA)
    agent = agent_for(env, server, max_retries=2)
    server.script.extend([500, 502, 503])
    obs, _ = env.reset(seed=0)
    reply = agent.act(obs)
    assert reply == "" == agent.last_reply
    assert len(server.requests) == 3
    assert agent.usage["failures"] == 1 and agent.usage["errors"] == 3
    assert "InternalServerError" in agent.last_error
    obs2, reward, terminated, truncated, info = env.step(reply)
    assert info["action"]["format_ok"] is False
    assert not terminated and not truncated
    assert "invalid" in obs2["text"]


def test_client_errors_are_not_retried(server):
    env = omniarena.make(ARENA)
    agent = agent_for(env, server, max_retries=3)
    server.script.extend([400])
    obs, _ = env.reset(seed=0)
    assert agent.act(obs) == ""
    assert len(server.requests) == 1
    assert agent.usage["failures"] == 1
    assert "BadRequestError" in agent.last_error


def test_timeout_is_not_retried_and_the_episode_goes_on(server):
    env = omniarena.make(ARENA)
    agent = agent_for(env, server, timeout=0.3, max_retries=3)
    server.script.extend([5.0])
    obs, _ = env.reset(seed=0)
    reply = agent.act(obs)
    assert reply == ""
    assert "Timeout" in agent.last_error
    # the same request would run into the same long generation: sent once
    assert len(server.requests) == 1
    assert agent.usage["requests"] == 1 and agent.usage["failures"] == 1
    obs, _, terminated, _, info = env.step(reply)
    assert info["action"]["format_ok"] is False
    assert not terminated
    # the server answers again: the agent recovers on the next turn
    assert agent.act(obs) == "<answer>+</answer>"
    assert agent.last_error is None


def closed_port_url() -> str:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def test_unreachable_server_gives_an_invalid_action():
    env = omniarena.make(ARENA)
    agent = OpenAIAgent(env, model="m", base_url=closed_port_url(), max_retries=2, backoff=0.01)
    obs, _ = env.reset(seed=0)
    assert agent.act(obs) == ""
    assert agent.usage["requests"] == 3
    assert "Connection" in agent.last_error


def test_an_endpoint_down_for_max_failed_turns_in_a_row_raises():
    url = closed_port_url()
    env = omniarena.make(ARENA)
    agent = OpenAIAgent(env, model="m", base_url=url, max_retries=0, max_failed_turns=2)
    obs, _ = env.reset(seed=0)
    assert agent.act(obs) == ""
    with pytest.raises(EndpointDown) as down:
        agent.act(obs)
    assert down.value.url == url and down.value.turns == 2 and "Connection" in down.value.last_error
    assert str(down.value).startswith(f"the model endpoint {url} is not answering (2 turns in a row): ")
    again = pickle.loads(pickle.dumps(down.value))  # it crosses from worker processes to the parent
    assert (again.url, again.turns, str(again)) == (url, 2, str(down.value))
    never = OpenAIAgent(env, model="m", base_url=url, max_retries=0, max_failed_turns=None)
    assert [never.act(obs) for _ in range(4)] == [""] * 4


def test_a_reply_resets_the_count_of_failed_turns(server):
    env = omniarena.make(ARENA)
    agent = agent_for(env, server, max_retries=0, max_failed_turns=2)
    obs, _ = env.reset(seed=0)
    server.script.extend([503, "<answer>+</answer>", 503, "<answer>+</answer>", 503])
    assert [agent.act(obs) for _ in range(5)] == ["", "<answer>+</answer>"] * 2 + [""]  # never two in a row


def test_retries_are_logged_as_warnings(server, caplog):
    env = omniarena.make(ARENA)
    agent = agent_for(env, server, max_retries=2)
    server.script.extend([503])
    obs, _ = env.reset(seed=0)
    with caplog.at_level(logging.WARNING, logger="omniarena.agents.openai_agent"):
        assert agent.act(obs) == "<answer>+</answer>"
    (line,) = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert "HTTP 503" in line and "retry 1 of 2" in line


def test_default_max_tokens_caps_a_model_that_never_stops():
    with FakeOpenAIServer(reply=never_stops) as server:
        env = omniarena.make(ARENA)
        obs, _ = env.reset(seed=0)
        agent = agent_for(env, server)
        reply = agent.act(obs)
        assert server.requests[-1]["max_tokens"] == DEFAULT_MAX_TOKENS
        assert len(reply.split()) == DEFAULT_MAX_TOKENS
        assert agent.usage["completion_tokens"] == DEFAULT_MAX_TOKENS and agent.usage["truncated"] == 1
        capped = agent_for(env, server, max_tokens=32)
        assert len(capped.act(obs).split()) == 32 and capped.usage["completion_tokens"] == 32
        # No cap: the model rambles until the client's timeout, which is not sent again.
        unbounded = agent_for(env, server, max_tokens=None, timeout=0.3, max_retries=3)
        before = len(server.requests)
        assert unbounded.act(obs) == ""
        assert "max_tokens" not in server.requests[-1]
        assert len(server.requests) == before + 1 and "Timeout" in unbounded.last_error


def test_stop_at_answer_ends_the_reply_at_its_closing_tag():
    with FakeOpenAIServer(reply=lambda body: never_stops(body, answer="<answer>+</answer>")) as server:
        env = omniarena.make(ARENA)
        obs, _ = env.reset(seed=0)
        agent = agent_for(env, server, max_tokens=64, stop_at_answer=True)
        reply = agent.act(obs)
        assert server.requests[-1]["stop"] == ["</answer>"]
        assert reply.endswith("<answer>+</answer>") and len(reply.split()) == 5  # the tag the server cut is back
        assert agent.usage["truncated"] == 0
        _, _, _, _, info = env.step(reply)
        assert info["action"]["parsed"] == "+" and info["action"]["valid"]
        rambling = agent_for(env, server, max_tokens=64)
        rambling.act(obs)
        assert "stop" not in server.requests[-1] and len(rambling.last_reply.split()) == 64


@pytest.mark.parametrize(
    ("reply", "closed"),
    [
        ("think <answer>up", "think <answer>up</answer>"),
        ("<ANSWER>up", "<ANSWER>up</answer>"),
        ("<answer>up</answer>", "<answer>up</answer>"),
        ("<answer>a</answer> then <answer>b", "<answer>a</answer> then <answer>b</answer>"),
        ("no tags at all", "no tags at all"),
    ],
)
def test_close_answer(reply, closed):
    assert close_answer(reply) == closed


def test_a_reply_cut_at_max_tokens_is_not_closed():
    with FakeOpenAIServer(reply=Turn("<answer>up and", finish_reason="length")) as server:
        env = omniarena.make(ARENA)
        obs, _ = env.reset(seed=0)
        agent = agent_for(env, server, stop_at_answer=True)
        assert agent.act(obs) == "<answer>up and" and agent.usage["truncated"] == 1


def test_a_model_without_images_drops_the_image_once_and_goes_on(caplog):
    with FakeOpenAIServer(reply=text_only()) as server:
        env = omniarena.make(ARENA)
        agent = agent_for(env, server, model="text-only-model")
        assert "image" in agent.system
        with caplog.at_level(logging.WARNING, logger="omniarena.agents.openai_agent"):
            infos = play(env, agent)
            first_episode = len(server.requests)
            # A later agent for the same endpoint and model (the next episode) starts without the image.
            later = agent_for(env, server, model="text-only-model")
            play(env, later)
        warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
        requests = list(server.requests)
    assert len(warnings) == 1 and "takes no images" in warnings[0] and "text only" in warnings[0]
    assert all(info["action"]["valid"] for info in infos)
    assert first_episode == len(infos) + 1  # one step sent twice: with the image, then as text
    assert has_image(requests[0]) and not any(has_image(r) for r in requests[1:])
    assert len([r for r in requests if has_image(r)]) == 1  # one refused request in the whole run
    assert agent.notes == later.notes == {"image_dropped": True}
    assert "image" not in agent.system and "image" not in later.system
    assert agent.usage["failures"] == 0 and agent.usage["errors"] == 1
    assert later.usage["errors"] == 0


@pytest.mark.parametrize(
    "message",
    [
        NO_IMAGES,  # llama.cpp server without a projector
        "The model llama3 does not support images",
        "Qwen/Qwen2.5-0.5B is not a multimodal model",  # vLLM
        "Invalid content type. image_url is only supported by certain models.",
    ],
)
def test_refusals_of_images_are_recognised(server, message):
    env = omniarena.make(ARENA)
    agent = agent_for(env, server, max_retries=0)
    server.script.append(Turn(status=400, message=message))
    obs, _ = env.reset(seed=0)
    assert agent.act(obs) == "<answer>+</answer>"
    assert agent.notes == {"image_dropped": True} and not has_image(server.requests[1])


def test_a_bad_request_about_something_else_keeps_the_image(server):
    env = omniarena.make(ARENA)
    agent = agent_for(env, server, max_retries=3)
    server.script.append(Turn(status=400, message="This model's maximum context length is 4096 tokens"))
    obs, _ = env.reset(seed=0)
    assert agent.act(obs) == ""
    assert len(server.requests) == 1 and agent.include_image and not agent.notes


def test_observe_text_sends_no_blank_image(server):
    env = omniarena.make(ARENA, observe="text")
    agent = agent_for(env, server)
    obs, _ = env.reset(seed=0)
    agent.act(obs)
    assert not has_image(server.requests[0]) and "image" not in agent.system


@pytest.mark.parametrize("history", [0, 2])
def test_history_is_bounded(server, history):
    env = omniarena.make("omniarena/NumberLine-Medium-v0")
    agent = agent_for(env, server, history=history)
    obs, _ = env.reset(seed=1)
    agent.reset()
    texts = []
    for _ in range(5):
        texts.append(obs["text"])
        obs, *_ = env.step(agent.act(obs))
    last = server.requests[-1]["messages"]
    assert len(last) == 1 + 2 * history + 1
    past = last[1:-1]
    assert [m["role"] for m in past] == ["user", "assistant"] * history
    assert [m["content"] for m in past[::2]] == texts[-1 - history : -1]  # past turns as text, no images
    assert all(m["content"] == "<answer>+</answer>" for m in past[1::2])
    agent.reset()
    agent.act(obs)
    assert len(server.requests[-1]["messages"]) == 2


def test_aact_serves_many_envs_through_gather(server):
    envs = [omniarena.make(ARENA) for _ in range(4)]
    agents = [agent_for(env, server) for env in envs]
    observations = [env.reset(seed=seed)[0] for seed, env in enumerate(envs)]
    done = [False] * 4
    steps = 0

    async def replies(indices):
        return await asyncio.gather(*(agents[i].aact(observations[i]) for i in indices))

    while not all(done):
        live = [i for i in range(4) if not done[i]]
        for i, reply in zip(live, asyncio.run(replies(live))):
            observations[i], _, terminated, truncated, info = envs[i].step(reply)
            assert info["action"]["format_ok"]
            done[i] = terminated or truncated
            steps += 1
    assert len(server.requests) == steps
    assert sum(a.usage["requests"] for a in agents) == steps
    assert sum(a.usage["total_tokens"] for a in agents) == steps * (PROMPT_TOKENS + COMPLETION_TOKENS)
    assert all(image_parts(request) for request in server.requests)


def test_aact_retries_and_fails_like_act(server):
    env = omniarena.make(ARENA)
    agent = agent_for(env, server, max_retries=1)
    obs, _ = env.reset(seed=0)
    server.script.extend([500])
    assert asyncio.run(agent.aact(obs)) == "<answer>+</answer>"
    server.script.extend([500, 500])
    assert asyncio.run(agent.aact(obs)) == ""
    assert agent.usage == {**agent.usage, "requests": 4, "errors": 3, "failures": 1}


def test_environment_variables_configure_the_endpoint(server, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", server.url)
    monkeypatch.setenv("OPENAI_API_KEY", "from-env")
    monkeypatch.setenv("OPENAI_MODEL", "env-model")
    env = omniarena.make(ARENA)
    agent = make_agent("openai", env)
    assert isinstance(agent, OpenAIAgent)
    obs, _ = env.reset(seed=0)
    assert agent.act(obs) == "<answer>+</answer>"
    assert server.headers[0]["authorization"] == "Bearer from-env"
    assert server.requests[0]["model"] == "env-model"


def test_make_agent_spec_names_the_model(server):
    env = omniarena.make(ARENA)
    agent = make_agent("openai:my-model", env, base_url=server.url)
    obs, _ = env.reset(seed=0)
    agent.act(obs)
    assert server.requests[0]["model"] == "my-model"
    assert server.headers[0]["authorization"] == "Bearer EMPTY"


def test_native_mode_is_refused():
    env = omniarena.make(ARENA, action_mode="native")
    with pytest.raises(ValueError, match="action_mode='text'"):
        OpenAIAgent(env, model="m", base_url="http://127.0.0.1:9/v1")


def test_missing_openai_package_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "openai", None)
    env = omniarena.make(ARENA)
    with pytest.raises(DependencyNotInstalled, match=r"omniarena\[llm\]"):
        OpenAIAgent(env, model="m")
