"""The Textual app through its pilot (``App.run_test``): keys, typed replies, the picker, watching, the dashboard."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("textual")

from support import run_async  # noqa: E402
from textual.widgets import DataTable, Input, Select, Static  # noqa: E402

import omniarena  # noqa: E402
from omniarena.core.registry import ArenaInfo  # noqa: E402
from omniarena.tui.app import ArenaApp  # noqa: E402
from omniarena.tui.dashboard import (  # noqa: E402
    DashboardApp,
    LeagueMissing,
    MatchRow,
    Standing,
    TournamentSnapshot,
    league_feed,
)
from omniarena.tui.image import ArenaImage  # noqa: E402
from omniarena.tui.picker import PickerScreen  # noqa: E402
from omniarena.tui.play import PlayScreen, WatchScreen  # noqa: E402
from omniarena.tui.widgets import EpisodeLog  # noqa: E402

SIZE = (180, 44)  # wide enough that no log line of these tests wraps


def run(coroutine) -> None:
    run_async(coroutine)


def shown(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def log_lines(app) -> list[str]:
    return app.screen.query_one(EpisodeLog).lines


async def settle(app, pilot) -> None:
    """Let agent moves (a worker thread) finish and the screen catch up."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def test_arrow_keys_play_2048_to_a_known_board() -> None:
    moves = ["left", "up", "down"]
    env = omniarena.make("omniarena/2048-v0")
    obs, _ = env.reset(seed=1)
    for move in moves:
        obs, *_ = env.step(move)

    async def play() -> None:
        app = ArenaApp("omniarena/2048-v0", seed=1)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            assert isinstance(app.screen, PlayScreen)
            for key in moves:
                await pilot.press(key)
                await settle(app, pilot)
            text = shown(app, "#observation")
            assert text == obs["text"]
            assert "   4    2    .    2" in text and "Score: 4." in text  # the board seed 1 reaches
            assert np.array_equal(app.screen.query_one(ArenaImage).image, obs["image"])
            assert "step 3" in shown(app, "#status") and "return +4" in shown(app, "#status")
            assert [line.split()[-2] for line in log_lines(app)[1:]] == moves

    run(play())


def test_a_malformed_reply_shows_its_error_live_and_the_episode_goes_on() -> None:
    async def play() -> None:
        app = ArenaApp("omniarena/2048-v0", seed=1)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await pilot.press(*"sideways")
            await pilot.pause()
            preview = app.screen.query_one("#preview", Static).render()
            assert "'sideways' is not an action" in str(preview)
            assert any("red" in str(span.style) for span in preview.spans)
            await pilot.press("enter")
            await settle(app, pilot)
            assert app.session is not None and not app.session.done
            assert "invalid: 'sideways' is not an action" in log_lines(app)[-1]
            assert app.screen.query_one(Input).value == ""
            await pilot.press(*"<answer>up</answer>")
            await pilot.pause()
            preview = app.screen.query_one("#preview", Static).render()
            assert str(preview).endswith("up") and any("green" in str(span.style) for span in preview.spans)
            await pilot.press("enter")
            await settle(app, pilot)
            assert app.session.episode.log[-1].parsed == "up" and app.session.episode.steps == 2

    run(play())


def test_connect_four_against_the_expert_shows_its_reply_and_waits_for_the_person() -> None:
    async def play() -> None:
        app = ArenaApp("omniarena/ConnectFour-v0", vs="scripted", seed=0)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            assert "your move" in shown(app, "#status")
            await pilot.press("4", "enter")
            await settle(app, pilot)
            lines = log_lines(app)
            assert "player_0 (you) 4 → column 4" in lines[-2]
            assert "player_1 (scripted) column" in lines[-1]
            assert "your move" in shown(app, "#status")
            assert app.screen.query_one("#text").border_title == "what player_0 sees"

    run(play())


