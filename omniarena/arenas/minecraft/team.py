"""Minecraft with several bots in one world: a PettingZoo ``ParallelEnv`` with cooperative and competitive tasks.

Each player is a mineflayer bot of its own; all of them play on one plot of one server (embedded
flying-squid, shared with the process's other Minecraft envs, or ``server="host:port"``). Team tasks are
data files (``data/teams/*.json``): the single-agent task format plus ``mode``:

- ``coop``: the success check reads the team's state (inventories summed): every player gets +1 when it
  first holds, and the episode ends;
- ``race``: each player's own check; the first to reach it gets +1 and every other player -1 (players
  that reach it in the same step all win).

A step sends every player's action to the bridge at once (one ``batch`` request), so the bots act in the
same server ticks; the world runs in real time between steps, as in the one-player arena.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from omniarena.arenas.minecraft.actions import MinecraftActions
from omniarena.arenas.minecraft.env import SUCCESS_REWARD, MinecraftEnv
from omniarena.arenas.minecraft.tasks import TASK_DIR, Task, check_success
from omniarena.arenas.minecraft.world import World, acquire_shared, release_shared
from omniarena.backends.node import NodeError
from omniarena.core.simultaneous import JointOutcome, SimultaneousArena

__all__ = ["MinecraftTeamEnv", "TeamTask", "load_team_tasks"]

logger = logging.getLogger(__name__)

TEAM_DIR = TASK_DIR.parent / "teams"
MODES = ("coop", "race")
SPAWN_OFFSETS = ((-1, 0), (1, 0), (0, -1), (0, 1))  # inside the spawn square a scene keeps free


@dataclass(frozen=True)
class TeamTask:
    task: Task
    mode: str

    @property
    def name(self) -> str:
        return self.task.name


@cache
def load_team_tasks() -> dict[str, TeamTask]:
    """Every shipped team task by name."""
    tasks = {}
    for path in sorted(TEAM_DIR.glob("*.json")):
        data = json.loads(path.read_text())
        if data.get("mode") not in MODES:
            raise ValueError(f"{path.name}: mode must be one of {MODES}, got {data.get('mode')!r}")
        tasks[data["name"]] = TeamTask(Task.from_dict(data), data["mode"])
    return tasks


class MinecraftTeamEnv(SimultaneousArena):
    """Several mineflayer bots doing one Minecraft task together (``coop``) or against each other (``race``).

    ## Description
    Every reset builds the task's scene from the seed on one plot and puts the players next to each
    other at its centre with the task's inventory. Players see each other (in the image and in the text's
    "Nearby mobs and players"). The server ticks at 20 Hz in real time: a step holds each player's
    buttons for its ``ticks`` (or runs its skill) in the same ticks as the others', and the world goes on
    while the agents think.

    ## Actions
    Per player, the one-player arena's (:mod:`~omniarena.arenas.minecraft.actions`): MineRL's native
    ``Dict`` plus the skill keys, and the text grammar (``forward 5``, ``mine oak_log 2``). A player whose
    reply is invalid (under ``noop``) stands still for that step.

    ## Observation
    Per player, ``{"image": its first-person view, "text": the task, its own state as in the one-player
    arena, and the team's (coop) or the rivals' (race) progress}``.

    ## Rewards
    coop: +1 to every player when the team's check first holds. race: +1 to the first player(s) whose own
    check holds, -1 to the others. 0 otherwise.

    ## Episode end
    Terminated when the check holds; truncated at the registered step limit.

    ## Arguments
    ``task``: a team task (:func:`load_team_tasks`). ``players``: 2..4. ``server``: "host:port" of a
    server to use instead of the embedded one (shared with the process's other envs by default);
    ``world``: a :class:`World` to play in (the env does not close it).
    ``width``, ``height``, ``fov``: each player's image. ``skills``: the skill keys and grammar.
    ``text_ticks``: ticks a text command lasts when it gives none. ``render_mode``: "rgb_array" (player
    0's view) or "ansi".

    ## Version history
    v0: first release.
    """

    metadata: dict[str, Any] = {"render_modes": ["rgb_array", "ansi"], "render_fps": 20, "name": "minecraft_team_v0"}

    def __init__(
        self,
        task: str = "LogsTogether",
        players: int = 2,
        server: str | None = None,
        world: World | None = None,
        width: int = 640,
        height: int = 360,
        fov: float = 70.0,
        skills: bool = True,
        text_ticks: int = 10,
        render_mode: str | None = None,
    ) -> None:
        tasks = load_team_tasks()
        if task not in tasks:
            raise ValueError(f"unknown Minecraft team task {task!r}; tasks: {', '.join(sorted(tasks))}")
        if not 2 <= int(players) <= len(SPAWN_OFFSETS):
            raise ValueError(f"players={players}; a Minecraft team has 2..{len(SPAWN_OFFSETS)} players")
        super().__init__(MinecraftActions(skills, 1, text_ticks), int(players), (int(height), int(width)), render_mode)
        self.team_task = tasks[task]
        if world is not None and server is not None:
            raise ValueError("give either world= (a shared World) or server= (an address), not both")
        self._sharing = world is None and server is None
        self._owns_world = world is None and server is not None
        self._world = world if world is not None else acquire_shared() if self._sharing else World(server=server)
        # One one-player env per seat: each holds its bot, snapshot and last result; they share the world.
        self.seats = {
            agent: MinecraftEnv(
                task=self.team_task.task,
                world=self._world,
                width=width,
                height=height,
                fov=fov,
                skills=skills,
                text_ticks=text_ticks,
            )
            for agent in self.possible_agents
        }
        self.success: dict[str, bool] = {}

    @property
    def world(self) -> World:
        return self._world

    # --- episode -------------------------------------------------------------------------------------
    def _new_game(self, options: dict[str, Any]) -> None:
        first = self.seats[self.possible_agents[0]]
        for seat in self.seats.values():
            seat.join()
        for seat in self.seats.values():  # everyone plays on the first player's plot
            seat.plot = first.plot
        scene = first.build(self.np_random)
        for index, seat in enumerate(self.seats.values()):
            seat.scene = scene
            seat.spawn(SPAWN_OFFSETS[index])
        for index, seat in enumerate(self.seats.values()):
            seat.await_scene(spawn_mobs=index == 0)
        for seat in self.seats.values():
            seat.begin()
        self.success = dict.fromkeys(self.possible_agents, False)
        self._judge({agent: self.seats[agent]._server_state() for agent in self.possible_agents})

    def _apply(self, actions: dict[str, Any]) -> JointOutcome:
        moving = [agent for agent in self.agents if actions.get(agent) is not None]
        calls = {agent: self.seats[agent].request(actions[agent]) for agent in moving}
        try:
            try:
                replies = self._world.call(
                    "batch", timeout=90, limitMs=80_000, calls=[{"op": op, "args": args} for op, args in calls.values()]
                )
            except NodeError as exc:  # the batch as a whole failed (e.g. took too long): every action failed
                if not self._world.bridge or not self._world.bridge.alive:
                    raise
                replies = [{"ok": False, "error": str(exc)}] * len(calls)
            for agent, reply in zip(moving, replies, strict=True):
                op, args = calls[agent]
                ok = bool(reply["ok"])
                self.seats[agent].settle(op, args, ok, reply.get("result") if ok else reply.get("error"))
            for agent in self.agents:
                if agent not in calls:
                    self.seats[agent].last_result = "you stood still (no valid action)"
            states = {agent: self.seats[agent].refresh() for agent in self.agents}
        except NodeError as exc:  # the server died: the game cannot go on; reset starts a new one
            logger.warning("Minecraft bridge failed mid-game: %s", exc)
            for seat in self.seats.values():
                seat.last_result = f"the Minecraft server stopped ({exc}); reset to start a new one"
            return JointOutcome(terminated=True, infos={a: {"crashed": True} for a in self.agents})
        rewards, done = self._judge(states)
        infos = {
            agent: {"success": self.success[agent], "progress": self.seats[agent].progress} for agent in self.agents
        }
        return JointOutcome(rewards=rewards, terminated=done, infos=infos)

    def _judge(self, states: dict[str, dict[str, Any]]) -> tuple[dict[str, float], bool]:
        """Rewards and whether the game is over, from every player's server state; sets each progress line."""
        task = self.team_task.task
        agents = list(states)
        scene = self.seats[agents[0]].scene
        if self.team_task.mode == "coop":
            team: dict[str, int] = {}
            for state in states.values():
                for name, count in state["inventory"].items():
                    team[name] = team.get(name, 0) + count
            merged = {**states[agents[0]], "inventory": team}
            done, progress = check_success(task, merged, scene, {})
            for agent in agents:
                self.seats[agent].progress = f"team: {progress}"
                self.success[agent] = done
            return dict.fromkeys(agents, SUCCESS_REWARD if done else 0.0), done
        own = {agent: check_success(task, states[agent], scene, {}) for agent in agents}
        winners = [agent for agent in agents if own[agent][0]]
        for agent in agents:
            rivals = "; ".join(f"{other}: {own[other][1]}" for other in agents if other != agent)
            self.seats[agent].progress = f"you: {own[agent][1]}; {rivals}"
            self.success[agent] = agent in winners
        if not winners:
            return dict.fromkeys(agents, 0.0), False
        return {agent: SUCCESS_REWARD if agent in winners else -SUCCESS_REWARD for agent in agents}, True

    def _forfeit_rewards(self, forfeiters: list[str]) -> dict[str, float]:
        if self.team_task.mode == "coop":  # a teammate forfeiting loses the game for the team
            return dict.fromkeys(self.agents, 0.0)
        return super()._forfeit_rewards(forfeiters)

    # --- observation ---------------------------------------------------------------------------------
    def _draw(self, agent: str | None) -> np.ndarray:
        return self.seats[agent or self.possible_agents[0]]._draw()

    def _rules(self, agent: str) -> str:
        seat = self.seats[agent]
        others = ", ".join(f"{other} (bot {self.seats[other].bot})" for other in self.possible_agents if other != agent)
        side = "teammates" if self.team_task.mode == "coop" else "rivals"
        return f"{seat._rules()} You are {agent} (bot {seat.bot}); your {side}: {others}."

    def _state(self, agent: str) -> str:
        return self.seats[agent]._state()

    def expert_state(self, agent: str) -> Any:
        return self.seats[agent].expert_state()

    def close(self) -> None:
        for seat in self.seats.values():
            seat.close()
        if self._sharing:
            self._sharing = False
            release_shared(self._world)
        elif self._owns_world:
            self._world.close()
        super().close()
