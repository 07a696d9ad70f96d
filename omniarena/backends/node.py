"""The Node bridge: one owned Node.js process spoken to in JSON lines, and the npm packages it needs.

Arena-agnostic plumbing (the Minecraft arena is its first user):

- :func:`install_packages` runs ``npm ci`` for a shipped ``package.json`` + ``package-lock.json`` into a
  per-lock cache directory (``$OMNIARENA_CACHE_DIR`` or ``~/.cache/omniarena``, under ``node/``), once;
  :func:`modules_dir` finds that install (or ``$OMNIARENA_NODE_MODULES``) and says how to make it when it
  is missing. Nothing installs at run time: a missing install fails with the command that fixes it.
- :class:`NodeBridge` starts ``node script.js`` in its own process group. Requests go to the script's
  stdin as ``{"id", "op", "args"}`` lines; replies come back one line each on file descriptor 3 as
  ``{"id", "ok", "result"}`` or ``{"id", "ok": false, "error"}``, so whatever the script's libraries log
  on stdout cannot corrupt the protocol. stderr is kept (the last lines) for error messages.
- ``close()`` is idempotent and also runs at interpreter exit: it closes stdin (the script exits when it
  sees EOF), then terminates and finally kills the whole process group, so no Node process outlives it.
  A dead process, a timeout or an error reply raises :class:`NodeError` with the process's last stderr.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import logging
import os
import queue
import shutil
import signal
import subprocess
import threading
import weakref
from collections import deque
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from gymnasium.error import DependencyNotInstalled

__all__ = ["NodeBridge", "NodeError", "cache_root", "install_packages", "modules_dir", "node_executable"]

logger = logging.getLogger(__name__)

REPLY_FD = 3
STDERR_LINES = 40
_STAMP = ".omniarena-npm-ci"


class NodeError(RuntimeError):
    """The Node process failed: an error reply, a timeout, or the process died (``returncode`` set)."""

    def __init__(self, message: str, returncode: int | None = None) -> None:
        super().__init__(message)
        self.returncode = returncode


def node_executable(name: str = "node") -> str:
    """The path of ``node`` (or ``npm``); ``DependencyNotInstalled`` saying how to get it when missing."""
    path = shutil.which(name)
    if path is None:
        raise DependencyNotInstalled(
            f"`{name}` is not on PATH: the Minecraft arena runs Node.js (18 or newer) with npm. "
            "Install it (Debian/Ubuntu: apt-get install nodejs npm; macOS: brew install node), then run "
            "`omniarena minecraft install`."
        )
    return path


def cache_root() -> Path:
    """Where omniarena keeps installed npm packages: ``$OMNIARENA_CACHE_DIR`` or ``~/.cache/omniarena``."""
    if os.environ.get("OMNIARENA_CACHE_DIR"):
        return Path(os.environ["OMNIARENA_CACHE_DIR"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "omniarena"


def _install_dir(package_dir: Path) -> Path:
    lock = (package_dir / "package-lock.json").read_bytes()
    manifest = json.loads((package_dir / "package.json").read_text())
    digest = hashlib.sha256(lock).hexdigest()[:12]
    return cache_root() / "node" / f"{manifest.get('name', package_dir.name)}-{digest}"


def modules_dir(package_dir: str | Path, install_hint: str) -> Path:
    """The ``node_modules`` installed for ``package_dir``'s lock file; fails with ``install_hint`` if absent.

    ``$OMNIARENA_NODE_MODULES`` names an existing ``node_modules`` directory instead (a user's own install).
    """
    override = os.environ.get("OMNIARENA_NODE_MODULES")
    if override:
        path = Path(override).expanduser()
        if not path.is_dir():
            raise DependencyNotInstalled(f"OMNIARENA_NODE_MODULES={override} is not a directory")
        return path
    target = _install_dir(Path(package_dir))
    if not (target / _STAMP).exists():
        raise DependencyNotInstalled(
            f"the Node packages of {Path(package_dir).name} are not installed (looked in {target}). "
            f"Run `{install_hint}` once (it runs `npm ci` from the npm registry, about 600 MB)."
        )
    return target / "node_modules"


def install_packages(package_dir: str | Path, force: bool = False, quiet: bool = False) -> Path:
    """``npm ci`` the pinned packages of ``package_dir`` into the cache; returns the ``node_modules`` path.

    Idempotent: an install of the same lock file is reused unless ``force``.
    """
    package_dir = Path(package_dir)
    target = _install_dir(package_dir)
    stamp = target / _STAMP
    if stamp.exists() and not force:
        return target / "node_modules"
    npm = node_executable("npm")
    node_executable("node")
    target.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(package_dir / name, target / name)
    command = [npm, "ci", "--no-audit", "--no-fund", "--omit=dev", "--loglevel=error"]
    logger.info("installing Node packages into %s (%s)", target, " ".join(command))
    done = subprocess.run(command, cwd=target, capture_output=quiet, text=True, check=False)
    if done.returncode != 0:
        detail = (done.stderr or "")[-2000:] if quiet else ""
        raise NodeError(f"`npm ci` failed in {target} (exit {done.returncode}). {detail}", done.returncode)
    stamp.write_text("ok\n")
    return target / "node_modules"


class NodeBridge:
    """One Node.js process running ``script``, spoken to with :meth:`call` (JSON lines, see the module doc).

    ``node_path`` is the ``node_modules`` directory the script's ``require`` resolves against.
    """

    def __init__(
        self,
        script: str | Path,
        node_path: str | Path | None = None,
        env: Mapping[str, str] | None = None,
        name: str = "node",
    ) -> None:
        script = Path(script).resolve()
        self.name = name
        self._next_id = 0
        self._lock = threading.Lock()
        self._replies: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._stderr: deque[str] = deque(maxlen=STDERR_LINES)
        full_env = {**os.environ, **(env or {})}
        if node_path is not None:
            full_env["NODE_PATH"] = str(node_path)
        read_fd, write_fd = os.pipe()
        try:
            # The reply pipe lands on fd 3 in the child (pass_fds keeps the number only when it already is 3).
            self._proc = subprocess.Popen(
                [node_executable(), str(script)],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                env=full_env,
                start_new_session=True,  # its own process group: close() ends the children too
                preexec_fn=_dup_to(write_fd, REPLY_FD),
                pass_fds=(write_fd, REPLY_FD),
                cwd=str(Path(script).parent),
            )
        finally:
            os.close(write_fd)
        self._reply_file = os.fdopen(read_fd, "rb")
        self._closed = False
        threading.Thread(target=self._read_replies, name=f"{name}-replies", daemon=True).start()
        threading.Thread(target=self._read_stderr, name=f"{name}-stderr", daemon=True).start()
        self._finalizer = weakref.finalize(self, _terminate, self._proc)
        atexit.register(self._finalizer)
        logger.debug("started %s (pid %d): %s", name, self._proc.pid, script)

    @property
    def pid(self) -> int:
        return self._proc.pid

    @property
    def alive(self) -> bool:
        return not self._closed and self._proc.poll() is None

    def stderr_tail(self) -> str:
        return "\n".join(self._stderr)

    def _read_replies(self) -> None:
        for line in self._reply_file:
            try:
                self._replies.put(json.loads(line))
            except ValueError:
                self._stderr.append(f"[bridge] unreadable reply line: {line[:200]!r}")
        self._replies.put(None)  # the process closed fd 3: it exited

    def _read_stderr(self) -> None:
        assert self._proc.stderr is not None
        for raw in self._proc.stderr:
            line = raw.decode("utf-8", "replace").rstrip()
            if line:
                self._stderr.append(line)
                logger.debug("%s: %s", self.name, line)

    def _dead(self, what: str) -> NodeError:
        try:
            code = self._proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            code = None
        tail = self.stderr_tail()
        return NodeError(f"{self.name} {what} (exit code {code}).{' Last stderr: ' + tail if tail else ''}", code)

    def call(self, op: str, timeout: float = 60.0, **args: Any) -> Any:
        """Run ``op`` in the Node process and return its result; :class:`NodeError` on any failure."""
        with self._lock:
            if self._closed:
                raise NodeError(f"{self.name} is closed")
            if self._proc.poll() is not None:
                raise self._dead("is not running")
            self._next_id += 1
            request_id = self._next_id
            line = json.dumps({"id": request_id, "op": op, "args": args}) + "\n"
            try:
                assert self._proc.stdin is not None
                self._proc.stdin.write(line.encode())
                self._proc.stdin.flush()
            except (BrokenPipeError, OSError):
                raise self._dead(f"died before {op!r}") from None
            while True:
                try:
                    message = self._replies.get(timeout=timeout)
                except queue.Empty:
                    self._kill()
                    raise NodeError(
                        f"{self.name}: {op!r} got no reply within {timeout:.0f} s; the process was stopped. "
                        f"Last stderr: {self.stderr_tail()}"
                    ) from None
                if message is None:
                    self._replies.put(None)
                    raise self._dead(f"exited during {op!r}")
                if message.get("id") == request_id:
                    break
                logger.warning("%s: stray reply %r", self.name, message)
        if not message.get("ok"):
            raise NodeError(f"{self.name}: {op} failed: {message.get('error')}")
        return message.get("result")

    def _kill(self) -> None:
        self._closed = True
        _terminate(self._proc)

    def close(self) -> None:
        """Stop the process and every process it started; idempotent."""
        if self._closed and self._proc.poll() is not None:
            return
        self._closed = True
        try:
            if self._proc.stdin is not None:
                self._proc.stdin.close()
        except OSError:
            pass
        try:
            self._proc.wait(timeout=3)
        except subprocess.TimeoutExpired:
            pass
        self._finalizer()
        try:
            atexit.unregister(self._finalizer)
        except Exception:  # pragma: no cover - interpreter shutting down
            pass
        self._reply_file.close()

    def __enter__(self) -> NodeBridge:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _dup_to(fd: int, target: int) -> Any:
    def child() -> None:  # runs in the child between fork and exec
        os.dup2(fd, target)

    return child


def _terminate(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process group, then SIGKILL whatever is left after 3 s."""
    for sig, wait in ((signal.SIGTERM, 3.0), (signal.SIGKILL, 3.0)):
        try:
            os.killpg(proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            break
        try:
            proc.wait(timeout=wait)
            # The leader is gone; children in its group may remain, so the kill pass still runs.
            if sig == signal.SIGTERM:
                continue
        except subprocess.TimeoutExpired:
            continue
    try:
        proc.wait(timeout=1)
    except subprocess.TimeoutExpired:  # pragma: no cover - unkillable
        logger.error("node process %d did not stop", proc.pid)
