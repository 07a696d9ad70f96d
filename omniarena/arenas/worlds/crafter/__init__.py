"""Crafter over the ``crafter`` package: BALROG's text, its 17 action names and 22 achievements, an upscaled frame."""

from omniarena.core.registry import register

# (id suffix, frame side in pixels, max_steps). BALROG plays 2,000 steps; the Crafter paper's budget is 10,000.
_VARIANTS = (
    ("", 256, 2000),
    ("-Long", 256, 10000),
)

for _suffix, _size, _max_steps in _VARIANTS:
    register(
        f"omniarena/Crafter{_suffix}-v0",
        "omniarena.arenas.worlds.crafter.env:CrafterEnv",
        kwargs={"size": _size},
        family="Crafter",
        domain="worlds",
        extra="crafter",
        max_steps=_max_steps,
        expert="omniarena.arenas.worlds.crafter.bots:CrafterSurvivor",
        description=f"Crafter (the real engine): survive and unlock 22 achievements, {_size}px frame, {_max_steps} steps",
    )
