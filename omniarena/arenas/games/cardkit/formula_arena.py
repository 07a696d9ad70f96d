"""Gymnasium glue shared by the formula card games; EZPoints and Points24 subclass it with their rules."""

from __future__ import annotations

from typing import Any

import numpy as np

from omniarena.arenas.games.cardkit import formula_rules as rules
from omniarena.arenas.games.cardkit.deck import RANK_LABELS
from omniarena.arenas.games.cardkit.formula import to_text
from omniarena.arenas.games.cardkit.formula_actions import action_set
from omniarena.arenas.games.cardkit.formula_render import SIZE, render
from omniarena.core.arena import Arena, Outcome

__all__ = ["FormulaArena"]


class FormulaArena(Arena):
    """Build a formula from the dealt cards that equals the target, one token per step (see subclasses)."""

    def __init__(self, game_rules: rules.FormulaRules, render_mode: str | None = None, illegal_penalty: float = -1.0):
        super().__init__(action_set(game_rules), (SIZE, SIZE), render_mode=render_mode, illegal_penalty=illegal_penalty)
        self.rules = game_rules
        self._headers = {seen: self._instruction(seen) for seen in (True, False)}
        self._set_state(rules.deal(np.random.default_rng(0), game_rules))

    def _set_state(self, state: rules.State) -> None:
        # The mask is read several times per step (legality check, observation, text): compute it once.
        self.state = state
        self._mask = rules.legal_mask(state, self.rules)
        # Short labels ("A♦ (1)"), not names: "ace of diamonds" would name the action 1 in an echoed text.
        self._cards_text = ", ".join(f"{c.label} ({v})" for c, v in zip(state.cards, state.values, strict=True))

    def _instruction(self, with_image: bool) -> str:
        """The fixed part of the text: the RL4VLM instruction for this variant (no image under observe="text")."""
        r = self.rules
        # Digits, not number words: "two cards" would name the action 2 in an echoed prompt.
        count = f"{r.n_cards} card{'s' if r.n_cards > 1 else ''}"
        choices = "[" + ", ".join(f"'{t}'" for t in r.tokens) + "]"
        return (
            f"You are an expert card game player. You are observing {count}{' in the image' if with_image else ''}.\n"
            f"You can choose between {choices}. "
            "The number or operator you choose will be appended to the current formula.\n"
            f"{self._faces_in_words()} Your goal is to output a formula that evaluates to {r.target}, "
            "and each number can only be used once."
        )

    def _faces_in_words(self) -> str:
        faces = [(RANK_LABELS[rank], value) for rank, value in enumerate(self.rules.values[10:], start=10)]
        if len({value for _, value in faces}) == 1:
            return f"Note that 'J', 'Q', and 'K' count as '{faces[0][1]}'."
        return "Note that " + ", ".join(f"'{face}' counts as '{value}'" for face, value in faces) + "."

    def _new_episode(self, options: dict[str, Any]) -> None:
        self._set_state(rules.deal(self.np_random, self.rules))

    def _apply(self, action: int) -> Outcome:
        state, reward = rules.apply(self.state, self.rules, action)
        self._set_state(state)
        return Outcome(reward, state.done, True)

    def action_mask(self) -> np.ndarray:
        return self._mask.copy()

    def _info(self) -> dict[str, Any]:
        s = self.state
        return {
            "cards": [card.label for card in s.cards],
            "numbers": list(s.values),
            "formula": to_text(s.formula, ""),
            "success": s.success,
        }

    def _draw(self) -> np.ndarray:
        return render(self.state, self.rules.target)

    def expert_state(self) -> tuple[rules.State, rules.FormulaRules, np.ndarray]:
        """The state, the rules and the legal-token mask."""
        return self.state, self.rules, self._mask.copy()

    def _rules(self) -> str:
        return self._headers[self.observe_mode != "text"]

    def _state(self) -> str:
        s, r = self.state, self.rules
        lines = [f"Cards: {self._cards_text}.", f"Current formula: {to_text(s.formula) or '(empty)'}"]
        if s.done:
            value = "no value (not a valid formula)" if s.value is None else str(s.value)
            verdict = "Success!" if s.success else f"Failed: it is not {r.target}."
            lines.append(f"The formula evaluates to {value}. {verdict} The game is over.")
        else:
            remaining = ", ".join(str(v) for v in s.remaining) or "none (press '=')"
            lines.append(f"Remaining numbers: {remaining}")
        return "\n".join(lines)

    def _legal(self) -> str:
        if self.state.done:
            return ""
        return "Legal actions now: " + ", ".join(f"'{self.rules.tokens[i]}'" for i in np.flatnonzero(self._mask))
