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
__all__ = ["list_arenas", "make", "make_multi", "make_vec_mixed", "spec", "__version__"]


def __getattr__(name: str) -> object:
    # make_vec_mixed lives with the wrappers (it needs PIL); loaded on first use, not on import.
    if name == "make_vec_mixed":
        from omniarena.wrappers.mixed import make_vec_mixed

        return make_vec_mixed
    raise AttributeError(f"module 'omniarena' has no attribute {name!r}")


# Register every arena (ours and plugins') with gymnasium on import, so gymnasium.make(id) works too.
load_plugins()
