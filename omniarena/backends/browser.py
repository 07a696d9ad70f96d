"""A real Chromium driven by Playwright, sealed from the network, shared by every browser arena of a process.

- **Which Chromium** (:func:`find_chromium`): the path in ``OMNIARENA_CHROMIUM`` when it is set, else
  Playwright's own build where it is installed, else ``chromium`` (Debian's package) or
  ``chromium-browser`` on ``PATH``. None found: ``DependencyNotInstalled`` saying how to install one.
  No browser is ever downloaded.
- **One browser per process** (:func:`acquire`): leases are counted; the last :meth:`Browser.release`
  closes Chromium and the Playwright driver, so a closed environment leaves no process behind. A browser
  that crashed (or was killed) is relaunched by the next :meth:`Browser.ensure` (a session's ``reset``).
- **Sessions** (:class:`Session`): one context and page per environment (vector environments share the
  browser with one session each). :meth:`Session.load` starts an episode from clean state in the same
  context: extra tabs closed, cookies, local and session storage cleared, the page loaded anew in the
  first tab and that tab's history reset (a new tab per episode cost more than the page load itself).
  Every page gets a style with no text caret and no CSS animation or transition time (still screenshots
  without Playwright's per-shot ``animations``/``caret`` round trips); screenshots are Chromium's own
  ``Page.captureScreenshot``.
- **Its own thread** (:class:`PlaywrightThread`): Playwright's sync API keeps an asyncio loop running on
  the thread that started it, and binds every object to that thread. Each :class:`Browser` starts the
  driver on a thread of its own and every Playwright call runs there; what callers get back (the
  Chromium, pages, locators, the mouse) are :class:`Remote` handles that forward each call to that
  thread. So a caller on any thread, inside ``asyncio.run`` or a Textual app among them, never meets
  Playwright's loop, and ``asyncio.run`` works in the same process afterwards.
  :meth:`Browser.run` runs a whole function there in one hop (what an environment's step does).
- **Sealed network**: every request of a session goes through Playwright routing; what is under a
  :class:`Site` mount (local files, served at :data:`ORIGIN`, a name that never leaves the machine) is
  answered from disk, everything else is aborted and recorded in :attr:`Session.blocked`. WebSockets are
  closed, service workers blocked, downloads refused, dialogs answered and recorded. Chromium itself runs
  with the flags that keep it from calling home (:data:`CHROMIUM_FLAGS`) and a host resolver that
  resolves nothing.

This module knows nothing of any arena: the web tasks, the desktop and the Minecraft viewer all use it.
"""

from __future__ import annotations

import atexit
import base64
import functools
import inspect
import io
import logging
import mimetypes
import os
import queue
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np
from gymnasium.error import DependencyNotInstalled

__all__ = [
    "ORIGIN",
    "CHROMIUM_FLAGS",
    "Browser",
    "PlaywrightThread",
    "Remote",
    "Session",
    "Site",
    "acquire",
    "find_chromium",
    "chromium_processes",
    "unwrap",
    "INSTALL_HINT",
]

logger = logging.getLogger(__name__)

ORIGIN = "http://omniarena.localhost"
"""The origin local pages are served at. Requests to it are answered by routing and never reach a socket."""

CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-breakpad",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,CalculateNativeWinOcclusion,"
    "InterestFeedContentSuggestions,CertificateTransparencyComponentUpdater,AutofillServerCommunication",
    "--metrics-recording-only",
    "--no-pings",
    "--password-store=basic",
    "--use-mock-keychain",
    "--hide-scrollbars",
    "--mute-audio",
    "--font-render-hinting=none",
    "--force-color-profile=srgb",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)
"""Headless Chromium that opens no outside connection (and resolves no host name: routing serves the pages)."""

INSTALL_HINT = (
    "install Debian's Chromium with `apt-get install -y chromium` (what `make test` does), or point "
    "OMNIARENA_CHROMIUM at a Chromium or Chrome executable"
)

