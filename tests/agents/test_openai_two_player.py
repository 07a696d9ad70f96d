"""OpenAIAgent in a two-player arena: one seat each, the evaluation runner, a local fake server."""

from __future__ import annotations

import re

import pytest
from fake_openai_server import FakeOpenAIServer

from omniarena.tasks import evaluate

ARENA = "omniarena/ConnectFour-v0"


def first_legal_column(body: dict) -> str:
    """Answer like a model that reads the legal moves from the observation text."""
    content = body["messages"][-1]["content"]
    text = content if isinstance(content, str) else " ".join(p.get("text", "") for p in content)
    legal = re.findall(r"Legal moves: ([^\n]*)", text)[-1]
    return f"I'll take the first legal move. <answer>{legal.split(',')[0].strip().rstrip('.')}</answer>"


@pytest.mark.parametrize("vs", ["random", "scripted"])
def test_openai_agent_plays_both_seats_of_connect_four(monkeypatch: pytest.MonkeyPatch, vs: str) -> None:
    with FakeOpenAIServer(reply=first_legal_column) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        monkeypatch.setenv("OPENAI_API_KEY", "test-key")
        records = evaluate(ARENA, "openai:fake-vlm", episodes=2, seed=0, vs=vs, progress=False)
        requests = list(server.requests)
    assert [r["seat"] for r in records] == ["player_0", "player_1"]  # seats swap every other game
    for record in records:
        assert record["error"] is None
        assert record["steps"] > 0 and record["format_ok"] == record["steps"] == record["valid"]
    assert len(requests) == sum(r["steps"] for r in records)  # one request per move of its own seat
    system = requests[0]["messages"][0]["content"]
    assert "column 1" in system and "<answer>" in system  # the prompt carries the action set
    seats = {"You are Red" in str(req["messages"][-1]["content"]) for req in requests}
    assert seats == {True, False}  # it saw the board from each colour's point of view
    if vs == "scripted":
        assert all(r["return"] < 1 for r in records)  # "first legal column" never beats minimax
