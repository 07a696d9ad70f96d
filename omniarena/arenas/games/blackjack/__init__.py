"""Blackjack (gym-cards): hit or stand against a dealer who draws to 17."""

from omniarena.core.registry import register

for _suffix, _kwargs, _about in (
    ("", {}, "blackjack vs a dealer drawing to 17: stand or hit (infinite deck)"),
    ("-Natural", {"natural": True}, "blackjack where a winning natural pays 1.5"),
):
    register(
        f"omniarena/Blackjack{_suffix}-v0",
        "omniarena.arenas.games.blackjack.env:BlackjackEnv",
        kwargs=_kwargs,
        family="Blackjack",
        domain="games",
        max_steps=20,
        expert="omniarena.arenas.games.blackjack.bots:BlackjackExpert",
        description=_about,
    )