_QUIET_STYLE = r"""
(() => {
  const css = "*, *::before, *::after { caret-color: transparent !important; animation-duration: 0s !important;"
    + " animation-delay: 0s !important; transition-duration: 0s !important; transition-delay: 0s !important; }";
  const add = () => {
    const style = document.createElement("style");
    style.setAttribute("data-omni", "quiet");
    style.textContent = css;
    (document.head || document.documentElement).appendChild(style);
  };
  if (document.documentElement) add(); else document.addEventListener("DOMContentLoaded", add, {once: true});
})();
"""
"""An init script: no text caret and no CSS animation or transition time, so screenshots are still frames."""

_PLAYWRIGHT_HINT = 'install Playwright with: pip install "omniarena[web]" (no browser download is needed)'


def find_chromium(playwright_path: str | None = None) -> str | None:
    """The Chromium to launch: ``OMNIARENA_CHROMIUM``, Playwright's own build, or ``chromium`` on PATH."""
    override = os.environ.get("OMNIARENA_CHROMIUM")
    if override:
        return override if os.access(override, os.X_OK) else None
    if playwright_path and os.access(playwright_path, os.X_OK):
        return playwright_path
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass
class Site:
    """Local files served at :data:`ORIGIN`: ``mounts`` maps a URL prefix (``"/web/"``) to a directory."""

    mounts: dict[str, Path] = field(default_factory=dict)

    def mount(self, prefix: str, directory: str | Path) -> Site:
        if not prefix.startswith("/") or not prefix.endswith("/"):
            raise ValueError(f"a mount prefix starts and ends with '/', got {prefix!r}")
        self.mounts[prefix] = Path(directory).resolve()
        return self

    def url(self, path: str) -> str:
        return ORIGIN + (path if path.startswith("/") else "/" + path)

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}" == ORIGIN or url.startswith(("about:blank", "data:"))

    def file_for(self, url: str) -> Path | None:
        """The file ``url`` names under a mount, or ``None`` (outside every mount, or escaping it)."""
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != ORIGIN:
            return None
        for prefix, root in self.mounts.items():
            if parts.path.startswith(prefix):
                candidate = (root / parts.path[len(prefix) :]).resolve()
                if candidate.is_relative_to(root) and candidate.is_file():
                    return candidate
        return None


class _Job:
    __slots__ = ("fn", "args", "kwargs", "done", "value", "error")

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.done = threading.Event()
        self.value: Any = None
        self.error: BaseException | None = None


