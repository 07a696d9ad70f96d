"""``omniarena eval --arena URL``: an agent plays seeded episodes on a served arena over the wire.

Agents are built against a local, unplayed copy of the served arena (named by the server's ``/metadata``),
which gives them its action set and prompt; every move goes over the WebSocket session.
"""

from __future__ import annotations

from typing import Any

import omniarena
from omniarena.remote import make as remote_make


def served_arena_id(url: str, token: str | None = None) -> str:
    import httpx

    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return str(httpx.get(url.rstrip("/") + "/metadata", headers=headers, timeout=30).json()["name"])


def evaluate_remote(
    url: str, agent_spec: str, episodes: int = 10, seed: int = 0, token: str | None = None, max_steps: int = 10_000
) -> list[dict[str, Any]]:
    """One record per episode: seed, seat, return, steps, invalid replies."""
    from omniarena.agents import make_agent

    arena_id = served_arena_id(url, token)
    info = omniarena.spec(arena_id)
    shadow = omniarena.make_multi(arena_id) if info.multi_agent else omniarena.make(arena_id)
    env = remote_make(url, token=token)
    records = []
    try:
        for episode in range(episodes):
            obs, step_info = env.reset(seed=seed + episode)
            seat = step_info.get("seat")
            agent = make_agent(agent_spec, shadow, arena_id=arena_id, seed=seed + episode, player=seat)
            total, steps, invalid = 0.0, 0, 0
            while steps < max_steps:
                obs, reward, terminated, truncated, step_info = env.step(agent.act(obs))
                total += reward
                steps += 1
                invalid += not step_info.get("action", {}).get("valid", True)
                if terminated or truncated:
                    break
            records.append({"seed": seed + episode, "seat": seat, "return": total, "steps": steps, "invalid": invalid})
    finally:
        env.close()
        shadow.close()
    return records
