"""Shisen-sho (VLM-Gym style): remove pairs of equal tiles joined by a path with at most two turns."""

from omniarena.core.registry import register

# (id suffix, rows, cols, kinds, max_steps): more kinds on a bigger board is harder; max_steps leaves
# about three invalid replies per pair on top of the pairs themselves.
_VARIANTS = (
    ("-Easy", 4, 4, 4, 40),
    ("-Medium", 6, 6, 9, 80),
    ("", 8, 8, 16, 150),
    ("-Hard", 12, 12, 36, 300),
)

for _suffix, _rows, _cols, _kinds, _max_steps in _VARIANTS:
    register(
        f"omniarena/ShisenSho{_suffix}-v0",
        "omniarena.arenas.games.shisen.env:ShisenShoEnv",
        kwargs={"rows": _rows, "cols": _cols, "kinds": _kinds},
        family="ShisenSho",
        domain="games",
        max_steps=_max_steps,
        expert="omniarena.arenas.games.shisen.bots:ShisenShoExpert",
        description=f"Shisen-sho on a {_rows}x{_cols} board with {_kinds} kinds of tiles: "
        "remove equal pairs joined by a path with at most two turns",
    )
