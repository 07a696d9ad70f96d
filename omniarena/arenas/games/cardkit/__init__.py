"""Shared playing-card toolkit for the card games (EZPoints, Points24, Blackjack).

- :mod:`.deck`: cards, ranks and suits as data, value tables, random deals from a numpy generator;
- :mod:`.sprites`: card faces and backs drawn procedurally with Pillow once per (card, size) and cached
  as numpy arrays, plus cached text labels and :func:`~.sprites.paste` for numpy composition;
- :mod:`.formula` / :mod:`.solver`: the exact (``Fraction``) formula parser and the exhaustive solver;
- :mod:`.tables`: the solver's answers for every registered variant's hands, shipped as data
  (``omniarena/assets/cardkit/solvable_hands.json``) so dealing never waits on the solver;
- :mod:`.formula_rules`, :mod:`.formula_actions`, :mod:`.formula_render`, :mod:`.formula_arena`,
  :mod:`.formula_bots`: the "build a formula from your cards" game that EZPoints and Points24 configure.
"""
