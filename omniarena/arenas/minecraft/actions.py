"""Minecraft actions: MineRL 1.0's native ``Dict`` and a two-level text grammar lowered to it.

**Native**: MineRL 1.0's keys, with its meanings and sign conventions: ``forward back left right jump
sneak sprint attack use drop inventory ESC pickItem swapHands hotbar.1 .. hotbar.9`` (``Discrete(2)``
each) and ``camera`` = ``[pitch, yaw]`` degrees (``Box(-180, 180, (2,), float32)``; positive pitch
looks down, positive yaw turns right). With ``skills=True`` (the default) the space also holds four
keys of omniarena's: ``ticks`` (how many 50 ms game ticks the buttons are held, 1..40), ``skill`` (0
none, else one of :data:`SKILLS`), ``item`` (the skill's target, an index into :data:`NAMES`) and
``count``. A plain MineRL dict without them is accepted too (held for ``ticks_per_step`` ticks).

**Text** (one reply = one action):

- Low level, any of these at once (they are held together): ``forward`` ``back`` ``left`` ``right``
  ``jump`` ``sneak`` ``sprint`` ``attack`` ``use`` ``drop`` ``inventory``, ``camera PITCH YAW``,
  ``hotbar K``, ``noop``; a number after a button (``forward 5``) or ``ticks N`` says how many ticks to
  hold, e.g. ``forward, jump, ticks 10`` or ``camera -10 30``. At most 20 commands per reply.
- Skills, one per reply, run by mineflayer and its pathfinder: ``mine oak_log 3``,
  ``craft wooden_pickaxe``, ``place crafting_table``, ``approach cow``, ``attack cow``,
  ``equip stone_pickaxe``.

>>> actions = MinecraftActions()
>>> a = actions.parse("<answer>forward, jump, camera -10 30, ticks 5</answer>").action
>>> int(a["forward"]), int(a["jump"]), a["camera"].tolist(), int(a["ticks"])
(1, 1, [-10.0, 30.0], 5)
>>> actions.format(actions.parse("I will mine oak_log 3.").action)
'mine oak_log 3'
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from gymnasium import spaces

from omniarena.core.actions import ANSWER_FORMAT, NO_TAG, ActionSet, ParseResult, excerpt

__all__ = ["BUTTONS", "MINERL_KEYS", "MinecraftActions", "NAMES", "SKILLS", "minerl_space", "noop_action"]

# MineRL 1.0's buttons, in its action space's order (camera apart).
BUTTONS = (
    "ESC",
    "attack",
    "back",
    "drop",
    "forward",
    *(f"hotbar.{k}" for k in range(1, 10)),
    "inventory",
    "jump",
    "left",
    "pickItem",
    "right",
    "sneak",
    "sprint",
    "swapHands",
    "use",
)
MINERL_KEYS = (*BUTTONS, "camera")
HELD = ("forward", "back", "left", "right", "jump", "sneak", "sprint", "attack", "use", "drop", "inventory")
TEXT_ONLY_BUTTONS = {"esc": "ESC", "pickitem": "pickItem", "swaphands": "swapHands"}
SKILLS = ("mine", "craft", "place", "approach", "attack", "equip")
COUNTED = {"mine", "craft"}
MAX_TICKS = 40
MAX_COUNT = 64
MAX_COMMANDS = 20  # every button, camera, hotbar and ticks fit in one reply
DEFAULT_TEXT_TICKS = 10


@cache
def _names() -> tuple[str, ...]:
    data = json.loads((Path(__file__).parent / "data" / "names.json").read_text())
    return tuple(data["names"])


NAMES = _names()
_NAME_INDEX = {name: i for i, name in enumerate(NAMES)}


def minerl_space() -> spaces.Dict:
    """MineRL 1.0's action space (without omniarena's keys)."""
    members: dict[str, spaces.Space] = {key: spaces.Discrete(2) for key in BUTTONS}
    members["camera"] = spaces.Box(-180.0, 180.0, (2,), np.float32)
    return spaces.Dict(members)


def noop_action(extended: bool = True) -> dict[str, Any]:
    """MineRL's no-op: every button 0, camera [0, 0] (plus omniarena's keys when ``extended``)."""
    action: dict[str, Any] = {key: 0 for key in BUTTONS}
    action["camera"] = np.zeros(2, np.float32)
    if extended:
        action.update(ticks=1, skill=0, item=0, count=1)
    return action


_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?"
_COMMAND = re.compile(
    rf"""^(?:
        (?P<camera>camera)\s+(?P<pitch>{_NUMBER})\s*[ ,]\s*(?P<yaw>{_NUMBER})
      | (?P<hotbar>hotbar)\s*\.?\s*(?P<slot>\d+)
      | (?P<ticks>ticks)\s+(?P<n>\d+)
      | (?P<skill>mine|craft|place|approach|attack|equip)\s+(?P<target>[a-z][a-z0-9_]*)(?:\s+(?P<count>\d+))?
      | (?P<button>{"|".join(HELD)}|noop|esc|pickitem|swaphands)(?:\s+(?P<hold>\d+))?
    )$""",
    re.VERBOSE,
)
_LEAD = re.compile(rf"\b(?:camera|hotbar|ticks|{'|'.join(SKILLS)}|{'|'.join(HELD)}|noop)\b")


class MinecraftActions(ActionSet):
    """MineRL's native dict (plus omniarena's ``ticks``/``skill`` keys) and the text grammar above."""

    def __init__(
        self,
        skills: bool = True,
        ticks_per_step: int = 1,
        text_ticks: int = DEFAULT_TEXT_TICKS,
        ticks_key: bool | None = None,
    ) -> None:
        if not 1 <= ticks_per_step <= MAX_TICKS or not 1 <= text_ticks <= MAX_TICKS:
            raise ValueError(f"ticks_per_step and text_ticks must be 1..{MAX_TICKS}")
        self.skills = bool(skills)
        # ``ticks`` in the native space: with the skills, or alone (the MineRL adapter repeats an action).
        self.ticks_key = self.skills if ticks_key is None else bool(ticks_key)
        self.ticks_per_step = int(ticks_per_step)
        self.text_ticks = int(text_ticks)
        self._space = self.native_space()

    # --- spaces and legality ----------------------------------------------------------------------
    def native_space(self) -> spaces.Dict:
        space = minerl_space()
        if self.ticks_key:
            space.spaces["ticks"] = spaces.Discrete(MAX_TICKS, start=1)
        if self.skills:
            space.spaces["skill"] = spaces.Discrete(len(SKILLS) + 1)
            space.spaces["item"] = spaces.Discrete(len(NAMES))
            space.spaces["count"] = spaces.Discrete(MAX_COUNT, start=1)
        return space

    def complete(self, action: Mapping[str, Any]) -> dict[str, Any]:
        """``action`` with omniarena's keys filled in when a plain MineRL dict left them out."""
        full = dict(action)
        if self.ticks_key:
            full.setdefault("ticks", self.ticks_per_step)
        if self.skills:
            full.setdefault("skill", 0)
            full.setdefault("item", 0)
            full.setdefault("count", 1)
        return full

    def illegal_reason(self, action: Any, mask: Any = None) -> str | None:
        if not isinstance(action, Mapping):
            return f"a Minecraft action is a dict with MineRL's keys ({', '.join(MINERL_KEYS)}), got {type(action).__name__}"
        full = self.complete(action)
        extra = set(full) - set(self._space.spaces)
        missing = set(self._space.spaces) - set(full)
        if extra or missing:
            return f"action keys differ from the space: missing {sorted(missing)}, unknown {sorted(extra)}"
        for key, space in self._space.spaces.items():
            value = full[key]
            if key == "camera":
                value = np.asarray(value, dtype=np.float32)
            if not space.contains(value):
                return f"{key}={full[key]!r} is not in {space}"
        return None

    def is_legal(self, action: Any, mask: Any = None) -> bool:
        return self.illegal_reason(action, mask) is None

    def sample_legal(self, rng: np.random.Generator, mask: Any = None) -> dict[str, Any]:
        """A random low-level action: a few held buttons, a small camera turn, 1..5 ticks."""
        action = self._noop()
        for key in rng.choice(HELD[:8], size=int(rng.integers(0, 3)), replace=False):
            action[str(key)] = 1
        action["camera"] = np.round(rng.uniform(-15, 15, 2)).astype(np.float32)
        if self.ticks_key:
            action["ticks"] = int(rng.integers(1, 6))
        return action

    def _noop(self) -> dict[str, Any]:
        action = noop_action(extended=False)
        if self.ticks_key:
            action["ticks"] = 1
        if self.skills:
            action.update(skill=0, item=0, count=1)
        return action

    # --- text -------------------------------------------------------------------------------------
    def describe(self) -> str:
        lines = [
            "Actions (one reply is one action):",
            "- low level, held together for some game ticks (20 ticks = 1 second): forward, back, left, right, "
            "jump, sneak, sprint, attack (hit or dig what the crosshair is on), use (place the held block, eat), "
            "drop, hotbar K (select slot K, 1-9), camera PITCH YAW (degrees; positive pitch looks down, "
            "positive yaw turns right), noop; give the ticks with a number after a button or with 'ticks N' "
            f"(default {self.text_ticks}, at most {MAX_TICKS}), e.g. 'forward 10' or 'forward, jump, ticks 8'",
        ]
        if self.skills:
            lines.append(
                "- skills (one per reply): mine BLOCK [N] (walk to and dig N blocks, picking up the drops), "
                "craft ITEM [N] (N times; a 3x3 recipe needs a crafting table within reach), place BLOCK "
                "(on the ground in front), approach NAME (walk to the nearest mob or block of that name), "
                "attack NAME (hit the nearest such mob until it dies), equip ITEM (hold it), "
                "e.g. 'mine oak_log 3' or 'craft wooden_pickaxe'"
            )
        lines.append(f"Separate commands with commas; at most {MAX_COMMANDS}.")
        lines.append(ANSWER_FORMAT.format(example="forward 10"))
        return "\n".join(lines)

    def format(self, action: Any) -> str:
        reason = self.illegal_reason(action)
        if reason is not None:
            raise ValueError(reason)
        full = self.complete(action)
        if self.skills and int(full["skill"]):
            skill = SKILLS[int(full["skill"]) - 1]
            text = f"{skill} {NAMES[int(full['item'])]}"
            return f"{text} {int(full['count'])}" if skill in COUNTED else text
        parts = [key for key in HELD if int(full[key])]
        parts += [word for word, key in TEXT_ONLY_BUTTONS.items() if int(full[key])]
        pitch, yaw = (float(v) for v in np.asarray(full["camera"], dtype=np.float32))
        if pitch or yaw:
            parts.append(f"camera {_number(pitch)} {_number(yaw)}")
        slots = [k for k in range(1, 10) if int(full[f"hotbar.{k}"])]
        if slots:
            parts.append(f"hotbar {slots[0]}")
        if not parts:
            parts.append("noop")
        if self.ticks_key:
            parts.append(f"ticks {int(full['ticks'])}")
        return ", ".join(parts)

    def _parse(self, text: str, answer_format: str = "any") -> ParseResult:
        extracted = self.extract(text, answer_format)
        span, rule = extracted.text, extracted.source
        if rule == "none":
            return ParseResult(None, False, f"{NO_TAG}; expected e.g. <answer>forward 10</answer>", text, "", rule)
        body = span.strip().strip("`").strip()
        if len(body) > 2000:
            return ParseResult(None, False, "the answer is too long for one action", text, span, rule)
        action, error = self._read(body)
        if action is None and rule == "whole":
            lead = _LEAD.search(body.lower())  # prose before the commands ("I'll go forward 5.")
            if lead is not None and lead.start() > 0:
                action, _ = self._read(body[lead.start() :])
        if action is None:
            return ParseResult(None, False, error, text, span, rule)
        return ParseResult(action, True, None, text, span, rule)

    def _read(self, body: str) -> tuple[dict[str, Any] | None, str]:
        """The action of a whole command list, or ``(None, why)``."""
        chunks = [c.strip() for c in re.split(r"[,;\n]+", body.lower().rstrip(".!").strip()) if c.strip()]
        if not chunks:
            return None, "empty reply: no action given; expected e.g. forward 10"
        if len(chunks) > MAX_COMMANDS:
            return None, f"{len(chunks)} commands in one reply; at most {MAX_COMMANDS}"
        action = self._noop()
        ticks: int | None = None
        skill_seen = low_seen = False
        for chunk in chunks:
            match = _COMMAND.match(" ".join(chunk.split()))
            if match is None:
                return (
                    None,
                    f"'{excerpt(chunk)}' is not a command; expected e.g. forward 10, camera -10 30, mine oak_log 3",
                )
            if match["skill"] and not (match["skill"] == "attack" and match["target"].isdigit()):
                if not self.skills:
                    return None, "skills are off in this variant (skills=False): use low-level commands"
                target = match["target"]
                if target not in _NAME_INDEX:
                    return None, f"unknown block, item or mob '{excerpt(target, 30)}' (Minecraft ids such as oak_log)"
                count = int(match["count"] or 1)
                if not 1 <= count <= MAX_COUNT:
                    return None, f"count must be 1..{MAX_COUNT}, got {count}"
                if skill_seen or low_seen:
                    return None, "a skill must be the only command of its reply"
                skill_seen = True
                action.update(skill=SKILLS.index(match["skill"]) + 1, item=_NAME_INDEX[target], count=count)
                continue
            if skill_seen:
                return None, "a skill must be the only command of its reply"
            low_seen = True
            if match["camera"]:
                pitch, yaw = float(match["pitch"]), float(match["yaw"])
                if not (-180 <= pitch <= 180 and -180 <= yaw <= 180):
                    return None, f"camera angles must be in -180..180 degrees, got {pitch} {yaw}"
                action["camera"] = np.asarray(action["camera"] + np.array([pitch, yaw]), dtype=np.float32).clip(
                    -180, 180
                )
            elif match["hotbar"]:
                slot = int(match["slot"])
                if not 1 <= slot <= 9:
                    return None, f"hotbar slots are 1..9, got {slot}"
                action[f"hotbar.{slot}"] = 1
            else:
                held = match["n"] if match["ticks"] else match["hold"]
                if held is not None:
                    n = int(held)
                    if not 1 <= n <= MAX_TICKS:
                        return None, f"ticks must be 1..{MAX_TICKS}, got {n}"
                    ticks = max(ticks or 0, n)
                word = match["button"]
                if word and word != "noop":
                    action[TEXT_ONLY_BUTTONS.get(word, word)] = 1
        if self.ticks_key and not skill_seen:
            action["ticks"] = ticks or self.text_ticks
        elif not self.ticks_key and ticks is not None and ticks != self.ticks_per_step:
            return None, f"this variant holds every action for {self.ticks_per_step} ticks (no ticks key)"
        return action, ""


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))
