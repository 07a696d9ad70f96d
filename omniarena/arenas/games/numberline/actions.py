"""NumberLine text actions: "+" and "-" as in the gym-cards prompts."""

from omniarena.core.actions import ActionSpec, DiscreteActionSet

ACTIONS = DiscreteActionSet(
    [
        ActionSpec("+", "move one step right (increase the current number)", ("plus", "right", "increase", "inc")),
        ActionSpec("-", "move one step left (decrease the current number)", ("minus", "left", "decrease", "dec", "−")),
    ]
)
