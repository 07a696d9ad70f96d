"""`omniarena tournament run/report`: the example config, JSON, CSV, plots, and the HTML page in real Chromium."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import C4, RPS

from omniarena.cli import main

ROOT = Path(__file__).resolve().parents[2]
CONFIG = f"""
name = "cli"
seed = 2
[scheduler]
kind = "round-robin"
games_per_pair = 2
[[arenas]]
id = "{C4}"
[[arenas]]
id = "{RPS}"
args = {{ rounds = 3 }}
[[agents]]
name = "random"
spec = "random"
[[agents]]
name = "expert"
spec = "scripted"
args = {{ depth = 2 }}
arenas = ["{C4}"]
[[agents]]
name = "freq"
spec = "scripted"
arenas = ["{RPS}"]
"""


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    (folder / "t.toml").write_text(CONFIG, encoding="utf-8")
    assert main(["tournament", "run", str(folder / "t.toml"), "--db", str(folder / "t.sqlite"), "--no-progress"]) == 0
    return folder


def test_run_prints_the_leaderboard_and_a_rerun_plays_nothing(played: Path, capsys) -> None:
    assert main(["tournament", "run", str(played / "t.toml"), "--db", str(played / "t.sqlite"), "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "0 matches played now, 4 stored of 4 planned" in out
    assert re.search(r"│ 1\s+│ expert", out) and "omniarena/ConnectFour-v0" in out


def test_report_json_has_planned_played_and_the_leaderboard(played: Path, capsys) -> None:
    assert main(["tournament", "report", str(played / "t.sqlite"), "--json", "--bootstrap", "20"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["planned"] == report["played"] == 4
    rows = {row["agent"]: row for row in report["leaderboard"]}
    assert set(rows) == {"random", "expert", "freq"}
    for row in rows.values():
        assert {"agent", "rating", "ci_low", "ci_high", "games", "wins", "draws", "losses"} <= set(row)
        assert row["ci_low"] <= row["rating"] <= row["ci_high"]
        assert row["wins"] + row["draws"] + row["losses"] == row["games"] == (4 if row["agent"] == "random" else 2)
    assert rows["expert"]["wins"] == 2  # depth 2 never loses to random in two games
    assert set(report["arenas"]) == {C4, RPS}
    assert report["arenas"][C4]["support"] == ["expert"]
    c4 = report["arenas"][C4]
    assert c4["agents"] == ["random", "expert"] and c4["matrix"][1][0] == 1.0
    assert c4["openskill_win_probability"][1][0] > 0.5 > c4["openskill_win_probability"][0][1]


def test_report_writes_csv_plots_and_an_html_page_chromium_shows(played: Path, capsys) -> None:
    html, table = played / "report.html", played / "board.csv"
    args = ["tournament", "report", str(played / "t.sqlite"), "--plots", str(played / "plots"), "--csv", str(table)]
    assert main([*args, "--html", str(html), "--bootstrap", "20"]) == 0
    assert (played / "plots" / "payoff.png").stat().st_size > 1000
    assert (played / "plots" / "ratings.png").stat().st_size > 1000
    rows = list(csv.DictReader(table.open(encoding="utf-8")))
    assert [r["agent"] for r in rows if r["arena"] == "all"][0] == "expert" and len(rows) == 3 + 2 + 2
    gifs = sorted((played / "report_recordings").rglob("*.gif"))
    assert len(gifs) == 2
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "the HTML report test needs Debian's chromium (make test installs it)"
    dom = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", html.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    board = dom[dom.index('id="leaderboard"') : dom.index("</table>", dom.index('id="leaderboard"'))]
    names = re.findall(r'<td class="name">([^<]+)</td>', board)
    assert names == [r["agent"] for r in rows if r["arena"] == "all"]
    assert dom.count("data:image/png;base64,") == 2
    for gif in gifs:
        assert gif.relative_to(played).as_posix() in dom


def test_report_of_a_missing_db_is_a_usage_error(tmp_path: Path, capsys) -> None:
    assert main(["tournament", "report", str(tmp_path / "none.sqlite")]) == 2
    assert "no such results database" in capsys.readouterr().err


def test_run_with_a_bad_config_is_a_usage_error(tmp_path: Path, capsys) -> None:
    (tmp_path / "bad.toml").write_text('[[arenas]]\nid = "omniarena/ConnectFour-v0"\n', encoding="utf-8")
    assert main(["tournament", "run", str(tmp_path / "bad.toml"), "--db", str(tmp_path / "x.sqlite")]) == 2
    assert "needs at least one [[agents]]" in capsys.readouterr().err


def test_the_shipped_example_config_loads() -> None:
    from omniarena.league.config import load_config
    from omniarena.league.schedulers import make_scheduler

    config = load_config(ROOT / "examples" / "tournament.toml")
    assert make_scheduler(config).planned() == 36
