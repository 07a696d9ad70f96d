"""`omniarena ladder`: the climb's rules, its report, resuming from the episodes file, refusing another ladder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from omniarena.cli import main
from omniarena.league.ladder import LadderMismatch, _climb_state, ladder_report, run_ladder

SHORT = {"round_seconds": 3}  # short rounds: a random agent's match is a few dozen moves


def _episode(rung: int, result: str) -> dict:
    return {"rung": rung, "result": result, "opponent": f"cpu{rung}", "invalid": 0, "steps": 1}


def test_climb_wins_climb_a_loss_or_draw_ends_the_run_and_rung_12_is_a_clear() -> None:
    clear = [_episode(r, "win") for r in range(1, 13)]
    episodes = [_episode(1, "win"), _episode(2, "loss"), *clear, _episode(1, "draw"), _episode(1, "win")]
    assert _climb_state(episodes) == (3, 2)  # three runs over; the fourth is on rung 2
    report = ladder_report(episodes)
    assert report["rungs_beaten"] == [1, 12, 0]
    assert report["clears"] == 1 and report["full_clear_rate"] == pytest.approx(1 / 3)
    assert report["best"] == 12
    assert [r["played"] for r in report["rungs"]][:3] == [4, 2, 1]
    assert report["rungs"][0]["win_rate"] == pytest.approx(3 / 4)


def test_resume_continues_the_climb_and_refuses_another_ladder(tmp_path: Path) -> None:
    out = tmp_path / "ladder.jsonl"
    first = run_ladder("random", runs=1, seed=5, env_kwargs=SHORT, out=out)
    assert first["runs"] == 1 and first["episodes"] >= 1
    assert first["rungs"][0]["opponent"].startswith("Tomas")
    again = run_ladder("random", runs=1, seed=5, env_kwargs=SHORT, out=out)
    assert again["episodes"] == first["episodes"]  # nothing replayed
    with out.open("a") as handle:
        handle.write('{"episode": 9, "rung"')  # a run killed mid-write leaves a torn line
    more = run_ladder("random", runs=2, seed=5, env_kwargs=SHORT, out=out)
    assert more["runs"] == 2
    lines = out.read_text().splitlines()
    episodes = [json.loads(line) for line in lines[1:]]  # the torn line is gone, every line is whole
    assert [e["seed"] for e in episodes] == list(range(5, 5 + more["episodes"]))
    fresh = run_ladder("random", runs=2, seed=5, env_kwargs=SHORT)  # the same seeds give the same ladder
    assert fresh["rungs_beaten"] == more["rungs_beaten"]
    with pytest.raises(LadderMismatch, match="agent"):
        run_ladder("scripted", runs=1, seed=5, env_kwargs=SHORT, out=out)
    with pytest.raises(ValueError, match="not a fighting ladder"):
        run_ladder("random", arena="omniarena/ConnectFour-v0")


def test_cli_ladder_prints_a_json_report(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["ladder", "--agent", "random", "--difficulty", "1", "--json", "--out", str(tmp_path / "l.jsonl")])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert report["ladder"]["agent"] == "random" and report["ladder"]["env_args"] == {"difficulty": 1.0}
    assert report["runs"] == 1 and len(report["rungs"]) == 12
    assert main(["ladder", "--agent", "random", "--difficulty", "1", "--out", str(tmp_path / "l.jsonl")]) == 0
    assert "re-running the same command resumes it" in capsys.readouterr().out
