"""cardkit: deck data, cached sprites, the exact formula parser, the solver, formula-game rules and actions."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

import omniarena
from omniarena.arenas.games.cardkit import build_tables, solver, tables
from omniarena.arenas.games.cardkit import formula_rules as fr
from omniarena.arenas.games.cardkit.deck import FACE_AS_RANK, FACE_AS_TEN, SUITS, Card, random_card, random_cards
from omniarena.arenas.games.cardkit.formula import evaluate, to_text
from omniarena.arenas.games.cardkit.formula_actions import action_set
from omniarena.arenas.games.cardkit.solver import solutions, solvable
from omniarena.arenas.games.cardkit.sprites import TABLE, card_back, card_face, felt, label, paste

P24 = fr.FormulaRules()
EZ = fr.FormulaRules(n_cards=2, target=12, operators=("+", "*"), parens=False)


def hand(*ranks: int) -> fr.State:
    cards = tuple(Card(rank, i % 4) for i, rank in enumerate(ranks))
    return fr.State(cards, tuple(c.value(FACE_AS_TEN) for c in cards), (False,) * len(cards))


def play(state: fr.State, rules: fr.FormulaRules, tokens) -> tuple[fr.State, float]:
    reward = 0.0
    for token in tokens:
        index = rules.index(token)
        assert fr.legal_mask(state, rules)[index], f"{token!r} should be legal after {to_text(state.formula)!r}"
        state, reward = fr.apply(state, rules, index)
    return state, reward


# --- deck -------------------------------------------------------------------------------------------
def test_deck_tables_and_names():
    assert len(FACE_AS_TEN) == len(FACE_AS_RANK) == 13
    assert Card(12, 0).value(FACE_AS_TEN) == 10 and Card(12, 0).value(FACE_AS_RANK) == 12
    assert Card(1, 1).name == "ace of hearts" and Card(10, 2).label == "10♦"
    assert Card(1, 1).red and not Card(1, 0).red
    assert [s.letter for s in SUITS] == ["S", "H", "D", "C"]


def test_random_cards_seeded_and_uniform():
    a = random_cards(np.random.default_rng(5), 8)
    assert a == random_cards(np.random.default_rng(5), 8)
    rng = np.random.default_rng(0)
    cards = [random_card(rng) for _ in range(5200)]
    ranks = np.bincount([c.rank for c in cards], minlength=14)[1:]
    suits = np.bincount([c.suit for c in cards], minlength=4)
    assert ranks.min() > 300 and suits.min() > 1100  # expected 400 and 1300


# --- sprites ----------------------------------------------------------------------------------------
def test_card_sprites_cached_readonly_and_distinct():
    face = card_face(13, 1, 60, 84)
    assert face.shape == (84, 60, 3) and face.dtype == np.uint8
    assert face is card_face(13, 1, 60, 84)  # drawn once
    assert not face.flags.writeable
    assert not np.array_equal(face, card_face(12, 1, 60, 84))
    assert not np.array_equal(face, card_face(13, 0, 60, 84))
    dimmed = card_face(13, 1, 60, 84, TABLE, True)
    assert dimmed.shape == face.shape and dimmed.std() < face.std()  # a used card is washed out
    assert tuple(face[0, 0]) == TABLE  # rounded corner shows the table
    red = face[..., 0].astype(int) - face[..., 1]
    assert red.max() > 100  # a heart is drawn in red
    assert card_back(60, 84).shape == (84, 60, 3)


def test_value_badge_shows_what_a_card_counts():
    plain, as_ten, as_rank = (card_face(13, 1, 60, 84, value=v) for v in (None, 10, 13))
    assert as_ten is card_face(13, 1, 60, 84, value=10)  # the badge is drawn once, with the card
    assert not np.array_equal(as_ten, as_rank) and not np.array_equal(as_ten, plain)
    changed = np.argwhere((as_ten != plain).any(axis=-1))
    assert changed[:, 0].max() < 84 * 0.3 and changed[:, 1].min() > 60 * 0.4  # only the top-right tab
    assert card_face(7, 1, 60, 84, value=7) is card_face(7, 1, 60, 84)  # a number card needs no badge
    assert not np.array_equal(card_face(1, 1, 60, 84, value=1), card_face(1, 1, 60, 84))  # "A" is not "1"


def test_variants_counting_faces_differently_draw_different_images():
    # Points24-v0 counts J/Q/K as 10, -Hard as 11/12/13; on seeds where both deal the same cards, a
    # face card among them must change the image, and without one the images are the same.
    ten = omniarena.make("omniarena/Points24-v0", action_mode="native")
    rank = omniarena.make("omniarena/Points24-Hard-v0", action_mode="native")
    with_faces = without_faces = 0
    for seed in range(12):
        (obs_ten, info_ten), (obs_rank, info_rank) = ten.reset(seed=seed), rank.reset(seed=seed)
        if info_ten["cards"] != info_rank["cards"]:
            continue
        faces = any(card[0] in "JQK" for card in info_ten["cards"])
        with_faces += faces
        without_faces += not faces
        assert np.array_equal(obs_ten["image"], obs_rank["image"]) is not faces, (seed, info_ten["cards"])
    assert with_faces >= 3 and without_faces >= 1


def test_label_and_paste_clip():
    text = label("24", 20)
    assert text.ndim == 3 and text.shape[0] >= 15 and text.shape[1] >= 15
    canvas = felt(10, 10).copy()
    paste(canvas, np.zeros((4, 4, 3), np.uint8), 8, -2)  # partly outside: clipped, no error
    assert (canvas[0:2, 8:10] == 0).all() and (canvas[2:, :8] == TABLE).all()
    assert not felt(10, 10).flags.writeable


# --- formula parser ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "tokens, value",
    [
        ((1, "+", 2, "*", 3), 7),
        (("(", 1, "+", 2, ")", "*", 3), 9),
        ((8, "/", "(", 3, "-", 8, "/", 3, ")"), 24),
        ((10, "-", 4, "-", 3), 3),
        ((12, "/", 4, "/", 3), 1),
        ((1, "/", 3), Fraction(1, 3)),
        ((("(", "(", 5, ")", ")")), 5),
    ],
)
def test_evaluate_exact(tokens, value):
    assert evaluate(tokens) == value


@pytest.mark.parametrize(
    "tokens",
    [(), (1, "+"), ("(", 1), (1, ")"), (1, 2), ("+", 1), (5, "/", "(", 2, "-", 2, ")"), ("(", ")"), ("x",), (True,)],
)
def test_evaluate_rejects(tokens):
    assert evaluate(tokens) is None


# --- solver -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "values, target, expected",
    [
        ((3, 3, 8, 8), 24, True),
        ((1, 5, 5, 5), 24, True),  # 5 * (5 - 1 / 5)
        ((4, 4, 10, 10), 24, True),  # (10 * 10 - 4) / 4
        ((1, 1, 1, 1), 24, False),
        ((1, 1, 2, 2), 24, False),
        ((2, 6), 12, True),
        ((5, 6), 12, False),
    ],
)
def test_solvable_known_hands(values, target, expected):
    assert solvable(values, target) is expected
    assert bool(solutions(values, target)) is expected


def test_solvable_count_matches_the_known_24_table():
    # 566 of the 715 multisets of four numbers 1..10 can make 24 (the classic count).
    hands = list(itertools.combinations_with_replacement(range(1, 11), 4))
    assert len(hands) == 715
    assert sum(solvable(h, 24) for h in hands) == 566


@pytest.mark.parametrize("values", [(3, 3, 8, 8), (1, 5, 5, 5), (2, 3, 4, 10), (6, 6, 6, 6)])
def test_every_solution_is_correct_and_uses_each_card_once(values):
    found = solutions(values, 24)
    assert found
    for formula in found:
        assert evaluate(formula) == 24
        assert sorted(t for t in formula if isinstance(t, int)) == sorted(values)


def test_solver_without_parentheses():
    found = solutions((3, 4), 12, ("+", "*"), False)
    assert (3, "*", 4) in found and (4, "*", 3) in found
    assert all("(" not in f for f in solutions((2, 3, 6), 12, ("+", "*"), False))
    assert not solvable((1, 2, 3), 5, ("*",), False) and solvable((1, 2, 3), 6, ("*",), False)


# --- shipped solvability table ---------------------------------------------------------------------
P24_KEY = tables.table_key(4, 24, P24.operators, True)


def shipped(key: str) -> tables.Table:
    return tables._tables()[key]


def test_table_counts_match_the_known_24_tables():
    table = shipped(P24_KEY)
    assert table.values == frozenset(range(1, 14))
    assert len(table.hands) == 1362  # of the 1,820 hands of four numbers 1..13
    ten = [tables.encode(h) for h in itertools.combinations_with_replacement(range(1, 11), 4)]
    assert len(ten) == 715 and sum(h in table.hands for h in ten) == 566  # the classic 1..10 count


@pytest.mark.parametrize("n_cards", [2, 3])
def test_ezpoints_tables_equal_a_fresh_solver_run(n_cards):
    rules = fr.FormulaRules(n_cards=n_cards, target=12, operators=("+", "*"), parens=False)
    fresh = build_tables.solve_hands([rules])
    key = tables.table_key(n_cards, 12, ("+", "*"), False)
    assert set(fresh) == {key}
    assert set(fresh[key]["solvable"]) == shipped(key).hands
    assert shipped(key).values == frozenset(range(1, 11))


@pytest.mark.parametrize("target", [24, 10])
def test_points24_table_agrees_with_the_solver_on_a_sample(target):
    key = tables.table_key(4, target, P24.operators, True)
    universe = sorted(shipped(key).values)
    hands = list(itertools.combinations_with_replacement(universe, 4))
    rng = np.random.default_rng(target)
    for i in rng.choice(len(hands), 200, replace=False):
        hand = hands[i]
        assert tables.lookup(hand, target) is solver.solvable(hand, target), hand


def test_lookup_ignores_card_order_and_declines_what_it_does_not_cover():
    assert tables.lookup((8, 3, 8, 3), 24) is True and tables.lookup((13, 13, 13, 13), 24) is False
    assert tables.lookup((3, 3, 8, 8), 23) is None  # custom target
    assert tables.lookup((3, 8, 8), 24) is None  # three cards
    assert tables.lookup((3, 3, 8, 14), 24) is None  # a value outside the table
    assert tables.lookup((3, 3, 8, 8), 24, ("+", "*")) is None  # other operators
    assert tables.solvable((3, 3, 8, 8), 23) is solver.solvable((3, 3, 8, 8), 23)  # falls back to the solver


def test_every_registered_variant_is_in_the_shipped_table():
    # Fails after adding a formula variant until `python -m omniarena.arenas.games.cardkit.build_tables` is rerun.
    for rules in build_tables.registered_rules():
        key = tables.table_key(rules.n_cards, rules.target, rules.operators, rules.parens)
        assert key in tables._tables(), key
        assert shipped(key).values >= set(rules.values), key


def test_deal_uses_the_table_not_the_solver(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the exact solver was called")

    monkeypatch.setattr(solver, "solvable", refuse)
    hard = fr.FormulaRules(values=FACE_AS_RANK)
    for rules in (hard, EZ, fr.FormulaRules(target=10)):
        for seed in range(50):
            state = fr.deal(np.random.default_rng(seed), rules)
            assert tables.lookup(state.values, rules.target, rules.operators, rules.parens) is True
    with pytest.raises(AssertionError, match="exact solver"):
        fr.deal(np.random.default_rng(0), fr.FormulaRules(target=23))  # not shipped: the solver answers


@pytest.fixture
def cold_tables():
    tables.reload()
    yield
    tables.reload()


def test_write_tables_round_trips(tmp_path, monkeypatch, cold_tables):
    rules = fr.FormulaRules(n_cards=2, target=12, operators=("+", "*"), parens=False)
    path = build_tables.write_tables(tmp_path / "t.json", [rules])
    monkeypatch.setattr(tables, "table_path", lambda: path)
    assert set(tables._tables()) == {tables.table_key(2, 12, ("+", "*"), False)}
    assert tables.lookup((6, 2), 12, ("+", "*"), False) is True
    assert tables.lookup((3, 3, 8, 8), 24) is None


def test_a_missing_table_falls_back_to_the_solver(tmp_path, monkeypatch, cold_tables):
    monkeypatch.setattr(tables, "table_path", lambda: tmp_path / "absent.json")
    assert tables.lookup((3, 3, 8, 8), 24) is None
    assert tables.solvable((3, 3, 8, 8), 24) and not tables.solvable((1, 1, 1, 1), 24)


def _imports(module: str) -> set[str]:
    """Every module (and ``module.name`` of ``from module import name``) that ``module``'s source imports."""
    import ast
    import importlib.util
    from pathlib import Path

    tree = ast.parse(Path(importlib.util.find_spec(module).origin).read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.update([node.module, *(f"{node.module}.{alias.name}" for alias in node.names)])
    return found


def test_cardkit_imports_point_one_way():
    # The table reader sits below the game; only the builder (a tool) reaches up into the arena and registry.
    cardkit = "omniarena.arenas.games.cardkit"
    reader = {name for name in _imports(f"{cardkit}.tables") if name.startswith("omniarena")}
    assert {name.removeprefix(f"{cardkit}.").split(".")[0] for name in reader - {cardkit}} == {"solver", "formula"}
    for module in ("deck", "formula", "formula_actions", "formula_arena", "formula_render", "formula_rules", "solver"):
        imported = _imports(f"{cardkit}.{module}")
        assert not any(name.startswith(("omniarena.core.registry", f"{cardkit}.build_tables")) for name in imported)


# --- formula-game rules -----------------------------------------------------------------------------
def legal(state: fr.State, rules: fr.FormulaRules) -> set:
    return {rules.tokens[i] for i in np.flatnonzero(fr.legal_mask(state, rules))}


def test_mask_at_start_and_after_a_number():
    state = hand(3, 3, 8, 13)
    assert legal(state, P24) == {3, 8, 10, "("}
    state, _ = play(state, P24, [10])
    assert legal(state, P24) == {"+", "-", "*", "/"}  # no number after a number, no ")" without "("
    state, _ = play(state, P24, ["*", "("])
    assert legal(state, P24) == {3, 8, "("}  # the king is used
    state, _ = play(state, P24, [3])
    assert ")" in legal(state, P24) and "=" not in legal(state, P24)


def test_mask_equals_only_when_complete_and_parens_capped():
    state, _ = play(hand(3, 3, 8, 8), P24, ["(", "(", "(", 8])
    state, _ = play(state, P24, ["+", 8, "+", 3, "+", 3])
    assert "=" not in legal(state, P24)  # three groups still open
    state, _ = play(state, P24, [")", ")"])
    assert "=" not in legal(state, P24) and ")" in legal(state, P24)
    state, _ = play(state, P24, [")"])
    assert legal(state, P24) == {"="}
    assert "(" not in legal(play(hand(1, 2, 3, 4), P24, ["(", "(", "("])[0], P24)  # at most n - 1 groups


def test_ezpoints_mask_has_no_parentheses_and_repeats_need_two_cards():
    assert EZ.tokens == (*range(1, 11), "+", "*", "=")
    state = hand(6, 6)
    assert legal(state, EZ) == {6}
    state, _ = play(state, EZ, [6, "+"])
    assert legal(state, EZ) == {6}
    state, _ = play(state, EZ, [6])
    assert legal(state, EZ) == {"="}


@pytest.mark.parametrize(
    "ranks, tokens, reward",
    [
        ((3, 3, 8, 8), (8, "/", "(", 3, "-", 8, "/", 3, ")", "="), 10.0),
        ((3, 3, 8, 8), (8, "+", 8, "+", 3, "+", 3, "="), -1.0),
        ((5, 5, 3, 3), (3, "/", "(", 5, "-", 5, ")", "*", 3, "="), -1.0),  # division by zero
    ],
)
def test_equals_scores(ranks, tokens, reward):
    state, got = play(hand(*ranks), P24, tokens)
    assert got == reward and state.done and state.success is (reward > 0)
    assert fr.legal_mask(state, P24).sum() == 0


def test_random_legal_play_never_dead_ends():
    rng = np.random.default_rng(0)
    for rules in (P24, EZ, fr.FormulaRules(n_cards=3, target=12, operators=("+", "*"), parens=False)):
        for _ in range(300):
            state = fr.deal(rng, rules)
            for _ in range(4 * rules.n_cards):
                mask = fr.legal_mask(state, rules)
                assert mask.any()
                state, _ = fr.apply(state, rules, int(rng.choice(np.flatnonzero(mask))))
                if state.done:
                    break
            assert state.done and state.formula[-1] == "=" and all(state.used)
            assert state.value is not None or "/" in state.formula


def test_deal_is_seeded_and_solvable():
    a = [fr.deal(np.random.default_rng(s), P24) for s in range(30)]
    b = [fr.deal(np.random.default_rng(s), P24) for s in range(30)]
    assert a == b and len({s.cards for s in a}) > 25
    assert all(solvable(tuple(sorted(s.values)), 24) for s in a)


# --- text actions -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "reply, token",
    [
        ('{"thoughts": "8 times 3 is 24", "action": "*"}', "*"),
        ('{"cards": [3, 8], "action": "times"}', "*"),
        ("<answer>x</answer>", "*"),
        ("<answer>×</answer>", "*"),
        ("Action: equals", "="),
        ('{"action": 10}', 10),
        ('{"action": "1"}', 1),
        ("<answer>ace</answer>", 1),
        ("<answer>king</answer>", 10),
        ("<answer>Q</answer>", 10),
        ("<answer>divided by</answer>", "/"),
        ("<answer>open paren</answer>", "("),
        ("<answer>)</answer>", ")"),
        ("<answer>minus</answer>", "-"),
        ("I would add them: plus", "+"),
    ],
)
def test_action_aliases(reply, token):
    result = action_set(P24).parse(reply)
    assert result.ok and P24.tokens[result.action] == token


def test_action_set_faces_as_rank_and_no_article_alias():
    hard = fr.FormulaRules(values=FACE_AS_RANK)
    actions = action_set(hard)
    assert actions.n == 20 and hard.tokens[actions.parse("<answer>king</answer>").action] == 13
    assert hard.tokens[actions.parse("<answer>jack</answer>").action] == 11
    assert not actions.parse("<answer>a</answer>").ok
