"""Who is the Spy rules: clue rounds, a vote (and an optional revote), tallying and rewards. No drawing.

Seats are 0..n-1 (``player_0`` is seat 0, called "Player 1" in text). Every clue round each seat in
turn gives one clue; then each seat votes, in turn and unseen by the others until all have voted, for a
seat or abstains (where allowed). The seat with the most votes is eliminated; a tie eliminates nobody
(``ties="none"``) or sends the tied seats to one revote (``ties="revote"``) where a second tie
eliminates nobody. The civilians win when a spy is eliminated, the spies when none is.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

__all__ = ["Game", "TIES", "REWARDS", "new_game", "give_clue", "cast_vote", "tally", "final_rewards"]

TIES = ("none", "revote")
REWARDS = ("outcome", "votes")
ABSTAIN_REWARD = -0.5  # a civilian's abstention under rewards="votes": better than a wrong vote, worse than a right one


@dataclass
class Game:
    """The state of one game (mutable; the env owns it)."""

    players: int
    spies: tuple[int, ...]
    clue_rounds: int
    ties: str = "none"
    phase: str = "clue"  # "clue", "vote", "revote", "over"
    round: int = 0  # the clue round in progress (0-based)
    to_move: int = 0
    clues: list[tuple[int, int, str]] = field(default_factory=list)  # (round, seat, text)
    votes: dict[int, int | None] = field(
        default_factory=dict
    )  # this voting round: seat -> seat voted for (None: abstained)
    ballots: list[dict[int, int | None]] = field(default_factory=list)  # every finished voting round
    candidates: tuple[int, ...] = ()
    eliminated: int | None = None
    forfeited: int | None = None

    @property
    def over(self) -> bool:
        return self.phase == "over"

    @property
    def caught(self) -> bool:
        """Whether a spy was eliminated."""
        return self.eliminated is not None and self.eliminated in self.spies

    def final_votes(self) -> dict[int, int | None]:
        """The last finished voting round (empty before any)."""
        return self.ballots[-1] if self.ballots else {}


def new_game(players: int, spies: tuple[int, ...], clue_rounds: int, ties: str = "none") -> Game:
    if ties not in TIES:
        raise ValueError(f"ties={ties!r}; use one of {', '.join(TIES)}")
    return Game(players, tuple(sorted(spies)), clue_rounds, ties, candidates=tuple(range(players)))


def give_clue(game: Game, seat: int, text: str) -> None:
    if game.phase != "clue" or seat != game.to_move:
        raise ValueError(f"seat {seat} may not give a clue now (phase {game.phase}, seat {game.to_move} to move)")
    game.clues.append((game.round, seat, text))
    game.to_move = (seat + 1) % game.players
    if game.to_move == 0:
        game.round += 1
        if game.round == game.clue_rounds:
            game.phase = "vote"


def tally(votes: dict[int, int | None], candidates: tuple[int, ...]) -> tuple[Counter[int], tuple[int, ...]]:
    """Votes per candidate and the candidates with the most votes (none when nobody voted)."""
    counts: Counter[int] = Counter(v for v in votes.values() if v is not None and v in candidates)
    if not counts:
        return counts, ()
    top = max(counts.values())
    return counts, tuple(sorted(c for c, n in counts.items() if n == top))


def cast_vote(game: Game, seat: int, target: int | None) -> None:
    """``seat`` votes for ``target`` (``None``: abstains); the last vote of a round settles it."""
    if game.phase not in ("vote", "revote") or seat != game.to_move:
        raise ValueError(f"seat {seat} may not vote now (phase {game.phase}, seat {game.to_move} to move)")
    if target is not None and target not in game.candidates:
        raise ValueError(f"seat {target} is not a candidate ({game.candidates})")
    game.votes[seat] = target
    game.to_move = (seat + 1) % game.players
    if game.to_move != 0:
        return
    game.ballots.append(dict(game.votes))
    _, leaders = tally(game.votes, game.candidates)
    game.votes = {}
    if len(leaders) == 1:
        game.eliminated = leaders[0]
    elif len(leaders) > 1 and game.ties == "revote" and game.phase == "vote":
        game.phase, game.candidates = "revote", leaders
        return
    game.phase = "over"


def votes_received(game: Game) -> Counter[int]:
    counts, _ = tally(game.final_votes(), tuple(range(game.players)))
    return counts


def final_rewards(game: Game, scheme: str = "outcome", self_vote_penalty: float = 1.0) -> list[float]:
    """Each seat's reward at the end of a game that was played out (not forfeited).

    ``outcome``: +1 to each civilian and -1 to each spy when a spy is eliminated, the reverse otherwise.
    ``votes`` (per-vote credit, as Vision-Zero's decision stage): a civilian gets +1 for a final vote for a
    spy, -1 for one for a civilian, ``ABSTAIN_REWARD`` for abstaining; a spy gets ``1 - 2 * share`` where
    ``share`` is the fraction of the final votes cast against it. Either way every vote a seat cast for
    itself, in any voting round, costs it ``self_vote_penalty``.
    """
    if scheme not in REWARDS:
        raise ValueError(f"rewards={scheme!r}; use one of {', '.join(REWARDS)}")
    rewards = [0.0] * game.players
    final = game.final_votes()
    cast = sum(1 for v in final.values() if v is not None)
    received = votes_received(game)
    for seat in range(game.players):
        spy = seat in game.spies
        if scheme == "outcome":
            rewards[seat] = (-1.0 if game.caught else 1.0) if spy else (1.0 if game.caught else -1.0)
        elif spy:
            rewards[seat] = 1.0 - 2.0 * (received[seat] / cast if cast else 0.0)
        else:
            vote = final.get(seat)
            rewards[seat] = ABSTAIN_REWARD if vote is None else 1.0 if vote in game.spies else -1.0
        self_votes = sum(1 for ballot in game.ballots if ballot.get(seat) == seat)
        rewards[seat] -= self_vote_penalty * self_votes
    return rewards
