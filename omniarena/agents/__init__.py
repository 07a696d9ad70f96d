"""Agents: random, scripted experts, OpenAI-compatible models, subprocesses, and your own classes.

``make_agent(spec, env, arena_id=..., **agent_args)`` builds one from a short spec string:

- ``random``: uniformly random legal actions;
- ``human``: a person typing moves in the terminal;
- ``scripted`` (or ``expert``): the arena's scripted expert (``ArenaInfo.expert``);
- ``openai`` or ``openai:<model>``: any OpenAI-compatible endpoint (``[llm]`` extra; base URL and key from
  ``OPENAI_BASE_URL`` / ``OPENAI_API_KEY`` or keyword arguments);
- ``subprocess:<command>``: a program speaking JSON lines on stdin/stdout;
- ``policy:<checkpoint>``: a pixel policy trained by ``omniarena train`` (``[pixel]`` extra);
- ``module:Class`` (``mymod:MyAgent``, ``package.module:MyAgent``): any :class:`Agent` subclass.

:func:`resolve_agent` turns a spec into its class and the arguments the spec itself fixes (the model of
``openai:<model>``, the command of ``subprocess:<command>``), without building anything; the runners and
the CLI check specs and agent arguments with it (:func:`check_agent_args`) before any episode runs.
"""

from __future__ import annotations

import difflib
import functools
import importlib
import inspect
import os
import shlex
import shutil
import types
import typing
from typing import Any

from omniarena.agents.base import AgentSpecError, EndpointDown, RandomAgent
from omniarena.core.agent import Agent, NativeAgent, takes_text
from omniarena.core.registry import load
from omniarena.core.registry import spec as arena_spec

__all__ = [
    "Agent",
    "NativeAgent",
    "RandomAgent",
    "make_agent",
    "resolve_agent",
    "check_agent_args",
    "agent_arguments",
    "AGENT_KINDS",
    "AgentSpecError",
    "EndpointDown",
    "takes_text",
]

AGENT_KINDS = {
    "random": "omniarena.agents.base:RandomAgent",
    "human": "omniarena.agents.human:HumanAgent",
    "openai": "omniarena.agents.openai_agent:OpenAIAgent",
    "subprocess": "omniarena.agents.subprocess_agent:SubprocessAgent",
    "policy": "omniarena.agents.pixel.agent:PolicyAgent",
}
EXPERT_KINDS = ("scripted", "expert")
# Set by whoever builds the agent (the runner), never by a user's agent arguments.
RESERVED_ARGS = frozenset({"env", "seed", "player", "arena_id"})
SPEC_FORMS = "random, scripted, human, openai[:model], subprocess:<command>, policy:<checkpoint> or module:AgentClass"


def resolve_agent(spec: str, arena_id: str | None = None) -> tuple[type[Agent], dict[str, Any]]:
    """The agent class ``spec`` names and the arguments the spec fixes; :class:`AgentSpecError` if none.

    ``arena_id`` is needed for ``scripted`` (the arena's expert). A ``module:Class`` spec imports the
    module: a module that does not exist is the spec's mistake, a module that fails inside is not.
    """
    kind, colon, arg = spec.partition(":")
    word = kind.strip().lower()
    if word in EXPERT_KINDS:
        if arena_id is None:
            raise AgentSpecError("the scripted agent needs arena_id= to find the arena's expert")
        expert = arena_spec(arena_id).expert
        if not expert:
            raise AgentSpecError(f"{arena_id} has no scripted expert; use 'random' or a model agent")
        return load(expert), {}
    if word == "openai":
        return load(AGENT_KINDS["openai"]), ({"model": arg.strip()} if arg.strip() else {})
    if word == "subprocess":
        return load(AGENT_KINDS["subprocess"]), {"command": _command(spec, arg)}
    if word == "policy":
        return _policy_class(spec), {"path": _checkpoint(spec, arg)}
    if word in AGENT_KINDS and not colon:
        return load(AGENT_KINDS[word]), {}
    module_name, attr = kind.strip(), arg.strip()
    if colon and attr and all(part.isidentifier() for part in module_name.split(".")):
        return _agent_class(spec, module_name, attr), {}
    raise AgentSpecError(f"unknown agent {spec!r}; use {SPEC_FORMS}")


def _command(spec: str, arg: str) -> list[str]:
    try:
        command = shlex.split(arg)
    except ValueError as exc:
        raise AgentSpecError(f"agent {spec!r}: {exc}") from exc
    if not command:
        raise AgentSpecError("use subprocess:<command>, e.g. 'subprocess:python my_agent.py'")
    if shutil.which(command[0]) is None:
        raise AgentSpecError(f"agent {spec!r}: no program {command[0]!r} (not a file, not on PATH)")
    return command


def _checkpoint(spec: str, arg: str) -> str:
    path = arg.strip()
    if not path:
        raise AgentSpecError("use policy:<checkpoint>, e.g. 'policy:runs/ppo/policy.pt' (from `omniarena train`)")
    if not os.path.isfile(path):
        raise AgentSpecError(f"agent {spec!r}: no checkpoint file {path!r}; train one with `omniarena train`")
    return path


