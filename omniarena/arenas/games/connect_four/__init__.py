"""Connect Four: two players, PettingZoo AEC, image + text from each player's side."""

from omniarena.core.registry import register

register(
    "omniarena/ConnectFour-v0",
    "omniarena.arenas.games.connect_four.env:ConnectFourEnv",
    family="ConnectFour",
    domain="games",
    players=2,
    api="aec",
    max_steps=200,  # 42 moves fill the board; the rest is room for invalid replies under noop/retry
    expert="omniarena.arenas.games.connect_four.bots:ConnectFourExpert",
    description="Connect Four: drop discs into a 6x7 grid, line up four to win (2 players, turn-based)",
)
