"""Every arena family omniarena ships. Each family registers through the ``omniarena.arenas``
entry-point group (see :mod:`omniarena.core.plugins`); importing this package registers nothing."""
