"""A complete Shisen-sho solver: commit to pairings, play safe moves greedily, branch only on pairings.

Removing tiles only empties cells, so it never breaks a path. Two consequences make the search small:

- Once every kind's tiles are split into the pairs that will be removed together, the order does
  not matter: any pair that connects can be removed at once without spoiling anything. Whether a
  board is solvable is therefore a question about *pairings* only.
- A kind whose tiles can all be removed right now, one pair after the other (the last two tiles of a
  kind, or four tiles that pair up into two pairs connecting in turn), can be removed without
  losing any solution: the other moves of a solution still connect on the emptier board.

So the search plays such *safe* moves greedily and, when none is left, picks one kind that has a
connecting pair and branches on the partner of its first tile (three choices for four tiles),
committing that pair by giving it a label of its own. Boards proved dead are remembered.
"""

from __future__ import annotations

import numpy as np

from omniarena.arenas.games.shisen.rules import EMPTY, Paths, same_kind_pairs, stack_pairs

__all__ = ["NODE_LIMIT", "solve"]

NODE_LIMIT = 400  # generated deals need at most ~30 branchings (12x12, 150 seeds); bad boards stop early
Move = tuple[int, int]


class _GiveUp(Exception):
    """The node budget ran out (seen only on boards that bad play made unsolvable)."""


class _Search:
    """Search state shared by the recursion: candidate pairs, the node count, the dead boards."""

    def __init__(self, board: np.ndarray, node_limit: int) -> None:
        self.cols = cols = board.shape[1]
        self.first, self.second = same_kind_pairs(board)
        self.pairs = stack_pairs(
            self.first // cols + 1, self.first % cols + 1, self.second // cols + 1, self.second % cols + 1
        )
        self.dead: set[bytes] = set()
        self.nodes = 0
        self.node_limit = node_limit

    def _open(self, labels: np.ndarray, paths: Paths) -> list[Move]:
        """Pairs of tiles with equal labels that connect now."""
        flat = labels.reshape(-1)
        a, b = flat[self.first], flat[self.second]
        keep = (a != EMPTY) & (a == b) & paths.joined(self.pairs).any(axis=(0, 2))
        return list(zip(self.first[keep].tolist(), self.second[keep].tolist(), strict=True))

    def _deadlocked(self, labels: np.ndarray, pair: Move) -> bool:
        """Whether ``pair`` (the last two tiles of its label) and another such pair block each other for good.

        Each of the two would need the other removed first: neither connects on a board that holds
        only the four of them (as in "A B / B A" on a 2x2 square). Only pairs with a tile inside
        ``pair``'s bounding box can block both of its one-turn routes, so only those are tested.
        """
        flat = labels.reshape(-1)
        cols = self.cols
        (r1, c1), (r2, c2) = divmod(pair[0], cols), divmod(pair[1], cols)
        if r1 == r2 or c1 == c2:
            return False  # a straight pair always has a way round through the outer ring
        top, bottom, left, right = min(r1, r2), max(r1, r2), min(c1, c2), max(c1, c2)
        box = labels[top : bottom + 1, left : right + 1]
        own = flat[pair[0]]
        counts = np.bincount(flat, minlength=int(flat.max()) + 1)
        for other in np.unique(box).tolist():
            if other in (EMPTY, own) or counts[other] != 2:
                continue
            cells = np.flatnonzero(flat == other).tolist()
            alone = np.zeros_like(labels)
            alone.flat[list(pair)] = 1
            alone.flat[cells] = 2
            rows, columns = np.divmod(np.array([pair, cells]), cols)
            joined = Paths.of_board(alone).connected(
                rows[:, 0] + 1, columns[:, 0] + 1, rows[:, 1] + 1, columns[:, 1] + 1
            )
            if not joined.any():
                return True
        return False

    @staticmethod
    def _safe(labels: np.ndarray, pairs: list[Move]) -> list[Move]:
        """Safe moves among the open ``pairs``, in an order in which they can be played."""
        if not pairs:
            return []
        flat = labels.reshape(-1).tolist()
        tiles: dict[int, list[int]] = {}
        for cell, label in enumerate(flat):
            if label:
                tiles.setdefault(label, []).append(cell)
        by_label: dict[int, list[Move]] = {}
        for pair in pairs:
            by_label.setdefault(flat[pair[0]], []).append(pair)
        safe: list[Move] = []
        for label, options in by_label.items():
            own = tiles[label]
            if len(own) == 2:
                safe.append(options[0])
            elif len(own) == 4:
                for pair in options:
                    rest = tuple(cell for cell in own if cell not in pair)
                    if rest in options:
                        safe.extend((pair, rest))
                        break
        return safe

    def run(self, labels: np.ndarray, paths: Paths) -> list[Move] | None:
        """A removal order clearing ``labels``, or None; ``labels`` and ``paths`` (its path rule) change in place."""
        moves: list[Move] = []
        cols = self.cols
        while True:
            pairs = self._open(labels, paths)
            safe = self._safe(labels, pairs)
            if not safe:
                break
            for cell in (cell for pair in safe for cell in pair):
                labels.flat[cell] = EMPTY
                paths.remove(cell // cols + 1, cell % cols + 1)
            moves.extend(safe)
        if not labels.any():
            return moves
        if not pairs:
            return None
        key = labels.tobytes()
        if key in self.dead:
            return None
        self.nodes += 1
        if self.nodes > self.node_limit:
            raise _GiveUp
        rest = self._branch(labels, paths, pairs)
        if rest is None:
            self.dead.add(key)
            return None
        return moves + rest

    def _branch(self, labels: np.ndarray, paths: Paths, pairs: list[Move]) -> list[Move] | None:
        """Commit the partner of the first tile of one kind that has an open pair; try each partner."""
        flat = labels.reshape(-1)
        label = int(flat[pairs[0][0]])
        tiles = np.flatnonzero(flat == label).tolist()
        head, others = tiles[0], tiles[1:]
        open_set = set(pairs)

        def progress(partner: int) -> int:
            rest = tuple(t for t in others if t != partner)
            return -((head, partner) in open_set) - (len(rest) == 2 and rest in open_set)

        fresh = int(flat.max()) + 1
        for partner in sorted(others, key=progress):
            child = labels.copy()
            child.flat[[head, partner]] = fresh
            rest = [t for t in others if t != partner]
            if self._deadlocked(child, (head, partner)) or (len(rest) == 2 and self._deadlocked(child, tuple(rest))):
                continue
            found = self.run(child, paths.copy())
            if found is not None:
                return found
        return None


def solve(board: np.ndarray, node_limit: int = NODE_LIMIT) -> list[Move] | None:
    """A removal order (pairs of flat cell indices) that clears ``board``, or None if there is none.

    None also when the search branches more than ``node_limit`` times without an answer.
    """
    labels = board.astype(np.int16)  # committed pairs get labels above the tile kinds
    try:
        return _Search(board, node_limit).run(labels, Paths.of_board(board))
    except _GiveUp:
        return None
