"""Who is the Spy (Vision-Zero's visual social-deduction game) as a PettingZoo AEC arena."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from omniarena.arenas.games.spy import render, rules
from omniarena.arenas.games.spy.actions import SpyActions
from omniarena.arenas.games.spy.scenes import ScenePair, make_source
from omniarena.core.observation import compose_text
from omniarena.core.turns import TurnArena, TurnOutcome

__all__ = ["WhoIsTheSpyEnv", "SpyView", "ROLES"]

ROLES = ("known", "hidden")
_MIN_PLAYERS, _MAX_PLAYERS = 3, 6


@dataclass(frozen=True)
class SpyView:
    """What one seat's scripted player may know (:meth:`WhoIsTheSpyEnv.expert_state`): nothing of the others' scenes.

    ``role`` is "spy"/"civilian" when the variant tells roles, else ``None``; ``facts`` the vocabulary
    statements true of the seat's own scene; ``clues`` every clue so far as (seat, statements it makes).
    """

    seat: int
    players: int
    role: str | None
    spies: int
    facts: frozenset[int]
    clues: tuple[tuple[int, frozenset[int]], ...]
    phase: str
    candidates: tuple[int, ...]
    abstain: bool


class WhoIsTheSpyEnv(TurnArena):
    """Who is the Spy: every player sees an image; the spy's differs in one detail. Clue, then vote.

    ## Description
    The game Vision-Zero (2025) trains vision-language models with, by self-play. ``players`` players
    (3-6), ``spies`` of them spies drawn from the seed. The civilians all see the same scene; each spy sees
    a copy that differs in one detail (an object's colour, shape, size or position or the number of
    objects; a chart's value, label or series colour; a region of your own image recoloured, blurred,
    removed or mirrored). In each of ``clue_rounds`` rounds every player in turn gives one clue about its
    image, seeing the clues given so far; then every player votes for the player it thinks is the spy.
    With ``roles="known"`` (Vision-Zero's default) each player is told its own role: the spy knows it is
    the spy, the civilians know they are civilians but not who the spy is; with ``roles="hidden"``
    nobody is told.

    ## Actions
    Text: ``clue: <free text>`` (at most ``clue_length`` characters), ``vote: N`` (N = 1..players, Player 1
    is ``player_0``) and, with ``abstain=True``, ``abstain``; see :mod:`.actions`. Native
    ``Discrete(V + players + 2)``: a clue from the scene source's fixed vocabulary of V attribute-value
    phrases, a vote, abstain and the free-text slot only text can fill. ``action_mask`` marks the legal
    ones (zeros for a player not to move); a vote for oneself is legal but penalised.

    ## Observation
    Per player ``{"image": its scene under a header naming it, "text", "action_mask"}``. The text holds the
    rules, its role (where told), the clues so far with who gave them, the phase and the legal reply
    forms, and (unless ``observe="image"``) the player's own scene in words: under ``observe="image"``
    the image is the only source of what the player sees. Votes are secret until everyone has voted.

    ## Rewards
    At the end, ``rewards="outcome"``: +1 to each civilian and -1 to each spy when a spy got the most
    votes, the reverse when the spies escape; ``rewards="votes"``: per-vote credit (see
    :func:`.rules.final_rewards`). Each vote for oneself costs ``self_vote_penalty``. Invalid text follows
    the invalid-action policy; a forfeit ends the game with the forfeit penalty for that player and 0
    for the others.

    ## Episode end
    After the vote (and the revote, ``ties="revote"``), or a forfeit. A tie eliminates nobody
    (``ties="none"``) or is revoted once among the tied players. ``infos[agent]`` holds ``difference``
    (the scene pair's ground truth) from the reset on and, at the end, ``role``, ``vote``, ``correct``,
    ``caught``, ``clue_agreement`` and ``game`` (every player's role, clues and votes): the signals
    Vision-Zero's training uses.

    ## Arguments
    ``players`` (3-6), ``spies`` (fewer than half), ``scenes`` ("shapes", "charts", "images"), ``images``
    (a folder of your pictures; implies ``scenes="images"``), ``difficulty`` ("easy", "medium", "hard"),
    ``changes`` (which attributes may differ), ``clue_rounds``, ``roles``, ``ties``, ``abstain``,
    ``rewards``, ``self_vote_penalty``, ``clue_length``, ``render_mode`` ("rgb_array": every player's
    scene with its clues, "ansi").

    ## Baselines
    Heuristic civilians (:class:`.bots.SpyHeuristic`) give the spy the most votes in 40% of default games
    (shapes, medium; 300 seeds) when the spy is the hiding heuristic, 37% when it states random true facts
    and 99% when it gives random clues (:class:`.bots.RandomSpy`); 46%/29% on easy/hard shapes and 37-42% on
    charts against the hiding spy. The full table is in :mod:`.bots`.

    ## Version history
    v0: first release.

    >>> env = WhoIsTheSpyEnv(players=4)
    >>> env.reset(seed=0)
    >>> env.step(env.action_set.clue("a red circle"))
    >>> obs = env.observe("player_1")
    >>> obs["image"].shape, int(obs["action_mask"].sum()) == len(env.source.vocabulary)
    ((268, 320, 3), True)
    >>> print([line for line in obs["text"].splitlines() if line.startswith("  Player 1")][0])
      Player 1: "a red circle"
    """

    metadata = {
        "render_modes": ["rgb_array", "ansi"],
        "name": "omniarena_who_is_the_spy_v0",
        "is_parallelizable": False,
        "render_fps": 1,
    }

    def __init__(
        self,
        players: int = 4,
        spies: int = 1,
        scenes: str = "shapes",
        images: str | Path | None = None,
        difficulty: str = "medium",
        changes: tuple[str, ...] | None = None,
        clue_rounds: int = 2,
        roles: str = "known",
        ties: str = "none",
        abstain: bool = False,
        rewards: str = "outcome",
        self_vote_penalty: float = 1.0,
        clue_length: int = 80,
        render_mode: str | None = None,
    ) -> None:
        if not _MIN_PLAYERS <= int(players) <= _MAX_PLAYERS:
            raise ValueError(f"players={players}; Who is the Spy takes {_MIN_PLAYERS} to {_MAX_PLAYERS} players")
        if not 1 <= int(spies) <= (int(players) - 1) // 2:
            raise ValueError(f"spies={spies}; with {players} players use 1 to {(int(players) - 1) // 2} spies")
        if int(clue_rounds) < 1:
            raise ValueError(f"clue_rounds={clue_rounds}; at least one clue round is needed")
        if roles not in ROLES:
            raise ValueError(f"roles={roles!r}; use 'known' (each player is told its role) or 'hidden'")
        if ties not in rules.TIES:
            raise ValueError(f"ties={ties!r}; use 'none' (a tie eliminates nobody) or 'revote'")
        if rewards not in rules.REWARDS:
            raise ValueError(f"rewards={rewards!r}; use 'outcome' (team win/loss) or 'votes' (per-vote credit)")
        if int(clue_length) < 8:
            raise ValueError(f"clue_length={clue_length}; allow at least 8 characters")
        self.source = make_source(scenes, difficulty, changes, images)
        self.n_players, self.n_spies = int(players), int(spies)
        self.clue_rounds, self.roles, self.ties = int(clue_rounds), roles, ties
        self.reward_scheme, self.self_vote_penalty = rewards, float(self_vote_penalty)
        height, width = self.source.image_shape
        super().__init__(
            SpyActions(self.source.vocabulary, self.n_players, int(clue_length), bool(abstain)),
            self.n_players,
            (render.HEADER + height, width),
            render_mode=render_mode,
        )
        self.action_set: SpyActions
        self.game = rules.new_game(self.n_players, (0,), self.clue_rounds, ties)
        self.pair: ScenePair | None = None
        self._views: dict[int, np.ndarray] = {}
        self._mask_cache: tuple[int, str, np.ndarray] | None = None

    # --- TurnArena hooks ---------------------------------------------------------------------------
    def _new_game(self, options: dict[str, Any]) -> None:
        spies = tuple(int(s) for s in self.np_random.choice(self.n_players, self.n_spies, replace=False))
        self.game = rules.new_game(self.n_players, spies, self.clue_rounds, self.ties)
        self.pair = self.source.generate(self.np_random)
        self._views = {}
        self._mask_cache = None
        for agent in self.possible_agents:
            self.infos[agent] = {"difference": dict(self.pair.difference)}

    def _apply(self, agent: str, action: Any) -> TurnOutcome:
        seat = self.seat(agent)
        kind, value = self.action_set.decode(action)
        if kind == "clue":
            rules.give_clue(self.game, seat, value)
        else:
            rules.cast_vote(self.game, seat, value)
        if not self.game.over:
            return TurnOutcome()
        rewards = rules.final_rewards(self.game, self.reward_scheme, self.self_vote_penalty)
        return TurnOutcome(
            {a: rewards[i] for i, a in enumerate(self.possible_agents)}, terminated=True, infos=self._results()
        )

    def _next_agent(self, agent: str) -> str:
        return self.possible_agents[self.game.to_move]

    def _forfeit_rewards(self, agent: str) -> dict[str, float]:
        self.game.forfeited, self.game.phase = self.seat(agent), "over"
        for player, extra in self._results().items():
            self.infos[player] = {**self.infos.get(player, {}), **extra}
        return {other: 0.0 for other in self.agents if other != agent}

    def action_mask(self, agent: str) -> np.ndarray:
        """Legal native actions of ``agent`` now: the clue vocabulary in a clue round, the candidates in a vote."""
        cached = self._mask_cache
        if cached is not None and cached[0] == self._version and cached[1] == agent:
            return cached[2].copy()
        mask = np.zeros(self.action_set.n, np.int8)
        if self._to_move(agent) and not self.game.over:
            if self.game.phase == "clue":
                mask[: self.action_set.first_vote] = 1
            else:
                mask[[self.action_set.first_vote + c for c in self.game.candidates]] = 1
                mask[self.action_set.abstain] = int(self.action_set.abstain_allowed)
        self._mask_cache = (self._version, agent, mask)
        return mask.copy()

    def expert_state(self, agent: str) -> SpyView:
        seat = self.seat(agent)
        return SpyView(
            seat=seat,
            players=self.n_players,
            role=self.role(seat) if self.roles == "known" else None,
            spies=self.n_spies,
            facts=self._scene(seat).facts,
            clues=tuple((s, self.statements(text)) for _, s, text in self.game.clues),
            phase=self.game.phase,
            candidates=self.game.candidates,
            abstain=self.action_set.abstain_allowed,
        )

    # --- observations --------------------------------------------------------------------------------
    def _draw(self, agent: str | None) -> np.ndarray:
        if agent is None:
            return self._table()
        seat = self.seat(agent)
        if seat not in self._views:
            told = self.role(seat) if self.roles == "known" else None
            self._views[seat] = render.view(self.source.draw(self._scene(seat)), seat + 1, told)
        return self._views[seat]

    def _text(self, agent: str, observe: str) -> str:
        # The clues are the game's history, not the player's scene: they stay under observe="image" too.
        return compose_text(self._rules(agent), self._state(agent), f"{self._history()}\n{self._legal(agent)}", observe)

    def _rules(self, agent: str) -> str:
        seat = self.seat(agent)
        n, spies = self.n_players, self.n_spies
        spy_words = "one player is the spy" if spies == 1 else f"{spies} players are spies"
        text = [
            f"Who is the Spy ({n} players, {self.source.name} scenes). You are Player {seat + 1}.",
            f"Every player sees an image; {spy_words}, whose image differs from the others' in one detail. "
            f"In each of {self.clue_rounds} clue round(s) every player in turn describes its own image in a few words; "
            "then every player votes for the player it thinks is the spy (votes stay secret until all have voted). "
            "The civilians win if a spy gets the most votes; the spies win if they escape. "
            + (
                "A tie is voted again among the tied players. "
                if self.ties == "revote"
                else "A tie eliminates nobody. "
            )
            + "Voting for yourself is penalised.",
        ]
        if self.roles == "known":
            if self.role(seat) == "spy":
                text.append(
                    "Your role: you are the SPY. Your image differs from the civilians' in one detail; blend in."
                )
            else:
                text.append(
                    "Your role: you are a civilian. Find the spy, whose image differs from yours in one detail."
                )
        else:
            text.append("Roles are secret: you are not told whether you are a civilian or the spy.")
        return "\n".join(text)

    def _state(self, agent: str) -> str:
        return f"What your image shows: {self._scene(self.seat(agent)).description}"

    def _history(self) -> str:
        if not self.game.clues:
            return "No clues yet."
        lines = ["Clues so far:"]
        for round_index in range(self.game.round + 1):
            said = [(s, t) for r, s, t in self.game.clues if r == round_index]
            if said:
                lines.append(f" Round {round_index + 1}:")
                lines += [f'  Player {s + 1}: "{t}"' for s, t in said]
        return "\n".join(lines)

    def _legal(self, agent: str) -> str:
        game = self.game
        if game.over:
            return self._outcome_text(self.seat(agent))
        mover = f"Player {game.to_move + 1}"
        if not self._to_move(agent):
            doing = "give a clue" if game.phase == "clue" else "vote"
            return f"Waiting for {mover} to {doing}."
        if game.phase == "clue":
            return (
                f"Clue round {game.round + 1} of {self.clue_rounds}: it is your turn to describe your image in a few words "
                f'(at most {self.action_set.clue_length} characters), e.g. "clue: a large red circle" or "clue: 3 objects".'
            )
        forms = [self.action_set.format(self.action_set.first_vote + c) for c in game.candidates]
        if self.action_set.abstain_allowed:
            forms.append("abstain")
        which = "Revote among the tied players" if game.phase == "revote" else "The vote"
        return f"{which}: it is your turn to name the spy. Legal replies: {', '.join(forms)}."

    def _outcome_text(self, seat: int) -> str:
        game = self.game
        if game.forfeited is not None:
            return f"Game over: Player {game.forfeited + 1} forfeited."
        spies = ", ".join(f"Player {s + 1}" for s in game.spies)
        counts = rules.votes_received(game)
        tally = ", ".join(f"Player {s + 1}: {counts[s]}" for s in range(self.n_players))
        out = (
            f"Player {game.eliminated + 1} got the most votes"
            if game.eliminated is not None
            else "Nobody was eliminated (tie)"
        )
        verdict = "the civilians win" if game.caught else "the spies win" if self.n_spies > 1 else "the spy wins"
        were = "the spy was" if self.n_spies == 1 else "the spies were"
        return f"Game over. Votes received: {tally}. {out}; {were} {spies}: {verdict}."

    def render(self) -> np.ndarray | str | None:
        if self.render_mode == "ansi":
            return f"{self._history()}\n{self._legal(self.agent_selection) if self.game.over else ''}".strip()
        return super().render()

    # --- helpers ---------------------------------------------------------------------------------------
    def seat(self, agent: str) -> int:
        return self.possible_agents.index(agent)

    def role(self, seat: int) -> str:
        return "spy" if seat in self.game.spies else "civilian"

    def statements(self, clue: str) -> frozenset[int]:
        """The vocabulary statements a clue makes (exact phrase, else the phrases it mentions)."""
        index = self.source.vocabulary.lookup(clue)
        return frozenset((index,)) if index is not None else self.source.vocabulary.mentions(clue)

    def _scene(self, seat: int) -> Any:
        if self.pair is None:
            raise RuntimeError("no game in progress: call reset() first")
        return self.pair.spy if seat in self.game.spies else self.pair.civilian

    def _table(self) -> np.ndarray:
        game = self.game
        scenes = [self.source.draw(self._scene(s)) for s in range(self.n_players)]
        clues = [[t for _, s, t in game.clues if s == seat] for seat in range(self.n_players)]
        final = game.final_votes() if game.over else {}
        votes = [
            ("" if seat not in final else "abstained" if final[seat] is None else f"voted for Player {final[seat] + 1}")
            for seat in range(self.n_players)
        ]
        roles = [self.role(s) for s in range(self.n_players)]
        status = (
            self._outcome_text(0) if game.over else f"Clue round {game.round + 1}" if game.phase == "clue" else "Voting"
        )
        return render.table(scenes, clues, votes, roles, status.replace("Game over. ", ""), 2 * self.clue_rounds)

    def _agreement(self, seat: int) -> dict[str, Any]:
        """How a player's clues relate to the scenes: true of its own scene, and telling the difference."""
        assert self.pair is not None
        own = self._scene(seat).facts
        telling = self.pair.telling
        said = [self.statements(t) for _, s, t in self.game.clues if s == seat]
        judged = [st for st in said if st]
        return {
            "clues": len(said),
            "judged": len(judged),  # clues that make at least one vocabulary statement
            "true": (sum(len(st & own) / len(st) for st in judged) / len(judged)) if judged else None,
            "difference": (sum(bool(st & telling) for st in judged) / len(judged)) if judged else None,
        }

    def _results(self) -> dict[str, dict[str, Any]]:
        """End-of-game infos: per-player role, vote, correctness, clue agreement, and the whole game."""
        game = self.game
        final = game.final_votes()
        counts = rules.votes_received(game)
        record = {
            "spies": [self.possible_agents[s] for s in game.spies],
            "eliminated": None if game.eliminated is None else self.possible_agents[game.eliminated],
            "caught": game.caught,
            "forfeited": None if game.forfeited is None else self.possible_agents[game.forfeited],
            "clues": [{"round": r + 1, "player": self.possible_agents[s], "text": t} for r, s, t in game.clues],
            "ballots": [
                {self.possible_agents[k]: None if v is None else self.possible_agents[v] for k, v in b.items()}
                for b in game.ballots
            ],
            "difference": dict(self.pair.difference) if self.pair else {},
        }
        infos = {}
        for seat, agent in enumerate(self.possible_agents):
            spy = seat in game.spies
            vote = final.get(seat)
            correct = (not game.caught) if spy else (vote is not None and vote in game.spies)
            won = game.forfeited is None and (game.caught != spy)
            infos[agent] = {
                "role": "spy" if spy else "civilian",
                "vote": None if vote is None else self.possible_agents[vote],
                "votes_received": int(counts[seat]),
                "self_vote": any(b.get(seat) == seat for b in game.ballots),
                "correct": bool(correct),
                "caught": game.caught,
                "result": "forfeit" if game.forfeited is not None else "win" if won else "loss",
                "success": won,
                "clue_agreement": self._agreement(seat),
                "game": record,
            }
        return infos
