"""Every Python snippet in the README runs as written (in order, in one namespace, in a scratch folder)."""

from __future__ import annotations

import pathlib
import re

import pytest

README = pathlib.Path(__file__).resolve().parent.parent / "README.md"
SNIPPETS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)


def test_the_readme_has_snippets() -> None:
    assert len(SNIPPETS) >= 8


def test_every_snippet_runs(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "readme"}
    for index, snippet in enumerate(SNIPPETS):
        code = compile(snippet, f"README.md snippet {index + 1}", "exec")
        exec(code, namespace)  # noqa: S102 - our own documentation, not model text
