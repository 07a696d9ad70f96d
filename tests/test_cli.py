"""Smoke tests of every CLI verb through main(argv), plus the real entry point once."""

from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import sys

import pytest

import omniarena
from omniarena import __version__
from omniarena.cli import KNOWN_DOMAINS, agent_arg, build_parser, demo_arenas, main
from omniarena.core.registry import ArenaInfo, load
from omniarena.tasks import load_records

ARENA = "omniarena/NumberLine-v0"


def test_list_json_and_table(capsys) -> None:
    assert main(["list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    ids = {entry["id"] for entry in listed}
    assert ARENA in ids and all(entry["installed"] in (True, False) for entry in listed)
    assert {(e["id"], e["source"], e["api"]) for e in listed} >= {(ARENA, "omniarena", "gym")}
    assert main(["list", "--domain", "games"]) == 0
    table = capsys.readouterr().out
    assert ARENA in table and "source" in table and "api" in table and "omniarena" in table


def test_list_a_known_domain_without_arenas_says_so(capsys) -> None:
    empty = sorted(set(KNOWN_DOMAINS) - {info.domain for info in omniarena.list_arenas()})
    if not empty:
        pytest.skip("every known domain has arenas")
    assert main(["list", "--domain", empty[0]]) == 0
    assert f"no arena in the {empty[0]!r} domain" in capsys.readouterr().out


def test_list_an_unknown_domain_names_the_known_ones(capsys) -> None:
    assert main(["list", "--domain", "nosuch"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "unknown domain 'nosuch'" in err
    assert all(domain in err for domain in KNOWN_DOMAINS)


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
        ["eval", "--arena", ARENA, "--agent", "random", "--episodes", "two", "--no-progress"],
        ["eval", "--arena", ARENA, "--agent", "random", "--workers", "0", "--no-progress"],
        ["run", "--arena", ARENA, "--agent", "random", "--seed", "-1"],
        ["run", "--arena", ARENA, "--agent", "no_such_package.agents:Mine"],
        ["run", "--arena", ARENA, "--agent", "json.decoder:JSONDecoder"],  # not an Agent subclass
        ["run", "--arena", ARENA, "--agent", "subprocess:no-such-program-here --flag"],
        ["run", "--arena", ARENA, "--agent", "human", "--native"],
        ["play", "--arena", ARENA, "--vs", "random"],
        ["suite", "no-such-suite", "--agent", "random"],
        ["eval"],  # argparse's own mistakes are one line too
        ["run", "--arena", ARENA, "--agent", "random", "--agent-arg", "depth"],  # no '='
        ["run", "--arena", ARENA, "--agent", "random", "--agent-arg", "=3"],
        ["run", "--arena", ARENA, "--agent", "random", "--agent-arg", "not a key=3"],
        ["run", "--arena", ARENA, "--agent", "random", "--agent-arg", "depth=3"],  # random takes no arguments
        ["run", "--arena", ARENA, "--agent", "random", "--agent-arg", "seed=3"],  # the runner's
        ["run", "--arena", ARENA, "--agent", "random", "--vs-arg", "depth=3"],  # single-player
        ["run", "--arena", ARENA, "--agent", "random", "--max-steps", "0"],
        ["eval", "--arena", ARENA, "--agent", "openai", "--agent-arg", "max_tokens=many", "--no-progress"],
        ["eval", "--arena", ARENA, "--agent", "openai", "--agent-arg", "include_image=maybe", "--no-progress"],
        ["eval", "--arena", ARENA, "--agent", "openai", "--agent-arg", "timeout=1", "--agent-arg", "timeout=2"],
        ["play", "--arena", "omniarena/ConnectFour-v0", "--vs", "scripted", "--vs-arg", "deep=2"],
        ["suite", "gym-cards", "--agent", "random", "--agent-arg", "x=1"],
        ["run", "--arena", ARENA, "--agent", "nosuchmod:Cls"],
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(argv, capsys) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("omniarena: error: ")
    assert "Traceback" not in captured.err


def test_a_user_path_that_cannot_be_written_is_a_usage_error(tmp_path, capsys) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    argv = ["eval", "--arena", ARENA, "--agent", "random", "--episodes", "1", "--no-progress"]
    assert main([*argv, "--out", str(blocker / "eval.jsonl")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("omniarena: error: ") and str(blocker) in err and len(err.strip().splitlines()) == 1


def _boom(exc: BaseException):
    def raiser(*args, **kwargs):
        raise exc

    return raiser


@pytest.mark.parametrize(
    "exc",
    [RuntimeError("boom"), TypeError("boom"), AttributeError("boom"), FileNotFoundError(2, "boom", "/nowhere")],
)
def test_a_bug_prints_its_traceback_and_exit_code_1(exc, monkeypatch, capsys) -> None:
    # Types that once passed for usage errors (TypeError, AttributeError, OSError) are bugs when the CLI did not
    # raise them for a user's input.
    monkeypatch.setattr("omniarena.tasks.eval.play_episode", _boom(exc))
    assert main(["run", "--arena", ARENA, "--agent", "random"]) == 1
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and f"{type(exc).__name__}:" in err
    assert "this is a bug in omniarena" in err and "report it" in err
    assert "omniarena: error:" not in err


def test_a_bug_inside_an_arena_prints_its_traceback(monkeypatch, capsys) -> None:
    arena = load(omniarena.spec(ARENA).entry_point)
    monkeypatch.setattr(arena, "reset", _boom(AttributeError("'NoneType' object has no attribute 'board'")))
    assert main(["run", "--arena", ARENA, "--agent", "random"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and "AttributeError" in err and "bug in omniarena" in err


def test_a_bug_under_a_plugin_arena_names_the_plugin(monkeypatch, capsys) -> None:
    plugin = dataclasses.replace(omniarena.spec(ARENA), source="acme-arenas")
    monkeypatch.setattr(omniarena, "spec", lambda arena_id: plugin)
    monkeypatch.setattr("omniarena.tasks.eval.play_episode", _boom(RuntimeError("boom")))
    assert main(["run", "--arena", ARENA, "--agent", "random"]) == 1
    assert f"bug in the plugin acme-arenas (it provides {ARENA}) or omniarena" in capsys.readouterr().err


def test_failed_episodes_exit_1_with_the_first_traceback(monkeypatch, capsys) -> None:
    arena = load(omniarena.spec(ARENA).entry_point)
    real_step = arena.step
    monkeypatch.setattr(arena, "step", lambda self, action: real_step(self, action) and 1 / 0)
    assert main(["eval", "--arena", ARENA, "--agent", "random", "--episodes", "2", "--no-progress"]) == 1
    captured = capsys.readouterr()
    assert "2 episodes failed" in captured.out and "ZeroDivisionError" in captured.err
    assert "Traceback" in captured.err


def test_help_lists_every_command_and_every_option_has_help(capsys) -> None:
    parser = build_parser()
    with pytest.raises(SystemExit) as done:
        parser.parse_args(["--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert set(commands.choices) == {
        "list",
        "run",
        "play",
        "watch",
        "eval",
        "suite",
        "demo",
        "tournament",
        "ladder",
        "minecraft",
        "serve",
        "train",
        "exploit",
    }
    helps = {choice.dest: choice.help for choice in commands._choices_actions}
    for name, sub in commands.choices.items():
        assert helps[name] and f"    {name} " in text, name
        for action in sub._actions:
            assert action.help, f"omniarena {name} {'/'.join(action.option_strings) or action.dest} has no help"


def test_version(capsys) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"omniarena {__version__}"


def test_demo_arenas_are_one_default_variant_per_family() -> None:
    arenas = demo_arenas()
    families = [(info.id.split("/")[0], info.family) for info in arenas]
    assert len(families) == len(set(families)) and ("omniarena", "NumberLine") in families
    assert ARENA in [info.id for info in arenas]
    for info in arenas:  # where a family has <namespace>/<family>-v0, that is its default
        assert info.id.endswith(f"/{info.family}-v0") or all(
            not other.id.endswith(f"/{info.family}-v0")
            for other in omniarena.list_arenas()
            if other.family == info.family
        )
    assert all(info.extra is None for info in demo_arenas(all_variants=True))


def test_demo_default_variant_prefers_the_family_v0_else_the_first_listed(monkeypatch) -> None:
    def variant(arena_id: str, family: str) -> ArenaInfo:
        return ArenaInfo(id=arena_id, entry_point="x:y", family=family)

    listed = [
        variant("acme/Cards-Hard-v0", "Cards"),
        variant("acme/Cards-v0", "Cards"),
        variant("acme/Maze-Small-v1", "Maze"),
        variant("acme/Maze-Large-v0", "Maze"),
        variant("other/Cards-Big-v0", "Cards"),  # same family name, other namespace: its own family
    ]
    monkeypatch.setattr(omniarena, "list_arenas", lambda **kwargs: listed)
    assert [info.id for info in demo_arenas()] == ["acme/Cards-v0", "acme/Maze-Small-v1", "other/Cards-Big-v0"]


@pytest.mark.slow
def test_demo_writes_results_and_recordings(tmp_path, capsys) -> None:
    assert main(["demo", "--episodes", "1", "--out", str(tmp_path), "--no-progress", "--no-web"]) == 0
    out = capsys.readouterr().out
    records = load_records(tmp_path / "demo.jsonl")
    arenas = {info.id for info in demo_arenas()}
    assert {r["arena"] for r in records} == arenas
    assert all(r["error"] is None for r in records)
    assert len(list((tmp_path / "recordings").rglob("*.gif"))) == len(arenas)
    assert "random" in out and "scripted" in out
    # A second run resumes: nothing new is played.
    assert main(["demo", "--episodes", "1", "--out", str(tmp_path), "--no-progress", "--no-record", "--no-web"]) == 0
    assert len(load_records(tmp_path / "demo.jsonl")) == len(records)


def test_module_entry_point() -> None:
    done = subprocess.run([sys.executable, "-m", "omniarena", "list", "--json"], capture_output=True, text=True)
    assert done.returncode == 0 and ARENA in done.stdout
    bad = subprocess.run([sys.executable, "-m", "omniarena", "list", "--nope"], capture_output=True, text=True)
    assert bad.returncode == 2


def test_a_mistake_in_a_suite_file_is_one_line_naming_the_entry(tmp_path, capsys) -> None:
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"entries": [{"arena": ARENA, "vs": "random"}]}), encoding="utf-8")
    assert main(["suite", str(path), "--agent", "random", "--no-progress"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "entry 0" in err and "single-player" in err


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("256", 256),
        ("0.5", 0.5),
        ("true", True),
        ("False", False),
        ("none", None),
        ("null", None),
        ("None", None),
        ("[1, 2]", [1, 2]),
        ("{'top_k': 4}", {"top_k": 4}),
        ("'quoted'", "quoted"),
        ("gpt-4o-mini", "gpt-4o-mini"),
        ("http://127.0.0.1:8080/v1", "http://127.0.0.1:8080/v1"),
        ("You are a careful player.", "You are a careful player."),
        ("__import__('os').system('true')", "__import__('os').system('true')"),  # text, never run
        ("1+2j", "1+2j"),  # not JSON: kept as text
        ("", ""),
    ],
)
def test_agent_arg_values_are_literals_else_text(text, value) -> None:
    assert agent_arg(f"key={text}") == ("key", value)


def test_agent_arg_errors_name_the_fix(capsys) -> None:
    assert main(["run", "--arena", ARENA, "--agent", "random", "--agent-arg", "depth"]) == 2
    assert "expected KEY=VALUE (e.g. max_tokens=256), got 'depth'" in capsys.readouterr().err
    assert main(["eval", "--arena", ARENA, "--agent", "openai", "--agent-arg", "max_token=5"]) == 2
    err = capsys.readouterr().err
    assert "takes no argument max_token" in err and "max_tokens" in err and "include_image" in err
    assert main(["eval", "--arena", ARENA, "--agent", "openai", "--agent-arg", "include_image=maybe"]) == 2
    assert "include_image takes bool, got 'maybe'" in capsys.readouterr().err
    assert main(["run", "--arena", ARENA, "--agent", "nosuchmod:Cls"]) == 2
    assert "No module named 'nosuchmod'" in capsys.readouterr().err


def test_vs_arg_reaches_the_opponent(tmp_path) -> None:
    out = tmp_path / "eval.jsonl"
    argv = ["eval", "--arena", "omniarena/ConnectFour-v0", "--agent", "random", "--vs", "scripted"]
    argv += ["--vs-arg", "depth=1", "--episodes", "1", "--no-progress", "--out", str(out)]
    assert main(argv) == 0
    (record,) = load_records(out)
    assert record["vs_kwargs"] == {"depth": 1} and "agent_kwargs" not in record


def test_a_top_level_module_agent(tmp_path, monkeypatch, capsys) -> None:
    (tmp_path / "my_top_agent.py").write_text(
        "from omniarena.agents import Agent\n"
        "class Plus(Agent):\n"
        "    def __init__(self, env, *, seed=None, player=None, answer='+'):\n"
        "        super().__init__(env, seed=seed, player=player)\n"
        "        self.answer = answer\n"
        "    def act(self, observation):\n"
        "        return self.answer\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    argv = ["run", "--arena", ARENA, "--agent", "my_top_agent:Plus", "--moves-only", "--max-steps", "2"]
    assert main([*argv, "--agent-arg", "answer=-"]) == 0
    assert "'-' -> -" in capsys.readouterr().out
    assert main([*argv, "--agent-arg", "answr=-"]) == 2
    assert "its arguments are: answer" in capsys.readouterr().err


def test_play_with_piped_input_shows_the_final_state_and_ctrl_d_exits_0() -> None:
    import subprocess
    import sys

    def play(stdin: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "omniarena", "play", "--arena", "omniarena/Blackjack-v0", "--seed", "0"]
        return subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=120)

    done = play("stand\n")
    assert done.returncode == 0, done.stderr
    assert "your move> stand\n" in done.stdout  # the prompt and the reply each end their line
    final = done.stdout.split("=== final state ===")[1]
    assert "Dealer's cards:" in final and "The game is over." in final
    assert done.stdout.rstrip().endswith("in 1 move")
    quit_early = play("")
    assert quit_early.returncode == 0 and "Traceback" not in quit_early.stderr


def test_a_second_demo_run_keeps_its_recordings(tmp_path) -> None:
    from omniarena.cli import main

    args = ["demo", "--episodes", "1", "--out", str(tmp_path), "--no-progress", "--workers", "1", "--no-web"]
    assert main(args) == 0
    first = sorted(p.name for p in tmp_path.rglob("*.gif"))
    assert main(args) == 0
    assert sorted(p.name for p in tmp_path.rglob("*.gif")) == first and not any("-1" in n for n in first)


def test_eval_native_and_seed_errors_name_the_option(capsys, tmp_path) -> None:
    from omniarena.cli import main

    out = tmp_path / "native.jsonl"
    assert main(["eval", "--arena", "omniarena/NumberLine-v0", "--agent", "scripted", "--native", "--episodes", "2",
                 "--out", str(out), "--no-progress"]) == 0  # fmt: skip
    assert all(json.loads(line)["env_kwargs"] == {"action_mode": "native"} for line in out.read_text().splitlines())
    assert main(["run", "--arena", "omniarena/NumberLine-v0", "--agent", "scripted", "--seed", "-1"]) == 2
    assert "--seed" in capsys.readouterr().err
    assert main(["run", "--arena", "omniarena/NumberLine-v0", "--agent", "nosuchmod:Cls"]) == 2
    assert "No module named 'nosuchmod'" in capsys.readouterr().err
