"""Smoke test: ``omniarena play --arena omniarena/2048-v0 --seed 1`` in a real terminal (tmux), driven by keys.

What a person sees is read back with ``tmux capture-pane``: the half-block image, the model's text, the
status line, the live parse error of a typed reply, and the app quitting on Ctrl+Q. The command is this
checkout's ``python -m omniarena`` (the installed console script runs the same ``omniarena.cli:main``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytest.importorskip("textual")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (make test installs it)"),
]

ROOT = Path(__file__).resolve().parents[2]
WAIT = 60.0  # seconds for the screen to show something (a loaded 2-core machine starts Python slowly)


class Terminal:
    """One tmux server of our own (its own socket), one 120x40 window running ``command``."""

    def __init__(self, command: list[str]) -> None:
        self.socket = f"omniarena-test-{uuid.uuid4().hex[:8]}"
        line = " ".join(f"'{part}'" for part in command) + "; echo EXITED $?; sleep 60"
        self.tmux("new-session", "-d", "-s", "play", "-x", "120", "-y", "40", "-c", str(ROOT), line)

    def tmux(self, *args: str) -> str:
        # COLUMNS/LINES (pytest-xdist's workers have them) would override the window's size inside tmux.
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "TMUX")}
        env["TERM"] = "xterm-256color"
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, env=env, timeout=30)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "play")

    def wait_for(self, *texts: str) -> str:
        """The screen once it shows every one of ``texts`` (a frame may be caught half drawn)."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            shown = self.screen()
            if all(text in shown for text in texts):
                return shown
            time.sleep(0.2)
        raise AssertionError(f"{texts!r} never all showed; the screen is:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "play", *keys)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=30)


def test_play_2048_in_tmux() -> None:
    terminal = Terminal([sys.executable, "-m", "omniarena", "play", "--arena", "omniarena/2048-v0", "--seed", "1"])
    try:
        first = terminal.wait_for("your move", "omniarena play: omniarena/2048-v0", "2048 on a 4x4 board")
        assert "Legal moves: up, down, left, right." in first
        assert first.count("\u2580") > 500  # the image, as half-block cells
        terminal.keys("Left")
        terminal.wait_for("step 1", "(you) left")
        terminal.keys("b", "a", "n", "a", "n", "a")
        terminal.wait_for("'banana' is not an action")
        terminal.keys("Enter")
        terminal.wait_for("step 2", "invalid: 'banana' is not an action")
        terminal.keys("F2")
        assert "(you) left" not in terminal.wait_for("step 0", "episode with seed 1")
        terminal.keys("C-q")
        terminal.wait_for("EXITED 0")
    finally:
        terminal.close()
