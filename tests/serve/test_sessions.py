"""Session lifetime: fault isolation, idle timeout, SIGTERM closing every arena."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import httpx
import pytest
from conftest import free_port, served

import omniarena
import omniarena.remote
from omniarena.serve.environment import ArenaEnvironment, EnvPool, ServeConfig
from omniarena.serve.wire import ArenaAction


class Exploding:
    """A real 2048 env whose step raises on one reply: an arena bug in one session."""

    def __init__(self):
        self.env = omniarena.make("omniarena/2048-v0")
        self.closed = False

    def __getattr__(self, name):
        return getattr(self.env, name)

    def step(self, text):
        if text == "explode":
            raise RuntimeError("arena bug")
        return self.env.step(text)

    def close(self):
        self.closed = True
        self.env.close()


def test_an_arena_that_raises_leaves_other_sessions_alone():
    config = ServeConfig("omniarena/2048-v0")
    made: list[Exploding] = []
    pool = EnvPool(lambda: made.append(Exploding()) or made[-1])
    first, second = ArenaEnvironment(config, pool), ArenaEnvironment(config, pool)
    first.reset(seed=1)
    before = second.reset(seed=2).text
    with pytest.raises(RuntimeError, match="arena bug"):
        first.step(ArenaAction(text="explode"))
    assert made[0].closed  # the faulty arena is closed and never pooled again
    assert second.step(ArenaAction(text="up")).text != "" and second.state.step_count == 1
    assert first.reset(seed=1).text  # the faulty session gets a fresh arena
    assert len(made) == 3 and before
    first.close(), second.close(), pool.close_all()
    assert all(e.closed for e in made)


@pytest.mark.slow
def test_idle_sessions_close_after_the_timeout():
    with served("omniarena/2048-v0", session_timeout=1.0) as app:
        env = omniarena.remote.make(app.url)
        env.reset(seed=0)
        time.sleep(12)  # OpenEnv's reaper looks every max(timeout / 4, 5) seconds
        with pytest.raises(Exception):
            env.step("up")
        assert len(app.pool._idle) == 1  # the reaped session's arena went back to the pool


@pytest.mark.slow
def test_sigterm_closes_every_arena():
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "omniarena", "serve", "omniarena/2048-v0", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        for _ in range(600):
            try:
                httpx.get(f"http://127.0.0.1:{port}/health", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        envs = [omniarena.remote.make(f"http://127.0.0.1:{port}") for _ in range(2)]
        for env in envs:
            env.reset(seed=0)
        os.kill(server.pid, signal.SIGTERM)
        out, _ = server.communicate(timeout=60)
    finally:
        if server.poll() is None:
            server.kill()
    assert server.returncode == 0, out
    assert "closed 2 arenas" in out, out
