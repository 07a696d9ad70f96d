"""Smoke tests of every CLI verb through main(argv), plus the real entry point once."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from omniarena.cli import demo_arenas, family, main
from omniarena.tasks import load_records

ARENA = "omniarena/NumberLine-v0"


def test_list_json_and_table(capsys) -> None:
    assert main(["list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    ids = {entry["id"] for entry in listed}
    assert ARENA in ids and all(entry["installed"] in (True, False) for entry in listed)
    assert main(["list", "--domain", "games"]) == 0
    assert ARENA in capsys.readouterr().out


def test_run_prints_moves_and_return(tmp_path, capsys) -> None:
    assert main(["run", "--arena", ARENA, "--agent", "scripted", "--seed", "0", "--record", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Target" in out and "[  1]" in out and "return +1" in out and "success" in out
    assert list(tmp_path.rglob("seed0.gif")) and list(tmp_path.rglob("seed0.jsonl"))


def test_run_native(capsys) -> None:
    assert main(["run", "--arena", ARENA, "--agent", "random", "--seed", "1", "--native"]) == 0
    assert "return" in capsys.readouterr().out


def test_eval_prints_the_table_and_writes_jsonl(tmp_path, capsys) -> None:
    out = tmp_path / "eval.jsonl"
    argv = ["eval", "--arena", ARENA, "--agent", "scripted", "--episodes", "3", "--out", str(out), "--no-progress"]
    assert main([*argv, "--invalid", "noop"]) == 0
    text = capsys.readouterr().out
    assert "NumberLine" in text and "100.0%" in text
    assert [r["seed"] for r in load_records(out)] == [0, 1, 2]


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "--arena", "omniarena/NoSuchGame-v0", "--agent", "random"],
        ["eval", "--arena", ARENA, "--agent", "bogus", "--episodes", "2", "--no-progress"],
        ["eval", "--arena", ARENA, "--agent", "random", "--vs", "random", "--episodes", "2", "--no-progress"],
        ["eval", "--arena", ARENA, "--agent", "random", "--invalid", "sometimes", "--episodes", "2", "--no-progress"],
        ["eval", "--arena", ARENA, "--agent", "random", "--episodes", "0", "--no-progress"],
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(argv, capsys) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("omniarena: error: ")
    assert "Traceback" not in captured.err


def test_demo_arenas_are_one_default_variant_per_game() -> None:
    arenas = demo_arenas()
    families = [family(info.id) for info in arenas]
    assert len(families) == len(set(families)) and "NumberLine" in families
    assert ARENA in [info.id for info in arenas]
    assert all(info.extra is None for info in demo_arenas(all_variants=True))


@pytest.mark.slow
def test_demo_writes_results_and_recordings(tmp_path, capsys) -> None:
    assert main(["demo", "--episodes", "2", "--out", str(tmp_path), "--no-progress"]) == 0
    out = capsys.readouterr().out
    records = load_records(tmp_path / "demo.jsonl")
    arenas = {info.id for info in demo_arenas()}
    assert {r["arena"] for r in records} == arenas
    assert all(r["error"] is None for r in records)
    assert len(list((tmp_path / "recordings").rglob("*.gif"))) == len(arenas)
    assert "random" in out and "scripted" in out
    # A second run resumes: nothing new is played.
    assert main(["demo", "--episodes", "2", "--out", str(tmp_path), "--no-progress", "--no-record"]) == 0
    assert len(load_records(tmp_path / "demo.jsonl")) == len(records)


def test_module_entry_point() -> None:
    done = subprocess.run([sys.executable, "-m", "omniarena", "list", "--json"], capture_output=True, text=True)
    assert done.returncode == 0 and ARENA in done.stdout
    bad = subprocess.run([sys.executable, "-m", "omniarena", "list", "--nope"], capture_output=True, text=True)
    assert bad.returncode == 2
