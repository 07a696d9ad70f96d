"""omniarena over OpenEnv's wire: determinism against in-process, sessions, capacity, tokens, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
import threading

import numpy as np
import pytest
from conftest import served

import omniarena
import omniarena.remote

ARENA = "omniarena/2048-v0"
MOVES = ["up", "left", 2, "I think <answer>down</answer>", "nonsense", 1, "right", "up"]


def _same(remote_obs, local_obs, exact_image=False):
    assert remote_obs["text"] == local_obs["text"]
    assert remote_obs["image"].shape == local_obs["image"].shape
    np.testing.assert_array_equal(remote_obs["action_mask"], local_obs["action_mask"])
    difference = np.abs(remote_obs["image"].astype(int) - local_obs["image"].astype(int))
    assert (difference.max() == 0) if exact_image else (difference.mean() < 3)  # JPEG is lossy


def _play_both(url, seed):
    remote, local = omniarena.remote.make(url), omniarena.make(ARENA)
    try:
        r_obs, r_info = remote.reset(seed=seed)
        l_obs, l_info = local.reset(seed=seed)
        _same(r_obs, l_obs)
        for move in MOVES:
            r = remote.step(move)
            lo = local.step(move if isinstance(move, str) else local.action_space.action_set.format(move))
            _same(r[0], lo[0])
            assert r[1:4] == lo[1:4]
            assert r[4]["action"]["parsed"] == lo[4]["action"]["parsed"]
            assert r[4]["action"]["valid"] == lo[4]["action"]["valid"]
            assert r[4]["score"] == lo[4]["score"]
    finally:
        remote.close()
        local.close()


def test_over_the_wire_equals_in_process(serve_2048):
    _play_both(serve_2048.url, seed=7)


def test_png_images_are_exact():
    with served(ARENA, image_format="png") as app:
        remote, local = omniarena.remote.make(app.url), omniarena.make(ARENA)
        _same(remote.reset(seed=1)[0], local.reset(seed=1)[0], exact_image=True)
        remote.close()


def test_text_only_leaves_the_image_out():
    with served(ARENA, observe="text") as app:
        from openenv.core.generic_client import GenericEnvClient

        with GenericEnvClient(base_url=app.url).sync() as client:
            payload = client.reset(seed=1).observation
        assert payload["image"] is None and payload["text"]


def test_eight_concurrent_sessions_with_different_seeds(serve_2048):
    errors: list[BaseException] = []

    def run(seed):
        try:
            _play_both(serve_2048.url, seed)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(seed,)) for seed in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    # the sessions' arenas went back to the pool and are reused: no more than 8 were ever built
    assert serve_2048.pool.built <= 8
    before = serve_2048.pool.built
    _play_both(serve_2048.url, 99)
    assert serve_2048.pool.built == before


def test_capacity_error():
    with served(ARENA, max_sessions=1) as app:
        first = omniarena.remote.make(app.url)
        first.reset(seed=0)
        with pytest.raises(Exception, match="(?i)capacity"):
            second = omniarena.remote.make(app.url)
            second.reset(seed=0)
        first.close()


def test_token_is_required_and_checked():
    import httpx

    with served(ARENA, token="s3cret") as app:
        assert httpx.get(app.url + "/health").status_code == 401
        assert httpx.get(app.url + "/health", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert httpx.get(app.url + "/health", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        with pytest.raises(Exception):
            omniarena.remote.make(app.url).reset(seed=0)
        env = omniarena.remote.make(app.url, token="s3cret")
        assert env.reset(seed=0)[0]["text"]
        env.close()


def test_other_hosts_refuse_to_start_without_a_token():
    result = subprocess.run(
        [sys.executable, "-m", "omniarena", "serve", ARENA, "--host", "0.0.0.0"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "--token" in result.stderr + result.stdout


MALFORMED = [
    "not json at all",
    "[1, 2, 3]",
    json.dumps({"type": "launch_missiles"}),
    json.dumps({"type": "step", "data": {"bogus": 1}}),
    json.dumps({"type": "step", "data": {"text": 5}}),
    json.dumps({"type": "step", "data": {"text": "up", "native": 1}}),
    json.dumps({"type": "step", "data": {"native": 99}}),
    json.dumps({"type": "step", "data": {"native": "up"}}),
    json.dumps({"type": "reset", "data": {"seed": "seven"}}),
    json.dumps({"type": "reset", "data": {"seat": 3}}),
    json.dumps({"type": "step"}),
]


def test_malformed_messages_keep_the_session_and_server_up(serve_2048):
    import httpx
    from websockets.sync.client import connect

    with connect(serve_2048.url.replace("http", "ws") + "/ws") as ws:
        ws.send(json.dumps({"type": "reset", "data": {"seed": 1}}))
        assert json.loads(ws.recv())["type"] == "observation"
        for message in MALFORMED:
            ws.send(message)
            reply = json.loads(ws.recv())
            assert reply["type"] == "error", (message, reply)
        ws.send(json.dumps({"type": "step", "data": {"text": "up"}}))  # the same session plays on
        assert json.loads(ws.recv())["type"] == "observation"
        ws.send("x" * (2 << 20))  # over the message cap: the connection goes, the server stays
        with pytest.raises(Exception):
            ws.recv()
    for body in ("{", '{"action": 5}', '{"action": {"text": 1}}'):
        response = httpx.post(serve_2048.url + "/step", content=body, headers={"content-type": "application/json"})
        assert 400 <= response.status_code < 500, (body, response.status_code)
    assert httpx.post(serve_2048.url + "/reset", content=b"{" + b" " * (2 << 20) + b"}").status_code == 413
    assert httpx.get(serve_2048.url + "/health").json()["status"] == "healthy"
    _play_both(serve_2048.url, 3)


def test_schema_and_metadata(serve_2048):
    import httpx

    schema = httpx.get(serve_2048.url + "/schema").json()
    assert {"text", "native"} <= set(schema["action"]["properties"])
    assert {"text", "image", "width", "height", "action_mask"} <= set(schema["observation"]["properties"])
    metadata = httpx.get(serve_2048.url + "/metadata").json()
    assert metadata["name"] == ARENA
    assert '"family"' in metadata["readme_content"] and "up" in metadata["readme_content"]
