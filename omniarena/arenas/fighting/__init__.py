"""The fighting arena: an embedded 2D fighting game, its 12-rung CPU ladder and two-player self-play.

:func:`register` is the ``omniarena.arenas`` entry point ``fighting``; entry points stay lazy strings.
"""

from omniarena.core.registry import register as _register

_LADDER = "omniarena.arenas.fighting.env:FightLadderEnv"
_TWO = "omniarena.arenas.fighting.env:Fight2PEnv"
_EXPERT = "omniarena.arenas.fighting.bots:ScriptedFighter"
# Real-time two-player matches: make_multi("omniarena/Fight2P-v0", mode="realtime").
# At most 5 rounds (drawn rounds count for both) of 30 s at frame_skip 8: 1125 steps.
_LADDER_STEPS = 1200


def register() -> None:
    _register(
        "omniarena/FightLadder-v0",
        _LADDER,
        family="FightLadder",
        domain="fighting",
        max_steps=_LADDER_STEPS,
        expert=_EXPERT,
        description="Fighting ladder: climb 12 scripted CPU opponents, best of 3 rounds, paused (1 player)",
    )
    _register(
        "omniarena/FightLadder-Realtime-v0",
        _LADDER,
        kwargs={"mode": "realtime"},
        family="FightLadder",
        domain="fighting",
        # The wall clock drives it: neither a rerun nor a pickled copy replays an episode.
        deterministic=False,
        picklable=False,
        max_steps=_LADDER_STEPS,
        expert=_EXPERT,
        description="Fighting ladder in real time: thinking time is charged as game frames (1 player)",
    )
    _register(
        "omniarena/FightLadder-Queue-v0",
        _LADDER,
        kwargs={"max_moves": 4},
        family="FightLadder",
        domain="fighting",
        max_steps=_LADDER_STEPS,
        expert=_EXPERT,
        description="Fighting ladder taking up to 4 queued moves per reply as '- move' lines (1 player)",
    )
    _register(
        "omniarena/Fight2P-v0",
        _TWO,
        family="Fight2P",
        domain="fighting",
        players=2,
        api="parallel",
        max_steps=_LADDER_STEPS,
        expert=_EXPERT,
        description="Two-player fighting match, both players act at once, paused (2 players, simultaneous)",
    )
    from omniarena.arenas.fighting.retro import register as register_retro

    register_retro()
