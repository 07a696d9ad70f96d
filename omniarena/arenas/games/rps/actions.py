"""Rock-Paper-Scissors text actions: "rock", "paper", "scissors" (native 0, 1, 2).

The one-letter aliases "r", "p" and "s" count only as whole answers, never as mentions in prose.
"""

from omniarena.core.actions import ActionSpec, DiscreteActionSet

ACTIONS = DiscreteActionSet(
    [
        ActionSpec("rock", "beats scissors, loses to paper", ("r", "stone")),
        ActionSpec("paper", "beats rock, loses to scissors", ("p",)),
        ActionSpec("scissors", "beats paper, loses to rock", ("s", "scissor")),
    ],
    title="Moves (both players choose at the same time)",
)
