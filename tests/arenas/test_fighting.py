"""The fighting arena: one test per mechanic, determinism and replays, time modes, text grammar, the ladder."""

from __future__ import annotations

import json

import numpy as np
import pytest

import omniarena
from omniarena.arenas.fighting.actions import fight_actions
from omniarena.arenas.fighting.characters import SUB, character, characters
from omniarena.arenas.fighting.controls import BUTTONS, CONTROLS, index_of
from omniarena.arenas.fighting.engine import BLOCKSTUN, HITSTUN, KNOCKDOWN, METER_MAX, Match
from omniarena.arenas.fighting.env import Fight2PEnv, FightLadderEnv, replay
from omniarena.arenas.fighting.ladder import RUNGS, Side, cpu_match, rung_side

STAND, BACK, CROUCH_BACK = (0, 0, 0), (-1, 0, 0), (-1, -1, 0)
LP, HP, LK, HK = 1, 2, 3, 4
FIREBALL, UPPERCUT, SPECIAL, SUPER, THROW = 5, 6, 7, 8, 9


def duel(left: str = "Kenji", right: str = "Kenji", gap: int = 4, round_seconds: int = 30) -> Match:
    """A match with the bodies ``gap`` pixels apart in the middle of the stage, player 0 on the left."""
    match = Match((character(left), character(right)), round_seconds)
    f0, f1 = match.fighters
    middle = 128 * SUB
    reach = f0.char.half + f1.char.half + gap * SUB
    f0.x, f1.x = middle - reach // 2, middle + reach - reach // 2
    return match


def run(match: Match, frames: int, input0=STAND, input1=STAND) -> None:
    """``frames`` frames; a command in an input is pressed on the first frame only."""
    for frame in range(frames):
        first = frame == 0
        match.frame(input0 if first else (*input0[:2], 0), input1 if first else (*input1[:2], 0))


def test_block_negates_damage_and_causes_blockstun() -> None:
    match = duel(gap=4)
    run(match, 1, (0, 0, HP), BACK)
    states = []
    for _ in range(12):
        run(match, 1, STAND, BACK)
        states.append(match.fighters[1].state)
    assert BLOCKSTUN in states
    assert match.fighters[1].health == match.fighters[1].char.health
    assert [e.kind for e in match.events] == ["blocked"]
    unblocked = duel(gap=4)
    run(unblocked, 13, (0, 0, HP), STAND)
    assert unblocked.fighters[1].health == unblocked.fighters[1].char.health - character("Kenji").moves["hp"].damage


def test_an_attack_lands_on_the_first_active_frame() -> None:
    move = character("Kenji").moves["lp"]
    match = duel(gap=2)
    run(match, move.startup, (0, 0, LP), STAND)
    assert not match.events
    run(match, 1)
    assert match.events[-1].kind == "hit" and match.fighters[1].state == HITSTUN


def test_throw_beats_block() -> None:
    match = duel(gap=2)
    run(match, 6, (0, 0, THROW), BACK)
    defender = match.fighters[1]
    assert defender.state == KNOCKDOWN
    assert defender.health == defender.char.health - character("Kenji").moves["throw"].damage
    assert match.events[-1].kind == "threw"


def test_a_throw_whiffs_on_a_jumping_opponent() -> None:
    match = duel(gap=2)
    run(match, 1, STAND, (0, 1, 0))  # player 1 jumps
    run(match, 6, (0, 0, THROW), (0, 1, 0))
    assert match.fighters[1].health == match.fighters[1].char.health


@pytest.mark.parametrize("guard, hurt", [(BACK, True), (CROUCH_BACK, False)])
def test_low_beats_standing_block_but_not_crouch_block(guard, hurt: bool) -> None:
    match = duel(gap=8)
    run(match, 12, (0, -1, LK), guard)  # crouching light kick: hits low
    damaged = match.fighters[1].health < match.fighters[1].char.health
    assert damaged == hurt
    assert match.events[-1].kind == ("hit" if hurt else "blocked")


def test_overhead_beats_crouch_block() -> None:
    match = duel(gap=4)
    run(match, 24, (1, 0, HP), CROUCH_BACK)  # forward + heavy punch is the overhead
    assert match.events[-1].kind == "hit" and match.events[-1].slot == "overhead"


def test_projectile_travels_and_is_blocked() -> None:
    match = duel(gap=120)
    run(match, character("Kenji").moves["fireball"].startup + 1, (0, 0, FIREBALL), BACK)
    assert len(match.projectiles) == 1
    positions = []
    for _ in range(200):
        if not match.projectiles:
            break
        positions.append(match.projectiles[0].x)
        run(match, 1, STAND, BACK)
    assert len(positions) > 10 and all(b > a for a, b in zip(positions, positions[1:], strict=False))
    assert match.events[-1].kind == "blocked" and match.events[-1].slot == "fireball"
    assert match.fighters[1].health == match.fighters[1].char.health


