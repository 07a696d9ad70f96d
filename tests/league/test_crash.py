"""Crash safety: a tournament killed with SIGKILL resumes to exactly the planned matches; a dying worker is
replaced and its match re-queued."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from conftest import C4

from omniarena.cli import main
from omniarena.league.config import load_config
from omniarena.league.schedulers import make_scheduler
from omniarena.league.store import Store
from omniarena.league.tournament import run_tournament

sys.path.insert(0, str(Path(__file__).parent))  # league_agents, also for spawned workers

ROOT = Path(__file__).resolve().parents[2]
CONFIG = f"""
name = "crash"
seed = 4
[scheduler]
kind = "round-robin"
games_per_pair = 4
[[arenas]]
id = "{C4}"
[[agents]]
name = "random"
spec = "random"
[[agents]]
name = "d2"
spec = "scripted"
args = {{ depth = 2, randomize = true }}
[[agents]]
name = "d3"
spec = "scripted"
args = {{ depth = 3, randomize = true }}
[[agents]]
name = "d1"
spec = "scripted"
args = {{ depth = 1, randomize = true }}
"""


def _stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=5) as raw:
            return int(raw.execute("SELECT COUNT(*) FROM matches").fetchone()[0])
    except sqlite3.OperationalError:  # the table is not created yet
        return 0


def test_a_tournament_killed_with_sigkill_resumes_with_no_match_lost_or_duplicated(tmp_path: Path, capsys) -> None:
    config, db = tmp_path / "crash.toml", tmp_path / "crash.sqlite"
    config.write_text(CONFIG, encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "omniarena",
        "tournament",
        "run",
        str(config),
        "--db",
        str(db),
        "--workers",
        "2",
        "--no-progress",
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 120
        while _stored(db) < 5 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert process.poll() is None, f"the run ended before it could be killed: {process.stderr.read().decode()}"
        os.killpg(process.pid, signal.SIGKILL)  # the runner and its workers, mid-run
        process.wait(30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    killed_at = _stored(db)
    assert 5 <= killed_at < 24, killed_at

    assert main(["tournament", "run", str(config), "--db", str(db), "--workers", "2", "--no-progress"]) == 0
    capsys.readouterr()
    assert main(["tournament", "report", str(db), "--json", "--bootstrap", "20"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["planned"] == report["played"] == 24
    with Store(db) as store:
        keys = [r["key"] for r in store.results()]
        plan = {m.key for m in make_scheduler(load_config(config)).plan({})}
    assert len(keys) == len(set(keys)) == 24 and set(keys) == plan
    assert sum(row["games"] for row in report["leaderboard"]) == 2 * 24


def test_a_worker_that_dies_is_replaced_and_its_match_requeued(tmp_path: Path) -> None:
    marker = tmp_path / "killed-once"
    config = load_config(
        {
            "scheduler": {"kind": "round-robin", "games_per_pair": 4},
            "arenas": [{"id": "omniarena/RockPaperScissors-v0", "args": {"rounds": 3}}],
            "agents": [
                {"name": "random", "spec": "random"},
                {"name": "freq", "spec": "scripted"},
                {"name": "killer", "spec": "league_agents:KillsItsWorker", "args": {"marker": str(marker)}},
            ],
        }
    )
    summary = run_tournament(config, tmp_path / "w.sqlite", workers=2)
    assert marker.exists()  # a worker did die
    assert summary.failed == 0 and summary.played == summary.planned == 12


def test_ctrl_c_stops_cleanly_and_the_next_run_finishes(tmp_path: Path, capsys) -> None:
    config, db = tmp_path / "c.toml", tmp_path / "c.sqlite"
    config.write_text(CONFIG, encoding="utf-8")
    command = [sys.executable, "-m", "omniarena", "tournament", "run", str(config), "--db", str(db), "--no-progress"]
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 120
        while _stored(db) < 3 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert process.poll() is None, "the run ended before Ctrl-C"
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal sends
        assert process.wait(60) == 130
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert "interrupted" in process.stderr.read().decode()
    assert 3 <= _stored(db) < 24
    assert main(["tournament", "run", str(config), "--db", str(db), "--no-progress"]) == 0
    assert _stored(db) == 24
