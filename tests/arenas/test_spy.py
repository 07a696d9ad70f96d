"""Who is the Spy: rules (tally, ties, self-votes, escapes, forfeits), scene pairs differ in exactly the
recorded detail, the reply parser, observations per modality, end-of-game infos, recording, heuristics."""

from __future__ import annotations

import json
import pickle

import numpy as np
import pytest
from PIL import Image

import omniarena
from omniarena.arenas.games.spy import rules
from omniarena.arenas.games.spy.actions import FreeClue
from omniarena.arenas.games.spy.bots import RandomSpy, SpyHeuristic
from omniarena.arenas.games.spy.env import WhoIsTheSpyEnv
from omniarena.arenas.games.spy.scenes import DIFFICULTIES, make_source
from omniarena.arenas.games.spy.scenes.shapes import ATTRIBUTES as SHAPE_ATTRIBUTES

ARENA = "omniarena/WhoIsTheSpy-v0"
SEEDS = range(40)


# --- rules ------------------------------------------------------------------------------------------
def played(
    players: int, spies: tuple[int, ...], ballots: list[dict[int, int | None]], ties: str = "none"
) -> rules.Game:
    game = rules.new_game(players, spies, clue_rounds=1, ties=ties)
    for seat in range(players):
        rules.give_clue(game, seat, f"clue {seat}")
    for ballot in ballots:
        for seat in range(players):
            rules.cast_vote(game, seat, ballot[seat])
    return game


def test_tally_counts_votes_and_ignores_abstentions():
    counts, leaders = rules.tally({0: 2, 1: 2, 2: 0, 3: None}, (0, 1, 2, 3))
    assert counts == {2: 2, 0: 1} and leaders == (2,)
    assert rules.tally({0: None, 1: None}, (0, 1)) == (rules.Counter(), ())
    assert rules.tally({0: 1, 1: 0, 2: 3, 3: 2}, (0, 1, 2, 3))[1] == (0, 1, 2, 3)


def test_spy_with_most_votes_is_caught():
    game = played(4, (2,), [{0: 2, 1: 2, 2: 0, 3: 2}])
    assert game.over and game.eliminated == 2 and game.caught
    assert rules.final_rewards(game) == [1.0, 1.0, -1.0, 1.0]


def test_spy_escapes_when_a_civilian_gets_the_most_votes():
    game = played(4, (3,), [{0: 1, 1: 0, 2: 1, 3: 1}])
    assert game.eliminated == 1 and not game.caught
    assert rules.final_rewards(game) == [-1.0, -1.0, -1.0, 1.0]


def test_a_tie_eliminates_nobody_under_ties_none():
    game = played(4, (0,), [{0: 1, 1: 0, 2: 0, 3: 1}])
    assert game.over and game.eliminated is None and not game.caught
    assert rules.final_rewards(game) == [1.0, -1.0, -1.0, -1.0]


def test_a_tie_is_revoted_among_the_tied_under_ties_revote():
    game = played(4, (0,), [{0: 1, 1: 0, 2: 0, 3: 1}], ties="revote")
    assert game.phase == "revote" and game.candidates == (0, 1) and not game.over
    with pytest.raises(ValueError, match="not a candidate"):
        rules.cast_vote(game, 0, 2)
    for seat, target in enumerate((1, 0, 0, 0)):
        rules.cast_vote(game, seat, target)
    assert game.over and game.eliminated == 0 and game.caught and len(game.ballots) == 2


def test_a_second_tie_in_the_revote_eliminates_nobody():
    game = played(4, (0,), [{0: 1, 1: 0, 2: 0, 3: 1}, {0: 1, 1: 0, 2: 0, 3: 1}], ties="revote")
    assert game.over and game.eliminated is None


def test_a_vote_for_oneself_is_penalised_in_every_scheme():
    game = played(4, (2,), [{0: 2, 1: 1, 2: 0, 3: 2}])
    assert rules.final_rewards(game, "outcome", self_vote_penalty=0.5)[1] == pytest.approx(1.0 - 0.5)
    assert rules.final_rewards(game, "votes", self_vote_penalty=0.5)[1] == pytest.approx(-1.0 - 0.5)


def test_vote_rewards_credit_each_vote():
    game = played(4, (2,), [{0: 2, 1: None, 2: 0, 3: 1}])
    rewards = rules.final_rewards(game, "votes")
    assert rewards[0] == 1.0 and rewards[1] == rules.ABSTAIN_REWARD and rewards[3] == -1.0
    assert rewards[2] == pytest.approx(1 - 2 * (1 / 3))  # one of three votes cast was against the spy


