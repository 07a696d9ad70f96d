"""A Crafter survival heuristic: drink, eat, sleep, fight what is next to you, gather wood and stone, make tools.

It reads the engine through ``expert_state()`` (the map and the player) and walks greedily toward the
nearest target in crafter's local view, turning to face it and choosing Do; when a greedy step is
blocked it takes a random step. No planning beyond that: it is a baseline, not a strong player.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from omniarena.arenas.worlds.crafter.actions import NATIVE_NAMES
from omniarena.arenas.worlds.crafter.text import nearest_things
from omniarena.core.agent import NativeAgent

__all__ = ["CrafterSurvivor"]

ACTION = {name: index for index, name in enumerate(NATIVE_NAMES)}
MOVES = {
    (-1, 0): ACTION["move_left"],
    (1, 0): ACTION["move_right"],
    (0, -1): ACTION["move_up"],
    (0, 1): ACTION["move_down"],
}
WALKABLE = {"grass", "sand", "path"}


class CrafterSurvivor(NativeAgent):
    """Survival first (water, cows, sleep, zombies), then wood, a table, wood tools, stone and stone tools."""

    name = "scripted"

    def __init__(self, env: Any, *, seed: int | None = None, player: str | None = None) -> None:
        super().__init__(env, seed=seed, player=player)
        self._last_pos: tuple[int, int] | None = None

    def reset(self) -> None:
        self._last_pos = None

    def choose(self, observation: dict[str, Any]) -> int:
        game = self.expert_state()
        world, me = game._world, game._player
        inv = me.inventory
        grid = (int(game._local_view._grid[0]), int(game._local_view._grid[1]))
        seen = nearest_things(world, me, grid)
        near, _ = world.nearby(me.pos, 1)
        if me.sleeping:
            return ACTION["noop"]
        for foe in ("zombie", "skeleton"):
            if foe in seen and sum(map(abs, seen[foe])) == 1:
                return self._face_and_do(me, seen[foe])
        if inv["energy"] < 3 and "zombie" not in seen:
            return ACTION["sleep"]
        if inv["drink"] < 6 and "water" in seen:
            return self._go(me, seen["water"])
        if inv["food"] < 6 and "cow" in seen:
            return self._go(me, seen["cow"])
        if "table" in near:
            for tool, needs in (
                ("wood_pickaxe", {"wood": 1}),
                ("wood_sword", {"wood": 1}),
                ("stone_pickaxe", {"wood": 1, "stone": 1}),
                ("stone_sword", {"wood": 1, "stone": 1}),
            ):
                if not inv[tool] and all(inv[k] >= v for k, v in needs.items()):
                    return ACTION[f"make_{tool}"]
        if "table" not in seen and inv["wood"] >= 2 and self._facing(world, me) in WALKABLE:
            return ACTION["place_table"]
        if inv["stone"] >= 2 and not inv["stone_pickaxe"] and "table" in seen:
            return self._go(me, seen["table"])
        if inv["wood_pickaxe"] and inv["stone"] < 3 and "stone" in seen:
            return self._go(me, seen["stone"])
        if inv["wood_pickaxe"] and "coal" in seen:
            return self._go(me, seen["coal"])
        if inv["wood"] < 5 and "tree" in seen:
            return self._go(me, seen["tree"])
        if inv["sapling"] and self._facing(world, me) == "grass":
            return ACTION["place_plant"]
        if "tree" in seen and inv["wood"] < 9:
            return self._go(me, seen["tree"])
        return self._wander(me)

    @staticmethod
    def _facing(world: Any, me: Any) -> str | None:
        material, obj = world[(int(me.pos[0] + me.facing[0]), int(me.pos[1] + me.facing[1]))]
        return None if obj is not None else material

    def _face_and_do(self, me: Any, offset: tuple[int, int]) -> int:
        if tuple(me.facing) == tuple(offset):
            return ACTION["do"]
        return MOVES[tuple(offset)]  # the cell is taken, so moving toward it only turns

    def _go(self, me: Any, offset: tuple[int, int]) -> int:
        dx, dy = offset
        if abs(dx) + abs(dy) == 1:
            return self._face_and_do(me, offset)
        pos = (int(me.pos[0]), int(me.pos[1]))
        stuck = pos == self._last_pos
        self._last_pos = pos
        if stuck and self.rng.random() < 0.5:
            return self._wander(me)
        if dx and (abs(dx) >= abs(dy) or not dy):
            return MOVES[(int(np.sign(dx)), 0)]
        return MOVES[(0, int(np.sign(dy)))]

    def _wander(self, me: Any) -> int:
        self._last_pos = None
        keys = list(MOVES)
        return MOVES[keys[int(self.rng.integers(len(keys)))]]
