"""Connect Four text actions: "column 1" .. "column 7" (1-based, left to right)."""

from omniarena.arenas.games.connect_four.rules import COLUMNS
from omniarena.core.actions import ActionSpec, DiscreteActionSet

ACTIONS = DiscreteActionSet(
    [
        ActionSpec(
            f"column {n}",
            f"drop a disc into column {n}" + (" (leftmost)" if n == 1 else " (rightmost)" if n == COLUMNS else ""),
            (str(n), f"col {n}", f"col{n}", f"c{n}", f"column{n}", f"drop {n}", f"drop in column {n}"),
        )
        for n in range(1, COLUMNS + 1)
    ],
    title="Moves (columns are numbered 1 to 7 from left to right)",
)
