"""OSWorld-style checks on the desktop's final state: a getter reads the state, a metric compares.

A check is data: ``{"get": "file_content", "path": "/Home/Documents/a.txt", "metric": "exact",
"expected": "hello"}``; checks combine with ``{"all": [...]}``, ``{"any": [...]}`` and ``{"not": check}``.
Getters (:data:`GETTERS`) take the state the page reports and keyword arguments; metrics (:data:`METRICS`)
take the value and ``expected`` (and ``tolerance`` for numbers). Both are pure functions, tested on
hand-made states.

>>> state = {"fs": {"/Home/a.txt": {"type": "file", "content": "hi there\\n"}}, "trash": []}
>>> evaluate({"get": "file_content", "path": "/Home/a.txt", "metric": "contains", "expected": "there"}, state)
True
>>> evaluate({"all": [{"get": "file_exists", "path": "/Home/a.txt", "metric": "true"},
...                   {"get": "file_exists", "path": "/Home/b.txt", "metric": "true"}]}, state)
False
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from typing import Any

__all__ = ["GETTERS", "METRICS", "evaluate", "validate"]


# --- getters ------------------------------------------------------------------------------------------
def file_exists(state: dict[str, Any], path: str) -> bool:
    node = state["fs"].get(path)
    return node is not None and node["type"] == "file"


def dir_exists(state: dict[str, Any], path: str) -> bool:
    node = state["fs"].get(path)
    return node is not None and node["type"] == "dir"


def file_content(state: dict[str, Any], path: str) -> str | None:
    node = state["fs"].get(path)
    return node["content"] if node is not None and node["type"] == "file" else None


def file_lines(state: dict[str, Any], path: str) -> list[str] | None:
    content = file_content(state, path)
    return None if content is None else [line.strip() for line in content.splitlines() if line.strip()]


def dir_listing(state: dict[str, Any], path: str) -> list[str]:
    prefix = path.rstrip("/") + "/"
    return sorted(p[len(prefix) :] for p in state["fs"] if p.startswith(prefix) and "/" not in p[len(prefix) :])


def trash_paths(state: dict[str, Any]) -> list[str]:
    return [item["path"] for item in state["trash"]]


def csv_rows(state: dict[str, Any], path: str) -> list[list[str]] | None:
    content = file_content(state, path)
    return None if content is None else [row for row in csv.reader(io.StringIO(content)) if row]


def csv_cell(state: dict[str, Any], path: str, cell: str) -> str | None:
    """The value of spreadsheet cell ``cell`` ("B7") of a CSV file (``None`` when out of the table)."""
    rows = csv_rows(state, path)
    col, row = ord(cell[0].upper()) - ord("A"), int(cell[1:]) - 1
    if rows is None or row >= len(rows) or col >= len(rows[row]):
        return None
    return rows[row][col]


def csv_column(state: dict[str, Any], path: str, column: str, header: bool = True) -> list[str] | None:
    rows = csv_rows(state, path)
    col = ord(column.upper()) - ord("A")
    if rows is None:
        return None
    return [row[col] if col < len(row) else "" for row in rows[1 if header else 0 :]]


def mail_folder(state: dict[str, Any], id: int) -> str | None:  # noqa: A002 - the mail's id
    for message in state["mail"]["messages"]:
        if message["id"] == int(id):
            return message["folder"]
    return None


def mail_folders_from(state: dict[str, Any], address: str) -> list[str]:
    return sorted({m["folder"] for m in state["mail"]["messages"] if m["from"] == address and m["folder"] != "Sent"})


def sent_to(state: dict[str, Any], address: str, field: str = "body") -> Any:
    """A field of the last sent mail to ``address`` (``text``: the body without quoted lines), else ``None``."""
    sent = [m for m in state["mail"]["messages"] if m["folder"] == "Sent" and address in m["to"].split(", ")]
    if not sent:
        return None
    message = sent[-1]
    if field == "text":
        return "\n".join(line for line in message["body"].splitlines() if not line.lstrip().startswith(">"))
    if field == "attachments":
        return [a["name"] for a in message["attachments"]]
    return message[field]


def event(state: dict[str, Any], title: str, field: str | None = None) -> Any:
    """The event called ``title`` (its ``field`` when given), ``None`` when there is none."""
    found = [e for e in state["calendar"]["events"] if e["title"].strip().lower() == title.strip().lower()]
    if not found:
        return None
    return found[-1] if field is None else found[-1].get(field)


def event_count(state: dict[str, Any], title: str) -> int:
    return sum(e["title"].strip().lower() == title.strip().lower() for e in state["calendar"]["events"])


def setting(state: dict[str, Any], key: str) -> Any:
    return state["settings"].get(key)


def window(state: dict[str, Any], app: str, field: str = "open") -> Any:
    """A field of the topmost window of ``app`` (``open``: whether one is open)."""
    wins = sorted((w for w in state["windows"] if w["app"] == app), key=lambda w: -w["z"])
    if field == "open":
        return bool(wins)
    return wins[0].get(field) if wins else None


def windows(state: dict[str, Any], field: str = "app") -> list[Any]:
    """``field`` of every open window that is not a dialog."""
    return [w[field] for w in state["windows"] if w["app"] != "dialog"]


GETTERS: dict[str, Callable[..., Any]] = {
    f.__name__: f
    for f in (file_exists, dir_exists, file_content, file_lines, dir_listing, trash_paths, csv_rows, csv_cell,
              csv_column, mail_folder, mail_folders_from, sent_to, event, event_count, setting, window, windows)
}  # fmt: skip


# --- metrics ------------------------------------------------------------------------------------------
def _number(value: Any) -> float | None:
    try:
        number = float(str(value).strip().replace(",", ""))
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def exact(value: Any, expected: Any) -> bool:
    if isinstance(value, str) and isinstance(expected, str):
        return value.strip() == expected.strip()
    return value == expected


def contains(value: Any, expected: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return str(expected).lower() in value.lower()
    return expected in value


def set_equal(value: Any, expected: Any) -> bool:
    if value is None:
        return False
    norm = lambda items: {str(i).strip().lower() for i in items}  # noqa: E731
    return norm(value) == norm(expected)


def within(value: Any, expected: Any, tolerance: float = 0.01) -> bool:
    number, target = _number(value), _number(expected)
    return number is not None and target is not None and abs(number - target) <= float(tolerance)


def at_least(value: Any, expected: Any) -> bool:
    number, target = _number(value), _number(expected)
    return number is not None and target is not None and number >= target


def true(value: Any, expected: Any = None) -> bool:
    return value is True


def false(value: Any, expected: Any = None) -> bool:
    return value is False


METRICS: dict[str, Callable[..., bool]] = {
    "exact": exact, "contains": contains, "set_equal": set_equal, "within": within, "at_least": at_least,
    "true": true, "false": false,
}  # fmt: skip
_CHECK_KEYS = {"get", "metric", "expected", "tolerance"}


def evaluate(check: dict[str, Any], state: dict[str, Any]) -> bool:
    """Whether ``state`` passes ``check`` (a leaf, or ``all`` / ``any`` / ``not`` of checks)."""
    if "all" in check:
        return all(evaluate(c, state) for c in check["all"])
    if "any" in check:
        return any(evaluate(c, state) for c in check["any"])
    if "not" in check:
        return not evaluate(check["not"], state)
    args = {k: v for k, v in check.items() if k not in _CHECK_KEYS}
    value = GETTERS[check["get"]](state, **args)
    metric = METRICS[check["metric"]]
    if check["metric"] == "within":
        return metric(value, check.get("expected"), check.get("tolerance", 0.01))
    return metric(value, check.get("expected"))


def validate(check: dict[str, Any], where: str = "check") -> None:
    """Raise ``ValueError`` naming the problem when ``check`` is not a well-formed check."""
    if not isinstance(check, dict):
        raise ValueError(f"{where}: a check is an object, got {check!r}")
    for combinator in ("all", "any"):
        if combinator in check:
            for i, sub in enumerate(check[combinator]):
                validate(sub, f"{where}.{combinator}[{i}]")
            return
    if "not" in check:
        validate(check["not"], f"{where}.not")
        return
    if check.get("get") not in GETTERS:
        raise ValueError(f"{where}: unknown getter {check.get('get')!r}; getters: {', '.join(GETTERS)}")
    if check.get("metric") not in METRICS:
        raise ValueError(f"{where}: unknown metric {check.get('metric')!r}; metrics: {', '.join(METRICS)}")