def _policy_class(spec: str) -> type[Agent]:
    try:
        return load(AGENT_KINDS["policy"])
    except ModuleNotFoundError as exc:
        if exc.name != "torch":
            raise
        raise AgentSpecError(f"agent {spec!r} needs PyTorch: pip install 'omniarena[pixel]'") from exc


def _agent_class(spec: str, module_name: str, attr: str) -> type[Agent]:
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name is None or not (module_name == exc.name or module_name.startswith(f"{exc.name}.")):
            raise  # the module imports something missing: its own bug, with its traceback
        raise AgentSpecError(f"agent {spec!r}: {exc}") from exc
    cls = getattr(module, attr, None)
    if cls is None:
        raise AgentSpecError(f"agent {spec!r}: module {module_name!r} has no attribute {attr!r}")
    if not (isinstance(cls, type) and issubclass(cls, Agent)):
        raise AgentSpecError(f"agent {spec!r}: {module_name}.{attr} is not an omniarena Agent subclass")
    return cls


@functools.lru_cache(maxsize=256)
def _parameters(cls: type) -> tuple[dict[str, inspect.Parameter], dict[str, Any] | None]:
    """``cls``'s keyword parameters, and their evaluated annotations (``None`` where they do not evaluate)."""
    shown = inspect.signature(cls).parameters
    try:
        evaluated: dict[str, Any] | None = {
            name: p.annotation for name, p in inspect.signature(cls, eval_str=True).parameters.items()
        }
    except Exception:  # an annotation naming something only a type checker imports: check names, not types
        evaluated = None
    keywords = {n: p for n, p in shown.items() if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY, p.VAR_KEYWORD)}
    return keywords, evaluated


def agent_arguments(cls: type) -> set[str] | None:
    """The arguments a user may give ``cls`` (``None``: it takes ``**kwargs``, anything goes)."""
    keywords, _ = _parameters(cls)
    if any(p.kind is p.VAR_KEYWORD for p in keywords.values()):
        return None
    return set(keywords) - RESERVED_ARGS


def check_agent_args(spec: str, kwargs: dict[str, Any], arena_id: str | None = None) -> type[Agent]:
    """The class of ``spec`` once ``kwargs`` are arguments it takes, of the types it declares.

    Raises :class:`AgentSpecError` naming the accepted arguments for an unknown one, and the expected
    type for a value that does not fit its annotation (where annotations can be read).
    """
    cls, _ = resolve_agent(spec, arena_id)
    _check_args(spec, cls, kwargs)
    return cls


def _check_args(spec: str, cls: type, kwargs: dict[str, Any]) -> None:
    reserved = sorted(set(kwargs) & RESERVED_ARGS)
    if reserved:
        raise AgentSpecError(f"agent {spec!r}: {', '.join(reserved)} is set by the runner, not an agent argument")
    accepted = agent_arguments(cls)
    unknown = sorted(set(kwargs) - accepted) if accepted is not None else []
    if accepted is not None and unknown:
        close = difflib.get_close_matches(unknown[0], accepted, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise AgentSpecError(
            f"agent {spec!r} takes no argument {', '.join(unknown)}{hint}; its arguments are: "
            f"{', '.join(sorted(accepted)) or '(none)'}"
        )
    keywords, annotations = _parameters(cls)
    for key, value in kwargs.items():
        if annotations is not None and key in keywords and not _fits(value, annotations[key]):
            raise AgentSpecError(f"agent {spec!r}: {key} takes {keywords[key].annotation}, got {value!r}")


def _fits(value: Any, annotation: Any) -> bool:
    """Whether ``value`` is of ``annotation`` (plain types, unions, Literal; anything else passes)."""
    if annotation is inspect.Parameter.empty or annotation is Any:
        return True
    if annotation is None or annotation is type(None):
        return value is None
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return any(_fits(value, member) for member in typing.get_args(annotation))
    if origin is typing.Literal:
        return value in typing.get_args(annotation)
    kind = origin or annotation
    if not isinstance(kind, type):
        return True
    if kind in (int, float) and isinstance(value, bool):
        return False  # True is an int to Python, not a number to a user
    if kind is float:
        return isinstance(value, int | float)
    return isinstance(value, kind)


def make_agent(
    spec: str,
    env: Any,
    *,
    arena_id: str | None = None,
    seed: int | None = None,
    player: str | None = None,
    **kwargs: Any,
) -> Agent:
    """Build the agent named by ``spec`` for ``env`` (see the module docstring for the forms).

    ``kwargs`` are the agent's own arguments, checked as :func:`check_agent_args` does; an agent class
    with an ``arena_id`` parameter is told the arena's id (model agents name it in their prompts).
    """
    arena_id = arena_id or getattr(getattr(env, "spec", None), "id", None)
    cls, fixed = resolve_agent(spec, arena_id)
    if kwargs:
        _check_args(spec, cls, kwargs)
    told = {"arena_id": arena_id} if arena_id and "arena_id" in _parameters(cls)[0] else {}
    return cls(env, seed=seed, player=player, **told, **{**fixed, **kwargs})
