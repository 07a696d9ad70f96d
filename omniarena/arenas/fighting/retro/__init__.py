"""RetroFight: ROM fighting games (Street Fighter II SCE, Mortal Kombat II, Fatal Fury 2, ...) on
stable-retro's real emulator, speaking the embedded fighting arena's grammar and text.

:func:`register` is called by the fighting family's entry point; :func:`require_rom` is the variants'
``requires`` check: it fails with the import command, the file and the SHA-1 when the ROM is missing,
so a variant without its ROM is listed but not "installed" (the registry-wide tests skip it).
"""

from __future__ import annotations

from typing import Any

from gymnasium.error import DependencyNotInstalled

from omniarena.core.registry import register as _register

__all__ = ["register", "require_rom"]

_ONE = "omniarena.arenas.fighting.retro.env:RetroFightEnv"
_TWO = "omniarena.arenas.fighting.retro.env:RetroFight2PEnv"
_STEPS = 6000  # two to three 99-second rounds at frame_skip 4


def require_rom(kwargs: dict[str, Any]) -> None:
    """Raise ``DependencyNotInstalled`` naming the import command when the game's ROM is not imported."""
    from omniarena.arenas.fighting.retro.env import DEFAULT_GAME
    from omniarena.arenas.fighting.retro.games import MissingRom, check_rom, load_game

    game = load_game(kwargs.get("game", DEFAULT_GAME)).game
    try:
        check_rom(game)
    except MissingRom as exc:
        raise DependencyNotInstalled(str(exc)) from None


def register() -> None:
    common = {
        "family": "RetroFight",
        "domain": "fighting",
        "extra": "retro",
        "requires": "omniarena.arenas.fighting.retro:require_rom",
        "picklable": False,  # an emulator, maybe in a worker process; a state and the same inputs replay exactly
        "max_steps": _STEPS,
    }
    _register(
        "omniarena/RetroFight-v0",
        _ONE,
        description="ROM fighting game on stable-retro (default Street Fighter II SCE; your ROM) against the CPU",
        **common,
    )
    _register(
        "omniarena/RetroFight2P-v0",
        _TWO,
        kwargs={"game": "MortalKombatII-Genesis-v0"},
        players=2,
        api="parallel",
        description="Two players on a ROM fighting game's two pads (default Mortal Kombat II's 2P state; your ROM)",
        **{**common, "family": "RetroFight2P"},
    )
