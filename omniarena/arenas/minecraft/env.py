"""Minecraft: a mineflayer bot on a real Minecraft-protocol server (embedded flying-squid, or any server)."""

from __future__ import annotations

import logging
import math
from typing import Any

import numpy as np

from omniarena.arenas.minecraft.actions import COUNTED, HELD, NAMES, SKILLS, MinecraftActions
from omniarena.arenas.minecraft.render import TRANSPARENT, render_view
from omniarena.arenas.minecraft.tasks import (
    CLEAR_HEIGHT,
    GROUND,
    SCENE_RADIUS,
    Scene,
    Task,
    build_scene,
    check_success,
    load_tasks,
)
from omniarena.arenas.minecraft.world import Snapshot, World, acquire_shared, release_shared
from omniarena.backends.node import NodeError
from omniarena.core.arena import Arena, Outcome

__all__ = ["MinecraftEnv"]

logger = logging.getLogger(__name__)

SUCCESS_REWARD = 1.0
_COMMON = {"grass_block", "dirt", "bedrock", "grass", "tall_grass"}
_COMPASS = ("north", "north-west", "west", "south-west", "south", "south-east", "east", "north-east")
_RELATIVE = ("ahead", "ahead-left", "left", "behind-left", "behind", "behind-right", "right", "ahead-right")


def _bearing(yaw_to: float, yaw_from: float) -> str:
    """Where a heading lies relative to the bot's, in words."""
    turn = (yaw_to - yaw_from + math.pi) % (2 * math.pi) - math.pi
    return _RELATIVE[int(round(turn / (math.pi / 4))) % 8]


def _heading(dx: float, dz: float) -> float:
    """mineflayer yaw of the direction (dx, dz): 0 is north (-z), growing to the west."""
    return math.atan2(-dx, -dz)


