"""Atari over ``ale-py`` (whose wheel ships the ROMs): Breakout with its state read from RAM, any ALE game by argument."""

from omniarena.core.registry import register

register(
    "omniarena/Breakout-v0",
    "omniarena.arenas.worlds.atari.env:AtariEnv",
    kwargs={"game": "breakout"},
    family="Breakout",
    domain="worlds",
    extra="atari",
    max_steps=27000,  # 108,000 frames at frame_skip 4: the ALE's customary 30 minutes of play
    picklable=False,  # the emulator is a C++ object
    expert="omniarena.arenas.worlds.atari.bots:PaddleTracker",
    description="Atari Breakout on the real ALE emulator: frame, paddle and ball positions from RAM, left/right/fire/noop",
)
register(
    "omniarena/Atari-v0",
    "omniarena.arenas.worlds.atari.env:AtariEnv",
    kwargs={"game": "pong"},
    family="Atari",
    domain="worlds",
    extra="atari",
    max_steps=27000,
    picklable=False,
    description="Any ALE game by argument (game='pong' default; ale_py.roms lists the 100+ bundled ROMs)",
)
