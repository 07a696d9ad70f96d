"""TextWorld games generated offline with textworld's own generator (its ``tw-make`` challenges), cached on disk.

A game is fixed by its task, its settings and its seed, and textworld compiles it byte for byte the same
each time, so the cache only saves time: ``$OMNIARENA_CACHE/textworld/`` (default
``~/.cache/omniarena/textworld``). Several processes may ask for the same game at once: each writes to a
temporary name and renames it into place, so a reader never sees half a game.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["SETTINGS", "game_path", "cache_dir"]

logger = logging.getLogger(__name__)

# BALROG's styles (its docs/envs/textworld.md), sized down where generation would take minutes per game:
# coin collector: distractor rooms and a 10-room quest (level 210 of 300: distractors, quest length 10);
# treasure hunter: level 20 of 30 (locked doors and containers); cooking: 3 ingredients, cutting, cooking,
# 9 rooms, closed doors and containers.
SETTINGS: dict[str, tuple[str, dict[str, Any]]] = {
    "coin_collector": ("tw-coin_collector", {"level": 210}),
    "treasure_hunter": ("tw-treasure_hunter", {"level": 20}),
    "cooking": (
        "tw-cooking",
        {
            "recipe": 3,
            "take": 2,
            "go": 9,
            "open": True,
            "cook": True,
            "cut": True,
            "drop": False,
            "recipe_seed": 0,
            "split": "train",
        },
    ),
}


ATTEMPTS = 20
GENERATION = "v1"  # bump when SETTINGS or the options change, so stale cached games are not reused


def cache_dir() -> Path:
    root = os.environ.get("OMNIARENA_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "omniarena")
    return Path(root) / "textworld"


def game_path(task: str, seed: int) -> Path:
    """The compiled game (``.z8``, with its ``.json`` beside it) of ``task`` and ``seed``, generated if missing."""
    if task not in SETTINGS:
        raise ValueError(f"task={task!r}; use one of {', '.join(SETTINGS)}")
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"{task}-{GENERATION}-{seed}.z8"
    if final.exists() and final.with_suffix(".json").exists():
        return final
    import textworld.challenges
    from textworld import GameOptions
    from textworld.generator import compile_game

    challenge, settings = SETTINGS[task]
    logger.info("generating TextWorld %s game %d into %s (once; later runs read the cache)", task, seed, folder)
    work = Path(tempfile.mkdtemp(prefix=f".{task}-{seed}-", dir=folder))
    options = GameOptions()
    options.seeds = int(seed)
    options.path = str(work / final.name)
    options.force_recompile = True
    options.grammar.only_last_action = True  # as BALROG: the objective names the goal, not the walkthrough
    _, make, _ = textworld.challenges.CHALLENGES[challenge]
    from textworld.generator.chaining import QuestGenerationError

    for attempt in range(ATTEMPTS):  # some seeds give a map too small for the quest: the next seeds in a fixed order
        options.seeds = int(seed) + 1_000_003 * attempt
        try:
            game = make(settings, options)
            break
        except QuestGenerationError:
            if attempt == ATTEMPTS - 1:
                raise
    compiled = Path(compile_game(game, options))
    os.replace(compiled.with_suffix(".json"), final.with_suffix(".json"))
    os.replace(compiled, final)
    for leftover in work.iterdir():
        leftover.unlink()
    work.rmdir()
    return final
