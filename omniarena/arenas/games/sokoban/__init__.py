"""Sokoban (VLM-Gym style): push boxes onto targets in generated rooms that are solvable by construction."""

from omniarena.core.registry import register

# (id suffix, room side, boxes, fewest pushes a level needs, moves per reply, undo, max_steps). max_steps
# counts replies: about 4x the longest expert solutions (single moves) or 40 replies of up to 10 moves.
_VARIANTS = (
    ("-Easy", 6, 1, 3, 1, False, 80),
    ("", 7, 2, 6, 1, False, 150),
    ("-Hard", 8, 3, 12, 1, False, 300),
    ("-Undo", 7, 2, 6, 1, True, 150),
    ("-Multi", 7, 2, 6, 10, False, 40),
)

for _suffix, _size, _boxes, _min_pushes, _moves, _undo, _max_steps in _VARIANTS:
    _box_words = f"{_boxes} box{'es' if _boxes > 1 else ''}"
    _extras = (", undo" if _undo else "") + (f", up to {_moves} moves per reply" if _moves > 1 else "")
    register(
        f"omniarena/Sokoban{_suffix}-v0",
        "omniarena.arenas.games.sokoban.env:SokobanEnv",
        kwargs={"size": _size, "boxes": _boxes, "min_pushes": _min_pushes, "moves_per_reply": _moves, "undo": _undo},
        family="Sokoban",
        domain="games",
        max_steps=_max_steps,
        expert="omniarena.arenas.games.sokoban.bots:SokobanExpert",
        description=f"Sokoban in a {_size}x{_size} room with {_box_words} (>= {_min_pushes} pushes){_extras}",
    )