def test_two_projectiles_cancel_out() -> None:
    match = duel(gap=120)
    run(match, 80, (0, 0, FIREBALL), (0, 0, FIREBALL))
    assert match.events[-1].kind == "clash" and not match.projectiles
    assert all(f.health == f.char.health for f in match.fighters)


def test_anti_air_beats_a_jump_in() -> None:
    match = duel(gap=60)
    run(match, 1, STAND, (1, 1, 0))  # player 1 jumps in
    pressed = False
    for _ in range(80):
        jumper, defender = match.fighters[1], match.fighters[0]
        command1 = HK if jumper.vy < 20 and jumper.move is None and jumper.y > 0 else 0
        gap = (abs(jumper.x - defender.x) - jumper.char.half - defender.char.half) // SUB
        command0 = UPPERCUT if not pressed and jumper.y > 0 and gap < 20 and jumper.vy < 0 else 0
        pressed = pressed or bool(command0)
        match.frame((0, 0, command0), (1, 1, command1))
        if match.events:
            break
    assert pressed
    assert match.events[-1].kind == "hit" and match.events[-1].slot == "uppercut" and match.events[-1].actor == 0
    assert match.fighters[0].health == match.fighters[0].char.health
    assert match.fighters[1].state == KNOCKDOWN


def test_the_timer_ends_a_round() -> None:
    match = duel(round_seconds=1, gap=60)
    run(match, 59)
    assert match.round == 1
    run(match, 1)
    assert match.round == 2 and match.round_log == [(None, "time")] and match.wins == [1, 1]
    # Out of time with more health left wins the round.
    match = duel(round_seconds=1, gap=2)
    run(match, 60, (0, 0, LP))
    assert match.round_log == [(0, "time")] and match.wins == [1, 0]


def test_best_of_three_ends_the_match() -> None:
    match = duel(round_seconds=1, gap=2)
    run(match, 60, (0, 0, LP))
    run(match, 24, (1, 0, 0))  # round 2 starts apart: walk in ("forward" is toward the opponent on either side)
    run(match, 36, (0, 0, LP))
    assert match.done and match.winner == 0 and match.wins == [2, 0]
    with pytest.raises(ValueError, match="over"):
        match.frame(STAND, STAND)


def test_sides_switch_between_rounds_and_when_fighters_cross() -> None:
    match = duel(round_seconds=1)
    run(match, 60)
    f0, f1 = match.fighters
    assert match.round == 2 and f0.x > f1.x and f0.facing == -1 and f1.facing == 1
    crossing = duel(gap=0)
    run(crossing, 1, (1, 1, 0))  # player 0 jumps forward over player 1
    run(crossing, 60)
    f0, f1 = crossing.fighters
    assert f0.x > f1.x and f0.facing == -1 and f1.facing == 1


def test_meter_fills_and_pays_for_the_super() -> None:
    match = duel(gap=10)
    attacker = match.fighters[0]
    run(match, 40, (0, 0, SUPER))
    assert not match.events  # no meter: nothing happens
    attacker.meter = METER_MAX
    run(match, 12, (0, 0, SUPER))
    assert attacker.meter == character("Kenji").moves["super"].damage // 2  # spent, then refilled by the hit
    assert match.events[-1].kind == "hit" and match.events[-1].damage == character("Kenji").moves["super"].damage
    assert match.fighters[1].meter > 0  # being hit fills meter too


def test_grappler_command_throw_reaches_further_than_a_throw() -> None:
    grab = duel("Brakka", "Kenji", gap=22)  # the blocker walks back a little meanwhile
    run(grab, 10, (0, 0, SPECIAL), BACK)
    assert grab.events[-1].kind == "threw" and grab.events[-1].slot == "special"
    plain = duel("Brakka", "Kenji", gap=22)
    run(plain, 10, (0, 0, THROW), BACK)
    assert not plain.events


def test_characters_are_data_with_distinct_archetypes() -> None:
    fighters = characters()
    assert len(fighters) >= 8
    assert len({f.archetype for f in fighters}) == len(fighters)
    assert {"rushdown", "zoner", "grappler", "balanced"} <= {f.archetype for f in fighters}
    assert character("orla").moves["fireball"].speed > character("Brakka").moves["fireball"].speed
    with pytest.raises(ValueError, match="Kenji"):
        character("Ryu")


