"""`omniarena play` and `omniarena watch` on the command line: what opens the app and what is a mistake."""

from __future__ import annotations

import pytest

from omniarena.cli import main


@pytest.mark.parametrize(
    "argv",
    [
        ["play", "--plain"],  # the line mode needs an arena
        ["watch", "--arena", "omniarena/2048-v0", "--agent", "random", "--vs", "random"],
        ["watch", "--arena", "omniarena/Nope-v0", "--agent", "random"],
        ["watch", "--arena", "omniarena/2048-v0", "--agent", "human"],  # watching is for agents
        ["watch", "--arena", "omniarena/2048-v0", "--agent", "random", "--speed", "0"],
        ["watch", "--arena", "omniarena/2048-v0"],
    ],
)
def test_mistakes_are_one_line(argv, capsys) -> None:
    assert main(argv) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("omniarena: error: "), lines


@pytest.fixture
def terminal(monkeypatch):
    """Standard input and output are a terminal; the apps record how they were opened instead of running."""
    import omniarena.cli
    import omniarena.tui.app as app

    opened: list[tuple[str, tuple, dict]] = []
    monkeypatch.setattr(omniarena.cli, "interactive", lambda: True)
    monkeypatch.setattr(app, "play", lambda *a, **k: opened.append(("play", a, k)))
    monkeypatch.setattr(app, "watch", lambda *a, **k: opened.append(("watch", a, k)))
    return opened


def test_play_opens_the_app_with_its_options_and_watch_with_the_agents(terminal) -> None:
    assert main(["play", "--arena", "omniarena/ConnectFour-v0", "--vs", "scripted", "--seed", "3"]) == 0
    assert main(["play"]) == 0  # the picker
    argv = ["watch", "--arena", "omniarena/ConnectFour-v0", "--agent", "scripted", "--speed", "4", "--paused"]
    assert main(argv) == 0
    (kind, args, kwargs), (_, picker, _), (watch_kind, watch_args, watch_kwargs) = terminal
    assert kind == "play" and args == ("omniarena/ConnectFour-v0",) and kwargs["vs"] == "scripted"
    assert kwargs["seed"] == 3 and picker == (None,)
    assert watch_kind == "watch" and watch_args == ("omniarena/ConnectFour-v0", "scripted")
    assert watch_kwargs["speed"] == 4.0 and watch_kwargs["paused"] and watch_kwargs["vs"] is None


def test_without_textual_the_app_names_the_extra(capsys, monkeypatch, terminal) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "textual" else real(name, *a))
    assert main(["play", "--arena", "omniarena/2048-v0"]) == 2
    assert 'pip install "omniarena[tui]"' in capsys.readouterr().err
    assert not terminal
