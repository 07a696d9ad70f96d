"""One registry for every arena variant: ids ``<namespace>/<Name>-v<N>``.

``register()`` records an :class:`ArenaInfo` and, for single-agent arenas, registers the id with
gymnasium so ``gymnasium.make(id)`` works too. ``make()`` builds a single-agent arena (text actions and
image+text observations by default, ``action_mode="native"`` for pixel/RL agents), ``make_multi()`` a
PettingZoo one (AEC for turn-based, Parallel for simultaneous arenas), ``list_arenas()`` returns the
metadata. Entry points are ``"module:attr"`` strings, so nothing heavy is imported until an arena is made.

Families register through the entry-point group ``omniarena.arenas`` (:mod:`omniarena.core.plugins`):
omniarena's own ids live under ``omniarena/``, a plugin's under its own namespace.
"""

from __future__ import annotations

import difflib
import functools
import importlib
import importlib.util
import inspect
import re
from dataclasses import asdict, dataclass, field
from typing import Any

import gymnasium as gym
from gymnasium.error import DependencyNotInstalled

from omniarena.core.grammar import ANSWER_FORMATS
from omniarena.core.observation import OBSERVE_MODES
from omniarena.core.plugins import BUILTIN_SOURCE, current_source, load_plugins
from omniarena.core.textenv import TextActions

__all__ = ["ArenaInfo", "register", "make", "make_multi", "list_arenas", "spec", "load", "APIS"]

NAMESPACE = "omniarena"
APIS = ("gym", "aec", "parallel")
_ID = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.+-]+-v\d+$")

# The import names each extra provides, to tell a missing extra from a bug.
EXTRA_MODULES: dict[str, tuple[str, ...]] = {
    "web": ("playwright",),
    "retro": ("stable_retro",),
    "minecraft": ("minerl",),
    "minerl": ("minerl",),
    "tui": ("textual",),
    "llm": ("openai",),
    "ray": ("ray",),
    "crafter": ("crafter", "numba"),
    "babyai": ("minigrid",),
    "atari": ("ale_py",),
    "textworld": ("textworld",),
    "nethack": ("nle", "minihack"),
}


@dataclass(frozen=True)
class ArenaInfo:
    """Metadata of one registered variant, read by ``omniarena list``, the demo, the runner and the tests.

    ``api``: "gym" (one player), "aec" (turn-based PettingZoo) or "parallel" (simultaneous PettingZoo).
    ``family``: the game the variant belongs to (variants of one family differ only in ``kwargs``).
    ``deterministic``: same seed and actions give the same observations. ``picklable``: an env can be
    pickled mid-episode (false for arenas that hold a browser, a server or an emulator process).
    ``source``: the distribution that registered it. ``max_steps`` is the step limit for the registered
    ``kwargs``; ``max_steps_per=(argument, factor)`` scales it when a user passes that argument (e.g.
    ``("rounds", 3)``: three steps per round), see :meth:`step_limit`. ``requires``: a
    ``"module:callable"`` taking the variant's arguments (registered kwargs updated by the user's) that
    raises ``DependencyNotInstalled`` saying how to fix what the variant lacks beyond its extra (a ROM).
    """

    id: str
    entry_point: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    family: str = ""
    domain: str = "games"
    api: str = "gym"
    players: int = 1
    deterministic: bool = True
    picklable: bool = True
    extra: str | None = None
    requires: str | None = None
    max_steps: int | None = None
    max_steps_per: tuple[str, int] | None = None
    expert: str | None = None
    description: str = ""
    source: str = BUILTIN_SOURCE

    def step_limit(self, kwargs: dict[str, Any] | None = None) -> int | None:
        """The step limit of a variant built with ``kwargs`` (the arena's arguments given by the user)."""
        if self.max_steps_per is not None and kwargs and self.max_steps_per[0] in kwargs:
            argument, factor = self.max_steps_per
            return int(factor * int(kwargs[argument]))
        return self.max_steps

    @property
    def multi_agent(self) -> bool:
        return self.api != "gym"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


_REGISTRY: dict[str, ArenaInfo] = {}