def test_controls_cover_directions_buttons_and_named_moves() -> None:
    assert len(CONTROLS) == 52 and len({c.name for c in CONTROLS}) == 52
    assert CONTROLS[index_of("crouch back")][:3] == ("crouch back", -1, -1)
    assert all(index_of(button) for button in BUTTONS)


# --- the environments -----------------------------------------------------------------------------
def rollout(env, seed: int, steps: int) -> list:
    rng = np.random.default_rng(seed)
    obs, _ = env.reset(seed=seed)
    trace = [obs]
    for _ in range(steps):
        obs, _, terminated, truncated, _ = env.step(int(rng.integers(52)))
        trace.append(obs)
        if terminated or truncated:
            break
    return trace


def same(a: dict, b: dict) -> bool:
    if a["text"] != b["text"] or not np.array_equal(a["image"], b["image"]):
        return False
    return all(np.array_equal(a["features"][k], b["features"][k]) for k in a["features"])


def test_same_seed_and_actions_give_the_same_match() -> None:
    first = rollout(FightLadderEnv(), 3, 150)
    second = rollout(FightLadderEnv(), 3, 150)
    assert len(first) == len(second) and all(same(a, b) for a, b in zip(first, second, strict=True))
    other = rollout(FightLadderEnv(), 4, 150)
    assert not all(same(a, b) for a, b in zip(first, other, strict=False))


def test_a_replay_file_reproduces_the_match_bit_for_bit(tmp_path) -> None:
    env = FightLadderEnv(ladder="fixed", rung=7)
    rollout(env, 8, 200)
    path = tmp_path / "match.json"
    path.write_text(json.dumps(env.replay_log()))
    again = replay(json.loads(path.read_text()))
    assert again.bout.match.signature() == env.bout.match.signature()
    assert same(again.observation(), env.observation())


def test_a_two_player_replay_reproduces_the_match() -> None:
    env = Fight2PEnv(characters=("Mei", "Gorr"), max_moves=2)
    env.reset(seed=5)
    rng = np.random.default_rng(5)
    for _ in range(120):
        env.step({a: env.action_set.sample_legal(rng) for a in env.agents})
        if not env.agents:
            break
    again = replay(json.loads(json.dumps(env.replay_log())))
    assert again.bout.match.signature() == env.bout.match.signature()


def test_clone_and_restore_state_continue_identically() -> None:
    env = FightLadderEnv()
    rollout(env, 1, 40)
    saved = env.clone_state()
    actions = np.random.default_rng(9).integers(52, size=60)
    first = [env.step(int(a))[0] for a in actions]
    env.restore_state(saved)
    second = [env.step(int(a))[0] for a in actions]
    assert all(same(a, b) for a, b in zip(first, second, strict=True))


def test_realtime_mode_charges_latency_as_frames() -> None:
    now = [0.0]
    env = FightLadderEnv(mode="realtime", clock=lambda: now[0], ladder="fixed", rung=12)
    env.reset(seed=0)
    now[0] += 0.5  # the agent thought for half a second
    _, _, _, _, info = env.step(index_of("neutral"))
    assert info["waited"] == 30 and info["frame"] == 30 + env.frame_skip
    paused = FightLadderEnv()
    paused.reset(seed=0)
    assert paused.step(0)[4]["frame"] == paused.frame_skip


def test_frame_skip_draws_only_the_last_frame() -> None:
    env = FightLadderEnv(frame_skip=4)
    draws = [0]
    draw = env._draw

    def counted():
        draws[0] += 1
        return draw()

    env._draw = counted
    env.reset(seed=0)
    for _ in range(10):
        env.step(0)
    assert draws[0] == 11 and env.bout.match.frame_count == 40
    with pytest.raises(ValueError, match="frame_skip"):
        FightLadderEnv(frame_skip=17)


def test_queued_moves_play_in_order_and_text_errors_are_never_fatal() -> None:
    env = omniarena.make("omniarena/FightLadder-Queue-v0")
    env.reset(seed=0)
    reply = "Close in, then sweep.\n<answer>\n- forward\n- forward\n- crouch heavy kick\n</answer>"
    _, _, terminated, _, info = env.step(reply)
    assert info["action"]["valid"] and info["action"]["parsed"] == "- forward\n- forward\n- crouch heavy kick"
    assert (
        info["frame"] == 3 * env.unwrapped.frame_skip and env.unwrapped.bout.match.fighters[0].last_slot == "crouch_hk"
    )
    obs, _, terminated, _, info = env.step("<answer>- forward\n- flying kick</answer>")
    assert not terminated and not info["action"]["valid"] and "flying kick" in info["action"]["error"]
    assert "flying kick" in obs["text"]
    _, _, _, _, info = env.step("<answer>" + "\n".join(["- jab"] * 5) + "</answer>")
    assert "at most 4" in info["action"]["error"]
    queue = fight_actions(4)
    assert (
        queue.format(queue.parse("<answer>- jump in\n- roundhouse</answer>").action) == "- jump forward\n- heavy kick"
    )


