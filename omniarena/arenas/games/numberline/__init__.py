"""NumberLine (gym-cards): reach the target number with "+" and "-"."""

from omniarena.core.registry import register

for _suffix, _high in (("", 5), ("-Medium", 20), ("-Hard", 50)):
    register(
        f"omniarena/NumberLine{_suffix}-v0",
        "omniarena.arenas.games.numberline.env:NumberLineEnv",
        kwargs={"high": _high},
        family="NumberLine",
        domain="games",
        max_steps=2 * _high,
        expert="omniarena.arenas.games.numberline.bots:NumberLineExpert",
        description=f"reach the target on a 0..{_high} number line with +/-",
    )
