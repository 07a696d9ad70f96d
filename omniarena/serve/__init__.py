"""Every arena over the OpenEnv protocol: ``omniarena serve ID`` (server) and :func:`omniarena.remote.make` (client).

Needs the ``[serve]`` extra (``pip install 'omniarena[serve]'``). Arenas never import this package.
"""

from omniarena.serve.environment import ArenaEnvironment, EnvPool, ServeConfig
from omniarena.serve.wire import ArenaAction, ArenaObservation

__all__ = ["ArenaAction", "ArenaEnvironment", "ArenaObservation", "EnvPool", "ServeConfig"]
