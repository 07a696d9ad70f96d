"""make_multi's default invalid-reply rule (Kaggle Game Arena's): the third invalid reply in a row forfeits."""

from __future__ import annotations

import omniarena

GARBAGE = "<answer>zzqx qxzz</answer>"


def first_player_replies_garbage(multi_id: str, times: int) -> tuple[object, dict]:
    """Step ``times`` invalid replies from player_0 (every other player answers legally); the env and
    the last infos."""
    env = omniarena.make_multi(multi_id)
    infos: dict = {}
    if hasattr(env, "agent_iter"):
        env.reset(seed=0)
        sent = 0
        for agent in env.agent_iter():
            obs, _, terminated, truncated, info = env.last()
            infos[agent] = info
            if terminated or truncated:
                env.step(None)
                continue
            if agent == "player_0":
                if sent == times:
                    break
                sent += 1
                env.step(GARBAGE)
            else:
                env.step(env.action_space(agent).sample(obs.get("action_mask")))
        infos = {agent: env.infos.get(agent, infos.get(agent, {})) for agent in env.possible_agents}
    else:
        observations, _ = env.reset(seed=0)
        for _ in range(times):
            replies = {a: env.action_space(a).sample(observations[a].get("action_mask")) for a in env.agents}
            replies["player_0"] = GARBAGE
            observations, _, _, _, infos = env.step(replies)
            if not env.agents:
                break
    return env, infos


def test_two_invalid_replies_in_a_row_keep_the_game(multi_id: str) -> None:
    env, _ = first_player_replies_garbage(multi_id, 2)
    assert "player_0" in env.agents


def test_the_third_invalid_reply_in_a_row_forfeits(multi_id: str) -> None:
    env, infos = first_player_replies_garbage(multi_id, 3)
    assert env.agents == [] or "player_0" not in env.agents
    assert infos["player_0"].get("forfeit"), infos["player_0"]


def test_noop_keeps_the_old_behaviour(multi_id: str) -> None:
    env = omniarena.make_multi(multi_id, invalid="noop")
    assert env.policy.kind == "noop"
    assert omniarena.make_multi(multi_id).policy.retries == 2
