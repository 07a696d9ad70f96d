"""The omniarena contract: observations, action sets, text grammar, the text layers, bases and the registry."""

from omniarena.core.actions import ActionSet, ActionSpec, DiscreteActionSet, ParseResult
from omniarena.core.agent import Agent, NativeAgent
from omniarena.core.arena import Arena, Outcome
from omniarena.core.grammar import extract_answer, parse_call
from omniarena.core.invalid import InvalidPolicy, ReplyTracker
from omniarena.core.observation import OBSERVE_MODES, clean_text, observation_space
from omniarena.core.registry import ArenaInfo, list_arenas, make, make_multi, register, spec
from omniarena.core.simultaneous import JointOutcome, SimultaneousArena
from omniarena.core.spaces import ActionText, UnicodeText
from omniarena.core.textenv import TextActions
from omniarena.core.turns import TurnArena, TurnOutcome

__all__ = [
    "ActionSet",
    "ActionSpec",
    "ActionText",
    "Agent",
    "Arena",
    "ArenaInfo",
    "DiscreteActionSet",
    "InvalidPolicy",
    "JointOutcome",
    "NativeAgent",
    "OBSERVE_MODES",
    "Outcome",
    "ParseResult",
    "ReplyTracker",
    "SimultaneousArena",
    "TextActions",
    "TurnArena",
    "TurnOutcome",
    "UnicodeText",
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
