"""Crafter over the ``crafter`` package: BALROG's text, its 17 action names and 22 achievements, an upscaled frame."""

from omniarena.arenas.worlds import Variant, register_variants

# (id suffix, frame side in pixels, max_steps). BALROG plays 2,000 steps; the Crafter paper's budget is 10,000.
_VARIANTS = (
    ("", 256, 2000),
    ("-Long", 256, 10000),
)

register_variants(
    "omniarena.arenas.worlds.crafter.env:CrafterEnv",
    "Crafter",
    "crafter",
    [
        Variant(
            f"Crafter{suffix}",
            {"size": size},
            steps,
            f"Crafter (the real engine): survive and unlock 22 achievements, {size}px frame, {steps} steps",
        )
        for suffix, size, steps in _VARIANTS
    ],
    expert="omniarena.arenas.worlds.crafter.bots:CrafterSurvivor",
)
