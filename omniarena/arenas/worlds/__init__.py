"""Worlds: thin adapters over real engines from PyPI, BALROG's worlds with images.

Crafter (``crafter``), BabyAI (``minigrid``), Atari (``ale-py``), TextWorld (``textworld``) and
MiniHack/NetHack (``nle``, ``minihack``), each in its own extra. :func:`register` (the ``omniarena.arenas`` entry point ``worlds``) imports each subpackage, whose
``__init__`` registers its variants through :func:`register_variants`; no engine is imported until an
arena is made, so ``list_arenas(installed_only=True)`` hides the worlds whose engine is missing.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import Any, NamedTuple

FAMILIES = ("crafter", "babyai", "atari", "textworld", "nethack")


class Variant(NamedTuple):
    """One registered id: ``omniarena/<name>-v0`` built with ``kwargs``, ``max_steps`` long."""

    name: str
    kwargs: dict[str, Any]
    max_steps: int
    description: str


def register_variants(
    entry_point: str, family: str, extra: str | None, variants: Iterable[Variant], **common: Any
) -> None:
    """Register each variant of one world (``domain="worlds"``); ``common`` are the fields they share."""
    from omniarena.core.registry import register as register_id

    if extra is not None:
        common["extra"] = extra
    for variant in variants:
        register_id(
            f"omniarena/{variant.name}-v0",
            entry_point,
            kwargs=variant.kwargs,
            family=family,
            domain="worlds",
            max_steps=variant.max_steps,
            description=variant.description,
            **common,
        )


def register() -> None:
    for family in FAMILIES:
        importlib.import_module(f"{__name__}.{family}")
