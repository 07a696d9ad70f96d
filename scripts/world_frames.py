"""Write one frame and its text observation of each installed world to docs/worlds/ (the README shows them).

python scripts/world_frames.py [--out docs/worlds]
"""

from __future__ import annotations

import argparse
import pathlib

from PIL import Image

import omniarena

SHOTS = (  # (arena, file stem, seed, replies played before the shot)
    ("omniarena/Crafter-v0", "crafter", 1, ["Move East", "Move East", "Do"]),
    ("omniarena/BabyAI-MixedTrainLocal-PickupThenGoTo-v0", "babyai", 1, ["turn right"]),
    ("omniarena/Breakout-v0", "breakout", 1, ["fire"] + ["left"] * 12),
    ("omniarena/TextWorld-TreasureHunter-v0", "textworld", 0, ["open cabinet"]),
    ("omniarena/MiniHack-Quest-Easy-v0", "minihack", 0, ["east", "east"]),
    ("omniarena/NetHack-v0", "nethack", 0, ["west", "south"]),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs/worlds")
    out = pathlib.Path(parser.parse_args().out)
    out.mkdir(parents=True, exist_ok=True)
    installed = {info.id for info in omniarena.list_arenas(installed_only=True)}
    for arena_id, stem, seed, replies in SHOTS:
        if arena_id not in installed:
            continue
        env = omniarena.make(arena_id)
        obs, _ = env.reset(seed=seed, options={"game": 0} if "TextWorld" in arena_id else None)
        for reply in replies:
            obs, *_ = env.step(reply)
        Image.fromarray(obs["image"]).save(out / f"{stem}.png", optimize=True)
        (out / f"{stem}.txt").write_text(obs["text"] + "\n", encoding="utf-8")
        env.close()


if __name__ == "__main__":
    main()