def register(id: str, entry_point: str, **fields: Any) -> ArenaInfo:
    """Register one variant. ``fields`` are :class:`ArenaInfo` fields (``kwargs`` are the variant's).

    ``api`` defaults to "gym" for one player and "aec" for several; ``family`` to the id's name
    without its version.
    """
    if not _ID.match(id):
        raise ValueError(f"arena ids look like 'namespace/Name-v0', got {id!r}")
    source = current_source() or fields.pop("source", None) or BUILTIN_SOURCE
    fields.pop("source", None)
    if id.startswith(f"{NAMESPACE}/") and source != BUILTIN_SOURCE:
        raise ValueError(f"{id!r}: the {NAMESPACE}/ namespace is omniarena's own; register under your own")
    if id in _REGISTRY:
        raise ValueError(f"{id!r} is registered twice")
    players = int(fields.get("players", 1))
    fields.setdefault("api", "gym" if players == 1 else "aec")
    fields.setdefault("family", id.split("/", 1)[1].rsplit("-v", 1)[0])
    if fields["api"] not in APIS:
        raise ValueError(f"{id!r}: api={fields['api']!r}; use one of {', '.join(APIS)}")
    if (fields["api"] == "gym") != (players == 1):
        raise ValueError(f"{id!r}: api={fields['api']!r} does not fit players={players}")
    info = ArenaInfo(id=id, entry_point=entry_point, source=source, **fields)
    _REGISTRY[id] = info
    # A partial, not kwargs={"arena_id": ...}: gymnasium quotes the kwargs in its error messages.
    # Multi-player ids are registered too, so gymnasium.make names the fix instead of "doesn't exist".
    gym.register(
        id=id,
        entry_point=functools.partial(_multi_only if info.multi_agent else build, id),  # type: ignore[arg-type]
        nondeterministic=not info.deterministic,
        max_episode_steps=None if info.multi_agent else info.max_steps,
        disable_env_checker=True,
    )
    return info


def _multi_only(arena_id: str, **kwargs: Any) -> Any:
    info = spec(arena_id)
    raise ValueError(
        f"{arena_id} has {info.players} players ({info.api} API): gymnasium.make builds single-player envs only; "
        f"use omniarena.make_multi({arena_id!r}) for its PettingZoo env"
    )


def _ensure_loaded() -> None:
    # Families register through entry points; each runs once.
    load_plugins()


def spec(id: str) -> ArenaInfo:
    """The :class:`ArenaInfo` of ``id``; an unknown id fails naming the closest ones."""
    info = _REGISTRY.get(id)
    if info is not None:  # scanning the entry points costs ms: only an id not registered yet needs it
        return info
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


def _check_extra(info: ArenaInfo, kwargs: dict[str, Any] | None = None) -> None:
    if not info.extra:
        return
    for module in EXTRA_MODULES.get(info.extra, ()):
        if importlib.util.find_spec(module) is None:
            raise DependencyNotInstalled(
                f"{info.id} needs the '{info.extra}' extra ({module} is not installed). "
                f'Install it with: pip install "omniarena[{info.extra}]"'
            )
    if info.requires:
        load(info.requires)({**info.kwargs, **(kwargs or {})})


def load(entry_point: str) -> Any:
    """Import ``"package.module:attr"``."""
    module_name, _, attr = entry_point.partition(":")
    return getattr(importlib.import_module(module_name), attr)


def _check_arguments(info: ArenaInfo, kwargs: dict[str, Any]) -> Any:
    """The arena's factory, after checking that it (or make) takes every argument in ``kwargs``."""
    _check_extra(info, kwargs)
    factory = load(info.entry_point)
    accepted = _accepted(factory)
    unknown = sorted(set(kwargs) - accepted - WRAPPER_ARGUMENTS) if accepted is not None else []
    if unknown:
        assert accepted is not None
        raise TypeError(
            f"{info.id} does not take {', '.join(unknown)}; its arguments are: "
            f"{', '.join(sorted(accepted | WRAPPER_ARGUMENTS))}"
        )
    return factory


def _construct(info: ArenaInfo, kwargs: dict[str, Any]) -> Any:
    factory = _check_arguments(info, kwargs)
    return factory(**{**info.kwargs, **kwargs})


# Arguments make()/make_multi() consume themselves before the arena is built.
WRAPPER_ARGUMENTS = frozenset(
    {"action_mode", "invalid", "invalid_penalty", "forfeit_penalty", "max_steps", "observe", "answer_format"}
)


def _accepted(factory: Any) -> set[str] | None:
    """Keyword arguments ``factory`` accepts; ``None`` when it takes ``**kwargs`` (anything goes)."""
    parameters = inspect.signature(factory).parameters.values()
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
        return None
    return {p.name for p in parameters if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}


def _check_modes(action_mode: str, observe: str, answer_format: str = "any") -> None:
    if answer_format not in ANSWER_FORMATS:
        raise ValueError(f"answer_format={answer_format!r}; use 'any' (default: tags, Action: lines, prose) or 'tags'")
    if action_mode not in ("text", "native"):
        raise ValueError(f"action_mode={action_mode!r}; use 'text' (LLM/VLM agents) or 'native' (pixel/RL agents)")
    if observe not in OBSERVE_MODES:
        raise ValueError(
            f"observe={observe!r}; use 'both' (default), 'text' (blank image) or 'image' (no state in words)"
        )


