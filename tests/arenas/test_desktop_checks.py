"""Desktop checks: every getter and metric on hand-made states, each with a near miss that must fail."""

from __future__ import annotations

import numpy as np
import pytest

from omniarena.arenas.desktop.checks import GETTERS, METRICS, evaluate, validate
from omniarena.arenas.desktop.rules import seed_state
from omniarena.arenas.desktop.tasks import TASKS, concrete, load_tasks


def state(**over):
    base = {
        "fs": {
            "/Home": {"type": "dir", "content": ""},
            "/Home/Documents": {"type": "dir", "content": ""},
            "/Home/Documents/a.txt": {"type": "file", "content": "alpha\nbeta\n"},
            "/Home/Documents/t.csv": {"type": "file", "content": "Item,Amount\nRent,10\nFood,5\n,15\n"},
        },
        "trash": [{"path": "/Home/old.txt", "node": {"type": "file", "content": "x"}}],
        "mail": {"me": "me@x.test", "messages": [
            {"id": 1, "folder": "Inbox", "from": "ann@x.test", "to": "me@x.test", "subject": "Hi", "body": "hello", "attachments": []},
            {"id": 2, "folder": "Sent", "from": "me@x.test", "to": "bob@x.test", "subject": "Re: Hi",
             "body": "fine thanks\n\n> how are you 42", "attachments": [{"name": "r.txt", "content": "r"}]},
        ]},
        "calendar": {"events": [{"id": 1, "title": "Standup", "date": "2026-03-02", "start": "09:00", "end": "09:15"}]},
        "settings": {"theme": "dark", "scale": 150, "notifications": False},
        "windows": [{"app": "files", "z": 2, "x": 700, "min": False, "max": True, "focused": True},
                    {"app": "mail", "z": 1, "x": 10, "min": True, "max": False, "focused": False},
                    {"app": "dialog", "z": 3, "x": 0, "min": False, "max": False, "focused": False}],
    }  # fmt: skip
    base.update(over)
    return base


# (check, passes) pairs: each getter and metric at least once, with a near miss beside each hit.
CASES = [
    ({"get": "file_exists", "path": "/Home/Documents/a.txt", "metric": "true"}, True),
    ({"get": "file_exists", "path": "/Home/Documents", "metric": "true"}, False),  # a folder is no file
    ({"get": "dir_exists", "path": "/Home/Documents", "metric": "true"}, True),
    ({"get": "dir_exists", "path": "/Home/Documents/a.txt", "metric": "true"}, False),
    ({"get": "file_content", "path": "/Home/Documents/a.txt", "metric": "exact", "expected": "alpha\nbeta"}, True),
    ({"get": "file_content", "path": "/Home/Documents/a.txt", "metric": "exact", "expected": "alpha\nbet"}, False),
    ({"get": "file_content", "path": "/Home/Documents/a.txt", "metric": "contains", "expected": "BETA"}, True),
    ({"get": "file_content", "path": "/Home/Documents/none.txt", "metric": "contains", "expected": ""}, False),
    (
        {"get": "file_lines", "path": "/Home/Documents/a.txt", "metric": "set_equal", "expected": ["beta", "alpha"]},
        True,
    ),
    ({"get": "file_lines", "path": "/Home/Documents/a.txt", "metric": "set_equal", "expected": ["alpha"]}, False),
    ({"get": "dir_listing", "path": "/Home/Documents", "metric": "set_equal", "expected": ["a.txt", "t.csv"]}, True),
    ({"get": "dir_listing", "path": "/Home", "metric": "contains", "expected": "a.txt"}, False),  # not recursive
    ({"get": "trash_paths", "metric": "contains", "expected": "/Home/old.txt"}, True),
    ({"get": "trash_paths", "metric": "contains", "expected": "/Home/old"}, False),
    (
        {
            "get": "csv_rows",
            "path": "/Home/Documents/t.csv",
            "metric": "exact",
            "expected": [["Item", "Amount"], ["Rent", "10"], ["Food", "5"], ["", "15"]],
        },
        True,
    ),
    (
        {
            "get": "csv_cell",
            "path": "/Home/Documents/t.csv",
            "cell": "B4",
            "metric": "within",
            "expected": 15.004,
            "tolerance": 0.01,
        },
        True,
    ),
    (
        {
            "get": "csv_cell",
            "path": "/Home/Documents/t.csv",
            "cell": "B4",
            "metric": "within",
            "expected": 15.02,
            "tolerance": 0.01,
        },
        False,
    ),
    ({"get": "csv_cell", "path": "/Home/Documents/t.csv", "cell": "B9", "metric": "within", "expected": 0}, False),
    (
        {
            "get": "csv_column",
            "path": "/Home/Documents/t.csv",
            "column": "B",
            "metric": "exact",
            "expected": ["10", "5", "15"],
        },
        True,
    ),
    (
        {
            "get": "csv_column",
            "path": "/Home/Documents/t.csv",
            "column": "B",
            "metric": "exact",
            "expected": ["5", "10", "15"],
        },
        False,
    ),
    ({"get": "mail_folder", "id": 1, "metric": "exact", "expected": "Inbox"}, True),
    ({"get": "mail_folder", "id": 1, "metric": "exact", "expected": "Archive"}, False),
    ({"get": "mail_folders_from", "address": "ann@x.test", "metric": "set_equal", "expected": ["Inbox"]}, True),
    ({"get": "mail_folders_from", "address": "ann@x.test", "metric": "set_equal", "expected": ["Trash"]}, False),
    ({"get": "sent_to", "address": "bob@x.test", "field": "subject", "metric": "exact", "expected": "Re: Hi"}, True),
    ({"get": "sent_to", "address": "ann@x.test", "field": "subject", "metric": "exact", "expected": "Re: Hi"}, False),
    ({"get": "sent_to", "address": "bob@x.test", "field": "text", "metric": "contains", "expected": "thanks"}, True),
    (
        {"get": "sent_to", "address": "bob@x.test", "field": "text", "metric": "contains", "expected": "42"},
        False,
    ),  # quoted only
    (
        {
            "get": "sent_to",
            "address": "bob@x.test",
            "field": "attachments",
            "metric": "set_equal",
            "expected": ["r.txt"],
        },
        True,
    ),
    ({"get": "event", "title": "standup", "field": "start", "metric": "exact", "expected": "09:00"}, True),
    ({"get": "event", "title": "Standup", "field": "date", "metric": "exact", "expected": "2026-03-03"}, False),
    ({"get": "event_count", "title": "Standup", "metric": "exact", "expected": 1}, True),
    ({"get": "event_count", "title": "Stand", "metric": "exact", "expected": 1}, False),
    ({"get": "setting", "key": "theme", "metric": "exact", "expected": "dark"}, True),
    ({"get": "setting", "key": "scale", "metric": "within", "expected": 125, "tolerance": 0}, False),
    ({"get": "setting", "key": "notifications", "metric": "false"}, True),
    ({"get": "setting", "key": "notifications", "metric": "true"}, False),
    ({"get": "window", "app": "files", "field": "x", "metric": "at_least", "expected": 700}, True),
    ({"get": "window", "app": "files", "field": "x", "metric": "at_least", "expected": 701}, False),
    ({"get": "window", "app": "calendar", "metric": "true"}, False),
    ({"get": "windows", "field": "min", "metric": "set_equal", "expected": [False, True]}, True),  # dialogs left out
    ({"get": "windows", "field": "min", "metric": "set_equal", "expected": [True]}, False),
]


