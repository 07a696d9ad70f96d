"""SubprocessAgent: any program that speaks JSON lines on stdin/stdout plays as an agent.

The program is started once and kept for every episode. Protocol, one JSON object per line:

- to the program at each ``reset()``: ``{"type": "reset", "player": ..., "seed": ..., "actions": <the arena's
  ActionSet.describe()>, "action_names": [...]}`` (``action_names`` for discrete action sets); no answer;
- to the program at each ``act()``: ``{"type": "observation", "id": n, "player": ..., "text": ...,
  "action_mask": [0/1, ...] (when the arena has one), "image_png_b64": ... (with ``send_image=True``)}``;
- from the program, one line per observation: ``{"action": "<text>"}`` (``"id"`` may be echoed back; a
  reply carrying another id is a late answer to an earlier turn and is skipped).

A program that dies, hangs past ``timeout`` seconds or answers something else than that JSON gets an
empty (invalid) action for the turn and a logged error (``last_error``); the episode goes on under the
arena's invalid-action policy. A dead program is started again at the next ``reset()``. ``close()``
ends it (stdin closed, then SIGTERM, then SIGKILL). ``examples/subprocess_agent.py`` is a minimal program.
"""

from __future__ import annotations

import json
import logging
import queue
import shlex
import subprocess
import threading
import time
import weakref
from collections.abc import Mapping, Sequence
from typing import Any

from omniarena.agents.base import INVALID_REPLY, Agent
from omniarena.agents.prompt import action_set_of, encode_png, require_text_mode

__all__ = ["SubprocessAgent"]

logger = logging.getLogger(__name__)

_GRACE = 1.0  # seconds a program gets to exit after stdin closes, then again after SIGTERM
_EOF = None  # what the reader thread queues when the program's stdout closes


def _stop(process: subprocess.Popen[str], grace: float = _GRACE) -> None:
    """End ``process``: close its stdin, wait, terminate, wait, kill."""
    if process.poll() is None:
        try:
            if process.stdin is not None:
                process.stdin.close()
        except OSError:
            pass
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.terminate()
            try:
                process.wait(grace)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    try:
        if process.stdin is not None:
            process.stdin.close()
    except OSError:
        pass
    # stdout is closed by its reader thread at end of file (closing it here could block on that thread).


def _read_lines(stream: Any, lines: queue.Queue[str | None]) -> None:
    try:
        for line in stream:
            lines.put(line)
    except (OSError, ValueError):
        pass
    finally:
        stream.close()
    lines.put(_EOF)


