"""Iterated Rock-Paper-Scissors rules: pure functions over an immutable match state, no drawing.

Moves are ``0`` rock, ``1`` paper, ``2`` scissors; ``None`` is a player who did nothing that round
(an invalid reply under the ``noop`` policy). A move beats the one before it in that cycle: paper
beats rock, scissors beat paper, rock beats scissors. A player who does nothing loses the round to a
player who moves; two players who both do nothing tie it. Every round counts, so a match of ``rounds``
rounds always ends after exactly ``rounds`` joint steps.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "MOVES",
    "Move",
    "PAPER",
    "RESULT_WORDS",
    "ROCK",
    "SCISSORS",
    "State",
    "counter",
    "initial_state",
    "match_result",
    "outcome",
    "play_round",
]

ROCK, PAPER, SCISSORS = 0, 1, 2
MOVES = ("rock", "paper", "scissors")
# A round's outcome() as a word, from the side it was computed for.
RESULT_WORDS = {1: "win", -1: "loss", 0: "tie"}

Move = int | None


def counter(move: int) -> int:
    """The move that beats ``move``."""
    return (move + 1) % 3


def outcome(mine: Move, theirs: Move) -> int:
    """+1 when ``mine`` wins the round, -1 when it loses, 0 on a tie (``None``: no move)."""
    if mine is None or theirs is None:
        return (mine is not None) - (theirs is not None)
    return {0: 0, 1: 1, 2: -1}[(mine - theirs) % 3]


@dataclass(frozen=True)
class State:
    """A match: its length, every round played as ``(player_0's move, player_1's move)``, the tally."""

    rounds: int
    history: tuple[tuple[Move, Move], ...] = ()
    wins: tuple[int, int] = (0, 0)  # rounds won by player_0, player_1
    ties: int = 0

    @property
    def played(self) -> int:
        return len(self.history)

    @property
    def done(self) -> bool:
        return self.played >= self.rounds


def initial_state(rounds: int) -> State:
    if rounds < 1:
        raise ValueError(f"a match needs at least one round, got rounds={rounds}")
    return State(int(rounds))


def play_round(state: State, move_0: Move, move_1: Move) -> State:
    """The match after one more round in which player_0 plays ``move_0`` and player_1 ``move_1``."""
    if state.done:
        raise ValueError(f"the match is over: all {state.rounds} rounds were played")
    result = outcome(move_0, move_1)
    wins = (state.wins[0] + (result > 0), state.wins[1] + (result < 0))
    return State(state.rounds, (*state.history, (move_0, move_1)), wins, state.ties + (result == 0))


def match_result(state: State, seat: int) -> str:
    """ "win", "loss" or "draw" for ``seat`` (0 or 1) by rounds won so far."""
    return {1: "win", -1: "loss", 0: "draw"}[_sign(state.wins[seat] - state.wins[1 - seat])]


def _sign(value: int) -> int:
    return (value > 0) - (value < 0)