def test_moves_out_of_turn_raise():
    game = rules.new_game(3, (1,), 1)
    with pytest.raises(ValueError, match="may not give a clue"):
        rules.give_clue(game, 1, "x")
    with pytest.raises(ValueError, match="may not vote"):
        rules.cast_vote(game, 0, 1)


# --- the arena ----------------------------------------------------------------------------------------
def native_game(env: WhoIsTheSpyEnv, seed: int, votes: list[int]) -> dict[str, dict]:
    """Clues from the vocabulary, then ``votes`` (seats); the final infos."""
    env.reset(seed=seed)
    while env.game.phase == "clue":
        env.step(0)
    for target in votes:
        env.step(env.action_set.first_vote + target)
    return {agent: dict(env.infos[agent]) for agent in env.possible_agents}


def test_a_played_game_reports_roles_votes_and_correctness():
    env = WhoIsTheSpyEnv(players=4)
    env.reset(seed=1)
    spy = env.game.spies[0]
    civilian = (spy + 1) % 4
    infos = native_game(env, 1, [spy if s != spy else civilian for s in range(4)])
    assert all(env.terminations.values())
    spy_info = infos[f"player_{spy}"]
    assert spy_info["role"] == "spy" and spy_info["caught"] and not spy_info["correct"] and spy_info["result"] == "loss"
    assert spy_info["votes_received"] == 3 and env._cumulative_rewards[f"player_{spy}"] == -1.0
    for seat in set(range(4)) - {spy}:
        info = infos[f"player_{seat}"]
        assert info["role"] == "civilian" and info["correct"] and info["success"] and info["vote"] == f"player_{spy}"
    record = spy_info["game"]
    assert record["spies"] == [f"player_{spy}"] and len(record["clues"]) == 8 and record["difference"]["attribute"]
    assert set(spy_info["clue_agreement"]) == {"clues", "judged", "true", "difference"}


def test_a_spy_who_escapes_wins():
    env = WhoIsTheSpyEnv(players=3)
    env.reset(seed=4)
    spy = env.game.spies[0]
    scapegoat = (spy + 1) % 3
    infos = native_game(env, 4, [scapegoat if s != scapegoat else spy for s in range(3)])
    assert infos[f"player_{spy}"]["result"] == "win" and infos[f"player_{spy}"]["correct"]
    assert env._cumulative_rewards[f"player_{spy}"] == 1.0
    assert env._cumulative_rewards[f"player_{scapegoat}"] == -1.0


def test_a_player_who_forfeits_loses_and_the_game_ends():
    env = omniarena.make_multi(ARENA, invalid="terminate")
    env.reset(seed=0)
    env.step("clue: a red circle")
    env.step("I have no idea")
    raw = env.unwrapped
    assert all(raw.terminations.values())
    assert raw.rewards["player_1"] == -1.0 and all(raw.rewards[a] == 0.0 for a in ("player_0", "player_2", "player_3"))
    assert raw.infos["player_1"]["forfeit"] and raw.infos["player_0"]["result"] == "forfeit"
    assert raw.infos["player_0"]["game"]["forfeited"] == "player_1"
    assert "Player 2 forfeited" in raw.observe("player_0")["text"]


def test_text_mode_free_clues_are_shown_to_the_next_players_and_votes_stay_secret():
    env = omniarena.make_multi(ARENA, clue_rounds=1)
    env.reset(seed=2)
    env.step("I look closely. <answer>clue: two shapes near the top, one of them red</answer>")
    env.step("clue: a red circle")
    text = env.observe("player_2")["text"]
    assert 'Player 1: "two shapes near the top, one of them red"' in text and 'Player 2: "a red circle"' in text
    env.step("clue: nothing special")
    env.step("clue: 3 objects")
    env.step("vote: 2")
    assert env.unwrapped.infos["player_0"]["action"]["parsed"] == "vote: 2"
    assert "player 1 voted" not in env.observe("player_1")["text"].lower()
    assert "Legal replies: vote: 1, vote: 2, vote: 3, vote: 4." in env.observe("player_1")["text"]
    env.step("clue: one more")  # a clue in the vote phase is an invalid reply; the turn stays
    assert env.agent_selection == "player_1" and "vote phase" in env.observe("player_1")["text"]