class SubprocessAgent(Agent):
    """A player that is an external program speaking JSON lines (see the module docstring).

    Arguments: ``command`` (argument list, or a string split like a shell would); ``send_image`` (add the
    observation image as base64 PNG); ``timeout`` (seconds to wait for each reply); ``cwd`` and
    ``env_vars`` (working directory and environment of the program; ``None`` inherits ours);
    ``close_grace`` (seconds the program gets to exit after its stdin closes, and again after SIGTERM).
    """

    name = "subprocess"

    def __init__(
        self,
        env: Any,
        *,
        command: Sequence[str] | str,
        seed: int | None = None,
        player: str | None = None,
        send_image: bool = False,
        timeout: float = 10.0,
        cwd: str | None = None,
        env_vars: Mapping[str, str] | None = None,
        close_grace: float = _GRACE,
    ) -> None:
        super().__init__(env, seed=seed, player=player)
        require_text_mode(env, player, self.name)
        self.command = shlex.split(command) if isinstance(command, str) else [str(part) for part in command]
        if not self.command:
            raise ValueError("SubprocessAgent needs a command to run")
        if timeout <= 0:
            raise ValueError(f"timeout must be > 0, got {timeout}")
        self.action_set = action_set_of(env)
        self.send_image = send_image
        self.timeout = float(timeout)
        self.cwd = cwd
        self.env_vars = dict(env_vars) if env_vars is not None else None
        self.close_grace = float(close_grace)
        self.last_reply = INVALID_REPLY
        self.last_error: str | None = None
        self.process: subprocess.Popen[str] | None = None
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._output_ended = False
        self._turn = 0
        self._start()

    # -- process lifetime --

    def _start(self) -> None:
        self.process = subprocess.Popen(
            self.command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
            bufsize=1,
            cwd=self.cwd,
            env=self.env_vars,
        )
        self._lines = queue.Queue()
        self._output_ended = False
        threading.Thread(target=_read_lines, args=(self.process.stdout, self._lines), daemon=True).start()
        # Kill the program even if close() is never called.
        self._finalizer = weakref.finalize(self, _stop, self.process, self.close_grace)
        logger.debug("started agent program %s (pid %d)", self.command, self.process.pid)

    def alive(self) -> bool:
        """True while the program runs and its output is open (a program that closed stdout cannot answer)."""
        return self.process is not None and not self._output_ended and self.process.poll() is None

    def close(self) -> None:
        """End the program (stdin closed, then SIGTERM, then SIGKILL)."""
        if self.process is not None:
            self._finalizer()
            self.process = None

    # -- the agent protocol --

    def reset(self) -> None:
        self.last_reply = INVALID_REPLY
        self.last_error = None
        if not self.alive():
            self.close()
            logger.warning("agent program %s is not running; starting it again", self.command)
            self._start()
        message: dict[str, Any] = {
            "type": "reset",
            "player": self.player,
            "seed": self.seed,
            "actions": self.action_set.describe(),
        }
        names = getattr(self.action_set, "names", None)
        if names is not None:
            message["action_names"] = list(names)
        if not self._send(message):
            self._fail(self.last_error or "could not send the reset message")

    def act(self, observation: dict[str, Any]) -> str:
        """The program's reply to ``observation``; ``""`` (an invalid action) if it gave none."""
        self._turn += 1
        message: dict[str, Any] = {
            "type": "observation",
            "id": self._turn,
            "player": self.player,
            "text": str(observation.get("text", "")),
        }
        mask = observation.get("action_mask")
        if mask is not None:
            message["action_mask"] = [int(value) for value in mask]
        if self.send_image and observation.get("image") is not None:
            message["image_png_b64"] = encode_png(observation["image"])
        self._discard_stale()
        if not self._send(message):
            return self._fail(self.last_error or "could not send the observation")
        return self._receive(self._turn)

    # -- JSON lines --

    def _send(self, message: dict[str, Any]) -> bool:
        process = self.process
        if process is None or process.stdin is None or process.poll() is not None:
            self.last_error = f"agent program exited (code {None if process is None else process.returncode})"
            return False
        try:
            process.stdin.write(json.dumps(message) + "\n")
            process.stdin.flush()
        except (OSError, ValueError) as exc:  # broken pipe: the program died
            self.last_error = f"agent program stopped reading ({type(exc).__name__})"
            return False
        return True

    def _discard_stale(self) -> None:
        """Drop lines that arrived after an earlier turn timed out (keep the end-of-output mark)."""
        while True:
            try:
                line = self._lines.get_nowait()
            except queue.Empty:
                return
            if line is _EOF:
                self._lines.put(_EOF)
                self._output_ended = True
                return
            logger.debug("discarding a late line from the agent program: %r", line[:80])

    def _receive(self, turn: int) -> str:
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                line = self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                return self._fail(f"no reply within {self.timeout:g}s")
            if line is _EOF:
                self._lines.put(_EOF)  # every later turn fails fast too
                self._output_ended = True
                code = self.process.poll() if self.process is not None else None
                return self._fail(f"agent program exited (code {code})")
            try:
                reply = json.loads(line)
            except json.JSONDecodeError:
                return self._fail(f'reply is not JSON: {line.strip()[:80]!r}; expected {{"action": "..."}}')
            if not isinstance(reply, dict) or not isinstance(reply.get("action"), str):
                return self._fail(f'reply has no "action" text: {line.strip()[:80]!r}')
            if reply.get("id", turn) != turn:
                logger.debug("skipping the agent program's late reply to turn %s", reply.get("id"))
                continue
            self.last_reply = reply["action"]
            self.last_error = None
            return self.last_reply

    def _fail(self, error: str) -> str:
        self.last_error = error
        self.last_reply = INVALID_REPLY
        logger.warning("agent program %s: %s; sending an invalid action", self.command, error)
        return INVALID_REPLY
