"""The desktop tasks: data files under ``omniarena/assets/desktop/tasks/``, made concrete per seed.

Each file holds a list of tasks::

    {"name": "files-rename", "apps": ["files"], "steps": 30,
     "params": {"doc": "choice:docs", "docname": "base:{doc}", "new": "word:.txt"},
     "instruction": "In Files, rename {docname} in Documents to {new}.",
     "check": {"all": [...]},            # OSWorld-style getter + metric checks (see checks.py)
     "infeasible": false,                # true: only report_infeasible(...) succeeds (check is null)
     "open": [{"app": "files"}],         # windows open at the start (optional)
     "solution": [["dblclick", "icon:files"], ["click", "files/place:Documents"], ...]}

A param is a picker (:data:`PICKERS`) with an argument: ``fact:meeting.title`` (a seeded fact),
``choice:docs`` (one of a list of facts), ``word:.txt`` (a fresh word and a suffix), ``base:{doc}``
(an earlier param's basename), ... Strings of the instruction, check and solution take ``{param}``; a string
that is only ``{param}`` keeps the param's type (a number stays a number).

Solution steps name elements by their key in the page (``files/rename`` is the key ``rename`` in the
topmost Files window); :class:`~omniarena.arenas.desktop.env.DesktopArena` turns each step into one call
of the agent's own action set, with the element's current id or pixel centre.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from omniarena.arenas.desktop.checks import validate
from omniarena.arenas.desktop.rules import WORDS

__all__ = ["Task", "TASKS", "load_tasks", "task_id", "camel", "concrete", "TASK_DIR", "STEP_KINDS"]

TASK_DIR = Path(__file__).resolve().parents[2] / "assets" / "desktop" / "tasks"
STEP_KINDS = (
    "click",
    "dblclick",
    "fill",
    "select",
    "press",
    "key",
    "type",
    "drag",
    "mouse_click",
    "infeasible",
    "done",
)
_PARAM = re.compile(r"\{([a-z_0-9]+)\}")


@dataclass(frozen=True)
class Task:
    name: str
    apps: tuple[str, ...]
    instruction: str
    params: dict[str, str]
    check: dict[str, Any] | None
    solution: tuple[tuple[Any, ...], ...]
    steps: int = 30
    infeasible: bool = False
    open: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    @property
    def multi_app(self) -> bool:
        return len(set(self.apps)) >= 2


def _dig(facts: dict[str, Any], dotted: str) -> Any:
    value: Any = facts
    for part in dotted.split("."):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value


def _fresh_word(ctx: dict[str, Any], suffix: str) -> str:
    taken = " ".join(ctx["state"]["fs"]) + " " + " ".join(str(v) for v in ctx["params"].values())
    pool = [w for w in WORDS if w not in taken]
    return f"{pool[int(ctx['rng'].integers(len(pool)))]}{suffix}"


def _word_in(ctx: dict[str, Any], path: str) -> str:
    content = ctx["state"]["fs"][path]["content"]
    words = sorted(
        {w for w in re.findall(r"[a-z]{4,}", content) if content.count(w) == len(re.findall(rf"\b{w}\b", content))}
    )
    return words[int(ctx["rng"].integers(len(words)))]


def _free_date(ctx: dict[str, Any], _: str) -> str:
    today = ctx["facts"]["today"]
    taken = {e["date"] for e in ctx["state"]["calendar"]["events"]}
    days = [f"{today[:8]}{d:02d}" for d in range(1, 29) if f"{today[:8]}{d:02d}" not in taken]
    return days[int(ctx["rng"].integers(len(days)))]


PICKERS = {
    "fact": lambda ctx, arg: _dig(ctx["facts"], arg),
    "choice": lambda ctx, arg: (lambda pool: pool[int(ctx["rng"].integers(len(pool)))])(_dig(ctx["facts"], arg)),
    "pick": lambda ctx, arg: (lambda pool: pool[int(ctx["rng"].integers(len(pool)))])(arg.split(",")),
    "word": lambda ctx, arg: _fresh_word(ctx, arg),
    "phrase": lambda ctx, arg: " ".join(_fresh_word(ctx, "") for _ in range(3)),
    "base": lambda ctx, arg: arg.rsplit("/", 1)[-1],
    "content": lambda ctx, arg: ctx["state"]["fs"][arg]["content"],
    "line": lambda ctx, arg: ctx["state"]["fs"][arg]["content"].splitlines()[0],
    "lastline": lambda ctx, arg: ctx["state"]["fs"][arg]["content"].splitlines()[-1],
    "wordin": _word_in,
    "email": lambda ctx, arg: ctx["facts"]["email"][arg],
    "first": lambda ctx, arg: arg.split()[0],
    "date": _free_date,
    "hour": lambda ctx, arg: f"{int(ctx['rng'].integers(9, 17)):02d}:00",
    "later": lambda ctx, arg: f"{int(arg[:2]) + 1:02d}:{arg[3:]}",
    "number": lambda ctx, arg: str(int(ctx["rng"].integers(*[int(x) for x in arg.split("-")]))),
    "event": lambda ctx, arg: (lambda pool: pool[int(ctx["rng"].integers(len(pool)))])(
        [e for e in ctx["facts"]["events"] if e["date"] != ctx["facts"]["busy"]["date"]]
    ),
    "desc": lambda ctx, arg: [str(v) for v in sorted(_dig(ctx["facts"], arg), reverse=True)],
    "lines": lambda ctx, arg: "\n".join(_dig(ctx["facts"], arg)),
    "get": lambda ctx, arg: ctx["params"][arg.split(".")[0]][arg.split(".", 1)[1]],
    "add": lambda ctx, arg: str(sum(int(x) for x in arg.split("+"))),
    "cell": lambda ctx, arg: f"{arg[0]}{int(arg[1:])}",
}


def substitute(value: Any, params: dict[str, Any]) -> Any:
    """``value`` with ``{param}`` filled in everywhere (a bare ``"{param}"`` keeps the param's type)."""
    if isinstance(value, str):
        whole = _PARAM.fullmatch(value)
        if whole and whole.group(1) in params:
            return params[whole.group(1)]
        return _PARAM.sub(lambda m: str(params[m.group(1)]) if m.group(1) in params else m.group(0), value)
    if isinstance(value, list):
        return [substitute(v, params) for v in value]
    if isinstance(value, tuple):
        return tuple(substitute(v, params) for v in value)
    if isinstance(value, dict):
        return {k: substitute(v, params) for k, v in value.items()}
    return value


def concrete(task: Task, state: dict[str, Any], facts: dict[str, Any], rng: np.random.Generator) -> dict[str, Any]:
    """The task for this seed: its params, instruction, check, solution and opening windows filled in."""
    ctx: dict[str, Any] = {"state": state, "facts": facts, "rng": rng, "params": {}}
    for name, spec in task.params.items():
        kind, _, arg = spec.partition(":")
        ctx["params"][name] = PICKERS[kind](ctx, substitute(arg, ctx["params"]))
    params = ctx["params"]
    return {
        "params": params,
        "instruction": substitute(task.instruction, params),
        "check": substitute(task.check, params),
        "solution": [tuple(substitute(list(step), params)) for step in task.solution],
        "open": substitute([dict(o) for o in task.open], params),
    }


def _task(raw: dict[str, Any], source: str) -> Task:
    where = f"{source}: task {raw.get('name')!r}"
    for key in ("name", "apps", "instruction", "solution"):
        if key not in raw:
            raise ValueError(f"{where} has no {key!r}")
    infeasible = bool(raw.get("infeasible", False))
    if infeasible == (raw.get("check") is not None):
        raise ValueError(f"{where}: a task has a check, or is infeasible (and has none)")
    if raw.get("check") is not None:
        validate(raw["check"], where)
    for spec in raw.get("params", {}).values():
        if spec.partition(":")[0] not in PICKERS:
            raise ValueError(f"{where}: unknown picker in {spec!r}; pickers: {', '.join(PICKERS)}")
    for step in raw["solution"]:
        if not step or step[0] not in STEP_KINDS:
            raise ValueError(f"{where}: solution step {step!r}; steps start with one of {', '.join(STEP_KINDS)}")
    return Task(
        name=raw["name"],
        apps=tuple(raw["apps"]),
        instruction=raw["instruction"],
        params=dict(raw.get("params", {})),
        check=raw.get("check"),
        solution=tuple(tuple(step) for step in raw["solution"]),
        steps=int(raw.get("steps", max(15, 3 * len(raw["solution"])))),
        infeasible=infeasible,
        open=tuple(raw.get("open", ())),
    )


@lru_cache(maxsize=4)
def load_tasks(directory: str = str(TASK_DIR)) -> tuple[Task, ...]:
    """Every task of the JSON files in ``directory``, in file then list order; names are unique."""
    tasks: list[Task] = []
    for path in sorted(Path(directory).glob("*.json")):
        for raw in json.loads(path.read_text(encoding="utf-8")):
            tasks.append(_task(raw, path.name))
    names = [t.name for t in tasks]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"task names used twice: {', '.join(duplicates)}")
    return tuple(tasks)


TASKS = load_tasks()


def camel(name: str) -> str:
    """'files-rename' -> 'FilesRename'."""
    return "".join(part.capitalize() for part in name.split("-"))


def task_id(name: str) -> str:
    return f"omniarena/Desktop-{camel(name)}-v0"