def test_observe_image_keeps_the_clues_but_never_the_scene_in_words():
    for observe in ("image", "both", "text"):
        env = omniarena.make_multi(ARENA, observe=observe)
        env.reset(seed=3)
        env.step("clue: a big shape")
        obs = env.observe("player_1")
        assert 'Player 1: "a big shape"' in obs["text"]
        assert ("What your image shows" in obs["text"]) == (observe != "image")
        assert obs["image"].any() == (observe != "text")


def test_roles_known_or_hidden():
    known = WhoIsTheSpyEnv()
    known.reset(seed=5)
    spy = f"player_{known.game.spies[0]}"
    assert "you are the SPY" in known.observe(spy)["text"]
    assert all("you are a civilian" in known.observe(a)["text"] for a in known.possible_agents if a != spy)
    hidden = WhoIsTheSpyEnv(roles="hidden")
    hidden.reset(seed=5)
    assert all("Roles are secret" in hidden.observe(a)["text"] for a in hidden.possible_agents)
    assert all(hidden.expert_state(a).role is None for a in hidden.possible_agents)


def test_the_spy_sees_a_different_image_and_the_civilians_the_same():
    env = WhoIsTheSpyEnv(players=5, spies=2)
    env.reset(seed=8)
    scenes = {a: env.observe(a)["image"][28:] for a in env.possible_agents}
    spies = {f"player_{s}" for s in env.game.spies}
    civilians = [a for a in env.possible_agents if a not in spies]
    assert len(spies) == 2
    for a in civilians[1:]:
        np.testing.assert_array_equal(scenes[a], scenes[civilians[0]])
    for s in spies:
        assert not np.array_equal(scenes[s], scenes[civilians[0]])
    assert env.infos["player_0"]["difference"]["attribute"] in SHAPE_ATTRIBUTES


def test_same_seed_same_game_and_different_seeds_differ():
    def first_views(seed: int) -> tuple:
        env = WhoIsTheSpyEnv()
        env.reset(seed=seed)
        return env.game.spies, env.pair.difference, env.observe("player_0")["image"].tobytes()

    assert first_views(11) == first_views(11)
    assert len({first_views(s)[2] for s in range(6)}) == 6


def test_mid_game_pickle_round_trip_keeps_free_clues():
    env = omniarena.make_multi(ARENA)
    env.reset(seed=6)
    env.step("clue: a shape in my own words")
    copy = pickle.loads(pickle.dumps(env))
    assert copy.observe("player_1")["text"] == env.observe("player_1")["text"]
    clue = FreeClue(env.unwrapped.action_set.free, "hello")
    assert pickle.loads(pickle.dumps(clue)) == clue and pickle.loads(pickle.dumps(clue)).text == "hello"


def test_bad_arguments_fail_early_with_the_fix():
    for kwargs, message in (
        ({"players": 2}, "3 to 6"),
        ({"players": 7}, "3 to 6"),
        ({"players": 4, "spies": 2}, "1 to 1"),
        ({"scenes": "photos"}, "shapes, charts, images"),
        ({"scenes": "images"}, "needs images="),
        ({"difficulty": "brutal"}, "easy, medium, hard"),
        ({"changes": ("smell",)}, "pick from"),
        ({"ties": "coin"}, "revote"),
        ({"roles": "all"}, "hidden"),
        ({"images": "/nonexistent/folder"}, "not a directory"),
    ):
        with pytest.raises(ValueError, match=message):
            WhoIsTheSpyEnv(**kwargs)


def test_spectator_render_shows_every_player_and_ansi_the_clues():
    env = omniarena.make_multi(ARENA, render_mode="rgb_array")
    env.reset(seed=0)
    env.step("clue: a red thing")
    frame = env.render()
    assert frame.ndim == 3 and frame.shape[1] > 4 * 320 and frame.std() > 10
    ansi = WhoIsTheSpyEnv(render_mode="ansi")
    ansi.reset(seed=0)
    ansi.step(ansi.action_set.clue("a red circle"))
    assert '"a red circle"' in ansi.render()


