"""Crafter (Hafner, 2021) over the real ``crafter`` engine, with BALROG's text observation and metric."""

from __future__ import annotations

from typing import Any

import numpy as np

from omniarena.arenas.worlds.crafter.actions import NATIVE_NAMES, crafter_actions
from omniarena.arenas.worlds.crafter.text import describe_status, describe_view, unlocked
from omniarena.arenas.worlds.engine import need
from omniarena.core.arena import Arena, Outcome

ACHIEVEMENTS = 22


def position(obj: Any) -> tuple[int, int]:
    return int(obj.pos[0]), int(obj.pos[1])


MIN_SIZE, MAX_SIZE = 16, 1024


class CrafterEnv(Arena):
    """Crafter: survive in a procedurally generated 2-D world and unlock its 22 achievements.

    ## Description
    The real ``crafter`` engine (its world generator, creatures, day and night, and its textures). The
    world is a 64x64 map of grass, sand, trees, water, stone, coal, iron, diamond and lava, with cows,
    zombies, skeletons in caves, and plants. The player must keep health, food, drink and energy up and
    unlocks achievements by collecting, placing, making, eating and fighting. Worlds come from
    ``self.np_random``: the same seed gives the same world and, with the same actions, the same episode.
    crafter's map generator (``opensimplex``) runs about 20x faster with ``numba``, which the
    ``[crafter]`` extra installs (about 0.1 s a reset instead of 1-1.5 s; the first one compiles).

    This adapter steps crafter's objects itself instead of calling ``crafter.Env.step``, which draws a
    frame every step: with ``observe="text"`` nothing is drawn. The frame's night noise uses a random
    stream of its own (seeded from the episode and the step), so drawing never changes the game.

    ## Actions
    ``Discrete(17)`` in crafter's order, named as BALROG names them: Noop, Move West, Move East, Move
    North, Move South, Do, Sleep, Place Stone, Place Table, Place Furnace, Place Plant, Make Wood Pickaxe,
    Make Stone Pickaxe, Make Iron Pickaxe, Make Wood Sword, Make Stone Sword, Make Iron Sword; crafter's
    own names (``move_left``, ``do``, ``place_table``...) and compass words are aliases. Every action is
    always legal (an action that cannot be done does nothing, as in crafter).

    ## Observation
    ``{"image": size x size x 3 uint8 (crafter's 9x9-cell view: the local map and the inventory below
    it), "text": rules, what you see (the nearest thing of each kind with its distance and direction),
    what you face, vitals, inventory, achievements so far, "action_mask": int8[17]}``.

    ## Rewards
    crafter's: +1 the first time each achievement is unlocked, +/-0.1 per point of health gained or lost.
    ``info``: ``achievements`` (counts), ``unlocked`` (how many of the 22), ``progression`` (BALROG's
    metric, 0-100: the share of the 22 unlocked), ``inventory``, ``success`` (alive at the end).

    ## Episode end
    Terminated when the player dies; truncated at the registry's ``max_steps`` (2,000 as BALROG plays
    it, 10,000 in ``Crafter-Long-v0`` as the Crafter paper does).

    ## Arguments
    ``size``: the frame's side in pixels (256 default, BALROG's; 64 is crafter's native size).
    ``area``: the world's side in cells (64). ``render_mode``: "rgb_array" or "ansi".

    ## Baselines
    Native mode, seeds 1000..1019, 2,000 steps (``Crafter-v0``); measured with ``benchmarks/worlds.py``'s
    baseline run. Random: uniform over the 17 actions; expert: :class:`~omniarena.arenas.worlds.crafter.bots.CrafterSurvivor`.
    See the table in README's Worlds section. The Crafter paper reports a random agent unlocks 1-2
    achievements per episode on average (score 1.6%); BALROG reports random-level progression of a few %.

    ## Version history
    v0: first release (crafter 1.8.3).

    >>> env = CrafterEnv(size=64)
    >>> obs, info = env.reset(seed=0)
    >>> obs["image"].shape, info["unlocked"], "You see" in obs["text"]
    ((64, 64, 3), 0, True)
    """

    metadata: dict[str, Any] = {"render_modes": ["rgb_array", "ansi"], "render_fps": 10}

    def __init__(self, size: int = 256, area: int = 64, render_mode: str | None = None) -> None:
        if not MIN_SIZE <= int(size) <= MAX_SIZE:
            raise ValueError(f"size must be {MIN_SIZE}..{MAX_SIZE} pixels, got {size}")
        if not 16 <= int(area) <= 256:
            raise ValueError(f"area must be 16..256 cells, got {area}")
        crafter = need("crafter", "crafter")
        super().__init__(crafter_actions(), (int(size), int(size)), render_mode=render_mode)
        self.size, self.area = int(size), int(area)
        self._game = crafter.Env(area=(self.area, self.area), size=(self.size, self.size), length=None, seed=0)
        self._episode_seed = 0
        self._last_action = ""

    # --- episode ---------------------------------------------------------------------------------
    def _new_episode(self, options: dict[str, Any]) -> None:
        from crafter import objects, worldgen

        game = self._game
        self._episode_seed = int(self.np_random.integers(2**31 - 1))
        # crafter.Env.reset without its frame: the world seed is crafter's own hash((seed, episode)).
        game._seed, game._episode = self._episode_seed, 1
        game._step = 0
        game._world.reset(seed=hash((game._seed, game._episode)) % (2**31 - 1))
        game._update_time()
        center = (game._world.area[0] // 2, game._world.area[1] // 2)
        game._player = objects.Player(game._world, center)
        game._last_health = game._player.health
        game._world.add(game._player)
        game._unlocked = set()
        worldgen.generate_world(game._world, game._player)
        self._last_action = ""

    def _apply(self, action: Any) -> Outcome:
        # crafter.Env.step without its frame (crafter 1.8.3's step, line for line, minus _obs()).
        game = self._game
        player = game._player
        game._step += 1
        game._update_time()
        player.action = NATIVE_NAMES[int(action)]
        for obj in game._world.objects:
            if player.distance(obj) < 2 * max(game._view):
                obj.update()
        if game._step % 10 == 0:
            for chunk, objs in game._world.chunks.items():
                # crafter keeps a chunk's objects in a set (ordered by memory address), and despawning picks
                # one by index: in position order instead, the same seed despawns the same creature.
                game._balance_chunk(chunk, sorted(objs, key=position))
        reward = (player.health - game._last_health) / 10
        game._last_health = player.health
        new = {name for name, count in player.achievements.items() if count > 0 and name not in game._unlocked}
        if new:
            game._unlocked |= new
            reward += 1.0
        self._last_action = self.action_set.format(action)
        info = {"new_achievements": sorted(new)}
        return Outcome(float(reward), bool(player.health <= 0), True, info)

    # --- observation -----------------------------------------------------------------------------
    def expert_state(self) -> Any:
        """The crafter engine (its ``_world`` and ``_player``), read-only for the expert."""
        return self._game

    def _info(self) -> dict[str, Any]:
        player = self._game._player
        achievements = dict(player.achievements)
        count = len(unlocked(achievements))
        return {
            "achievements": achievements,
            "unlocked": count,
            "progression": 100.0 * count / ACHIEVEMENTS,
            "inventory": dict(player.inventory),
            "success": bool(player.health > 0),
        }

    def _draw(self) -> np.ndarray:
        world = self._game._world
        engine_random = world.random
        # The night noise draws from world.random in crafter; give it its own stream so drawing changes nothing.
        world.random = np.random.RandomState((self._episode_seed + 7919 * self._game._step) % (2**32))
        try:
            frame = self._game.render()
        finally:
            world.random = engine_random
        return np.ascontiguousarray(frame, dtype=np.uint8)

    def _rules(self) -> str:
        return (
            "Crafter: an open-world survival game on a 2-D map seen from above (north is up). Keep your health, "
            "food, drink and energy up: eat cows and plants, drink water, sleep when tired; zombies (on grass, more "
            "at night), skeletons (in caves) and lava hurt or kill you. Collect materials by facing them and "
            "choosing Do (trees give wood without a tool; stone and coal need a wood pickaxe, iron a stone "
            "pickaxe, diamond an iron pickaxe), place a table to make tools, and unlock as many of the 22 "
            "achievements as you can: collect coal, diamond, drink, iron, sapling, stone and wood; defeat a "
            "skeleton and a zombie; eat a cow and a plant; make the wood, stone and iron pickaxe and sword; "
            "place a furnace, a plant, a stone and a table; wake up. Moving toward an obstacle turns you to "
            "face it. Reward: +1 for each new achievement, +/-0.1 per health point gained or lost."
        )

    def _state(self) -> str:
        game = self._game
        player = game._player
        grid = (int(game._local_view._grid[0]), int(game._local_view._grid[1]))
        done = unlocked(player.achievements)
        parts = []
        if self._last_action:
            parts.append(f"You took action {self._last_action}.")
        parts.append(describe_view(game._world, player, grid))
        parts.append(describe_status(player, float(game._world.daylight)))
        parts.append(
            f"Achievements unlocked ({len(done)} of {ACHIEVEMENTS}): {', '.join(done)}."
            if done
            else f"Achievements unlocked: none of {ACHIEVEMENTS} yet."
        )
        return "\n\n".join(parts)
