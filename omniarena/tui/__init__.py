"""The terminal app (Textual): play any arena yourself, watch agents play, follow a tournament.

``omniarena play`` opens the arena picker or the play screen, ``omniarena watch`` the watch screen;
:func:`omniarena.tui.dashboard.run_dashboard` is the live tournament dashboard. Everything here needs the
``[tui]`` extra (``pip install "omniarena[tui]"``), except :mod:`omniarena.tui.session`, the UI-free
stepping engine the screens drive.
"""

from __future__ import annotations

import importlib.util

from gymnasium.error import DependencyNotInstalled

__all__ = ["require_textual"]


def require_textual() -> None:
    """Fail naming the extra to install when Textual is missing."""
    if importlib.util.find_spec("textual") is None:
        raise DependencyNotInstalled(
            "the terminal app needs the [tui] extra (textual is not installed). Install it with: "
            'pip install "omniarena[tui]"; or use `omniarena play --plain` for the line mode'
        )