# --- scene sources --------------------------------------------------------------------------------------
def objects_differ(civilian: tuple, spy: tuple, attribute: str) -> bool:
    """Whether the spy's objects differ from the civilians' in ``attribute`` of one object and nothing else."""
    if attribute == "count":
        big, small = (civilian, spy) if len(civilian) > len(spy) else (spy, civilian)
        return len(big) == len(small) + 1 and set(small) <= set(big)
    only_civilian = [o for o in civilian if o not in spy]
    only_spy = [o for o in spy if o not in civilian]
    if len(civilian) != len(spy) or len(only_civilian) != 1 or len(only_spy) != 1:
        return False
    a, b = only_civilian[0], only_spy[0]
    fields = [f for f in ("shape", "color", "size", "cell", "dx", "dy") if getattr(a, f) != getattr(b, f)]
    return fields == ["cell" if attribute == "position" else attribute]


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_shapes_spy_scene_differs_in_exactly_the_recorded_attribute(difficulty):
    source = make_source("shapes", difficulty)
    counts = {"easy": (3, 4), "medium": (4, 6), "hard": (6, 8)}[difficulty]
    seen = set()
    for seed in SEEDS:
        pair = source.generate(np.random.default_rng(seed))
        attribute = pair.difference["attribute"]
        seen.add(attribute)
        assert counts[0] <= len(pair.civilian.content) <= counts[1]
        assert objects_differ(pair.civilian.content, pair.spy.content, attribute), (seed, pair.difference)
        assert not np.array_equal(source.draw(pair.civilian), source.draw(pair.spy)), seed
    assert seen == set(SHAPE_ATTRIBUTES)


@pytest.mark.parametrize("attribute", ["color", "shape", "size", "position"])
def test_hard_shapes_changes_are_subtle_and_easy_ones_clear(attribute):
    from omniarena.arenas.games.spy.scenes.shapes import NEAR_COLORS, NEAR_SHAPES, REGIONS, SIZES, _neighbours

    for difficulty, near in (("hard", True), ("easy", False)):
        source = make_source("shapes", difficulty, changes=(attribute,))
        for seed in range(15):
            pair = source.generate(np.random.default_rng(seed))
            a, b = pair.difference["from"], pair.difference["to"]
            if attribute == "color":
                assert (b in NEAR_COLORS[a]) == near
            elif attribute == "shape":
                assert (b in NEAR_SHAPES[a]) == near
            elif attribute == "size":
                assert (abs(SIZES.index(a) - SIZES.index(b)) == 1) == near or SIZES.index(a) == 1
            elif near and len(pair.civilian.content) < 8:  # a neighbouring cell whenever one is free
                free = set(range(9)) - {o.cell for o in pair.civilian.content}
                if free & _neighbours(REGIONS.index(a)):
                    assert REGIONS.index(b) in _neighbours(REGIONS.index(a))


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_charts_spy_chart_differs_in_exactly_the_recorded_attribute(difficulty):
    source = make_source("charts", difficulty)
    seen = set()
    for seed in SEEDS:
        pair = source.generate(np.random.default_rng(seed))
        civ, spy, diff = pair.civilian.content, pair.spy.content, pair.difference
        seen.add(diff["attribute"])
        assert civ.kind == spy.kind
        label_changes = [i for i, (a, b) in enumerate(zip(civ.labels, spy.labels, strict=True)) if a != b]
        color_changes = [i for i, (a, b) in enumerate(zip(civ.series, spy.series, strict=True)) if a[0] != b[0]]
        value_changes = [
            (s, i)
            for s, (a, b) in enumerate(zip(civ.series, spy.series, strict=True))
            for i, (x, y) in enumerate(zip(a[1], b[1], strict=True))
            if x != y
        ]
        found = {"label": len(label_changes), "series": len(color_changes), "value": len(value_changes)}
        assert found == {k: int(k == diff["attribute"]) for k in found}, (seed, diff)
        if diff["attribute"] == "value":
            assert abs(diff["from"] - diff["to"]) == 1 if difficulty == "hard" else abs(diff["from"] - diff["to"]) >= 3
        assert not np.array_equal(source.draw(pair.civilian), source.draw(pair.spy))
    assert seen == {"value", "label", "series"}


