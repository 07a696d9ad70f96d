"""Swap scripted expert: a greedy one-ply search over the legal swaps.

Each legal swap is played out on a copy of the board with every cascade the visible tiles make; the
refills cannot be seen, so they are left empty and never match (the score counted is a lower bound
the refills can only raise). The swap with the most points wins; ties go to the swap lowest on the
board (its lower cell's row), whose clears shake up more of the tiles above, then to the first edge.
About 1 ms a move on 8x8.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from omniarena.arenas.games.swap import rules
from omniarena.core.agent import NativeAgent


def predicted_points(board: np.ndarray, edge: int, colours: int) -> int:
    """Points ``edge`` is sure to score on ``board``: its clear and the cascades of the visible tiles."""
    _, waves = rules.resolve(rules.swapped(board, edge), None, colours)
    return sum(rules.wave_points(tiles, wave) for wave, tiles in enumerate(waves, start=1))


def choose_swap(board: np.ndarray, legal: np.ndarray, colours: int) -> int:
    """The expert's swap: most sure points, then lowest on the board, then the first edge."""
    candidates = np.flatnonzero(legal)
    if candidates.size == 0:
        return 0
    lower_row = rules.edges(*board.shape).r2
    return int(max(candidates.tolist(), key=lambda e: (predicted_points(board, e, colours), lower_row[e], -e)))


class SwapExpert(NativeAgent):
    """Greedy one-ply: the legal swap that surely scores most, lowest on the board on ties."""

    name = "scripted"

    def choose(self, observation: dict[str, Any]) -> int:
        state = self.expert_state()
        return choose_swap(state["board"], state["legal"], state["colours"])
