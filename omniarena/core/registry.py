"""One registry for every arena variant: ids ``omniarena/<Name>-v<N>``.

``register()`` records an :class:`ArenaInfo` and, for single-agent arenas, registers the id with
gymnasium so ``gymnasium.make(id)`` works too. ``make()`` builds a single-agent arena (text actions and
image+text observations by default, ``action_mode="native"`` for pixel/RL agents), ``make_multi()`` a
PettingZoo one, ``list_arenas()`` returns the metadata. Entry points are ``"module:attr"`` strings, so
nothing heavy is imported until an arena is made.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
import inspect
from dataclasses import asdict, dataclass, field
from typing import Any

import gymnasium as gym
from gymnasium.error import DependencyNotInstalled
from gymnasium.wrappers import TimeLimit

from omniarena.core.textenv import TextActions

__all__ = ["ArenaInfo", "register", "make", "make_multi", "list_arenas", "spec", "load"]

NAMESPACE = "omniarena"

# The import names each extra provides, to tell a missing extra from a bug.
EXTRA_MODULES: dict[str, tuple[str, ...]] = {
    "web": ("playwright",),
    "retro": ("stable_retro",),
    "minecraft": ("minerl",),
    "tui": ("textual",),
    "llm": ("openai",),
    "ray": ("ray",),
}


@dataclass(frozen=True)
class ArenaInfo:
    """Metadata of one registered variant (what ``omniarena list`` shows)."""

    id: str
    entry_point: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    domain: str = "games"
    players: int = 1
    modalities: tuple[str, ...] = ("image", "text")
    deterministic: bool = True
    extra: str | None = None
    max_steps: int | None = None
    expert: str | None = None
    description: str = ""

    @property
    def multi_agent(self) -> bool:
        return self.players > 1

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["modalities"] = list(self.modalities)
        return data


_REGISTRY: dict[str, ArenaInfo] = {}


def register(id: str, entry_point: str, **fields: Any) -> ArenaInfo:
    """Register one variant. ``fields`` are :class:`ArenaInfo` fields (``kwargs`` are the variant's)."""
    if not id.startswith(f"{NAMESPACE}/"):
        raise ValueError(f"arena ids live in the {NAMESPACE}/ namespace, got {id!r}")
    if id in _REGISTRY:
        raise ValueError(f"{id!r} is registered twice")
    info = ArenaInfo(id=id, entry_point=entry_point, **fields)
    _REGISTRY[id] = info
    if not info.multi_agent:
        gym.register(
            id=id,
            entry_point=build,  # type: ignore[arg-type]  # a factory with keyword arguments
            nondeterministic=not info.deterministic,
            kwargs={"arena_id": id},
            disable_env_checker=True,
        )
    return info


def _ensure_loaded() -> None:
    # Registration lives beside the arenas; importing the package runs it once.
    importlib.import_module("omniarena.arenas")


def spec(id: str) -> ArenaInfo:
    """The :class:`ArenaInfo` of ``id``; an unknown id fails naming the closest ones."""
    _ensure_loaded()
    try:
        return _REGISTRY[id]
    except KeyError:
        pass
    known = sorted(_REGISTRY)
    guesses = difflib.get_close_matches(id, known, n=3, cutoff=0.4)
    if not guesses:
        lowered = id.lower()
        guesses = [k for k in known if lowered.split("/")[-1].split("-v")[0] in k.lower()][:3]
    hint = f" Did you mean {', '.join(repr(g) for g in guesses)}?" if guesses else ""
    raise gym.error.UnregisteredEnv(
        f"no arena {id!r}.{hint} Run `omniarena list` (or omniarena.list_arenas()) to see every id."
    )


def _check_extra(info: ArenaInfo) -> None:
    if not info.extra:
        return
    for module in EXTRA_MODULES.get(info.extra, ()):
        if importlib.util.find_spec(module) is None:
            raise DependencyNotInstalled(
                f"{info.id} needs the '{info.extra}' extra ({module} is not installed). "
                f'Install it with: pip install "omniarena[{info.extra}]"'
            )


def load(entry_point: str) -> Any:
    """Import ``"package.module:attr"``."""
    module_name, _, attr = entry_point.partition(":")
    return getattr(importlib.import_module(module_name), attr)


def _construct(info: ArenaInfo, kwargs: dict[str, Any]) -> Any:
    _check_extra(info)
    factory = load(info.entry_point)
    merged = {**info.kwargs, **kwargs}
    accepted = _accepted(factory)
    unknown = sorted(set(kwargs) - accepted) if accepted is not None else []
    if accepted is not None and unknown:
        raise TypeError(
            f"{info.id} does not take {', '.join(unknown)}; its arguments are: "
            f"{', '.join(sorted(accepted | WRAPPER_ARGUMENTS))}"
        )
    return factory(**merged)


# Arguments make()/make_multi() consume themselves before the arena is built.
WRAPPER_ARGUMENTS = frozenset({"action_mode", "invalid", "invalid_penalty", "forfeit_penalty", "max_steps"})


def _accepted(factory: Any) -> set[str] | None:
    """Keyword arguments ``factory`` accepts; ``None`` when it takes ``**kwargs`` (anything goes)."""
    parameters = inspect.signature(factory).parameters.values()
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
        return None
    return {p.name for p in parameters if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}


def build(
    arena_id: str,
    action_mode: str = "text",
    invalid: str = "noop",
    invalid_penalty: float = 0.0,
    forfeit_penalty: float = -1.0,
    max_steps: int | None = None,
    **kwargs: Any,
) -> gym.Env:
    """Construct a single-agent arena with its wrappers (the gymnasium entry point of every id)."""
    info = spec(arena_id)
    if info.multi_agent:
        raise ValueError(f"{arena_id} has {info.players} players; build it with omniarena.make_multi()")
    _check_action_mode(action_mode)
    env = _construct(info, kwargs)
    if action_mode == "text":
        env = TextActions(env, invalid=invalid, invalid_penalty=invalid_penalty, forfeit_penalty=forfeit_penalty)
    limit = max_steps if max_steps is not None else info.max_steps
    if limit:
        env = TimeLimit(env, max_episode_steps=int(limit))
    return env


def make(id: str, **kwargs: Any) -> gym.Env:
    """Make a single-agent arena: ``omniarena.make("omniarena/2048-v0")``.

    Keyword arguments: ``action_mode`` ("text" default, or "native"), ``invalid`` (invalid-action
    policy: "noop", "retry:N", "random", "terminate"), ``invalid_penalty``, ``forfeit_penalty``,
    ``max_steps``, ``render_mode``, plus the arena's own arguments.
    """
    info = spec(id)
    if info.multi_agent:
        raise ValueError(f"{id} has {info.players} players; use omniarena.make_multi({id!r})")
    return gym.make(id, **kwargs)


def make_multi(
    id: str,
    action_mode: str = "text",
    invalid: str = "noop",
    invalid_penalty: float = 0.0,
    forfeit_penalty: float = -1.0,
    max_steps: int | None = None,
    **kwargs: Any,
) -> Any:
    """Make a turn-based PettingZoo arena, text actions by default.

    Same keyword arguments as :func:`make`; ``max_steps`` (default: the registry's) truncates every
    player after that many moves, invalid replies included.
    """
    info = spec(id)
    if not info.multi_agent:
        raise ValueError(f"{id} is single-agent; use omniarena.make({id!r})")
    _check_action_mode(action_mode)
    from omniarena.core.aeclimit import AECStepLimit
    from omniarena.core.textaec import AECTextActions

    env = _construct(info, kwargs)
    if action_mode == "text":
        env = AECTextActions(env, invalid=invalid, invalid_penalty=invalid_penalty, forfeit_penalty=forfeit_penalty)
    limit = max_steps if max_steps is not None else info.max_steps
    if limit:
        env = AECStepLimit(env, int(limit))
    return env


def _check_action_mode(action_mode: str) -> None:
    if action_mode not in ("text", "native"):
        raise ValueError(f"action_mode={action_mode!r}; use 'text' (LLM/VLM agents) or 'native' (pixel/RL agents)")


def list_arenas(domain: str | None = None, installed_only: bool = False) -> list[ArenaInfo]:
    """Every registered variant, sorted by id; ``installed_only`` drops those whose extra is missing."""
    _ensure_loaded()
    arenas = [info for _, info in sorted(_REGISTRY.items())]
    if domain:
        arenas = [a for a in arenas if a.domain == domain]
    if installed_only:
        arenas = [a for a in arenas if is_installed(a)]
    return arenas


def is_installed(info: ArenaInfo) -> bool:
    try:
        _check_extra(info)
    except DependencyNotInstalled:
        return False
    return True
