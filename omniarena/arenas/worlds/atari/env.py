"""Atari 2600 games on the real Arcade Learning Environment (``ale-py``), Breakout's state in words from RAM."""

from __future__ import annotations

from typing import Any

import numpy as np

from omniarena.arenas.worlds.atari.actions import atari_actions
from omniarena.arenas.worlds.atari.ram import breakout_state, describe_breakout
from omniarena.arenas.worlds.engine import need, resize
from omniarena.core.arena import Arena, Outcome

_RULES = {
    "breakout": (
        "Breakout (Atari 2600): move the paddle at the bottom left and right to bounce the ball into the rows of "
        "bricks above; each brick broken scores points (more for the higher rows). Missing the ball costs a life; "
        "the game ends when all 5 lives are gone. Fire serves a new ball."
    ),
}


class AtariEnv(Arena):
    """An Atari 2600 game on the ALE emulator; Breakout's paddle and ball positions in words.

    ## Description
    The real ALE (``ale-py``, whose wheel ships the ROMs of 100+ games; ``game`` names one, e.g.
    "breakout", "pong", "space_invaders"). Each step holds the action for ``frame_skip`` frames; with
    ``repeat_action_probability`` (sticky actions, 0.25 as in Machado et al. 2018) the emulator repeats
    the previous action instead with that chance on each frame. ``reset(seed=...)`` reseeds the ALE
    (it reloads the ROM, ~0.1 s); ``reset()`` without a seed restarts the game and keeps the ALE's
    random stream (~6 ms), so a seeded run is reproducible step for step.

    ## Actions
    The game's minimal action set, named in words: Breakout's ``Discrete(4)`` is noop, fire, right,
    left; other games get names such as "up fire" or "down left" from the ALE's ("UPFIRE" is an alias).
    All always legal.

    ## Observation
    ``{"image": the 210x160 screen (times ``scale``), "text": rules, score, lives, and for Breakout the
    paddle's and the ball's positions in pixels read from RAM, "action_mask"}``.

    ## Rewards
    The game's score change. ``info``: ``score``, ``lives``, ``frame``; Breakout adds ``paddle_x``,
    ``ball`` and ``blocks_hit``. ``progression`` is the score (ALE games have no 0-100 scale).

    ## Episode end
    Terminated at game over; truncated at the registry's ``max_steps`` (27,000 steps = 108,000 frames).

    ## Arguments
    ``game`` ("breakout"), ``frame_skip`` (4), ``repeat_action_probability`` (0.25), ``scale`` (1..4,
    nearest-neighbour), ``render_mode``: "rgb_array" or "ansi".

    ## Baselines
    Breakout, native mode, frame_skip 4, sticky 0.25, 3 episodes of up to 27,000 steps: see README's
    Worlds section (``benchmarks/worlds.py --baselines``). Published: random 1.7, human 30.5 (Mnih et al. 2015).

    ## Version history
    v0: first release (ale-py 0.12.1).

    >>> env = AtariEnv(game="breakout")
    >>> obs, info = env.reset(seed=0)
    >>> obs["image"].shape, info["lives"], env.action_set.names
    ((210, 160, 3), 5, ['noop', 'fire', 'right', 'left'])
    """

    metadata: dict[str, Any] = {"render_modes": ["rgb_array", "ansi"], "render_fps": 15}

    def __init__(
        self,
        game: str = "breakout",
        frame_skip: int = 4,
        repeat_action_probability: float = 0.25,
        scale: int = 1,
        render_mode: str | None = None,
    ) -> None:
        ale_py = need("ale_py", "atari")
        if not 1 <= int(frame_skip) <= 16:
            raise ValueError(f"frame_skip must be 1..16, got {frame_skip}")
        if not 0.0 <= float(repeat_action_probability) < 1.0:
            raise ValueError(f"repeat_action_probability must be in [0, 1), got {repeat_action_probability}")
        if not 1 <= int(scale) <= 4:
            raise ValueError(f"scale must be 1..4, got {scale}")
        games = sorted(ale_py.roms.get_all_rom_ids())
        if game not in games:
            raise ValueError(f"game={game!r} is not a ROM bundled with ale-py; known: {', '.join(games)}")
        self.game, self.frame_skip, self.scale = game, int(frame_skip), int(scale)
        self.sticky = float(repeat_action_probability)
        self._ale_py = ale_py
        ale_py.ALEInterface.setLoggerMode(ale_py.LoggerMode.Error)  # before construction: no banner on stderr
        self._ale = ale_py.ALEInterface()
        self._load(0)
        self._actions = list(self._ale.getMinimalActionSet())
        height, width = self._ale.getScreenDims()
        super().__init__(
            atari_actions([a.name for a in self._actions], game),
            (int(height) * self.scale, int(width) * self.scale),
            render_mode=render_mode,
        )
        self._reseed = True
        self.score = 0.0

    def _load(self, seed: int) -> None:
        ale = self._ale
        ale.setInt("random_seed", int(seed))
        ale.setInt("frame_skip", self.frame_skip)
        ale.setFloat("repeat_action_probability", self.sticky)
        ale.loadROM(self._ale_py.roms.get_rom_path(self.game))

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None) -> Any:
        self._reseed = seed is not None
        return super().reset(seed=seed, options=options)

    # --- episode ---------------------------------------------------------------------------------
    def _new_episode(self, options: dict[str, Any]) -> None:
        if self._reseed:
            self._load(int(self.np_random.integers(2**31 - 1)))
        else:
            self._ale.reset_game()
        self.score = 0.0

    def _apply(self, action: Any) -> Outcome:
        reward = float(self._ale.act(self._actions[int(action)]))
        self.score += reward
        return Outcome(reward, bool(self._ale.game_over()), True)

    # --- observation -----------------------------------------------------------------------------
    def expert_state(self) -> Any:
        """Breakout: the :class:`~omniarena.arenas.worlds.atari.ram.BreakoutState` read from RAM; else the RAM."""
        ram = self._ale.getRAM()
        return breakout_state(ram) if self.game == "breakout" else ram.copy()

    def _info(self) -> dict[str, Any]:
        info: dict[str, Any] = {
            "score": self.score,
            "progression": self.score,
            "lives": int(self._ale.lives()),
            "frame": int(self._ale.getEpisodeFrameNumber()),
        }
        if self.game == "breakout":
            state = breakout_state(self._ale.getRAM())
            info.update(paddle_x=state.paddle_x, ball=state.ball, blocks_hit=state.blocks_hit)
        return info

    def _draw(self) -> np.ndarray:
        screen = self._ale.getScreenRGB()
        if self.scale == 1:
            return screen
        return resize(screen, screen.shape[0] * self.scale, screen.shape[1] * self.scale)

    def _rules(self) -> str:
        return (
            _RULES.get(
                self.game, f"{self.game} (Atari 2600, on the Arcade Learning Environment): play for the highest score."
            )
            + f" Each action is held for {self.frame_skip} frames."
        )

    def _state(self) -> str:
        lines = [f"Score: {self.score:g}. Lives: {self._ale.lives()}. Frame {self._ale.getEpisodeFrameNumber()}."]
        if self.game == "breakout":
            lines.append(describe_breakout(breakout_state(self._ale.getRAM())))
        return "\n".join(lines)
