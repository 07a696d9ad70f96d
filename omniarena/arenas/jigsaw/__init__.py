"""Jigsaw (AGILE-style): reassemble a shuffled picture, over bundled photos, procedural pictures or your own.

:func:`register` is the ``omniarena.arenas`` entry point ``jigsaw``.
"""

from omniarena.core.registry import register as _register

_ENTRY = "omniarena.arenas.jigsaw.env:JigsawEnv"
_EXPERT = "omniarena.arenas.jigsaw.bots:JigsawExpert"

# (id suffix, kwargs, max_steps, description). Turns leave the solver room: it needs about
# ceil((N + rotations) / 16) turns, and max_steps leaves as many again for invalid replies.
_VARIANTS = (
    ("2x2", {"rows": 2, "cols": 2, "turns": 5}, 10, "2x2 jigsaw, 5 turns of up to 16 calls"),
    ("3x3", {"rows": 3, "cols": 3, "turns": 10}, 20, "3x3 jigsaw, 10 turns of up to 16 calls"),
    ("4x4", {"rows": 4, "cols": 4, "turns": 10}, 20, "4x4 jigsaw, 10 turns of up to 16 calls"),
    ("5x5", {"rows": 5, "cols": 5, "turns": 12}, 24, "5x5 jigsaw, 12 turns of up to 16 calls"),
    ("Rot-3x3", {"rows": 3, "cols": 3, "rotation": True, "turns": 10}, 20, "3x3 jigsaw with rotated pieces"),
    ("Swap-3x3", {"rows": 3, "cols": 3, "native": "pair", "turns": 30}, 45, "3x3, one swap per step (MultiDiscrete)"),
    ("Procedural-3x3", {"rows": 3, "cols": 3, "images": "procedural"}, 20, "3x3 jigsaw, a new picture per seed"),
    ("Single-2x2", {"rows": 2, "cols": 2, "mode": "single"}, 4, "2x2 arrangement in one reply (Jigsaw-R1)"),
    ("Pairs-3x3", {"rows": 3, "cols": 3, "mode": "pairs"}, 4, "is piece A left of / above piece B? (3x3 cut)"),
)


def register() -> None:
    for suffix, kwargs, max_steps, description in _VARIANTS:
        _register(
            f"omniarena/Jigsaw-{suffix}-v0",
            _ENTRY,
            kwargs=kwargs,
            family="Jigsaw",
            domain="jigsaw",
            max_steps=max_steps,
            expert=_EXPERT,
            description=description,
        )
