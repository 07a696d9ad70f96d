"""Connect Four as a PettingZoo AEC arena: image + text observations from each player's side."""

from __future__ import annotations

from typing import Any

import numpy as np

from omniarena.arenas.games.connect_four import rules
from omniarena.arenas.games.connect_four.actions import ACTIONS
from omniarena.arenas.games.connect_four.render import COLOR_NAMES, IMAGE_SHAPE, header_text, render
from omniarena.core.turns import TurnArena, TurnOutcome

_SYMBOLS = {"own": "X", "opponent": "O", "empty": "."}
_COLUMN_NUMBERS = " ".join(str(n) for n in range(1, rules.COLUMNS + 1))


class ConnectFourEnv(TurnArena):
    """Two players drop discs into a 6x7 grid; the first to line up four wins.

    ## Description
    Classic Connect Four with the conventions of PettingZoo's ``connect_four_v3`` (agents
    ``player_0`` and ``player_1``, player_0 moves first, rewards +1/-1/0), but every observation is an
    image plus text drawn from the observing player's side. Discs keep fixed colours (player_0 Red,
    player_1 Yellow); the image's header shows a disc of the viewer's colour and says "You are Red:
    your turn", the text calls the viewer's discs X and the opponent's O.

    ## Actions
    Native ``Discrete(7)``: the column, 0 = leftmost. Text (via ``omniarena.make_multi``):
    "column 1" .. "column 7" with aliases "1".."7", "col 1", "c1", "drop 1". A full column is illegal
    (0 in ``action_mask``); a native illegal action leaves the board unchanged, keeps the turn and
    sets ``infos[agent]["illegal"]``; a text one goes through the invalid-action policy.

    ## Observation
    Per agent ``{"image": 436x440x3 uint8, "text": board in words from that player's side, whose turn it
    is, the opponent's last move and the legal columns, "action_mask": int8[7]}``; the mask is all
    zeros for the player who is not to move.

    ## Rewards
    +1 to the winner and -1 to the loser when four are lined up, 0 for both on a draw (full board).
    ``forfeit(agent, penalty)`` ends the game with ``penalty`` for ``agent`` and +1 for its opponent.

    ## Episode end
    Both agents are terminated on a win, a draw or a forfeit. There is no truncation (at most 42 moves).
    ``infos[agent]`` holds ``effective``, ``illegal`` and, at the end, ``result`` ("win"/"loss"/"draw").

    ## Arguments
    ``render_mode``: "rgb_array" (the spectator's image) or "ansi" (the board in text).

    ## Baselines
    200 games per pairing, seats swapped every other game, seeds 0-199: the scripted expert
    (``ConnectFourExpert``, alpha-beta depth 4, ~1-15 ms a move) beat the random agent 200-0-0;
    random vs random: the first mover (player_0) won 113, lost 86, drew 1.

    ## Version history
    v0: first release.

    >>> env = ConnectFourEnv()
    >>> env.reset(seed=0)
    >>> env.step(3)
    >>> obs = env.observe("player_1")
    >>> obs["image"].shape, obs["action_mask"].tolist()
    ((436, 440, 3), [1, 1, 1, 1, 1, 1, 1])
    >>> print(obs["text"].splitlines()[-1])
    It is your turn. Legal moves: column 1, column 2, column 3, column 4, column 5, column 6, column 7.
    """

    metadata = {
        "render_modes": ["rgb_array", "ansi"],
        "name": "omniarena_connect_four_v0",
        "is_parallelizable": False,
        "render_fps": 2,
    }

    def __init__(self, render_mode: str | None = None) -> None:
        super().__init__(ACTIONS, 2, IMAGE_SHAPE, render_mode=render_mode)
        self.game = rules.initial_state()
        self.forfeited = 0  # the piece of the player who forfeited, 0 if nobody
        self._mask, self._mask_version = rules.legal_columns(self.game.board), -1

    # --- TurnArena hooks ---------------------------------------------------------------------------
    def _new_game(self, options: dict[str, Any]) -> None:
        # The rules are deterministic; np_random serves the text layer's "random" policy.
        self.game = rules.initial_state()
        self.forfeited = 0

    def _apply(self, agent: str, action: Any) -> TurnOutcome:
        self.game = rules.play(self.game, int(action))
        if not self.game.done:
            return TurnOutcome()
        rewards, infos = self._results(winner=agent if self.game.winner else None)
        return TurnOutcome(rewards, terminated=True, infos=infos)

    def _forfeit_rewards(self, agent: str) -> dict[str, float]:
        self.forfeited = self.piece(agent)
        rewards, infos = self._results(winner=self._opponent(agent))
        for player, extra in infos.items():
            self.infos[player] = {**self.infos.get(player, {}), **extra}
        return rewards

    def action_mask(self, agent: str) -> np.ndarray:
        """1 for each column ``agent`` may play now (all zeros when it is not its turn)."""
        if not self._to_move(agent):
            return np.zeros(rules.COLUMNS, np.int8)
        if self._mask_version != self._version:  # read several times a move: compute once per position
            self._mask, self._mask_version = rules.legal_columns(self.game.board), self._version
        return self._mask.copy()

    def expert_state(self, agent: str) -> tuple[np.ndarray, int]:
        """A copy of the board (0 empty, 1 player_0, 2 player_1) and ``agent``'s piece."""
        return self.game.board.copy(), self.piece(agent)

    def _draw(self, agent: str | None) -> np.ndarray:
        return render(self.game, None if agent is None else self.piece(agent), self.forfeited)

    def _rules(self, agent: str) -> str:
        own, opponent = COLOR_NAMES[self.piece(agent)], COLOR_NAMES[3 - self.piece(agent)]
        return (
            f"Connect Four. You are {own} ({_SYMBOLS['own']}); your opponent is {opponent} ({_SYMBOLS['opponent']}). "
            "Players take turns dropping a disc into one of the 7 columns; it falls to the lowest empty cell. "
            "The first to line up four discs horizontally, vertically or diagonally wins."
        )

    def _state(self, agent: str) -> str:
        piece = self.piece(agent)
        text = [
            f"Board (top row first, columns numbered 1-7; {_SYMBOLS['own']} = yours, "
            f"{_SYMBOLS['opponent']} = opponent's, . = empty):",
            self._grid(piece, _SYMBOLS["own"], _SYMBOLS["opponent"]),
        ]
        if self.game.last is not None:
            who = "Your" if self.game.to_move != piece else "Your opponent's"
            # Not "last move: column 4": an echoed observation would read as the answer "column 4".
            text.append(f"{who} last disc went into column {self.game.last[1] + 1}.")
        return "\n".join(text)

    def _legal(self, agent: str) -> str:
        if self.game.done or self.forfeited:
            status = header_text(self.game, self.piece(agent), self.forfeited).split(": ", 1)[1]
            return f"Game over: {status}."
        mask = self.action_mask(agent)
        if not mask.any():
            return "It is your opponent's turn."
        legal = ", ".join(ACTIONS.format(c) for c in np.flatnonzero(mask))
        return f"It is your turn. Legal moves: {legal}."

    def render(self) -> np.ndarray | str | None:
        if self.render_mode == "ansi":
            return f"{header_text(self.game, None, self.forfeited)}\n{self._grid(1, 'R', 'Y')}"
        return super().render()

    # --- helpers -----------------------------------------------------------------------------------
    @property
    def board(self) -> np.ndarray:
        """The 6x7 board (row 0 at the top): 0 empty, 1 player_0, 2 player_1."""
        return self.game.board

    def piece(self, agent: str) -> int:
        """The board value of ``agent``'s discs (1 for player_0, 2 for player_1)."""
        return self.possible_agents.index(agent) + 1

    def _opponent(self, agent: str) -> str:
        return self.possible_agents[2 - self.piece(agent)]

    def _results(self, winner: str | None) -> tuple[dict[str, float], dict[str, dict[str, Any]]]:
        """Final rewards and ``result`` infos ("win"/"loss"/"draw") when ``winner`` (or nobody) wins."""
        rewards, infos = {}, {}
        for agent in self.possible_agents:
            result = "draw" if winner is None else "win" if agent == winner else "loss"
            rewards[agent] = {"draw": 0.0, "win": 1.0, "loss": -1.0}[result]
            infos[agent] = {"result": result}
        return rewards, infos

    def _grid(self, viewer: int, own: str, opponent: str) -> str:
        """The board as rows of symbols under the column numbers: ``own`` for ``viewer``'s discs."""
        symbols = {rules.EMPTY: _SYMBOLS["empty"], viewer: own, 3 - viewer: opponent}
        lines = [_COLUMN_NUMBERS]
        lines += [" ".join(symbols[v] for v in row) for row in self.game.board.tolist()]
        return "\n".join(lines)
