"""OpenAIAgent through the evaluation runner and the CLI: an endpoint that is down stops the run, agent
arguments reach the agent, notes and token usage reach the records and the table (127.0.0.1 only)."""

from __future__ import annotations

import json
import multiprocessing
import socket
import threading

import pytest
from fake_openai_server import FakeOpenAIServer, Turn, has_image, text_only

from omniarena.agents import EndpointDown
from omniarena.cli import main
from omniarena.tasks import evaluate, load_records

ARENA = "omniarena/NumberLine-v0"
ANSWER = "<answer>+</answer>"


@pytest.fixture(autouse=True)
def _no_openai_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "OPENAI_MODEL"):
        monkeypatch.delenv(name, raising=False)


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


class GoesDown:
    """Answers ``ANSWER`` until ``fail()``, then HTTP 503 to everything."""

    def __init__(self) -> None:
        self.down = threading.Event()

    def __call__(self, body: dict) -> str | Turn:
        return Turn(status=503, message="overloaded") if self.down.is_set() else ANSWER


def test_an_endpoint_that_goes_down_stops_evaluate_and_its_episode_is_not_stored(tmp_path) -> None:
    out = tmp_path / "eval.jsonl"
    behaviour = GoesDown()
    with FakeOpenAIServer(reply=behaviour) as server:
        args = {"base_url": server.url, "max_retries": 0}
        (first,) = evaluate(ARENA, "openai:m", episodes=1, out=out, progress=False, agent_kwargs=args)
        assert first["error"] is None and first["agent_kwargs"] == args
        behaviour.down.set()
        with pytest.raises(EndpointDown) as down:
            evaluate(ARENA, "openai:m", episodes=3, out=out, progress=False, agent_kwargs=args)
        assert down.value.url == server.url and down.value.turns == 3 and "503" in down.value.last_error
        assert [r["seed"] for r in load_records(out)] == [0]  # seed 1 was cut short: no record
        behaviour.down.clear()
        again = evaluate(ARENA, "openai:m", episodes=3, out=out, progress=False, agent_kwargs=args)
    assert [r["seed"] for r in again] == [0, 1, 2] and all(r["error"] is None for r in again)
    assert sorted(r["seed"] for r in load_records(out)) == [0, 1, 2]  # each once: seed 1 played again


def test_an_unreachable_endpoint_stops_the_workers_too(tmp_path) -> None:
    out = tmp_path / "eval.jsonl"
    args = {"base_url": closed_port_url(), "max_retries": 0, "max_failed_turns": 2}
    with pytest.raises(EndpointDown, match="is not answering"):
        evaluate(ARENA, "openai:m", episodes=4, workers=2, out=out, progress=False, agent_kwargs=args)
    assert load_records(out) == []
    assert multiprocessing.active_children() == []


def test_the_cli_reports_an_endpoint_that_is_down_in_one_line(tmp_path, capsys) -> None:
    url = closed_port_url()
    out = tmp_path / "eval.jsonl"
    argv = ["eval", "--arena", ARENA, "--agent", "openai:m", "--episodes", "2", "--no-progress", "--out", str(out)]
    argv += ["--agent-arg", f"base_url={url}", "--agent-arg", "max_retries=0"]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith(f"omniarena: error: the model endpoint {url} is not answering (3 turns in a row): ")
    assert "Traceback" not in "\n".join(err) and load_records(out) == []


def test_agent_arguments_reach_the_agent_and_usage_reaches_the_table(tmp_path, capsys) -> None:
    out = tmp_path / "eval.jsonl"
    with FakeOpenAIServer() as server:
        argv = ["eval", "--arena", ARENA, "--agent", "openai:m", "--episodes", "2", "--no-progress"]
        argv += ["--out", str(out), "--max-steps", "3", "--agent-arg", f"base_url={server.url}"]
        argv += ["--agent-arg", "max_tokens=77", "--agent-arg", "include_image=false", "--agent-arg", "api_key=sk-1"]
        assert main(argv) == 0
        requests = list(server.requests)
    table = capsys.readouterr().out
    assert {r["max_tokens"] for r in requests} == {77} and not any(has_image(r) for r in requests)
    assert "tokens/move" in table and "11/3" in table  # the fake server's prompt/completion tokens
    records = load_records(out)
    assert all(r["steps"] <= 3 and r["env_kwargs"] == {"max_steps": 3} for r in records)
    assert records[0]["agent_kwargs"] == {
        "base_url": server.url,
        "max_tokens": 77,
        "include_image": False,
        "api_key": "<hidden>",
    }
    assert "sk-1" not in out.read_text()
    # The same arguments resume (the hidden key included); other arguments are other episodes.
    assert main(argv) == 0
    assert len(load_records(out)) == 2


def test_a_dropped_image_is_noted_in_every_record(tmp_path) -> None:
    with FakeOpenAIServer(reply=text_only(ANSWER)) as server:
        records = evaluate(
            ARENA, "openai:m", episodes=2, progress=False, agent_kwargs={"base_url": server.url, "max_retries": 0}
        )
        refused = [r for r in server.requests if has_image(r)]
    assert len(refused) == 1  # the second episode's agent started text-only
    assert [r["notes"] for r in records] == [{"image_dropped": True}] * 2
    assert all(r["error"] is None and r["valid"] == r["steps"] for r in records)


def test_run_shows_whole_replies_unless_moves_only(capsys) -> None:
    thinking = "Let me think step by step.\n" + "The target is to the right, so " * 8 + "I move right.\n" + ANSWER
    with FakeOpenAIServer(reply=thinking) as server:
        argv = ["run", "--arena", ARENA, "--agent", "openai:m", "--max-steps", "2"]
        argv += ["--agent-arg", f"base_url={server.url}"]
        assert main(argv) == 0
        whole = capsys.readouterr().out
        assert main([*argv, "--moves-only"]) == 0
        short = capsys.readouterr().out
    assert "I move right." in whole and f"replies ({len(thinking)} characters)" in whole
    assert "I move right." not in short and "[  1] 'Let me think" in short


def test_vs_arguments_reach_the_opponent(tmp_path) -> None:
    out = tmp_path / "eval.jsonl"
    arena = "omniarena/ConnectFour-v0"
    shallow = evaluate(arena, "random", episodes=2, vs="scripted", out=out, progress=False, vs_kwargs={"depth": 1})
    assert [r["vs_kwargs"] for r in shallow] == [{"depth": 1}] * 2
    default = evaluate(arena, "random", episodes=2, vs="scripted", out=out, progress=False)
    assert all("vs_kwargs" not in r for r in default)
    assert len(load_records(out)) == 4  # vs arguments are part of the resume key
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert sum("vs_kwargs" in line for line in lines) == 2
