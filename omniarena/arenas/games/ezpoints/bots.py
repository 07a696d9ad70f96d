"""EZPoints scripted expert: follow an exhaustive solver's formula token by token."""

from omniarena.arenas.games.cardkit.formula_bots import SolverExpert


class EZPointsExpert(SolverExpert):
    """Solves every dealt hand (all deals are solvable)."""
