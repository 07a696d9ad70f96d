"""Iterated Rock-Paper-Scissors as a PettingZoo ParallelEnv: image + text from each player's side."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from omniarena.arenas.games.rps import rules
from omniarena.arenas.games.rps.actions import ACTIONS
from omniarena.arenas.games.rps.render import IMAGE_SHAPE, render
from omniarena.core.arena import legal_text
from omniarena.core.simultaneous import JointOutcome, SimultaneousArena

# Every move is always legal: one mask and one sentence serve every step.
_ALL_LEGAL = np.ones(ACTIONS.n, dtype=np.int8)
_NONE_LEGAL = np.zeros(ACTIONS.n, dtype=np.int8)
_LEGAL_TEXT = legal_text(ACTIONS, _ALL_LEGAL)


class RockPaperScissorsEnv(SimultaneousArena):
    """Two players play ``rounds`` rounds of Rock-Paper-Scissors, both choosing at once each round.

    ## Description
    The reference simultaneous-move arena: agents ``player_0`` and ``player_1`` each submit a move
    every joint step; paper beats rock, scissors beat paper, rock beats scissors, equal moves tie.
    A player who does nothing (an invalid text reply under the ``noop`` or ``retry`` policy) loses the
    round to a player who moved; if both do nothing the round is a tie. Every round counts, so a match
    always takes exactly ``rounds`` joint steps unless someone forfeits. Whoever wins more rounds wins
    the match.

    ## Actions
    Native ``Discrete(3)``: 0 rock, 1 paper, 2 scissors, all always legal. Text (via
    ``omniarena.make_multi``): "rock", "paper", "scissors", with aliases "stone" and "scissor", and
    "r", "p", "s" as whole answers only (never found as mentions in prose).

    ## Observation
    Per agent ``{"image": 256x320x3 uint8, "text": str, "action_mask": int8[3]}``. The image puts the
    viewer on the left ("You: <rounds won>") and the opponent on the right, each with a big glyph and
    the name of its last move, a banner with the last round's (or the match's) result and the last 8
    rounds as letters on green (won) / red (lost) / grey (tied) cells. The text holds the rules, the
    round number and score, the last ``history`` rounds from the player's side ("Round 3: you played
    rock, opponent played paper: you lost.") and the legal moves. ``observe="image"`` drops the round,
    score and history words but keeps the rules and legal moves.

    ## Rewards
    Per round, zero-sum: +1 to the round's winner, -1 to its loser, 0 each on a tie; the episode return
    is rounds won minus rounds lost. A forfeit (``invalid="terminate"``, or ``retry:N`` exhausted) ends
    the match at once: ``forfeit_penalty`` (default -1) to the forfeiter, +1 to the opponent, and the
    forfeiter loses the match whatever the score.

    ## Episode end
    Both agents are terminated after the last round or on a forfeit; the registry's ``max_steps``
    (3 x rounds) truncates only as a safety net. Every step's ``infos[agent]`` holds ``round``,
    ``round_result`` ("win"/"loss"/"tie", absent on a forfeit), ``score`` (own, opponent's rounds won),
    ``effective`` and ``illegal``; the last one adds ``result`` ("win"/"loss"/"draw") and ``success``
    (won the match).

    ## Arguments
    ``rounds``: rounds in a match (default 9). ``history``: how many past rounds the text lists
    (default 5; 0 lists none). ``render_mode``: "rgb_array" (the spectator's image) or "ansi"
    (the match in words).

    ## Baselines
    Native mode, 200 matches per pairing on match seeds 0-199, the first-named agent seated as player_0
    on even seeds and player_1 on odd ones (``python benchmarks/rps.py --baselines``); matches won-lost-
    drawn by the first-named agent, and its mean return (rounds won minus lost):

    - frequency expert vs random: 79-100-21, mean -0.39 (Long: 85-98-17, -0.46);
    - frequency expert vs biased (rock 60%, paper 20%, scissors 20%): 144-36-20, mean +2.22 (72% won;
      Long: 199-1-0, +17.8);
    - frequency expert vs always rock: 200-0-0, mean +7.99 (Long: 200-0-0, +49.0);
    - frequency expert vs cycle (rock, paper, scissors, ...): 27-138-35, mean -1.33 (Long: 7-192-1, -7.61);
    - random vs random: 89-85-26, mean +0.05 (Long: 100-88-12, +0.52).

    Nothing beats a uniform opponent (over 2,000 matches the expert vs random is 873-846-281, mean
    -0.02); a cycling opponent exploits the frequency counter, whose favourite-move guess trails it.

    ## Version history
    v0: first release.

    >>> env = RockPaperScissorsEnv(rounds=3)
    >>> observations, infos = env.reset(seed=0)
    >>> observations, rewards, terminations, truncations, infos = env.step({"player_0": 0, "player_1": 1})
    >>> rewards, infos["player_0"]["round_result"]
    ({'player_0': -1.0, 'player_1': 1.0}, 'loss')
    >>> print("\\n".join(observations["player_0"]["text"].splitlines()[-4:]))
    Round 2 of 3. Score: you 0, opponent 1, ties 0.
    Rounds so far:
    Round 1: you played rock, opponent played paper: you lost.
    Legal actions: rock, paper, scissors.
    >>> observations["player_0"]["image"].shape
    (256, 320, 3)
    """

    metadata = {"render_modes": ["rgb_array", "ansi"], "name": "omniarena_rock_paper_scissors_v0", "render_fps": 2}

    def __init__(self, rounds: int = 9, history: int = 5, render_mode: str | None = None) -> None:
        if int(history) < 0:
            raise ValueError(f"history must be >= 0 (the past rounds the text lists), got {history}")
        super().__init__(ACTIONS, 2, IMAGE_SHAPE, render_mode=render_mode)
        self.rounds = int(rounds)
        self.history = int(history)
        self.game = rules.initial_state(self.rounds)
        self.forfeited: tuple[int, ...] = ()  # seats that forfeited the match
        self._rules_text = _rules_words(self.rounds)

    # --- SimultaneousArena hooks ---------------------------------------------------------------------
    def _new_game(self, options: dict[str, Any]) -> None:
        # The rules are deterministic; np_random serves the text layer's "random" policy.
        self.game = rules.initial_state(self.rounds)
        self.forfeited = ()

    def _apply(self, actions: dict[str, Any]) -> JointOutcome:
        moves = [None if actions[agent] is None else int(actions[agent]) for agent in self.possible_agents]
        self.game = rules.play_round(self.game, *moves)
        result = rules.outcome(*moves)
        rewards = {"player_0": float(result), "player_1": float(-result)}
        infos = {}
        for seat, agent in enumerate(self.possible_agents):
            round_result = rules.RESULT_WORDS[rules.outcome(moves[seat], moves[1 - seat])]
            infos[agent] = {"round": self.game.played, "round_result": round_result} | self._tally(seat)
        return JointOutcome(rewards, terminated=self.game.done, infos=infos)

    def _on_end(self, forfeiters: list[str]) -> None:
        self.forfeited = tuple(self.seat(agent) for agent in forfeiters)

    def _end_info(self, agent: str) -> dict[str, Any]:
        return {"round": self.game.played} | self._tally(self.seat(agent))

    def expert_state(self, agent: str) -> tuple[int | None, ...]:
        """The opponent's moves so far, oldest first (0 rock, 1 paper, 2 scissors, ``None``: no move)."""
        other = 1 - self.seat(agent)
        return tuple(moves[other] for moves in self.game.history)

    def _draw(self, agent: str | None) -> np.ndarray:
        return render(self.game, None if agent is None else self.seat(agent), self.forfeited)

    def _rules(self, agent: str) -> str:
        return self._rules_text

    def _state(self, agent: str) -> str:
        return self._describe(self.seat(agent), ("you", "opponent"))

    def _legal(self, agent: str) -> str:
        return _LEGAL_TEXT if agent in self.agents else "The match is over."

    def action_mask(self, agent: str) -> np.ndarray:
        """All three moves while ``agent`` plays, none once the match is over."""
        return (_ALL_LEGAL if agent in self.agents else _NONE_LEGAL).copy()

    def render(self) -> np.ndarray | str | None:
        if self.render_mode == "ansi":
            return self._describe(0, tuple(self.possible_agents))
        return super().render()

    # --- helpers -----------------------------------------------------------------------------------
    def seat(self, agent: str) -> int:
        """0 for player_0, 1 for player_1."""
        return self.possible_agents.index(agent)

    def _tally(self, seat: int) -> dict[str, Any]:
        """``score`` from ``seat``'s side and, once the match is over, ``result`` and ``success``."""
        info: dict[str, Any] = {"score": (self.game.wins[seat], self.game.wins[1 - seat])}
        if self.forfeited:
            info["result"] = "loss" if seat in self.forfeited else "win"
        elif self.game.done:
            info["result"] = rules.match_result(self.game, seat)
        if "result" in info:
            info["success"] = info["result"] == "win"
        return info

    def _describe(self, seat: int, names: tuple[str, str]) -> str:
        """The match in words from ``seat``'s side, ``names`` = (that side, the other side)."""
        game, own, other = self.game, *names
        score = f"{own} {game.wins[seat]}, {other} {game.wins[1 - seat]}, ties {game.ties}"
        if self.forfeited:
            who = "both players" if len(self.forfeited) == 2 else own if seat in self.forfeited else other
            lines = [f"Match over after {game.played} of {game.rounds} rounds: {who} forfeited. Score: {score}."]
        elif game.done:
            result = rules.match_result(game, seat)
            verdict = {"win": f"{own} won the match", "loss": f"{other} won the match", "draw": "the match is a draw"}
            lines = [f"Match over after {game.rounds} rounds. Final score: {score}: {verdict[result]}."]
        else:
            lines = [f"Round {game.played + 1} of {game.rounds}. Score: {score}."]
        shown = game.history[max(0, game.played - self.history) :] if self.history else ()
        if not game.history:
            lines.append("No rounds played yet.")
        elif shown:
            first = game.played - len(shown)
            lines.append("Rounds so far:" if first == 0 else f"Last {len(shown)} rounds:")
            lines += [_round_line(first + i + 1, moves[seat], moves[1 - seat], names) for i, moves in enumerate(shown)]
        return "\n".join(lines)


def _rules_words(rounds: int) -> str:
    return (
        f"Rock-Paper-Scissors: a match of {rounds} round{'s' if rounds > 1 else ''} against one opponent. "
        "Each round you and your opponent choose rock, paper or scissors at the same time. Paper beats rock, "
        "scissors beat paper, rock beats scissors; equal moves tie. A round you win scores +1, a round you "
        "lose -1. A reply without a valid move loses that round (a tie if both players give none). Whoever "
        "wins more rounds wins the match."
    )


@lru_cache(maxsize=8192)
def _round_line(number: int, mine: rules.Move, theirs: rules.Move, names: tuple[str, str]) -> str:
    """One round in words from the side named ``names[0]``, e.g. "Round 3: you played rock, ...: you lost"."""

    def played(name: str, move: rules.Move) -> str:
        return f"{name} played {rules.MOVES[move]}" if move is not None else f"{name} gave no valid move"

    result = rules.outcome(mine, theirs)
    if result == 0:
        ending = "tie"
    elif names[0] == "you":
        ending = f"you {'won' if result > 0 else 'lost'}"
    else:
        ending = f"{names[0] if result > 0 else names[1]} won"
    return f"Round {number}: {played(names[0], mine)}, {played(names[1], theirs)}: {ending}."
