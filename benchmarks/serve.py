"""WebSocket steps/s and per-step latency of `omniarena serve` against in-process stepping, in one run.

Starts `omniarena serve ARENA` on 127.0.0.1 (text-only, then JPEG images), drives 1 and 8 sessions from
client processes speaking OpenEnv's WebSocket protocol, and times the same moves in process. Prints one JSON
line per configuration (steps/s of the whole server, median and p99 step latency, server CPU seconds).

    python benchmarks/serve.py [--seconds 5] [--arena omniarena/2048-v0]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import socket
import subprocess
import sys
import time

import numpy as np

MOVES = ("up", "left", "down", "right")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _client(url: str, seconds: float, seed: int, queue: mp.Queue) -> None:
    from websockets.sync.client import connect

    latencies, steps = [], 0
    with connect(url, max_size=None) as ws:
        ws.send(json.dumps({"type": "reset", "data": {"seed": seed}}))
        ws.recv()
        end = time.perf_counter() + seconds
        i = 0
        while time.perf_counter() < end:
            start = time.perf_counter()
            ws.send(json.dumps({"type": "step", "data": {"text": MOVES[i % 4]}}))
            reply = json.loads(ws.recv())
            latencies.append(time.perf_counter() - start)
            steps += 1
            i += 1
            if reply["data"].get("done"):
                ws.send(json.dumps({"type": "reset", "data": {"seed": seed + i}}))
                ws.recv()
    queue.put((steps, latencies))


def wire(arena: str, observe: str, sessions: int, seconds: float) -> dict:
    import psutil

    port = _port()
    server = subprocess.Popen(
        [sys.executable, "-m", "omniarena", "serve", arena, "--port", str(port), "--observe", observe,
         "--max-sessions", str(sessions)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        import httpx

        for _ in range(600):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        cpu = psutil.Process(server.pid)
        cpu_before = sum(cpu.cpu_times()[:2])
        queue: mp.Queue = mp.Queue()
        clients = [
            mp.Process(target=_client, args=(f"ws://127.0.0.1:{port}/ws", seconds, seed, queue))
            for seed in range(sessions)
        ]
        wall = time.perf_counter()
        for c in clients:
            c.start()
        results = [queue.get() for _ in clients]
        for c in clients:
            c.join()
        wall = time.perf_counter() - wall
        server_cpu = sum(cpu.cpu_times()[:2]) - cpu_before
    finally:
        server.terminate()
        server.wait(30)
    steps = sum(r[0] for r in results)
    latencies = np.concatenate([r[1] for r in results]) * 1000
    return {
        "bench": "serve",
        "arena": arena,
        "observe": observe,
        "sessions": sessions,
        "steps": steps,
        "steps_per_s": round(steps / seconds, 1),
        "median_ms": round(float(np.median(latencies)), 3),
        "p99_ms": round(float(np.percentile(latencies, 99)), 3),
        "server_cpu_s": round(server_cpu, 2),
        "server_cpu_ms_per_step": round(1000 * server_cpu / max(steps, 1), 3),
        "wall_s": round(wall, 1),
    }


def in_process(arena: str, observe: str, seconds: float) -> dict:
    import omniarena

    env = omniarena.make(arena, observe=observe)
    env.reset(seed=0)
    latencies, i, cpu = [], 0, time.process_time()
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        start = time.perf_counter()
        _, _, terminated, truncated, _ = env.step(MOVES[i % 4])
        latencies.append(time.perf_counter() - start)
        i += 1
        if terminated or truncated:
            env.reset(seed=i)
    cpu = time.process_time() - cpu
    lat = np.array(latencies) * 1000
    return {
        "bench": "in_process",
        "arena": arena,
        "observe": observe,
        "steps_per_s": round(i / seconds, 1),
        "median_ms": round(float(np.median(lat)), 3),
        "p99_ms": round(float(np.percentile(lat, 99)), 3),
        "cpu_ms_per_step": round(1000 * cpu / i, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--arena", default="omniarena/2048-v0")
    args = parser.parse_args()
    for observe in ("text", "both"):
        print(json.dumps(in_process(args.arena, observe, args.seconds)), flush=True)
        for sessions in (1, 8):
            print(json.dumps(wire(args.arena, observe, sessions, args.seconds)), flush=True)
    print(json.dumps({"bench": "machine", "cpus": os.cpu_count(), "load": os.getloadavg()}), flush=True)


if __name__ == "__main__":
    main()