def test_one_move_text_grammar_reads_relative_moves_and_aliases() -> None:
    actions = fight_actions(1)
    for reply, name in [
        ("<answer>crouch block</answer>", "crouch back"),
        ("I'll go for a hadouken", "fireball"),
        ("Action: jump forward heavy kick", "jump forward heavy kick"),
        ("<answer>anti-air</answer>", "uppercut"),
    ]:
        result = actions.parse(reply)
        assert result.ok and actions.format(result.action) == name, (reply, result.error)
    assert not actions.parse("<answer>flying kick</answer>").ok


def test_each_player_sees_itself_on_the_left() -> None:
    env = Fight2PEnv(characters=("Kenji", "Kenji"))
    observations, _ = env.reset(seed=0)
    for agent, obs in observations.items():
        features = obs["features"]
        assert (agent == "player_1") == bool(features["own_side"])  # player_1 starts on the right
        blue = np.all(obs["image"][30:172] == (60, 140, 255), axis=-1)  # the marker over the viewer
        assert blue.any() and np.flatnonzero(blue.any(axis=0)).mean() < 128
        assert "You are on the " + ("right" if agent == "player_1" else "left") in obs["text"]
    p0, p1 = observations["player_0"]["features"], observations["player_1"]["features"]
    assert p0["own_x"] == p1["opp_x"] and p0["opp_health"] == p1["own_health"]
    assert not np.array_equal(observations["player_0"]["image"], observations["player_1"]["image"])
    unmirrored = Fight2PEnv(mirror=False)
    obs, _ = unmirrored.reset(seed=0)
    blue = np.all(obs["player_1"]["image"][30:172] == (60, 140, 255), axis=-1)
    assert np.flatnonzero(blue.any(axis=0)).mean() > 128


def test_image_size_is_configurable_and_features_fit_their_space() -> None:
    env = FightLadderEnv(image_size=(96, 128))
    obs, _ = env.reset(seed=0)
    assert obs["image"].shape == (96, 128, 3) and obs in env.observation_space
    with pytest.raises(ValueError, match="image_size"):
        FightLadderEnv(image_size=(10, 10))


def test_ladder_metrics_count_rungs_and_full_clears() -> None:
    env = FightLadderEnv(ladder="climb", round_seconds=5)
    progress = env.progress
    for rung in range(1, 13):
        progress.record(rung, True)
    progress.record(1, False)
    stats = env.ladder_stats()
    assert stats["clears"] == 1 and stats["runs"] == 2 and stats["full_clear_rate"] == 0.5
    assert stats["rungs"][0]["played"] == 2 and stats["rungs"][0]["win_rate"] == 0.5
    curriculum = FightLadderEnv(ladder="curriculum")
    curriculum.progress.won[:6] = [50] * 6
    curriculum.progress.played[:6] = [50] * 6
    rng = np.random.default_rng(0)
    drawn = [curriculum.progress.next_rung(rng) for _ in range(200)]
    assert sum(r > 6 for r in drawn) > 190  # rungs already beaten are rarely drawn


def test_held_out_bots_are_not_on_the_ladder() -> None:
    env = FightLadderEnv(opponent={"character": "Rin", "style": "anti_spam", "level": 6})
    _, info = env.reset(seed=0)
    assert info["rung"] is None and "anti_spam" in info["opponent"]
    assert all(r.style not in ("anti_spam", "sweeper", "keepaway") for r in RUNGS)
    with pytest.raises(ValueError, match="styles"):
        FightLadderEnv(opponent={"style": "cheater"})


@pytest.mark.slow
@pytest.mark.parametrize("rung", range(1, len(RUNGS) + 1))
def test_each_rung_beats_random_and_the_rung_below(rung: int) -> None:
    # Fixed seeds: the ladder's order holds on these 20 matches per pairing (benchmarks/fighting.py
    # --baselines measures it on others, see BENCHMARKS.md).
    side = rung_side(rung)
    beat_random = sum(cpu_match(side, Side("Kenji", None), seed) == 0 for seed in range(20))
    assert beat_random >= 19, f"rung {rung} {side} beat random {beat_random}/20"
    if rung > 1:
        beat_below = sum(cpu_match(side, rung_side(rung - 1), seed) == 0 for seed in range(20))
        assert beat_below > 10, f"rung {rung} {side} beat rung {rung - 1} only {beat_below}/20"