class PlaywrightThread:
    """A daemon thread that runs the functions handed to :meth:`call`, one at a time, in order.

    Playwright's sync API lives on it: its driver, its event loop and every object it returns."""

    def __init__(self, name: str = "omniarena-playwright") -> None:
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._serve, name=name, daemon=True)
        self._thread.start()

    @property
    def ident(self) -> int | None:
        return self._thread.ident

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def _serve(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            try:
                job.value = job.fn(*job.args, **job.kwargs)
            except BaseException as exc:  # handed back to the caller, who re-raises it
                job.error = exc
            job.done.set()

    def call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """``fn(*args, **kwargs)`` on this thread (directly when already on it), its result or its exception."""
        if threading.get_ident() == self._thread.ident:
            return fn(*args, **kwargs)
        if not self._thread.is_alive():
            raise RuntimeError("the Playwright thread has stopped (the browser was shut down)")
        job = _Job(fn, args, kwargs)
        self._jobs.put(job)
        job.done.wait()
        if job.error is not None:
            error, job.error = job.error, None
            raise error
        return job.value

    def stop(self) -> None:
        """Let the thread finish the jobs queued so far and end."""
        self._jobs.put(None)
        if threading.get_ident() != self._thread.ident:
            self._thread.join(timeout=10)


def _is_playwright(value: Any) -> bool:
    return type(value).__module__.startswith("playwright.")


def _wrap(value: Any, runner: PlaywrightThread) -> Any:
    if _is_playwright(value) and not isinstance(value, BaseException):
        return Remote(value, runner)
    if isinstance(value, list) and any(_is_playwright(v) for v in value):
        return [_wrap(v, runner) for v in value]
    return value


def _unwrap_arg(value: Any, runner: PlaywrightThread) -> Any:
    if isinstance(value, Remote):
        return object.__getattribute__(value, "_target")
    if isinstance(value, (list, tuple)) and any(isinstance(v, Remote) for v in value):
        return type(value)(_unwrap_arg(v, runner) for v in value)
    if callable(value) and not _is_playwright(value) and not isinstance(value, type):
        return _handler(value, runner)
    return value


def _handler(fn: Callable[..., Any], runner: PlaywrightThread) -> Callable[..., Any]:
    """A callback Playwright calls (on its thread): it gets :class:`Remote` handles, like every caller.

    ``functools.wraps`` keeps ``fn``'s signature, which Playwright reads to decide how many arguments to pass."""

    @functools.wraps(fn)
    def relay(*args: Any) -> Any:
        return fn(*(_wrap(a, runner) for a in args))

    return relay


_KINDS: dict[tuple[type, str], bool] = {}


def _is_method(kind: type, name: str) -> bool:
    """Whether ``kind.name`` is a plain method (called in one hop) rather than a property or data."""
    key = (kind, name)
    found = _KINDS.get(key)
    if found is None:
        try:
            found = inspect.isfunction(inspect.getattr_static(kind, name))
        except AttributeError:
            found = False
        _KINDS[key] = found
    return found


class Remote:
    """A Playwright object (a page, a locator, the mouse, ...) used from any thread.

    Attribute reads and method calls run on the browser's :class:`PlaywrightThread`; Playwright objects
    they return come back as handles too; callbacks passed in are called there with handles. Equal when
    the objects are the same. :func:`unwrap` gives the object itself (only for use on that thread)."""

    __slots__ = ("_target", "_runner")

    def __init__(self, target: Any, runner: PlaywrightThread) -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_runner", runner)

    def __getattr__(self, name: str) -> Any:
        target = object.__getattribute__(self, "_target")
        runner: PlaywrightThread = object.__getattribute__(self, "_runner")
        if _is_method(type(target), name):
            method = getattr(target, name)

            def call(*args: Any, **kwargs: Any) -> Any:
                args = tuple(_unwrap_arg(a, runner) for a in args)
                kwargs = {k: _unwrap_arg(v, runner) for k, v in kwargs.items()}
                return _wrap(runner.call(method, *args, **kwargs), runner)

            call.__name__ = name
            return call
        return _wrap(runner.call(getattr, target, name), runner)

    def __setattr__(self, name: str, value: Any) -> None:
        runner: PlaywrightThread = object.__getattribute__(self, "_runner")
        runner.call(setattr, object.__getattribute__(self, "_target"), name, _unwrap_arg(value, runner))

    def __eq__(self, other: object) -> bool:
        mine = object.__getattribute__(self, "_target")
        return mine is (object.__getattribute__(other, "_target") if isinstance(other, Remote) else other)

    def __hash__(self) -> int:
        return id(object.__getattribute__(self, "_target"))

    def __repr__(self) -> str:
        return f"Remote({object.__getattribute__(self, '_target')!r})"

    def __enter__(self) -> Any:  # Playwright's expect_* context managers
        runner: PlaywrightThread = object.__getattribute__(self, "_runner")
        return _wrap(runner.call(object.__getattribute__(self, "_target").__enter__), runner)

    def __exit__(self, *exc: Any) -> Any:
        runner: PlaywrightThread = object.__getattribute__(self, "_runner")
        return runner.call(object.__getattribute__(self, "_target").__exit__, *exc)


def unwrap(value: Any) -> Any:
    """The Playwright object behind a :class:`Remote` (anything else as it is)."""
    return object.__getattribute__(value, "_target") if isinstance(value, Remote) else value


class Browser:
    """One Playwright driver and one Chromium for this process, on a thread of their own; get it with :func:`acquire`."""

    def __init__(self) -> None:
        self._playwright: Any = None
        self._manager: Any = None
        self._browser: Any = None
        self.executable: str | None = None
        self.generation = 0  # bumped at every (re)launch, so sessions know their context is gone
        self.leases = 0
        self.owner = os.getpid()
        self._worker: PlaywrightThread | None = None
        self._worker_lock = threading.Lock()

    # --- the Playwright thread -----------------------------------------------------------------------
    def run(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """``fn(*args, **kwargs)`` on this browser's Playwright thread (started when needed), in one hop.

        Inside ``fn`` Playwright objects may be used directly; what it returns is handed back as it is."""
        return self._thread().call(fn, *args, **kwargs)

    def _thread(self) -> PlaywrightThread:
        worker = self._worker
        if worker is None or not worker.alive:
            with self._worker_lock:
                if self._worker is None or not self._worker.alive:
                    self._worker = PlaywrightThread()
                worker = self._worker
        return worker

    def remote(self, value: Any) -> Any:
        """``value`` (a Playwright object of this browser) as a :class:`Remote` usable from any thread."""
        return _wrap(value, self._thread())

    # --- life cycle --------------------------------------------------------------------------------
    def ensure(self) -> Any:
        """The running Chromium (a :class:`Remote` of ``playwright.sync_api.Browser``), (re)launched as needed."""
        return self.remote(self.run(self._ensure))

    def _ensure(self) -> Any:
        if self._browser is not None and self._browser.is_connected():
            return self._browser
        if self._browser is not None:
            logger.warning("Chromium is gone (crashed or killed); relaunching it")
            self._browser = None
        if self._manager is None:
            try:
                from playwright.sync_api import sync_playwright
            except ImportError as exc:
                raise DependencyNotInstalled(f"the browser arenas need Playwright: {_PLAYWRIGHT_HINT}") from exc
            self._manager = sync_playwright()
            self._playwright = self._manager.start()
        own = None
        try:
            own = self._playwright.chromium.executable_path
        except Exception:  # no Playwright browser registered: fine, we use the system one
            own = None
        self.executable = find_chromium(own)
        if self.executable is None:
            self._stop_driver()
            raise DependencyNotInstalled(f"no Chromium found: {INSTALL_HINT}")
        try:
            self._browser = self._playwright.chromium.launch(
                executable_path=self.executable, args=list(CHROMIUM_FLAGS), headless=True, chromium_sandbox=False
            )
        except Exception as exc:
            self._stop_driver()
            raise DependencyNotInstalled(
                f"Chromium at {self.executable} did not start ({exc}); {INSTALL_HINT}"
            ) from exc
        self.generation += 1
        return self._browser

    @property
    def connected(self) -> bool:
        if self._browser is None:
            return False
        return bool(self.run(lambda: self._browser is not None and self._browser.is_connected()))

    def release(self) -> None:
        """Give back a lease; the last one closes Chromium and the driver."""
        self.leases = max(0, self.leases - 1)
        if self.leases == 0:
            self.shutdown()

    def shutdown(self) -> None:
        """Close Chromium and the driver, and end the Playwright thread (the next :meth:`ensure` starts anew)."""
        worker = self._worker
        if worker is None or not worker.alive:
            self._browser = self._manager = self._playwright = None
            return
        try:
            worker.call(self._shutdown)
        finally:
            worker.stop()
            with self._worker_lock:
                if self._worker is worker:
                    self._worker = None

    def _shutdown(self) -> None:
        if self._browser is not None:
            try:
                self._browser.close()
            except Exception as exc:  # already dead
                logger.debug("closing Chromium: %r", exc)
            self._browser = None
        self._stop_driver()

    def _stop_driver(self) -> None:
        if self._manager is not None:
            try:
                self._manager.__exit__(None, None, None)
            except Exception as exc:
                logger.debug("stopping Playwright: %r", exc)
        self._manager = None
        self._playwright = None

    def session(self, site: Site, viewport: tuple[int, int] = (1024, 768), timeout_ms: int = 3000) -> Session:
        return Session(self, site, viewport, timeout_ms)


_BROWSER: Browser | None = None
_LOCK = threading.Lock()


def acquire() -> Browser:
    """This process's browser, with one more lease (give it back with :meth:`Browser.release`).

    A forked child (a vector env's worker) never touches the parent's driver: it gets a browser of its own."""
    global _BROWSER
    with _LOCK:
        if _BROWSER is None or _BROWSER.owner != os.getpid():
            _BROWSER = Browser()
        _BROWSER.leases += 1
        return _BROWSER


@atexit.register
def _close_at_exit() -> None:
    if _BROWSER is not None and _BROWSER.owner == os.getpid():
        _BROWSER.shutdown()


def chromium_processes() -> list[Any]:
    """Chromium processes started by this process (``psutil.Process`` objects; needs ``psutil``)."""
    import psutil

    found = []
    for child in psutil.Process().children(recursive=True):
        try:
            if "chrom" in child.name().lower() or "chrom" in " ".join(child.cmdline()[:1]).lower():
                found.append(child)
        except psutil.Error:
            continue
    return found


class Session:
    """One browser context with its tabs, sealed to a :class:`Site`; what an environment drives.

    Its methods may be called from any thread (they run on the browser's Playwright thread);
    :attr:`page` and :attr:`pages` are :class:`Remote` handles."""

    def __init__(self, browser: Browser, site: Site, viewport: tuple[int, int], timeout_ms: int) -> None:
        self.browser = browser
        self.site = site
        self.viewport = (int(viewport[0]), int(viewport[1]))
        self.timeout_ms = int(timeout_ms)
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.on_page: Callable[[Any], None] | None = None
        """Called (on the Playwright thread) with each new tab's :class:`Remote` handle."""
        self._context: Any = None
        self._generation = -1
        self._pages: list[Any] = []  # Playwright's own pages: touched on the Playwright thread only
        self._init_scripts: list[str] = [_QUIET_STYLE]
        self._cdps: dict[Any, Any] = {}
        self._loading = False
        self.active = 0

    # --- context (on the Playwright thread) ----------------------------------------------------------
    def _open(self) -> None:
        chromium = self.browser._ensure()
        self._context = chromium.new_context(
            viewport={"width": self.viewport[0], "height": self.viewport[1]},
            device_scale_factor=1,
            accept_downloads=False,
            service_workers="block",
            locale="en-US",
            timezone_id="UTC",
            reduced_motion="reduce",
        )
        self._context.set_default_timeout(self.timeout_ms)
        self._context.set_default_navigation_timeout(max(self.timeout_ms, 10000))
        self._context.route("**/*", self._route)
        try:
            self._context.route_web_socket("**/*", lambda ws: ws.close())
        except Exception:  # older Playwright: no WebSocket routing; the host resolver still resolves nothing
            logger.debug("route_web_socket unavailable")
        self._context.on("page", self._adopt)
        self._generation = self.browser.generation
        self._pages = []
        self._cdps = {}
        self.active = 0

    def _adopt(self, page: Any) -> None:
        page.on("dialog", self._dialog)
        page.on("close", lambda closed: self._forget(closed))
        self._pages.append(page)
        self.active = len(self._pages) - 1
        if self.on_page is not None:
            self.on_page(self.browser.remote(page))

    def _forget(self, page: Any) -> None:
        if page in self._pages:
            index = self._pages.index(page)
            self._pages.remove(page)
            self._cdps.pop(page, None)
            if self.active >= index and self.active > 0:
                self.active -= 1

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        try:
            dialog.accept() if dialog.type != "beforeunload" or self._loading else dialog.dismiss()
        except Exception as exc:
            logger.debug("dialog: %r", exc)

    def _route(self, route: Any) -> None:
        url = route.request.url
        path = self.site.file_for(url)
        if path is None:
            if url.startswith(ORIGIN + "/"):  # our origin, no such file: a page, so the tab stays on the site
                route.fulfill(status=404, body="<h1>404: no such page on this site</h1>", content_type="text/html")
                return
            if not url.startswith(("data:", "blob:", "about:")):
                self.blocked.append(url)
            route.abort("blockedbyclient")
            return
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        route.fulfill(status=200, body=path.read_bytes(), headers={"content-type": kind, "cache-control": "no-store"})

    @property
    def alive(self) -> bool:
        return self._context is not None and self._generation == self.browser.generation and self.browser.connected

    @property
    def page(self) -> Any:
        """The active tab (a :class:`Remote` of a Playwright page)."""
        return self.browser.remote(self._pages[self.active])

    @property
    def pages(self) -> list[Any]:
        """Every tab, in the order they opened (:class:`Remote` handles)."""
        return [self.browser.remote(page) for page in list(self._pages)]

    @property
    def raw_page(self) -> Any:
        """The active tab as Playwright's own object: for code running on the Playwright thread (:meth:`Browser.run`)."""
        return self._pages[self.active]

    def add_init_script(self, script: str) -> None:
        """Run ``script`` in every page of this session before the page's own scripts (after :meth:`load`)."""
        self._init_scripts.append(script)
        if self._context is not None:
            self.browser.run(self._context.add_init_script, script)

    # --- episodes ------------------------------------------------------------------------------------
    def load(self, url: str) -> None:
        """Start from clean state at ``url``: relaunch or reopen what died, close extra tabs, clear storage."""
        self.browser.run(self._load, url)

    def _load(self, url: str) -> None:
        if not self.alive:
            self._context = None
            self._open()
            for script in self._init_scripts:
                self._context.add_init_script(script)
        old = [page for page in self._pages if not page.is_closed()]
        if old and old[0].url.startswith(ORIGIN):
            old[0].evaluate("() => { try { localStorage.clear(); sessionStorage.clear(); } catch (e) {} }")
        self._context.clear_cookies()
        if not old:
            self._context.new_page()
            old = list(self._pages)
        keep = old[0]  # the first tab is reused (a new tab costs more than the page load): history is reset below
        for stale in old[1:]:
            stale.close()
        self.active = self._pages.index(keep) if keep in self._pages else 0
        self._loading = True  # a beforeunload prompt of the last episode's page must not stop this load
        try:
            keep.goto(url, wait_until="load")
        finally:
            self._loading = False
        self._cdp(keep).send("Page.resetNavigationHistory")  # no going back into the last episode
        self.blocked.clear()
        self.dialogs.clear()

    def _cdp(self, page: Any) -> Any:
        found = self._cdps.get(page)
        if found is None:
            found = self._cdps[page] = self._context.new_cdp_session(page)
        return found

    def screenshot(self, quality: int | None = 90) -> np.ndarray:
        """The active tab's viewport as an H x W x 3 uint8 array (JPEG at ``quality``, PNG when ``None``).

        Taken with Chromium's own ``Page.captureScreenshot`` (``optimizeForSpeed``): a third faster here than
        Playwright's ``page.screenshot``, which adds its own round trips; that is the fallback."""
        from PIL import Image

        data = self.browser.run(self._capture, quality)
        with Image.open(io.BytesIO(data)) as image:  # decoded here, off the Playwright thread
            return np.asarray(image.convert("RGB"))

    def _capture(self, quality: int | None) -> bytes:
        page = self._pages[self.active]
        options: dict[str, Any] = {"format": "png" if quality is None else "jpeg", "optimizeForSpeed": True}
        if quality is not None:
            options["quality"] = int(quality)
        try:
            return base64.b64decode(self._cdp(page).send("Page.captureScreenshot", options)["data"])
        except Exception as exc:  # no CDP here (or it broke): Playwright's way
            logger.debug("Page.captureScreenshot failed (%r); using page.screenshot", exc)
            self._cdps.pop(page, None)
            extra = {} if quality is None else {"quality": int(quality)}
            return page.screenshot(type=options["format"], scale="css", **extra)

    def close(self) -> None:
        if self._context is not None and self.alive:
            try:
                self.browser.run(self._context.close)
            except Exception as exc:
                logger.debug("closing a context: %r", exc)
        self._context = None
        self._pages = []
