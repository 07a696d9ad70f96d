"""Atari over ``ale-py`` (whose wheel ships the ROMs): Breakout with its state read from RAM, any ALE game by argument."""

from omniarena.arenas.worlds import Variant, register_variants

register_variants(
    "omniarena.arenas.worlds.atari.env:AtariEnv",
    "Breakout",
    "atari",
    [
        Variant(
            "Breakout",
            {"game": "breakout"},
            27000,  # 108,000 frames at frame_skip 4: the ALE's customary 30 minutes of play
            "Atari Breakout on the real ALE emulator: frame, paddle and ball positions from RAM, left/right/fire/noop",
        )
    ],
    picklable=False,  # the emulator is a C++ object
    expert="omniarena.arenas.worlds.atari.bots:PaddleTracker",
)
register_variants(
    "omniarena.arenas.worlds.atari.env:AtariEnv",
    "Atari",
    "atari",
    [
        Variant(
            "Atari",
            {"game": "pong"},
            27000,
            "Any ALE game by argument (game='pong' default; ale_py.roms lists the 100+ bundled ROMs)",
        )
    ],
    picklable=False,
)
