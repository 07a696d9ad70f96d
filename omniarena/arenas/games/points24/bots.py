"""Points24 scripted expert: follow an exhaustive solver's formula token by token."""

from omniarena.arenas.games.cardkit.formula_bots import SolverExpert


class Points24Expert(SolverExpert):
    """Solves every solvable deal (100% on the default variants)."""
