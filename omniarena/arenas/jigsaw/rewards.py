"""Jigsaw rewards, selectable with ``reward=``: each a pure function of the boards before and after a turn.

- ``"agile"`` (AGILE's): at the end of the episode ``0.8 * solved + 0.2 * format``, and ``-turn_penalty``
  every turn. The arena only ever sees well-formed replies (the text layer turns malformed ones into
  invalid actions, whose cost is ``invalid_penalty``), so the format credit of 0.2 is paid on every episode
  that ends through a well-formed reply.
- ``"fraction"``: at the end, the fraction of pieces correct.
- ``"adjacency"``: at the end, the fraction of side-by-side pairs that are correct neighbours.
- ``"dense"``: every turn, the change in correct pieces divided by N (the episode's sum is the final
  fraction minus the starting one).
"""

from __future__ import annotations

from omniarena.arenas.jigsaw.rules import Board

__all__ = ["REWARDS", "reward"]

REWARDS = ("agile", "fraction", "adjacency", "dense")
AGILE_SOLVED, AGILE_FORMAT = 0.8, 0.2


def reward(kind: str, before: Board, after: Board, ended: bool, turn_penalty: float = 0.0) -> float:
    """The reward of one turn that took ``before`` to ``after``; ``ended`` when the episode ends with it."""
    if kind == "agile":
        final = AGILE_SOLVED * float(after.solved_now) + AGILE_FORMAT if ended else 0.0
        return final - turn_penalty
    if kind == "fraction":
        return after.correct() / after.size if ended else 0.0
    if kind == "adjacency":
        return after.adjacency_fraction() if ended else 0.0
    if kind == "dense":
        return (after.correct() - before.correct()) / after.size
    raise ValueError(f"reward={kind!r}; use one of {', '.join(REWARDS)}")
