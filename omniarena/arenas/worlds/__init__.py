"""Worlds: thin adapters over real engines from PyPI, BALROG's worlds with images.

Crafter (``crafter``), BabyAI (``minigrid``), Atari (``ale-py``), TextWorld (``textworld``) and
MiniHack/NetHack (``nle``, ``minihack``), each in its own extra. :func:`register` (the
``omniarena.arenas`` entry point ``worlds``) imports each subpackage, whose ``__init__`` registers its
variants with ``extra=``; no engine is imported until an arena is made, so
``list_arenas(installed_only=True)`` hides the worlds whose engine is missing.
"""

import importlib

FAMILIES = ("crafter", "babyai", "atari", "textworld")


def register() -> None:
    for family in FAMILIES:
        importlib.import_module(f"{__name__}.{family}")
