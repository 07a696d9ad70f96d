"""BALROG's BabyAI tasks as minigrid levels: one 8x8 room, 8 distractors, one kind of instruction.

BALROG draws BabyAI-Text's ``MixedTrainLocal`` level until its instruction has the wanted kind; this
builds the kind directly (same room, same distractors), so a reset is one generation. "open" has two
rooms joined by a closed door, since a single room has none.
"""

from __future__ import annotations

from typing import Any

try:  # the [babyai] extra; without it this module still imports (env.py names the extra to install)
    from minigrid.envs.babyai.core.roomgrid_level import RoomGridLevel
    from minigrid.envs.babyai.core.verifier import BeforeInstr, GoToInstr, ObjDesc, OpenInstr, PickupInstr, PutNextInstr
except ImportError:  # pragma: no cover - exercised only without minigrid
    RoomGridLevel = object  # type: ignore[assignment,misc]

__all__ = ["BalrogLocal", "TASKS"]

TASKS = ("goto", "pickup", "open", "putnext", "pick_up_seq_go_to")


class BalrogLocal(RoomGridLevel):
    """An 8x8 room with ``num_dists`` objects and one instruction of kind ``task`` (see :data:`TASKS`)."""

    def __init__(self, task: str, num_dists: int = 8, **kwargs: Any) -> None:
        if task not in TASKS:
            raise ValueError(f"task={task!r}; use one of {', '.join(TASKS)}")
        self.task = task
        self.num_dists = int(num_dists)
        super().__init__(room_size=8, num_rows=1, num_cols=2 if task == "open" else 1, **kwargs)

    def gen_mission(self) -> None:
        if self.task == "open":
            door, _ = self.add_door(0, 0, door_idx=0, locked=False)
            self.add_distractors(0, 0, num_distractors=self.num_dists, all_unique=False)
            self.place_agent(0, 0)
            self.instrs = OpenInstr(ObjDesc("door", door.color))
            return
        objs = self.add_distractors(0, 0, num_distractors=self.num_dists, all_unique=False)
        self.place_agent(0, 0)
        self.check_objs_reachable()
        first = self._rand_elem(objs)
        others = [o for o in objs if (o.type, o.color) != (first.type, first.color)] or objs
        second = self._rand_elem(others)
        a, b = ObjDesc(first.type, first.color), ObjDesc(second.type, second.color)
        if self.task == "goto":
            self.instrs = GoToInstr(a)
        elif self.task == "pickup":
            self.instrs = PickupInstr(a)
        elif self.task == "putnext":
            self.instrs = PutNextInstr(a, b)
        else:
            self.instrs = BeforeInstr(PickupInstr(a), GoToInstr(b))
