"""omniarena: games, fighting, web, Minecraft and jigsaw arenas for LLM, VLM and pixel agents behind one contract.

>>> import omniarena
>>> env = omniarena.make("omniarena/2048-v0")
>>> obs, info = env.reset(seed=0)
>>> sorted(obs)[:2]
['action_mask', 'image']
"""

from omniarena.core.plugins import load_plugins
from omniarena.core.registry import list_arenas, make, make_multi, spec

__version__ = "0.1.0"
__all__ = ["list_arenas", "make", "make_multi", "spec", "__version__"]

# Register every arena (ours and plugins') with gymnasium on import, so gymnasium.make(id) works too.
load_plugins()
