"""BabyAI (Chevalier-Boisvert et al., 2019) over ``minigrid``, with BALROG's text and success metric."""

from __future__ import annotations

from typing import Any

import numpy as np

from omniarena.arenas.worlds.babyai.actions import babyai_actions
from omniarena.arenas.worlds.babyai.text import carrying, describe_view
from omniarena.arenas.worlds.engine import need, quiet_stdout
from omniarena.core.arena import Arena, Outcome

TILE_MIN, TILE_MAX = 8, 64


class BabyAIEnv(Arena):
    """BabyAI: follow a language instruction ("pick up the red ball") in a grid world.

    ## Description
    The real ``minigrid`` engine: its BabyAI levels, instruction verifier and drawing. ``task`` plays
    one of BALROG's five local tasks (its ``BabyAI-MixedTrainLocal-v0/<task>``: one 8x8 room with 8
    objects, two rooms for "open"): goto, pickup, open, putnext, pick_up_seq_go_to. ``level`` plays
    any of minigrid's BabyAI levels by name (``"GoToLocal"`` is ``BabyAI-GoToLocal-v0``). Levels come
    from ``self.np_random`` (same seed, same level); minigrid's generator prints "Sampling rejected"
    notes to stdout, which this adapter swallows.

    ## Actions
    ``Discrete(6)``: turn left, turn right, go forward, pick up, drop, toggle (BALROG's names; minigrid's
    actions 0-5, without "done"). Aliases: left, right, forward, pickup, put down, open. All always legal.

    ## Observation
    ``{"image": the whole grid from above, the agent's field of view highlighted (tile_size px a cell),
    "text": rules, the mission, what the agent sees (each object with its offset: "a red ball 2 steps
    left and 1 step forward", the nearest walls ahead, left and right), what it carries, the actions,
    "action_mask": int8[6]}``.

    ## Rewards
    minigrid's: ``1 - 0.9 * steps / max_steps`` on success, else 0. ``info``: ``success``,
    ``progression`` (BALROG's: 100 on success, else 0), ``mission``.

    ## Episode end
    Terminated on success (or a failed instruction, e.g. a wrong object picked for a "put next"); truncated
    at minigrid's own step limit for the mission (the room count and instruction decide it) or the
    registry's ``max_steps``.

    ## Arguments
    ``task`` (BALROG's kinds) or ``level`` (a minigrid level name); ``num_dists`` (distractors of the
    BALROG tasks, 8); ``tile_size`` (pixels a cell, 32); ``render_mode``: "rgb_array" or "ansi".

    ## Baselines
    Native mode, seeds 1000..1049. Expert: minigrid's ``BabyAIBot``; random: uniform over the 6
    actions. Success rate (mean return): see README's Worlds section, measured with
    ``benchmarks/worlds.py --baselines``.

    ## Version history
    v0: first release (minigrid 3.2.0).

    >>> env = BabyAIEnv(task="goto")
    >>> obs, info = env.reset(seed=0)
    >>> obs["image"].shape, info["success"], "Mission:" in obs["text"]
    ((256, 256, 3), False, True)
    """

    metadata: dict[str, Any] = {"render_modes": ["rgb_array", "ansi"], "render_fps": 4}

    def __init__(
        self,
        task: str | None = None,
        level: str | None = None,
        num_dists: int = 8,
        tile_size: int = 32,
        render_mode: str | None = None,
    ) -> None:
        if (task is None) == (level is None):
            raise ValueError(
                "give exactly one of task= (BALROG's: goto, pickup, open, putnext, pick_up_seq_go_to) or level= (a minigrid BabyAI level name such as 'GoToLocal')"
            )
        if not TILE_MIN <= int(tile_size) <= TILE_MAX:
            raise ValueError(f"tile_size must be {TILE_MIN}..{TILE_MAX} pixels, got {tile_size}")
        need("minigrid", "babyai")
        self.task, self.level, self.tile_size = task, level, int(tile_size)
        self._game = self._build(task, level, int(num_dists))
        grid_w, grid_h = int(self._game.width), int(self._game.height)
        super().__init__(babyai_actions(), (grid_h * self.tile_size, grid_w * self.tile_size), render_mode=render_mode)
        self._ego: np.ndarray | None = None
        self._success = False

    @staticmethod
    def _build(task: str | None, level: str | None, num_dists: int) -> Any:
        if task is not None:
            from omniarena.arenas.worlds.babyai.levels import BalrogLocal

            return BalrogLocal(task, num_dists=num_dists)
        import gymnasium as gym
        import minigrid  # noqa: F401  (registers minigrid's ids)

        gym_id = f"BabyAI-{level}-v0"
        if gym_id not in gym.envs.registry:
            known = sorted(k[len("BabyAI-") : -len("-v0")] for k in gym.envs.registry if k.startswith("BabyAI-"))
            raise ValueError(f"level={level!r} is not a minigrid BabyAI level; known: {', '.join(known)}")
        return gym.make(gym_id).unwrapped

    # --- episode ---------------------------------------------------------------------------------
    def _new_episode(self, options: dict[str, Any]) -> None:
        with quiet_stdout():
            obs, _ = self._game.reset(seed=int(self.np_random.integers(2**31 - 1)))
        self._ego = obs["image"]
        self._success = False

    def _apply(self, action: Any) -> Outcome:
        with quiet_stdout():
            obs, reward, terminated, truncated, _ = self._game.step(int(action))
        self._ego = obs["image"]
        self._success = bool(terminated and reward > 0)
        return Outcome(float(reward), bool(terminated), True, {}, truncated=bool(truncated))

    # --- observation -----------------------------------------------------------------------------
    def expert_state(self) -> Any:
        """The minigrid level (unwrapped), as minigrid's ``BabyAIBot`` reads it."""
        return self._game

    def _info(self) -> dict[str, Any]:
        return {
            "success": self._success,
            "progression": 100.0 if self._success else 0.0,
            "mission": str(self._game.mission),
        }

    def _draw(self) -> np.ndarray:
        return np.ascontiguousarray(self._game.get_frame(highlight=True, tile_size=self.tile_size), dtype=np.uint8)

    def _rules(self) -> str:
        return (
            "BabyAI: you are an agent in a grid world of rooms with walls, doors, keys, balls and boxes, and you "
            "see 7x7 cells ahead of you (not through walls). Follow the mission. 'go to X' means stand right in "
            "front of X, facing it; 'put X next to Y' means carry X and drop it on a cell next to Y. You can carry "
            "one object. Reward on success: 1 - 0.9 x (steps taken / step limit).\n"
            f"Mission: {self._game.mission}"
        )

    def _state(self) -> str:
        assert self._ego is not None
        seen = describe_view(self._ego)
        lines = "\n".join(seen) if seen else "nothing but the floor"
        return f"You see:\n{lines}\n{carrying(self._game)}"