def _set_observe(env: Any, info: ArenaInfo, observe: str) -> None:
    """Apply the modality ablation through the arena's ``set_observe`` hook (omniarena's bases have it)."""
    if observe == "both":
        return
    hook = getattr(env.unwrapped, "set_observe", None)
    if hook is None:
        raise ValueError(f"{info.id} does not support observe={observe!r} (its arena has no set_observe hook)")
    hook(observe)


def build(
    arena_id: str,
    action_mode: str = "text",
    invalid: str = "noop",
    invalid_penalty: float = 0.0,
    forfeit_penalty: float = -1.0,
    observe: str = "both",
    answer_format: str = "any",
    **kwargs: Any,
) -> gym.Env:
    """Construct a single-agent arena with its text layer (the gymnasium entry point of every id).

    The step limit is gymnasium's own ``TimeLimit`` (``max_episode_steps``), applied once by ``gymnasium.make``.
    """
    info = spec(arena_id)
    if info.multi_agent:
        raise ValueError(f"{arena_id} has {info.players} players; build it with omniarena.make_multi()")
    _check_modes(action_mode, observe, answer_format)
    if "max_steps" in kwargs:
        raise TypeError(f"{arena_id}: pass max_steps to omniarena.make, or max_episode_steps to gymnasium.make")
    env = _construct(info, kwargs)
    _set_observe(env, info, observe)
    if action_mode == "text":
        env = TextActions(env, invalid, invalid_penalty, forfeit_penalty, answer_format)
    return env


def make(id: str, max_steps: int | None = None, **kwargs: Any) -> gym.Env:
    """Make a single-agent arena: ``omniarena.make("omniarena/2048-v0")``.

    Keyword arguments: ``action_mode`` ("text" default, or "native"), ``observe`` ("both" default,
    "text" or "image"), ``answer_format`` ("any" default, or "tags": only ``<answer>`` tags count), ``invalid`` (invalid-action policy: "noop", "retry:N", "random", "terminate"),
    ``invalid_penalty``, ``forfeit_penalty``, ``max_steps`` (default: the registry's), ``render_mode``,
    plus the arena's own arguments.
    """
    info = spec(id)
    if info.multi_agent:
        raise ValueError(f"{id} has {info.players} players; use omniarena.make_multi({id!r})")
    _check_arguments(info, {k: v for k, v in kwargs.items() if k != "max_episode_steps"})
    if max_steps is None and info.max_steps_per is not None and info.max_steps_per[0] in kwargs:
        max_steps = info.step_limit(kwargs)
    if max_steps is not None:
        kwargs["max_episode_steps"] = int(max_steps)
    env = gym.make(id, **kwargs)
    layer: Any = env
    while isinstance(layer, gym.Wrapper):  # the arena and the text layer refuse steps past this limit
        if isinstance(layer, gym.wrappers.TimeLimit):
            env.unwrapped.step_limit = layer._max_episode_steps  # type: ignore[attr-defined]
            break
        layer = layer.env
    return env


def make_multi(
    id: str,
    action_mode: str = "text",
    invalid: str | None = None,
    invalid_penalty: float = 0.0,
    forfeit_penalty: float = -1.0,
    max_steps: int | None = None,
    observe: str = "both",
    answer_format: str = "any",
    **kwargs: Any,
) -> Any:
    """Make a multi-player PettingZoo arena (AEC or Parallel, as its ``api``), text actions by default.

    Same keyword arguments as :func:`make`, except that ``invalid`` defaults to
    :data:`~omniarena.core.invalid.MULTI_AGENT_INVALID` ("retry:2": a player's third invalid reply in a
    row forfeits the game; pass ``invalid="noop"`` for the one-player behaviour). ``max_steps`` (default:
    the registry's) truncates every player after that many steps, invalid replies included.
    """
    info = spec(id)
    if not info.multi_agent:
        raise ValueError(f"{id} is single-agent; use omniarena.make({id!r})")
    _check_modes(action_mode, observe, answer_format)
    from omniarena.core import limits, textaec, textparallel
    from omniarena.core.invalid import MULTI_AGENT_INVALID

    if invalid is None:
        invalid = MULTI_AGENT_INVALID

    env = _construct(info, kwargs)
    _set_observe(env, info, observe)
    parallel = info.api == "parallel"
    if action_mode == "text":
        layer = textparallel.ParallelTextActions if parallel else textaec.AECTextActions
        env = layer(env, invalid, invalid_penalty, forfeit_penalty, answer_format)
    limit = max_steps if max_steps is not None else info.step_limit(kwargs)
    if limit:
        env = (limits.ParallelStepLimit if parallel else limits.AECStepLimit)(env, int(limit))
    return env


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