@pytest.fixture(scope="module")
def picture_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pictures")
    rng = np.random.default_rng(0)
    for i in range(3):
        yy, xx = np.mgrid[0:180, 0:260]
        array = np.stack([xx % 256, yy % 256, (xx * yy) % 256], axis=2).astype(np.uint8)
        array[rng.integers(0, 120) :][:40, 30:90] = rng.integers(0, 256, 3)
        Image.fromarray(array).save(folder / f"picture_{i}.png" if i else folder / "picture_0.jpg")
    (folder / "notes.txt").write_text("not an image")
    return folder


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_user_images_are_edited_in_exactly_the_recorded_region(picture_folder, difficulty):
    source = make_source("images", difficulty, images=picture_folder)
    assert len(source.files) == 3
    seen = set()
    for seed in range(12):
        pair = source.generate(np.random.default_rng(seed))
        seen.add(pair.difference["attribute"])
        civ, spy = source.draw(pair.civilian).astype(int), source.draw(pair.spy).astype(int)
        x0, y0, x1, y1 = pair.difference["box"]
        outside = np.ones(civ.shape[:2], bool)
        outside[y0:y1, x0:x1] = False
        assert (civ[outside] == spy[outside]).all(), seed
        assert np.abs(civ[y0:y1, x0:x1] - spy[y0:y1, x0:x1]).mean() > 3, (seed, pair.difference)
    assert len(seen) >= 3


def test_user_images_play_as_an_arena(picture_folder):
    env = omniarena.make_multi(ARENA, images=str(picture_folder), action_mode="native")
    env.reset(seed=0)
    assert env.unwrapped.source.name == "images" and env.observe("player_0")["image"].shape == (268, 320, 3)
    empty = picture_folder / "empty"
    empty.mkdir()
    with pytest.raises(ValueError, match="holds no image"):
        omniarena.make_multi(ARENA, images=str(empty))


# --- the parser -----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def actions():
    return WhoIsTheSpyEnv(players=4, abstain=True).action_set


def test_replies_parse_to_clues_votes_and_abstentions(actions):
    def parsed(text: str) -> str | None:
        result = actions.parse(text)
        return actions.format(result.action) if result.ok else None

    assert parsed("clue: A red circle.") == "clue: a red circle"
    assert isinstance(actions.parse("clue: two circles, one red").action, FreeClue)
    assert parsed("I think...\n<answer>clue: two circles, one red</answer>") == "clue: two circles, one red"
    assert parsed("a red circle") == "clue: a red circle"  # a bare vocabulary phrase is a clue
    for reply in (
        "vote: 3",
        "Vote 3",
        "vote for player 3",
        "Player 3 gave it away. Action: vote: 3",
        "3",
        '{"action": "vote: 3"}',
    ):
        assert parsed(reply) == "vote: 3", reply
    assert parsed("I abstain") == "abstain"
    assert parsed("vote: 3 ... no wait, vote: 3") == "vote: 3"  # the same reply twice is one reply


def test_malformed_replies_are_invalid_with_a_reason(actions):
    for reply, reason in (
        ("vote: 9", "no Player 9"),
        ("clue: " + "x" * 81, "at most 80"),
        ("clue:   ", "empty clue"),
        ("clue: red, vote: 2", "ambiguous"),
        ("vote: 1 or vote: 2", "ambiguous"),
        ("<answer>clue: the answer: red</answer>", "may not contain"),
        ("I will vote carefully", "not a reply"),
        ("", "empty reply"),
    ):
        result = actions.parse(reply)
        assert not result.ok and reason in result.error, (reply, result.error)


def test_no_observation_or_prompt_of_a_whole_game_parses_as_a_reply():
    from omniarena.agents.prompt import system_prompt

    env = omniarena.make_multi("omniarena/WhoIsTheSpy-6P-v0", ties="revote")
    action_set = env.unwrapped.action_set
    env.reset(seed=3)
    agents = {p: SpyHeuristic(env, seed=i, player=p) for i, p in enumerate(env.possible_agents)}
    checked = 0
    for agent in env.agent_iter(200):
        obs, _, terminated, truncated, _ = env.last()
        for text in (obs["text"], f"{system_prompt(env, agent)}\n\n{obs['text']}"):
            result = action_set.parse(text)
            assert not result.ok, (agent, action_set.format(result.action))
            checked += 1
        env.step(None if terminated or truncated else agents[agent].act(obs))
    assert checked > 40


# --- heuristic players, recording ------------------------------------------------------------------------
def catch_rate(arena_id: str, kind: type, games: int, **kwargs) -> float:
    env = omniarena.make_multi(arena_id, action_mode="native", **kwargs)
    agents = {p: kind(env, seed=i, player=p) for i, p in enumerate(env.possible_agents)}
    caught = 0
    for seed in range(games):
        env.reset(seed=seed)
        for agent in env.agent_iter(200):
            obs, _, terminated, truncated, info = env.last()
            if terminated or truncated:
                caught += info["caught"] and agent == "player_0"
                env.step(None)
            else:
                env.step(agents[agent].act(obs))
    return caught / games


