"""Per-game data: a JSON file per stable-retro integration under ``games/`` (or any path the caller gives).

A game file holds what stable-retro's integration does not: the pad layout of the grammar's attacks,
the motion inputs of every character's named moves, the RAM variables the text reads (in stable-retro's
own ``data.json`` ``info`` format, added to the integration's variables at load, never written into the
installed package), which variable is which (``reads``), the 1P start state, the 12-level ladder's
states and the two-player state where the integration has one. Keys:

``game``, ``title``, ``pad`` ({``attacks``, ``step_frames``, ``press_frames``, ``charge_frames``}),
``variables``, ``reads`` ({``health``: [p1, p2], ``x``: [p1, p2], ``wins``, ``character``, ``timer``,
``round``}), ``max_health``, ``stage_width``, ``characters`` ({id: {``name``, ``moves``}}),
``default_moves``, ``state``, ``ladder``, ``two_player_state``, ``checked`` (what was verified how).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from omniarena.arenas.fighting.retro.motions import Pad, Special

__all__ = ["Game", "load_game", "game_names", "GAMES_DIR", "MissingRom", "check_rom", "rom_hint"]

GAMES_DIR = Path(__file__).with_name("games")
_NAMED = ("fireball", "uppercut", "special", "super", "throw", "dash forward", "dash back")


class MissingRom(FileNotFoundError):
    """The game's ROM is not imported into stable-retro; the message says how to import it."""


@dataclass(frozen=True)
class Character:
    name: str
    moves: Mapping[str, Special | None]


@dataclass(frozen=True)
class Game:
    """One game's data file, parsed (see the module docstring)."""

    game: str
    title: str
    pad: Pad
    variables: Mapping[str, Mapping[str, Any]]
    reads: Mapping[str, Any]
    max_health: int
    stage_width: int
    characters: Mapping[int, Character]
    default: Character
    state: str | None = None
    ladder: tuple[str, ...] = ()
    two_player_state: str | None = None
    frame_rate: int = 60
    checked: str = ""
    source: Path | None = field(default=None, compare=False)

    def character(self, character_id: int | None) -> Character:
        """The character with RAM id ``character_id`` (the game's default moves for an unknown id)."""
        if character_id is None:
            return self.default
        return self.characters.get(int(character_id), self.default)


def _moves(data: Mapping[str, Any], fallback: Mapping[str, Special | None]) -> dict[str, Special | None]:
    moves = dict(fallback)
    for name, entry in data.items():
        if name not in _NAMED:
            raise ValueError(f"move {name!r} is not one of the grammar's named moves: {', '.join(_NAMED)}")
        moves[name] = None if entry is None else Special.from_data(entry)
    return moves


def parse_game(data: Mapping[str, Any], source: Path | None = None) -> Game:
    pad_data = data["pad"]
    pad = Pad(
        attacks={name: tuple(buttons) for name, buttons in pad_data["attacks"].items()},
        step_frames=int(pad_data.get("step_frames", 2)),
        press_frames=int(pad_data.get("press_frames", 3)),
        charge_frames=int(pad_data.get("charge_frames", 60)),
        back_buttons=tuple(pad_data.get("back_buttons", ())),
    )
    missing = {"light punch", "heavy punch", "light kick", "heavy kick"} - set(pad.attacks)
    if missing:
        raise ValueError(f"{data['game']}: pad.attacks lacks {sorted(missing)}")
    default_moves = _moves(data.get("default_moves", {}), dict.fromkeys(_NAMED))
    default = Character(data.get("default_name", "your fighter"), default_moves)
    characters = {
        int(key): Character(entry["name"], _moves(entry.get("moves", {}), default_moves))
        for key, entry in data.get("characters", {}).items()
    }
    return Game(
        game=data["game"],
        title=data.get("title", data["game"]),
        pad=pad,
        variables=dict(data.get("variables", {})),
        reads=dict(data.get("reads", {})),
        max_health=int(data.get("max_health", 100)),
        stage_width=int(data.get("stage_width", 320)),
        characters=characters,
        default=default,
        state=data.get("state"),
        ladder=tuple(data.get("ladder", ())),
        two_player_state=data.get("two_player_state"),
        frame_rate=int(data.get("frame_rate", 60)),
        checked=data.get("checked", ""),
        source=source,
    )


@cache
def _load(path: str) -> Game:
    file = Path(path)
    return parse_game(json.loads(file.read_text(encoding="utf-8")), file)


def game_names() -> list[str]:
    """The games omniarena ships data for."""
    return sorted(p.stem for p in GAMES_DIR.glob("*.json"))


def load_game(game: str | os.PathLike[str]) -> Game:
    """The data of ``game``: a shipped game's id, or the path of a game file (e.g. a test's own)."""
    path = Path(game)
    if path.suffix == ".json":
        if not path.is_file():
            raise FileNotFoundError(f"no game data file {path}")
        return _load(str(path.resolve()))
    shipped = GAMES_DIR / f"{game}.json"
    if not shipped.is_file():
        raise ValueError(
            f"no omniarena data for game {game!r}; games with data: {', '.join(game_names())} "
            "(or pass the path of your own game file, see omniarena/arenas/fighting/retro/games.py)"
        )
    return _load(str(shipped))


def rom_hint(game: str) -> str:
    """How to import ``game``'s ROM: the command, the file stable-retro stores and the SHA-1 it expects."""
    import stable_retro.data as data

    try:
        sha_file = data.get_file_path(game, "rom.sha", data.Integrations.ALL)
        sha = Path(sha_file).read_text().split()[0] if sha_file else "unknown"
        directory = Path(sha_file).parent if sha_file else None
    except (FileNotFoundError, OSError, IndexError):
        sha, directory = "unknown", None
    platform = game.rsplit("-", 2)[-2] if game.count("-") >= 2 else ""
    extension = {"Genesis": "md", "Snes": "sfc", "Nes": "nes", "Sms": "sms", "GameGear": "gg", "PCEngine": "pce"}
    rom = f"rom.{extension.get(platform, 'bin')}"
    where = f" into {directory}" if directory else ""
    return (
        f"the ROM of {game} is not imported. Put your copy of the game's ROM (any file name) in a folder and run: "
        f"python -m stable_retro.import <that folder>   -- stable-retro matches files by SHA-1 {sha} and stores the "
        f"match as {rom}{where}. omniarena ships no ROM."
    )


def check_rom(game: str) -> None:
    """Raise :class:`MissingRom` (with :func:`rom_hint`) when ``game``'s ROM is not imported."""
    import stable_retro.data as data

    extra = os.environ.get("OMNIARENA_ROMS")
    if extra:
        data.Integrations.add_custom_path(extra)
    try:
        data.get_romfile_path(game, data.Integrations.ALL)
    except FileNotFoundError:
        raise MissingRom(rom_hint(game)) from None
