"""A Minecraft world to play in: one Node bridge running an embedded flying-squid server (or connected
to any server), with mineflayer bots in it.

A :class:`World` owns its Node process (through :class:`~omniarena.backends.node.NodeBridge`). Several
environments may share one world (``MinecraftEnv(world=...)``): each gets its own bot and its own plot
of land, ``PLOT_SPACING`` blocks apart, so their scenes never meet. If the Node process dies, the next
:meth:`World.ensure` starts a new one (the arena calls it at every reset).
"""

from __future__ import annotations

import base64
import itertools
import logging
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from omniarena.backends.node import NodeBridge, install_packages, modules_dir

__all__ = ["JS_DIR", "INSTALL_HINT", "World", "Snapshot", "acquire_shared", "free_port", "install", "release_shared"]

logger = logging.getLogger(__name__)

JS_DIR = Path(__file__).parent / "js"
INSTALL_HINT = "omniarena minecraft install"
VERSION = "1.16.5"
PLOT_SPACING = 256
GROUND_Y = 4  # flying-squid's superflat: bedrock 0, dirt 1-3, grass 4; the bot stands at y=5
_names = itertools.count()


_shared: dict[str, Any] = {"world": None, "users": 0}
_shared_lock = threading.Lock()


def acquire_shared() -> World:
    """The process's shared embedded world (started on first use), counting one more user."""
    with _shared_lock:
        if _shared["world"] is None:
            _shared["world"] = World()
        _shared["users"] += 1
        return _shared["world"]


def release_shared(world: World) -> None:
    """One user fewer of the shared world; the last one closes it (its Node process stops)."""
    with _shared_lock:
        if _shared["world"] is not world:
            return
        _shared["users"] -= 1
        if _shared["users"] <= 0:
            _shared["world"], _shared["users"] = None, 0
            world.close()


def install(force: bool = False) -> Path:
    """Install the pinned Node packages (``npm ci`` into omniarena's cache); returns ``node_modules``."""
    return install_packages(JS_DIR, force=force)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Snapshot:
    """What a bot sees: its pose and the blocks around it, from one ``observe`` call."""

    pos: np.ndarray  # feet, world coordinates
    yaw: float  # mineflayer radians: 0 faces -z (north), grows to the left
    pitch: float  # radians, positive looks up
    health: float
    food: float
    held: str | None
    hotbar: int
    items: list[tuple[str, int, int]]
    time: int
    origin: np.ndarray  # world coordinates of blocks[0, 0, 0]
    blocks: np.ndarray  # uint16 block ids, [y, z, x]
    entities: list[dict[str, Any]]
    cursor: dict[str, Any] | None

    @classmethod
    def from_reply(cls, reply: dict[str, Any]) -> Snapshot:
        shape = tuple(reply["shape"])
        blocks = np.frombuffer(base64.b64decode(reply["blocks"]), dtype="<u2").reshape(shape)
        return cls(
            pos=np.asarray(reply["pos"], float),
            yaw=float(reply["yaw"]),
            pitch=float(reply["pitch"]),
            health=float(reply["health"]),
            food=float(reply["food"]),
            held=reply["held"],
            hotbar=int(reply["hotbar"]),
            items=[(n, int(c), int(s)) for n, c, s in reply["items"]],
            time=int(reply["time"]),
            origin=np.asarray(reply["origin"], int),
            blocks=blocks,
            entities=list(reply["entities"]),
            cursor=reply.get("cursor"),
        )


class World:
    """One Node bridge with a server (embedded flying-squid unless ``server="host:port"``) and its bots.

    ``close()`` is idempotent and stops the Node process and everything it started.
    """

    def __init__(self, server: str | None = None, version: str = VERSION, view_distance: int = 3) -> None:
        self.server = server
        self.version = version
        self.view_distance = int(view_distance)
        self.bridge: NodeBridge | None = None
        self.port: int | None = None
        self.host = "127.0.0.1"
        if server is not None:
            host, _, port = server.rpartition(":")
            if not host or not port.isdigit():
                raise ValueError(f"server={server!r}; give 'host:port', e.g. 'localhost:25565'")
            self.host, self.port = host, int(port)
        self.bots: dict[str, int] = {}  # bot name -> plot index
        self._plots = itertools.count()
        self._palette: tuple[tuple[str, ...], tuple[str, ...]] | None = None
        self._lock = threading.Lock()
        self.start_seconds = 0.0
        self.restarts = 0

    @property
    def embedded(self) -> bool:
        return self.server is None

    # --- process ------------------------------------------------------------------------------------
    def ensure(self) -> bool:
        """Start the bridge (and the embedded server) if it is not running; True when it (re)started."""
        with self._lock:
            if self.bridge is not None and self.bridge.alive:
                return False
            if self.bridge is not None:
                logger.warning("the Minecraft bridge died; starting a new one: %s", self.bridge.stderr_tail()[-500:])
                self.bridge.close()
                self.restarts += 1
            started = time.perf_counter()
            self.bridge = NodeBridge(JS_DIR / "bridge.js", modules_dir(JS_DIR, INSTALL_HINT), name="minecraft-bridge")
            try:
                if self.embedded:
                    self.port = free_port()
                    self.bridge.call(
                        "startServer", timeout=60, port=self.port, version=self.version, viewDistance=self.view_distance
                    )
            except Exception:
                self.bridge.close()
                raise
            self.start_seconds = time.perf_counter() - started
            for name in self.bots:  # bots of a dead bridge reconnect under their names
                self._connect(name)
            return True

    def call(self, op: str, timeout: float = 60.0, **args: Any) -> Any:
        if self.bridge is None:
            self.ensure()
        assert self.bridge is not None
        return self.bridge.call(op, timeout=timeout, **args)

    def _connect(self, name: str) -> None:
        assert self.bridge is not None
        self.bridge.call("connect", timeout=60, name=name, host=self.host, port=self.port, version=self.version)

    def add_bot(self, name: str | None = None) -> tuple[str, int]:
        """Connect a new bot; returns its name and its plot index."""
        self.ensure()
        name = name or f"omni{next(_names)}"
        if name in self.bots:
            raise ValueError(f"a bot named {name!r} is already in this world")
        self._connect(name)
        self.bots[name] = next(self._plots)
        return name, self.bots[name]

    def remove_bot(self, name: str) -> None:
        if name in self.bots:
            del self.bots[name]
            if self.bridge is not None and self.bridge.alive:
                try:
                    self.bridge.call("disconnect", timeout=10, name=name)
                except Exception as exc:  # closing must not raise over a dying process
                    logger.debug("disconnect %s: %r", name, exc)

    def plot_origin(self, plot: int) -> tuple[int, int]:
        """The (x, z) centre of a plot: plots lie on a line along +x."""
        return (plot * PLOT_SPACING, 0)

    def palette(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(block names by block id, item names by item id) of the server's version."""
        if self._palette is None:
            reply = self.call("palette")
            blocks = [""] * (max(i for i, _ in reply["blocks"]) + 1)
            for i, name in reply["blocks"]:
                blocks[i] = name
            items = [""] * (max(i for i, _ in reply["items"]) + 1)
            for i, name in reply["items"]:
                items[i] = name
            self._palette = (tuple(blocks), tuple(items))
        return self._palette

    def observe(self, name: str, radius: int = 20) -> Snapshot:
        return Snapshot.from_reply(self.call("observe", name=name, radius=radius))

    @property
    def pid(self) -> int | None:
        return self.bridge.pid if self.bridge is not None else None

    def close(self) -> None:
        if self.bridge is not None:
            self.bridge.close()
        self.bots.clear()

    def __enter__(self) -> World:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