@pytest.mark.parametrize("arena_id", [ARENA, "omniarena/WhoIsTheSpy-Charts-v0"])
def test_heuristic_civilians_catch_a_random_spy_more_often_than_a_heuristic_one(arena_id):
    random_spy = catch_rate(arena_id, RandomSpy, 30)
    heuristic_spy = catch_rate(arena_id, SpyHeuristic, 30)
    assert random_spy >= 0.8 and heuristic_spy < random_spy, (random_spy, heuristic_spy)


def test_a_recorded_game_holds_the_images_clues_and_votes(tmp_path):
    from omniarena.wrappers import AECRecorder

    env = AECRecorder(omniarena.make_multi(ARENA, clue_rounds=1), tmp_path, video=None)
    agents = {p: SpyHeuristic(env, seed=i, player=p) for i, p in enumerate(env.possible_agents)}
    env.reset(seed=9)
    for agent in env.agent_iter(100):
        obs, _, terminated, truncated, _ = env.last()
        env.step(None if terminated or truncated else agents[agent].act(obs))
    lines = [json.loads(line) for line in (tmp_path / "seed9.jsonl").read_text().splitlines()]
    moves = [line for line in lines if line["event"] == "step"]
    assert [m["parsed"].split(":")[0] for m in moves] == ["clue"] * 4 + ["vote"] * 4
    assert moves[-1]["info"]["game"]["ballots"] and moves[-1]["info"]["role"] in ("spy", "civilian")
    assert len(list((tmp_path / "seed9").glob("frame_*.png"))) == len(lines)


def test_a_player_not_told_its_role_takes_itself_for_the_spy_when_two_others_contradict_it():
    from omniarena.arenas.games.spy.env import SpyView

    def view(clues: tuple) -> SpyView:
        return SpyView(0, 4, None, 1, frozenset({1, 2, 3}), clues, "clue", (0, 1, 2, 3), False)

    assert SpyHeuristic.role(view(((1, frozenset({1})), (2, frozenset({9}))))) == "civilian"
    assert SpyHeuristic.role(view(((1, frozenset({8})), (2, frozenset({9})), (3, frozenset({2}))))) == "spy"
    told = SpyView(0, 4, "civilian", 1, frozenset({1}), ((1, frozenset({8})), (2, frozenset({9}))), "clue", (0,), False)
    assert SpyHeuristic.role(told) == "civilian"


def test_with_two_spies_eliminating_either_one_catches_them():
    game = played(6, (1, 4), [{0: 4, 1: 0, 2: 4, 3: 4, 4: 0, 5: 2}])
    assert game.eliminated == 4 and game.caught
    assert rules.final_rewards(game) == [1.0, -1.0, 1.0, 1.0, -1.0, 1.0]


def test_abstaining_where_allowed_and_everyone_abstaining_lets_the_spies_escape():
    env = WhoIsTheSpyEnv(players=6, spies=2, abstain=True, clue_rounds=1)
    env.reset(seed=0)
    while env.game.phase == "clue":
        env.step(0)
    mask = env.observe(env.agent_selection)["action_mask"]
    assert mask[env.action_set.abstain] == 1 and mask[env.action_set.first_vote : env.action_set.abstain].all()
    for _ in range(6):
        env.step(env.action_set.abstain)
    assert env.game.over and env.game.eliminated is None and not env.game.caught
    assert all(env.infos[f"player_{s}"]["result"] == "win" for s in env.game.spies)
    assert all(env.infos[a]["vote"] is None for a in env.possible_agents)


def test_the_votes_reward_scheme_through_the_arena():
    env = WhoIsTheSpyEnv(rewards="votes", clue_rounds=1)
    env.reset(seed=2)
    spy = env.game.spies[0]
    while env.game.phase == "clue":
        env.step(0)
    for seat in range(4):
        env.step(env.action_set.first_vote + (spy if seat != spy else (spy + 1) % 4))
    assert env._cumulative_rewards[f"player_{spy}"] == pytest.approx(1 - 2 * 3 / 4)
    assert all(env._cumulative_rewards[f"player_{s}"] == 1.0 for s in range(4) if s != spy)
