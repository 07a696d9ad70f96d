"""Every arena family; importing this registers all variants (entry points stay lazy)."""

from omniarena.arenas import games  # noqa: F401
