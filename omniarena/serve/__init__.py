"""Every arena over the OpenEnv protocol: ``omniarena serve ID`` (server) and :func:`omniarena.remote.make` (client).

Needs the ``[serve]`` extra (``pip install 'omniarena[serve]'``). Arenas never import this package. The names
below load on first use, so the CLI's parser (``omniarena.serve.cli``) works without the extra installed.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = ["ArenaAction", "ArenaEnvironment", "ArenaObservation", "EnvPool", "ServeConfig"]

_HOME = {
    "ArenaEnvironment": "omniarena.serve.environment",
    "EnvPool": "omniarena.serve.environment",
    "ServeConfig": "omniarena.serve.environment",
    "ArenaAction": "omniarena.serve.wire",
    "ArenaObservation": "omniarena.serve.wire",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'omniarena.serve' has no attribute {name!r}")
    try:
        module = import_module(_HOME[name])
    except ModuleNotFoundError as error:
        if error.name and error.name.split(".")[0] == "openenv":
            raise ModuleNotFoundError(
                "omniarena.serve needs the [serve] extra: pip install 'omniarena[serve]'", name=error.name
            ) from error
        raise
    return getattr(module, name)
