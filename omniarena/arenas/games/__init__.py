"""Visual games: the gym-cards four, 2048 and Connect Four. Each subpackage registers its variants."""

from omniarena.arenas.games import (  # noqa: F401
    blackjack,
    connect_four,
    ezpoints,
    numberline,
    points24,
    twenty48,
)
