"""The omniarena contract: observations, action sets, text grammar, the text layer and the registry."""

from omniarena.core.actions import ActionSet, ActionSpec, DiscreteActionSet, ParseResult
from omniarena.core.arena import Arena, Outcome
from omniarena.core.grammar import extract_answer, parse_call
from omniarena.core.observation import TEXT_CHARSET, clean_text, observation_space
from omniarena.core.registry import ArenaInfo, list_arenas, make, make_multi, register, spec
from omniarena.core.textenv import InvalidPolicy, TextActions

__all__ = [
    "ActionSet",
    "ActionSpec",
    "Arena",
    "ArenaInfo",
    "DiscreteActionSet",
    "InvalidPolicy",
    "Outcome",
    "ParseResult",
    "TEXT_CHARSET",
    "TextActions",
    "clean_text",
    "extract_answer",
    "list_arenas",
    "make",
    "make_multi",
    "observation_space",
    "parse_call",
    "register",
    "spec",
]
