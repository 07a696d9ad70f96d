"""Visual games: the gym-cards four, 2048, Shisen-sho, Sokoban, Swap, Tetris, Connect Four, Rock-Paper-Scissors, Who is the Spy.

:func:`register` (the ``omniarena.arenas`` entry point ``games``) imports each subpackage, whose
``__init__`` registers its variants; entry points stay lazy strings, so no game module loads here.
"""

import importlib

FAMILIES = (
    "blackjack",
    "connect_four",
    "ezpoints",
    "numberline",
    "points24",
    "rps",
    "shisen",
    "sokoban",
    "spy",
    "swap",
    "tetris",
    "twenty48",
)


def register() -> None:
    for family in FAMILIES:
        importlib.import_module(f"{__name__}.{family}")
