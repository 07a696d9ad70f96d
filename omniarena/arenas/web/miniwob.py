"""MiniWoB++ from its installed package: every task page as ``omniarena/MiniWoB-<task>-v0``.

The pages are served from the ``miniwob`` package's own ``html/`` folder (never copied) at the sealed
local origin. An episode follows MiniWoB's own protocol: ``Math.seedrandom(seed)``, then
``core.startEpisodeReal()``; the instruction is ``core.getUtterance()`` and the reward and end are
``WOB_REWARD_GLOBAL`` / ``WOB_DONE_GLOBAL``, so results compare with published MiniWoB++ and
BrowserGym numbers. MiniWoB's 10-second episode clock is kept by default
(``episode_max_time_ms=10000``, as BrowserGym and the original benchmark); its time-scaled rewards make
these tasks nondeterministic in reward, so they are registered ``deterministic=False``.
The ``flight.*`` tasks need MiniWoB's wrapper pages and are not registered.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from omniarena.arenas.web.env import WebArena
from omniarena.backends import browser as backend
from omniarena.core.registry import register as _register

__all__ = ["MiniWoBArena", "html_dir", "tasks", "register"]

_START_JS = """([seed, maxTime]) => {
  Math.seedrandom(String(seed));
  if (maxTime > 0) core.EPISODE_MAX_TIME = maxTime;
  core.startEpisodeReal();
  return true;
}"""
_STATE_JS = """() => ({
  instruction: (window.core && core.getUtterance) ? String(core.getUtterance()) : "",
  reward: typeof WOB_REWARD_GLOBAL === "number" ? WOB_REWARD_GLOBAL : 0,
  raw_reward: typeof WOB_RAW_REWARD_GLOBAL === "number" ? WOB_RAW_REWARD_GLOBAL : 0,
  done: typeof WOB_DONE_GLOBAL === "boolean" ? WOB_DONE_GLOBAL : false,
  why: typeof WOB_REWARD_REASON === "string" ? WOB_REWARD_REASON : "",
})"""


def html_dir() -> Path | None:
    """The installed ``miniwob`` package's ``html`` folder (found without importing the package)."""
    found = importlib.util.find_spec("miniwob")
    if found is None or not found.submodule_search_locations:
        return None
    folder = Path(next(iter(found.submodule_search_locations))) / "html"
    return folder if (folder / "miniwob").is_dir() else None


def tasks() -> list[str]:
    """Names of the MiniWoB++ task pages of the installed package (empty without it)."""
    folder = html_dir()
    if folder is None:
        return []
    return sorted(p.stem for p in (folder / "miniwob").glob("*.html"))


class MiniWoBArena(WebArena):
    """One MiniWoB++ task page, seeded and rewarded by MiniWoB's own JavaScript."""

    STATE_JS = _STATE_JS

    def __init__(self, task: str = "click-test-2", episode_max_time_ms: int = 10000, **kwargs: Any) -> None:
        folder = html_dir()
        if folder is None:
            raise ValueError('MiniWoB++ is not installed: pip install "miniwob==1.1.0"')
        if not (folder / "miniwob" / f"{task}.html").is_file():
            raise ValueError(f"no MiniWoB++ task {task!r}; tasks: {', '.join(tasks())}")
        super().__init__(**kwargs)
        self.task = task
        self.folder = folder
        self.episode_max_time_ms = int(episode_max_time_ms)

    def site(self) -> backend.Site:
        return backend.Site().mount("/miniwob/", self.folder)

    def start_url(self, seed: int) -> str:
        self._seed = seed
        return f"{backend.ORIGIN}/miniwob/miniwob/{self.task}.html"

    def _start(self, seed: int, options: dict[str, Any]) -> None:
        session = self.session
        session.load(self.start_url(seed))
        session.page.evaluate(_START_JS, [seed, self.episode_max_time_ms])
        self._error = None
        self._messages = []
        self._reward, self._done = 0.0, False
        self.mouse = (0, 0)
        session.page.mouse.move(0, 0)
        self._observe_page()


def register() -> None:
    for name in tasks():
        if name.startswith("flight"):
            continue
        _register(
            f"omniarena/MiniWoB-{name}-v0",
            "omniarena.arenas.web.miniwob:MiniWoBArena",
            kwargs={"task": name},
            family="MiniWoB",
            domain="web",
            deterministic=False,
            picklable=False,
            extra="web",
            max_steps=20,
            description=f"MiniWoB++ task '{name}' from the installed miniwob package, in a real Chromium",
        )
