"""Swap (VLM-Gym style match-3): swap neighbouring tiles to line up three or more; variants by size and kinds."""

from omniarena.core.registry import register

# (id suffix, rows, cols, colours, target, moves, max_steps). Fewer kinds make more lines and longer
# cascades; each target sits near the greedy expert's 10th-25th percentile score, where the random agent
# succeeds in at most one game in ten (see SwapEnv's Baselines). max_steps leaves room for invalid replies.
_VARIANTS = (
    ("", 8, 8, 5, 600, 25, 100),
    ("-Easy", 6, 6, 4, 500, 20, 80),
    ("-Hard", 8, 8, 6, 250, 20, 80),
)

for _suffix, _rows, _cols, _colours, _target, _moves, _max_steps in _VARIANTS:
    register(
        f"omniarena/Swap{_suffix}-v0",
        "omniarena.arenas.games.swap.env:SwapEnv",
        kwargs={"rows": _rows, "cols": _cols, "colours": _colours, "target": _target, "moves": _moves},
        family="Swap",
        domain="games",
        max_steps=_max_steps,
        expert="omniarena.arenas.games.swap.bots:SwapExpert",
        description=f"Match-3 on a {_rows}x{_cols} board with {_colours} kinds: {_target} points in {_moves} swaps",
    )