def test_rock_paper_scissors_reveals_both_replies_of_a_round() -> None:
    async def play() -> None:
        app = ArenaApp("omniarena/RockPaperScissors-v0", vs="random", seed=0)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await pilot.press(*"rock", "enter")
            await settle(app, pilot)
            lines = log_lines(app)
            assert "player_0 (you) rock" in lines[-2] and "player_1 (random)" in lines[-1]
            assert app.session.waits_for_human and app.session.episode.steps == 2

    run(play())


def test_the_picker_filters_by_domain_and_word_and_switches_arenas(monkeypatch) -> None:
    other = ArenaInfo(id="someone/Maze-v0", entry_point="x:y", domain="elsewhere", description="a maze elsewhere")
    registered = omniarena.list_arenas()
    monkeypatch.setattr(omniarena, "list_arenas", lambda: [*registered, other])  # a plugin's second domain

    async def play() -> None:
        app = ArenaApp()
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            picker = app.screen
            assert isinstance(picker, PickerScreen)
            assert len(picker.shown) == len(registered) + 1
            picker.query_one(Select).value = "elsewhere"
            await pilot.pause()
            assert [a.id for a in picker.shown] == ["someone/Maze-v0"]
            picker.query_one(Select).value = "games"
            await pilot.pause()
            picker.query_one("#search", Input).value = "2048 on a 4x4"
            await pilot.pause()
            assert {a.id for a in picker.shown} == {"omniarena/2048-v0", "omniarena/2048-Easy-v0"}
            picker.query_one(DataTable).focus()
            await pilot.press("enter")
            await settle(app, pilot)
            assert isinstance(app.screen, PlayScreen) and app.session.info.id == picker.shown[0].id
            first = app.session
            await pilot.press("escape")
            await settle(app, pilot)
            assert app.screen is picker and first._closed
            picker.query_one("#search", Input).value = "connect four"
            await pilot.pause()
            picker.query_one(DataTable).focus()
            await pilot.press("enter")
            await settle(app, pilot)
            assert app.session.info.id == "omniarena/ConnectFour-v0"

    run(play())


def test_watch_pauses_single_steps_and_changes_speed() -> None:
    async def play() -> None:
        app = ArenaApp("omniarena/ConnectFour-v0", agent="scripted", vs="random", seed=2, paused=True, speed=1.0)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            screen = app.screen
            assert isinstance(screen, WatchScreen) and screen.paused
            assert app.session.episode.steps == 0 and "paused" in shown(app, "#status")
            await pilot.press("n")
            await settle(app, pilot)
            assert app.session.episode.steps == 1
            await pilot.press("n")
            await settle(app, pilot)
            assert app.session.episode.steps == 2
            assert [line.split()[1] for line in log_lines(app)[1:]] == ["player_0", "player_1"]
            await pilot.press("plus")
            assert screen.speed == 2.0
            await pilot.press("minus", "minus")
            assert screen.speed == 0.5

    run(play())


def test_the_dashboard_says_the_league_is_missing_and_shows_a_feed(monkeypatch) -> None:
    import omniarena.league

    monkeypatch.delattr(omniarena.league, "tui_feed")  # a league of a version without the dashboard's feed
    with pytest.raises(LeagueMissing) as missing:
        league_feed()
    message = str(missing.value)

    class Feed:
        def snapshot(self) -> TournamentSnapshot:
            return TournamentSnapshot(
                name="demo",
                running=[MatchRow("m3", "omniarena/ConnectFour-v0", ("scripted", "random"), seed=3, moves=7)],
                finished=[MatchRow("m1", "omniarena/ConnectFour-v0", ("random", "scripted"), 1, "player_1 wins")],
                standings=[Standing("scripted", 1530.0, 2, 2, 0, 0, 1490.0, 1570.0), Standing("random", 1470.0, 2)],
                done=2,
                total=6,
                rating="Elo",
            )

    async def play() -> None:
        app = DashboardApp(None, message)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert "omniarena.league" in shown(app, "#message")
        app = DashboardApp(Feed())
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            standings = app.screen.query_one("#standings", DataTable)
            assert standings.row_count == 2 and standings.get_row_at(0)[1] == "scripted"
            assert standings.get_row_at(0)[3] == "1490..1570"
            assert app.screen.query_one("#running", DataTable).get_row_at(0)[4] == "7"
            assert "2/6 matches done" in shown(app, "#progress")

    run(play())


