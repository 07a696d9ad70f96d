"""NetHack and MiniHack (Küttler et al., 2020; Samvelyan et al., 2021) over ``nle`` and ``minihack``, BALROG-style."""

from __future__ import annotations

from typing import Any

import numpy as np

from omniarena.arenas.worlds.engine import need
from omniarena.arenas.worlds.nethack.actions import MINIHACK_DESCRIPTIONS, NETHACK_DESCRIPTIONS, nethack_actions
from omniarena.arenas.worlds.nethack.progress import BL_DEPTH, BL_XL, milestone
from omniarena.arenas.worlds.nethack.render import CELL, tty_image
from omniarena.arenas.worlds.nethack.text import (
    describe_inventory,
    describe_stats,
    describe_surroundings,
    message,
    tty_map,
)
from omniarena.core.arena import Arena, Outcome

KEYS = ("glyphs", "blstats", "tty_chars", "tty_colors", "tty_cursor", "inv_strs", "inv_letters", "screen_descriptions", "message")  # fmt: skip
MORE_LIMIT = 8  # --More-- prompts skipped after one action at most (BALROG's skip_more)
INSTALL = 'pip install "omniarena[nethack]" && pip install --no-deps nle==1.3.0 minihack==1.0.2'


class NetHackEnv(Arena):
    """NetHack (the full game, NLE's ``NetHackChallenge-v0``) or a MiniHack task, in BALROG's words.

    ## Description
    The real NetHack 3.6 of ``nle`` and the levels of ``minihack``. ``task`` is the gymnasium id:
    ``NetHackChallenge-v0`` or a MiniHack task such as ``MiniHack-MazeWalk-9x9-v0``, made with BALROG's
    settings (a random role ``character="@"``; for MiniHack 100 steps, a step penalty of 0.01 and no
    autopickup). After every action the ``--More--`` prompts are dismissed, as BALROG's ``skip_more``
    does. NetHack's core and display generators are seeded from ``self.np_random`` without reseeding:
    the same seed and actions give the same game.

    ## Actions
    ``Discrete(n)``: the engine's commands that BALROG names, in the engine's order: "north" ..
    "northwest", "far north" .., "up", "down", "wait", "more", "pickup", "search", "kick", "esc"...
    (MiniHack tasks get BALROG's shorter list, cut to the task's own commands). All always legal.

    ## Observation
    ``{"image": the 24x80 terminal drawn in NetHack's colours (8x14 px a character), "text": the
    message, what lies around you ("doorway 2 steps west and 1 step north", from NetHack's own
    descriptions of the screen), stats, inventory and the map as text (BALROG's "hybrid" prompt),
    "action_mask"}``.

    ## Rewards
    The engine's: NetHack's score delta; MiniHack's +1 at the goal, -0.01 a step. ``info``:
    ``progression`` (BALROG's, 0-100: NetHack's estimated ascension odds from the deepest dungeon
    level and highest experience level reached; MiniHack's 100 on success), ``depth``,
    ``experience_level``, ``success``, ``end_status``.

    ## Episode end
    Terminated when the game ends (death, goal, or NLE's end); truncated at the engine's step limit.

    ## Arguments
    ``task`` (a gymnasium id), ``max_episode_steps`` (the engine's limit: 100 for MiniHack as BALROG
    plays it, 100,000 for NetHack), ``character`` ("@" random), ``render_mode``.

    ## Baselines
    See README's Worlds section (``benchmarks/worlds.py --baselines``).

    ## Version history
    v0: first release (nle 1.3.0, minihack 1.0.2).
    """

    metadata: dict[str, Any] = {"render_modes": ["rgb_array", "ansi"], "render_fps": 10}

    def __init__(
        self,
        task: str = "NetHackChallenge-v0",
        max_episode_steps: int | None = None,
        character: str = "@",
        render_mode: str | None = None,
    ) -> None:
        import gymnasium as gym

        need("nle", "nethack", INSTALL)
        self.minihack = task.startswith("MiniHack-")
        kwargs: dict[str, Any] = {"observation_keys": KEYS, "character": character}
        if self.minihack:
            need("minihack", "nethack", INSTALL)
            kwargs.update(penalty_step=-0.01, penalty_time=0.0, penalty_mode="constant", autopickup=False)
            kwargs["max_episode_steps"] = 100 if max_episode_steps is None else int(max_episode_steps)
        else:
            kwargs["max_episode_steps"] = 100_000 if max_episode_steps is None else int(max_episode_steps)
            kwargs["no_progress_timeout"] = 150  # BALROG's: end a game whose turn counter stalls for 150 steps
        if task not in gym.envs.registry:
            known = sorted(k for k in gym.envs.registry if k.startswith(("MiniHack-", "NetHack")))
            raise ValueError(f"task={task!r} is not an nle/minihack id; known: {', '.join(known)}")
        self.task = task
        self._game = gym.make(task, **kwargs).unwrapped
        engine_actions = tuple(self._game.actions)
        action_set, self._engine_index = nethack_actions(
            engine_actions, MINIHACK_DESCRIPTIONS if self.minihack else NETHACK_DESCRIPTIONS
        )
        self._more = next((i for i, a in enumerate(engine_actions) if a.name == "MORE"), None)
        super().__init__(action_set, (24 * CELL[0], 80 * CELL[1]), render_mode=render_mode)
        self._obs: dict[str, Any] = {}
        self._best = 0.0
        self._success = False
        self._end_status = "RUNNING"
        from nle.nethack import GLYPH_CMAP_OFF

        self._stone = int(GLYPH_CMAP_OFF)  # cmap 0: dark, unexplored stone

    # --- episode ---------------------------------------------------------------------------------
    def _new_episode(self, options: dict[str, Any]) -> None:
        core, disp = (int(v) for v in self.np_random.integers(2**62, size=2))
        # NetHackChallenge blocks seeding on the instance (a contest rule against replays); the class's own
        # method seeds the same C game, which is what makes episodes reproducible here.
        game = self._game.nethack
        type(game).set_initial_seeds(game, core, disp, False)
        obs, _ = self._game.reset()
        self._obs = obs
        self._best, self._success, self._end_status = 0.0, False, "RUNNING"
        self._update()

    def _apply(self, action: Any) -> Outcome:
        obs, reward, terminated, truncated, info = self._game.step(self._engine_index[int(action)])
        total = float(reward)
        for _ in range(MORE_LIMIT):
            if terminated or truncated or self._more is None or b"--More--" not in bytes(obs["tty_chars"]):
                break
            obs, reward, terminated, truncated, info = self._game.step(self._more)
            total += float(reward)
        self._obs = obs
        status = info.get("end_status")
        self._end_status = getattr(status, "name", str(status))
        if self.minihack and terminated:
            self._success = self._end_status == "TASK_SUCCESSFUL"
        self._update()
        return Outcome(total, bool(terminated), True, {}, truncated=bool(truncated))

    def _update(self) -> None:
        blstats = self._obs["blstats"]
        self._best = max(self._best, milestone(int(blstats[BL_DEPTH]), int(blstats[BL_XL])))

    # --- observation -----------------------------------------------------------------------------
    def expert_state(self) -> Any:
        """The last NLE observation (a dict of arrays), read-only."""
        return self._obs

    def _info(self) -> dict[str, Any]:
        blstats = self._obs["blstats"]
        progression = (100.0 if self._success else 0.0) if self.minihack else round(100.0 * self._best, 4)
        return {
            "progression": progression,
            "success": self._success,
            "depth": int(blstats[BL_DEPTH]),
            "experience_level": int(blstats[BL_XL]),
            "end_status": self._end_status,
        }

    def _draw(self) -> np.ndarray:
        cursor = self._obs["tty_cursor"]
        return tty_image(self._obs["tty_chars"], self._obs["tty_colors"], (int(cursor[0]), int(cursor[1])))

    def _rules(self) -> str:
        if self.minihack:
            goal = {
                "MazeWalk": "find the staircase down (>) through the maze",
                "Corridor": "reach the staircase down (>) through the corridors",
                "CorridorBattle": "fight through the monsters in the corridor and reach the staircase down (>)",
                "Quest": "cross the level past its dangers and reach the staircase down (>)",
            }
            kind = self.task.split("-")[1]
            return (
                f"MiniHack {self.task}: a NetHack level seen from above (north is up). You are '@'. Goal: "
                f"{goal.get(kind, 'reach the goal of the level')}. Reward +1 at the goal, -0.01 a step."
            )
        return (
            "NetHack: descend the dungeon as deep as you can and gain experience levels without dying. You are "
            "'@' on a map seen from above (north is up); '>' is a staircase down, '<' up, '+' or '|' a door, "
            "'#' a corridor. Progress counts the deepest dungeon level and the highest experience level reached."
        )

    def _state(self) -> str:
        obs = self._obs
        blstats = obs["blstats"]
        around = describe_surroundings(
            obs["glyphs"], obs["screen_descriptions"], int(blstats[0]), int(blstats[1]), self._stone
        )
        return "\n\n".join(
            (
                f"Message: {message(obs) or '(none)'}",
                "Around you:\n" + ("\n".join(around) if around else "nothing seen yet"),
                f"Stats: {describe_stats(blstats)}",
                f"Inventory:\n{describe_inventory(obs['inv_strs'], obs['inv_letters'])}",
                f"Map:\n{tty_map(obs['tty_chars'])}",
            )
        )
