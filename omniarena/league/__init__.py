"""The league: self-play tournaments over any arena with two or more players, with ratings.

Matches (:mod:`.match`), schedulers (:mod:`.schedulers`), crash-safe SQLite results (:mod:`.store`),
ratings (:mod:`.ratings`), local and Ray executors (:mod:`.executors`, :mod:`.ray_executor`), reports
(:mod:`.report`) and a self-play API for training code (:mod:`.selfplay`).
"""

from typing import Any

__all__ = ["tui_feed"]


def tui_feed(source: Any) -> Any:
    """The live dashboard's feed of ``source`` (see :func:`omniarena.league.live.tui_feed`)."""
    from omniarena.league.live import tui_feed as feed

    return feed(source)