@pytest.mark.parametrize(("check", "passes"), CASES)
def test_each_getter_and_metric_on_hand_made_states(check, passes) -> None:
    assert evaluate(check, state()) is passes


def test_every_getter_and_metric_is_covered() -> None:
    assert {c["get"] for c, _ in CASES} == set(GETTERS)
    assert {c["metric"] for c, _ in CASES} == set(METRICS)


def test_checks_combine_with_all_any_not() -> None:
    hit = {"get": "setting", "key": "theme", "metric": "exact", "expected": "dark"}
    miss = {"get": "setting", "key": "theme", "metric": "exact", "expected": "light"}
    s = state()
    assert evaluate({"all": [hit, hit]}, s) and not evaluate({"all": [hit, miss]}, s)
    assert evaluate({"any": [miss, hit]}, s) and not evaluate({"any": [miss, miss]}, s)
    assert evaluate({"not": miss}, s) and not evaluate({"not": hit}, s)


def test_bad_checks_and_task_files_fail_early_with_the_fix(tmp_path) -> None:
    with pytest.raises(ValueError, match="unknown getter 'nope'"):
        validate({"get": "nope", "metric": "exact"})
    with pytest.raises(ValueError, match="unknown metric"):
        validate({"all": [{"get": "setting", "metric": "roughly"}]})
    (tmp_path / "t.json").write_text(
        '[{"name": "x", "apps": ["files"], "instruction": "i", "solution": [["jump", "k"]],'
        ' "check": {"get": "setting", "key": "theme", "metric": "true"}}]'
    )
    with pytest.raises(ValueError, match="solution step"):
        load_tasks(str(tmp_path))


def test_tasks_are_many_seeded_and_never_solved_at_the_start() -> None:
    assert len(TASKS) >= 30
    assert sum(t.multi_app for t in TASKS) >= 10
    assert 3 <= sum(t.infeasible for t in TASKS) <= len(TASKS) // 5
    instructions = []
    for seed in (0, 1):
        s, facts = seed_state(seed)
        s = {**s, "windows": []}
        for task in TASKS:
            spec = concrete(task, s, facts, np.random.default_rng(seed + 1))
            instructions.append(spec["instruction"])
            if task.check is not None:
                assert not evaluate(spec["check"], s), (task.name, seed)
    half = len(TASKS)
    changed = sum(a != b for a, b in zip(instructions[:half], instructions[half:]))
    assert changed >= half // 2  # most instructions name seeded things (files, people, dates, numbers)
    assert seed_state(4) == seed_state(4) and seed_state(4)[0] != seed_state(5)[0]
