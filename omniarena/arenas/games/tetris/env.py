"""Tetris: seven tetrominoes from a seeded 7-bag, SRS rotation, gravity in ticks, placements for LLMs."""

from __future__ import annotations

from typing import Any

import numpy as np

from omniarena.arenas.games.tetris import text
from omniarena.arenas.games.tetris.actions import action_set
from omniarena.arenas.games.tetris.render import image_shape, render
from omniarena.arenas.games.tetris.rules import Game
from omniarena.core.arena import Arena, Outcome

MIN_WIDTH, MAX_WIDTH = 4, 10
MIN_HEIGHT, MAX_HEIGHT = 4, 30


class TetrisEnv(Arena):
    """Move, turn and drop falling tetrominoes to fill and clear rows; clear the target number of rows.

    ## Description
    Guideline-style Tetris (:mod:`~omniarena.arenas.games.tetris.rules` has every rule): a ``width`` x
    ``height`` well under a 2-row spawn zone, the seven pieces I O T S Z J L from a 7-bag shuffled with
    ``self.np_random``, SRS rotation with its wall kicks (a turn that no kick fits is refused), gravity
    in ticks (each action is one tick; a piece falls one row every ``gravity`` ticks at level 1, faster
    on the guideline curve as the level rises, and locks when it cannot fall: no lock delay), line
    clears scoring 100/300/500/800 x level, a level every 10 rows, hold once per piece, game over on
    block-out (the spawn cells are taken) and lock-out (a piece rests entirely in the spawn zone).
    ``placement_only`` variants drop gravity and primitives: every action places one piece. The image
    shows the labelled well with the falling piece (its letter in each cell), its landing outline,
    hold, the next pieces, the falling piece's four rotations, score, rows and level.

    ## Actions
    Native ``Discrete(8 + 4 * width)`` (``Discrete(4 * width)`` when ``placement_only``): 0 noop, 1 left,
    2 right, 3 rotate cw, 4 rotate ccw, 5 soft drop, 6 hard drop, 7 hold, then ``8 + R * width + C`` =
    "place column C rotation R": turn the piece to rotation R (clockwise once or twice, or once
    counterclockwise for R = 3, each turn with kicks), shift it so its leftmost cell is in column C,
    hard-drop it, all in one tick. ``action_mask`` marks the moves and turns that fit, hold while it is unused, and the
    placements whose turn and shift fit from where the piece is now. Text: the primitive names with
    aliases ("rotate", "cw", "ccw", "down", "drop", "wait", "swap", ...), "place column 4 rotation 1"
    and the forms "place 4 1", "column 4 rotation 1", "col 4 rot 1", "drop at 4 r1", "rotation 1
    column 4". A native illegal action leaves the game unchanged (``info["illegal"]``); a text one goes
    through the invalid-action policy with the reason.

    ## Observation
    ``{"image": HxWx3 uint8 (492x450 for 10x20, 462x410 for 8x16), "text": the rules, the well as a grid
    of characters with row and column numbers, the falling piece (letter, rotation, leftmost column, rows,
    landing rows) and its four rotations, next pieces, hold, score, rows, level, gravity and the legal
    actions, "action_mask": int8[n]}``.

    ## Rewards
    The line-clear score of the action (100/300/500/800 x level for 1..4 rows); no drop bonus, combo
    or T-spin bonus. ``info`` holds ``score``, ``lines``, ``level``, ``pieces`` (locked), ``success``
    and ``end`` ("", "target", "block-out" or "lock-out").

    ## Episode end
    Terminated when ``target_lines`` rows are cleared (``info["success"] = True``) or on block-out or
    lock-out. Truncated at the registry's ``max_steps``.

    ## Arguments
    ``width`` (4-10), ``height`` (4-30), ``gravity`` (ticks per row at level 1), ``preview`` (next pieces
    shown, 0-6), ``hold`` (allow hold; always off when ``placement_only``), ``placement_only`` (one
    placement per step, no gravity), ``start_level``, ``target_lines``, ``render_mode`` ("rgb_array" or
    "ansi").

    ## Baselines
    Native mode, seeds 0..N-1. Expert: ``TetrisExpert`` (Dellacherie's features with El-Tetris's weights
    over every legal placement of the falling piece, and of the hold piece when hold is free; ~1 ms a
    piece); random: uniform over the legal actions of ``action_mask``.

    Expert: seeds 0-19; random: seeds 0-99. Success = the target rows cleared; means are per episode.

    ===========================  ======  ===============================  ==============================
    variant                      target  expert success (score, pieces)   random success (rows, pieces)
    ===========================  ======  ===============================  ==============================
    Tetris-v0                    40      20/20 (10,805, 102.5)            0/100 (0.02, 21.6)
    Tetris-Easy-v0               10      20/20 (1,115, 22.2)              0/100 (0.04, 14.5)
    Tetris-Hard-v0               100     20/20 (63,995, 254.8)            0/100 (0.01, 21.7)
    Tetris-Placement-v0          40      20/20 (11,625, 104.8)            0/100 (0.03, 22.1)
    Tetris-Placement-Easy-v0     10      20/20 (1,185, 24.6)              0/100 (0.06, 14.7)
    ===========================  ======  ===============================  ==============================

    The expert places every piece in one step (its episodes take ``pieces`` steps, plus one per hold);
    the random agent tops out (about 60% block-out, 40% lock-out) after 15-22 pieces. The expert takes
    0.3-0.6 ms a piece without hold and 1.5-1.8 ms with it (both pieces scored), measured on a loaded
    2-core machine.

    ## Version history
    v0: first release.

    >>> env = TetrisEnv()
    >>> obs, info = env.reset(seed=0)
    >>> obs["image"].shape, obs["action_mask"].shape, info["lines"], info["level"]
    ((492, 450, 3), (48,), 0, 1)
    >>> print(env.action_set.format(8 + 1 * 10 + 4))
    place column 4 rotation 1
    """

    def __init__(
        self,
        width: int = 10,
        height: int = 20,
        gravity: int = 4,
        preview: int = 3,
        hold: bool = True,
        placement_only: bool = False,
        start_level: int = 1,
        target_lines: int = 40,
        render_mode: str | None = None,
    ) -> None:
        if not MIN_WIDTH <= width <= MAX_WIDTH:
            raise ValueError(f"width must be {MIN_WIDTH}..{MAX_WIDTH}, got {width}")
        if not MIN_HEIGHT <= height <= MAX_HEIGHT:
            raise ValueError(f"height must be {MIN_HEIGHT}..{MAX_HEIGHT}, got {height}")
        if gravity < 1 or not 0 <= preview <= 6 or start_level < 1 or target_lines < 1:
            raise ValueError(
                f"need gravity >= 1, preview 0..6, start_level >= 1 and target_lines >= 1; got gravity={gravity}, "
                f"preview={preview}, start_level={start_level}, target_lines={target_lines}"
            )
        super().__init__(
            action_set(width, not placement_only), image_shape(width, height, preview), render_mode=render_mode
        )
        self.placement_only = bool(placement_only)
        self.target_lines = int(target_lines)
        self._settings = {
            "width": int(width),
            "height": int(height),
            "gravity": int(gravity),
            "preview": int(preview),
            "hold": bool(hold) and not placement_only,
            "start_level": int(start_level),
        }
        self.game = Game(np.random.default_rng(0), **self._settings)  # replaced by every reset
        self._mask: np.ndarray | None = None
        self._rules_text = text.rules_text(self.game, self.target_lines, self.placement_only)

    def _new_episode(self, options: dict[str, Any]) -> None:
        self.game = Game(self.np_random, **self._settings)
        self._mask = None

    def _apply(self, action: int) -> Outcome:
        kind, first, second = self.action_set.decode(action)
        if kind == "place":
            gained = self.game.place(first, second, self.np_random)
        else:
            gained = self.game.act(first, self.np_random)
        self._mask = None
        return Outcome(float(gained), self.success or bool(self.game.over), True)

    @property
    def success(self) -> bool:
        return self.game.lines >= self.target_lines

    def action_mask(self) -> np.ndarray:
        if self._mask is None:  # once per state: the step's legality check, the observation and the text read it
            placements = self.game.placement_mask().reshape(-1)
            if self.placement_only:
                self._mask = placements
            else:
                self._mask = np.concatenate([self.game.primitive_mask(), placements])
        return self._mask.copy()

    def _info(self) -> dict[str, Any]:
        game = self.game
        end = "target" if self.success else game.over
        return {
            "score": game.score,
            "lines": game.lines,
            "level": game.level,
            "pieces": game.pieces,
            "success": self.success,
            "end": end,
        }

    def expert_state(self) -> Game:
        """A copy of the game (the expert searches placements on it)."""
        return self.game.copy()

    def _draw(self) -> np.ndarray:
        return render(self.game, self.target_lines, self.placement_only)

    def _rules(self) -> str:
        return self._rules_text

    def _state(self) -> str:
        return text.state_text(self.game, self.target_lines, self.placement_only)

    def _legal(self) -> str:
        mask = self.action_mask()
        offset = self.action_set.offset
        primitives = None if self.placement_only else mask[:offset]
        return text.legal_text(self.game, primitives, mask[offset:].reshape(4, self.game.width))
