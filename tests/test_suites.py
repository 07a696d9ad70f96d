"""Task suites: shipped files load, bad files fail with a fix, a run scores and resumes."""

from __future__ import annotations

import json

import pytest

from omniarena.cli import main
from omniarena.tasks.suites import list_suites, load_suite, run_suite


def write(tmp_path, data) -> str:
    path = tmp_path / "suite.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return str(path)


@pytest.mark.parametrize("name", list_suites())
def test_every_shipped_suite_loads(name: str) -> None:
    suite = load_suite(name)
    assert suite.name == name and suite.jobs and suite.episodes >= 1


def test_run_scores_the_metric_and_resumes(tmp_path) -> None:
    path = write(
        tmp_path,
        {
            "name": "mini",
            "metric": "success",
            "episodes": 3,
            "seed": 5,
            "entries": [{"arena": "omniarena/NumberLine-v0"}, {"arena": "omniarena/ConnectFour-v0", "vs": "random"}],
        },
    )
    out = tmp_path / "results.jsonl"
    result = run_suite(load_suite(path), "scripted", out=out, progress=False)
    assert [s.arena for s in result.summaries] == ["omniarena/NumberLine-v0", "omniarena/ConnectFour-v0"]
    assert result.score == pytest.approx(sum(s.success_rate for s in result.summaries) / 2)
    assert result.summaries[0].success_rate == 1.0  # the NumberLine expert is optimal
    assert sorted(r["seed"] for r in result.records) == [5, 5, 6, 6, 7, 7]
    lines = out.read_text().splitlines()
    again = run_suite(load_suite(path), "scripted", out=out, progress=False)
    assert out.read_text().splitlines() == lines  # nothing replayed
    assert again.score == result.score


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{not json", "not valid JSON"),
        ({"entries": []}, "non-empty"),
        ({"entries": [{"arena": "omniarena/NumberLine-v0"}], "metric": "elo"}, "metric 'elo'"),
        ({"entries": [{"id": "omniarena/NumberLine-v0"}]}, 'needs an "arena"'),
        ({"entries": [{"arena": "omniarena/NumberLine-v0", "seeds": [1]}]}, "unknown keys"),
        ({"entries": [{"arena": "omniarena/NumberLin-v0"}]}, "Did you mean"),
        ({"entries": [{"arena": "omniarena/NumberLine-v0"}], "episodes": 0}, "positive integer"),
    ],
)
def test_bad_suite_files_fail_saying_what_to_fix(tmp_path, data, message: str) -> None:
    with pytest.raises(Exception, match=message):
        load_suite(write(tmp_path, data))


def test_cli_suite_list_and_run(tmp_path, capsys) -> None:
    assert main(["suite", "--list"]) == 0
    assert "gym-cards" in capsys.readouterr().out
    path = write(tmp_path, {"episodes": 2, "entries": [{"arena": "omniarena/NumberLine-v0"}]})
    assert main(["suite", path, "--agent", "scripted", "--no-progress"]) == 0
    assert "suite score (success, mean over 1 entries): 1.000" in capsys.readouterr().out
    assert main(["suite", "no-such-suite", "--agent", "random"]) == 2
    assert main(["suite", "gym-cards"]) == 2  # no --agent


def test_zero_episodes_is_refused_not_replaced_by_the_default() -> None:
    with pytest.raises(ValueError, match="episodes"):
        run_suite(load_suite("gym-cards"), "random", episodes=0, progress=False)


def test_agent_arguments_go_to_every_entry_and_vs_arguments_to_the_opponents(tmp_path, capsys) -> None:
    entries = [{"arena": "omniarena/NumberLine-v0"}, {"arena": "omniarena/ConnectFour-v0", "vs": "scripted"}]
    path = write(tmp_path, {"episodes": 1, "entries": entries})
    result = run_suite(load_suite(path), "scripted", progress=False, vs_kwargs={"depth": 1})
    assert [r.get("vs_kwargs") for r in result.records] == [None, {"depth": 1}]
    argv = ["suite", path, "--agent", "random", "--no-progress", "--vs-arg", "depth=1", "--agent-arg", "x=1"]
    assert main(argv) == 2
    assert "entry 0" in capsys.readouterr().err  # random takes no x, in every entry
    assert main(argv[:-2]) == 0
    only_single = write(tmp_path, {"episodes": 1, "entries": entries[:1]})
    assert main(["suite", only_single, "--agent", "random", "--no-progress", "--vs-arg", "depth=1"]) == 2
    assert "no multi-player entry" in capsys.readouterr().err