def test_the_dashboard_follows_a_live_league_run_through_tui_feed(tmp_path) -> None:
    import threading

    from omniarena.league.config import load_config
    from omniarena.league.tournament import run_tournament

    config = load_config(
        {
            "name": "live",
            "scheduler": {"kind": "round-robin", "games_per_pair": 2},
            "arenas": [{"id": "omniarena/RockPaperScissors-v0", "args": {"rounds": 1}}],
            "agents": [
                {"name": "a", "spec": "random"},
                {"name": "b", "spec": "scripted"},
                {"name": "c", "spec": "random"},
            ],
        }
    )
    feed = league_feed(config)
    gate = threading.Event()
    seen: list[int] = []

    def started(ordinal, match, inner=feed.started) -> None:
        inner(ordinal, match)
        seen.append(ordinal)
        if ordinal == 0:
            gate.wait(30)  # hold the first match until the dashboard has shown it running

    feed.started = started
    runner = threading.Thread(target=lambda: (run_tournament(config, tmp_path / "t.sqlite", watch=feed), feed.end()))

    async def play() -> None:
        app = DashboardApp(feed)
        async with app.run_test(size=SIZE) as pilot:
            runner.start()
            while not seen:
                await pilot.pause(0.05)
            app.screen.poll()
            await settle(app, pilot)
            running = app.screen.query_one("#running", DataTable)
            assert running.row_count == 1 and running.get_row_at(0)[0] == "#0"
            gate.set()
            runner.join(60)
            app.screen.poll()
            await settle(app, pilot)
            assert "6/6 matches done, finished" in shown(app, "#progress")
            standings = app.screen.query_one("#standings", DataTable)
            assert sorted(standings.get_row_at(i)[1] for i in range(3)) == ["a", "b", "c"]
            assert sum(int(standings.get_row_at(i)[4]) for i in range(3)) == 12  # 6 games, two seats each
            assert app.screen.query_one("#finished", DataTable).row_count == 6

    run(play())


def test_fight_keys_play_the_fighting_ladder_and_f7_switches_to_typing() -> None:
    async def play() -> None:
        app = ArenaApp("omniarena/FightLadder-v0", seed=1)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            for key in ("right", "z", "1", "end"):
                await pilot.press(key)
                await settle(app, pilot)
            assert [line.split(") ")[-1].split("  ")[0] for line in log_lines(app)[-4:]] == [
                "forward",
                "light punch",
                "fireball",
                "crouch back",
            ]
            await pilot.press("f7")
            await pilot.press(*"jump")
            await settle(app, pilot)
            assert app.screen.query_one(Input).value == "jump"  # typed, not played
            assert app.screen.session.episode.steps == 4

    run(play())


def test_watching_a_model_agent_shows_its_raw_reply_and_what_it_parsed_to(monkeypatch) -> None:
    import sys
    from pathlib import Path

    pytest.importorskip("openai")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "agents"))
    from fake_openai_server import FakeOpenAIServer

    for name in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "OPENAI_MODEL"):
        monkeypatch.delenv(name, raising=False)
    reply = "The target is to the right.\nSo I step right. <answer>+</answer>"

    async def play(url: str) -> None:
        app = ArenaApp(
            "omniarena/NumberLine-v0", agent="openai:m", agent_kwargs={"base_url": url, "max_retries": 0}, paused=True
        )
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await pilot.press("n")
            await settle(app, pilot)
            (line,) = log_lines(app)[1:2]
            assert "(openai:m) The target is to the right. ⏎ So I step right. <answer>+</answer> → +" in line
            assert app.session.episode.log[0].reply == reply

    with FakeOpenAIServer(reply=reply) as server:
        run(play(server.url))