class MinecraftEnv(Arena):
    """Do a Minecraft task with a mineflayer bot on a real server.

    ## Description
    Each episode builds the task's scene (:mod:`~omniarena.arenas.minecraft.tasks`) from the seed on the
    bot's own plot of an embedded flying-squid server (Minecraft 1.16.5, offline mode, 127.0.0.1, a free
    port), gives the starting inventory, sets the time of day, and puts the bot at the plot's centre.
    ``server="host:port"`` plays on any Minecraft server instead (the scene is then built with chat
    commands, so the bot needs operator rights there). The server ticks at 20 Hz in real time; a step
    holds its buttons for ``ticks`` ticks (native MineRL actions: ``ticks_per_step``), and **the world
    does not wait while an agent thinks**: mobs, the day and physics go on between steps, as on any
    server. Skills (``mine``, ``craft``, ...) run to completion (or at most 20 s) within one step.

    ## Actions
    See :mod:`~omniarena.arenas.minecraft.actions`: MineRL 1.0's native ``Dict`` (plus ``ticks``,
    ``skill``, ``item`` and ``count`` when ``skills=True``), and text such as ``forward, jump, ticks 10``,
    ``camera -10 30`` or ``mine oak_log 3``. A skill that cannot run (nothing to mine, a missing
    ingredient) is a played action whose failure the next text reports.

    ## Observation
    ``{"image": HxWx3 first-person view (default 640x360, omniarena's ray-cast renderer), "pov": the same
    array (MineRL's name), "text": task, position, facing, health, food, hotbar, inventory, nearby blocks
    and mobs with directions and distances, time of day, progress and the last action's result}``.
    ``observe="text"`` never renders.

    ## Rewards
    +1 when the task's success check (read from the server's state) first holds; 0 otherwise.

    ## Episode end
    Terminated on success; truncated at the task's ``max_steps``.

    ## Arguments
    ``task``: a task name (:func:`~omniarena.arenas.minecraft.tasks.load_tasks`). ``server``: "host:port"
    of a server to use instead of the embedded one. ``world``: a :class:`World` to play in (the env then
    does not close it). ``share_server`` (default): envs of one process share one embedded server, each
    with its own bot and plot; the server stops when the last of them closes. ``False``: a server of its own. ``width``, ``height``, ``fov``: the image. ``skills``: add
    the skill keys and grammar. ``ticks_per_step``: ticks a native MineRL action lasts. ``text_ticks``:
    ticks a text command lasts when it gives none. ``render_mode``: "rgb_array" or "ansi".

    ## Baselines
    Scripted expert (the task's solution, replayed): succeeds on every shipped task in the tests; a
    random agent (low-level actions) succeeded on none in the benchmark's episodes (``BENCHMARKS.md``).

    ## Version history
    v0: first release.
    """

    metadata: dict[str, Any] = {"render_modes": ["rgb_array", "ansi"], "render_fps": 20}

    def __init__(
        self,
        task: str = "CollectLog",
        server: str | None = None,
        world: World | None = None,
        share_server: bool = True,
        width: int = 640,
        height: int = 360,
        fov: float = 70.0,
        skills: bool = True,
        ticks_per_step: int = 1,
        text_ticks: int = 10,
        render_mode: str | None = None,
    ) -> None:
        tasks = load_tasks()
        if task not in tasks:
            raise ValueError(f"unknown Minecraft task {task!r}; tasks: {', '.join(sorted(tasks))}")
        if not (16 <= width <= 1920 and 16 <= height <= 1080):
            raise ValueError(f"width x height must be within 16x16..1920x1080, got {width}x{height}")
        if world is not None and server is not None:
            raise ValueError("give either world= (a shared World) or server= (an address), not both")
        super().__init__(MinecraftActions(skills, ticks_per_step, text_ticks), (int(height), int(width)), render_mode)
        self.observation_space.spaces["pov"] = self.observation_space.spaces["image"]
        self.task: Task = tasks[task]
        self.width, self.height, self.fov = int(width), int(height), float(fov)
        # Who closes the world: a shared one closes with its last user, a given one is the caller's.
        self._sharing = world is None and server is None and share_server
        self._owns_world = world is None and not self._sharing
        if world is not None:
            self._world = world
        else:
            self._world = acquire_shared() if self._sharing else World(server=server)
        self.bot: str | None = None
        self.plot = 0
        self.scene = Scene()
        self.snapshot: Snapshot | None = None
        self.progress = ""
        self.last_result = ""
        self.success = False
        self._start_time = 0

    @property
    def world(self) -> World:
        return self._world

    # --- episode ---------------------------------------------------------------------------------
    def _new_episode(self, options: dict[str, Any]) -> None:
        world = self._world
        restarted = world.ensure()
        if restarted and self.bot is not None and self.bot not in world.bots:
            self.bot = None
        if self.bot is None:
            self.bot, self.plot = world.add_bot()
        cx, cz = world.plot_origin(self.plot)
        self.scene = build_scene(self.task, self.np_random, cx, cz)
        r = SCENE_RADIUS
        if world.embedded:
            world.call(
                "fill",
                **{"from": [cx - r, GROUND + 1, cz - r], "to": [cx + r, GROUND + CLEAR_HEIGHT, cz + r], "name": "air"},
            )
            world.call(
                "fill", **{"from": [cx - r, GROUND, cz - r], "to": [cx + r, GROUND, cz + r], "name": "grass_block"}
            )
            world.call("clearMobs", box=[cx - r - 8, cz - r - 8, cx + r + 8, cz + r + 8])
        world.call("setBlocks", blocks=[list(b) for b in self.scene.blocks])
        spawn = [cx + 0.5, float(GROUND + 1), cz + 0.5]
        world.call(
            "resetPlayer",
            name=self.bot,
            pos=spawn,
            yaw=0,
            pitch=0,
            inventory=[list(i) for i in self.task.inventory],
            time=self.task.time,
            health=self.task.health,
            food=self.task.food,
        )
        for name, x, y, z in self.scene.mobs:
            world.call("spawnMob", name=name, pos=[x, y, z])
        self.success = False
        self.last_result = ""
        state = self._server_state()
        self._start_time = int(state["time"])
        self.success, self.progress = check_success(self.task, state, self.scene, {})
        self.snapshot = world.observe(self.bot)

    def _server_state(self) -> dict[str, Any]:
        assert self.bot is not None
        state = self._world.call("serverState", name=self.bot)
        success = self.task.success
        cx, cz = self._world.plot_origin(self.plot)
        r = SCENE_RADIUS
        if "placed" in success:
            state["placed"] = {
                name: self._world.call(
                    "countBlocks",
                    name=name,
                    **{"from": [cx - r, GROUND + 1, cz - r], "to": [cx + r, GROUND + 6, cz + r]},
                )["count"]
                for name in success["placed"]
            }
        if "pillar" in success:
            x, y, z = (int(math.floor(v)) for v in state["pos"])
            probes = [[x, h, z] for h in range(GROUND + 1, y)]
            state["below"] = self._world.call("serverState", name=self.bot, probes=probes)["blocks"] if probes else []
        return state

    def _apply(self, action: Any) -> Outcome:
        assert self.bot is not None
        full = self.action_set.complete(action)
        try:
            if self.action_set.skills and int(full["skill"]):
                skill = SKILLS[int(full["skill"]) - 1]
                item = NAMES[int(full["item"])]
                count = int(full["count"]) if skill in COUNTED else 1
                try:
                    result = self._world.call("skill", timeout=60, name=self.bot, skill=skill, item=item, count=count)
                    self.last_result = f"{skill} {item}: done ({', '.join(f'{k} {v}' for k, v in result.items())})"
                except NodeError as exc:
                    if not self._world.bridge or not self._world.bridge.alive:
                        raise
                    reason = str(exc).split("failed: ", 1)[-1].split(" | ")[0].removeprefix("Error: ")
                    self.last_result = f"{skill} {item}: failed ({reason})"
            else:
                ticks = int(full["ticks"]) if self.action_set.ticks_key else self.action_set.ticks_per_step
                slot = next((k for k in range(1, 10) if int(full[f"hotbar.{k}"])), 0)
                camera = [float(v) for v in np.asarray(full["camera"], dtype=np.float32)]
                controls = {key: bool(int(full[key])) for key in HELD[:7]}
                self._world.call(
                    "act",
                    name=self.bot,
                    controls=controls,
                    camera=camera,
                    ticks=ticks,
                    hotbar=slot,
                    attack=bool(int(full["attack"])),
                    use=bool(int(full["use"])),
                    drop=bool(int(full["drop"])),
                )
                self.last_result = ""
            state = self._server_state()
            self.snapshot = self._world.observe(self.bot)
        except NodeError as exc:  # the server or bridge died: the episode cannot go on; reset restarts it
            logger.warning("Minecraft bridge failed mid-episode: %s", exc)
            self.last_result = f"the Minecraft server stopped ({exc}); reset to start a new one"
            return Outcome(0.0, True, False, {"crashed": True, "success": False})
        was = self.success
        self.success, self.progress = check_success(self.task, state, self.scene, {})
        reward = SUCCESS_REWARD if self.success and not was else 0.0
        return Outcome(reward, self.success, True, {"success": self.success})

    def _info(self) -> dict[str, Any]:
        return {"success": self.success, "task": self.task.name, "progress": self.progress}

    # --- observation -----------------------------------------------------------------------------
    def observation(self) -> dict[str, Any]:
        obs = super().observation()
        obs["pov"] = obs["image"]
        return obs

    def _draw(self) -> np.ndarray:
        if self.snapshot is None:
            return np.zeros((self.height, self.width, 3), np.uint8)
        return render_view(self.snapshot, self._world.palette()[0], self.width, self.height, self.fov)

    def _rules(self) -> str:
        view = "" if self.observe_mode == "text" else " (you see its first-person view)"
        return (
            f"Minecraft task: {self.task.instruction} You control a player in a Minecraft world{view}. "
            "The world runs in real time at 20 ticks per second. Positions are relative to where you started."
        )

    def _state(self) -> str:
        snap = self.snapshot
        if snap is None:
            return ""
        cx, cz = self._world.plot_origin(self.plot)
        x, y, z = snap.pos - np.array([cx, 0.0, cz])
        facing = _COMPASS[int(round(snap.yaw / (math.pi / 4))) % 8]
        lines = [
            f"Position: x={x:.1f} y={y:.1f} z={z:.1f}; facing {facing} (yaw {math.degrees(-snap.yaw) % 360:.0f}°, "
            f"pitch {-math.degrees(snap.pitch):.0f}° where positive looks down).",
            f"Health {snap.health:.0f}/20, food {snap.food:.0f}/20. Time of day: {self._clock(snap.time)}.",
        ]
        hotbar = {slot - 36: (n, c) for n, c, slot in snap.items if 36 <= slot <= 44}
        held = f"{snap.held}" if snap.held else "nothing"
        slots = ", ".join(f"{k + 1}: {n} x{c}" for k, (n, c) in sorted(hotbar.items())) or "empty"
        lines.append(f"Holding {held} (hotbar slot {snap.hotbar + 1}). Hotbar: {slots}.")
        totals: dict[str, int] = {}
        for name, count, _ in snap.items:
            totals[name] = totals.get(name, 0) + count
        lines.append("Inventory: " + (", ".join(f"{n} x{c}" for n, c in sorted(totals.items())) or "empty") + ".")
        lines.append("Nearby blocks: " + (self._nearby_blocks(snap) or "only grass and dirt") + ".")
        lines.append("Nearby mobs and players: " + (self._nearby_entities(snap) or "none") + ".")
        if snap.cursor:
            lines.append(f"Crosshair on: {snap.cursor['name']}.")
        lines.append(f"Progress: {self.progress}.")
        if self.last_result:
            lines.append(f"Last action: {self.last_result}.")
        return "\n".join(lines)

    @classmethod
    def _clock(cls, time: int) -> str:
        """The hour (the game's clock: tick 0 is 06:00, 1000 ticks an hour) and the part of the day."""
        hour = (int(time) // 1000 + 6) % 24
        return f"about {hour:02d}:00, {cls._daytime(time)}"

    @staticmethod
    def _daytime(time: int) -> str:
        t = time % 24000
        return "day" if t < 12000 else "dusk" if t < 13000 else "night" if t < 23000 else "dawn"

    def _where(self, snap: Snapshot, dx: float, dy: float, dz: float) -> str:
        distance = math.sqrt(dx * dx + dy * dy + dz * dz)
        vertical = f", {abs(dy):.0f} {'up' if dy > 0 else 'down'}" if abs(dy) >= 1 else ""
        return f"{distance:.1f} blocks {_bearing(_heading(dx, dz), snap.yaw)}{vertical}"

    def _nearby_blocks(self, snap: Snapshot) -> str:
        names = self._world.palette()[0]
        ids = snap.blocks
        present = np.unique(ids)
        eye = snap.pos + np.array([0, 1.0, 0])
        parts = []
        for block_id in present:
            name = names[int(block_id)] if int(block_id) < len(names) else ""
            if not name or name in TRANSPARENT or name in _COMMON:
                continue
            ys, zs, xs = np.nonzero(ids == block_id)
            cells = np.stack([xs, ys, zs], 1) + snap.origin + 0.5
            offsets = cells - eye
            nearest = int(np.argmin(np.linalg.norm(offsets, axis=1)))
            dx, dy, dz = offsets[nearest]
            parts.append(
                (
                    float(np.linalg.norm(offsets[nearest])),
                    f"{name} x{len(xs)} (nearest {self._where(snap, dx, dy, dz)})",
                )
            )
        return "; ".join(text for _, text in sorted(parts)[:10])

    def _nearby_entities(self, snap: Snapshot) -> str:
        parts = []
        for entity in snap.entities:
            dx, dy, dz = (np.asarray(entity["pos"]) - snap.pos).tolist()
            label = entity.get("username") or entity.get("name") or "entity"
            parts.append((math.sqrt(dx * dx + dz * dz), f"{label} {self._where(snap, dx, dy, dz)}"))
        return "; ".join(text for _, text in sorted(parts)[:8])

    def expert_state(self) -> Any:
        return {"task": self.task, "success": self.success, "last_result": self.last_result}

    def close(self) -> None:
        if self.bot is not None:
            self._world.remove_bot(self.bot)
            self.bot = None
        if self._sharing:
            self._sharing = False
            release_shared(self._world)
        elif self._owns_world:
            self._world.close()
        super().close()
