"""``PolicyAgent``: a trained pixel policy as an agent, the spec ``policy:<checkpoint>`` everywhere.

It keeps its own frame stack (the same :class:`~omniarena.wrappers.pixels.Preprocess` as training, read
from the checkpoint), samples its action from the policy with its own seeded generator (or takes the most
likely one with ``deterministic=True``) and, like every native agent, formats it as text in text mode.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import torch

from omniarena.agents.base import AgentSpecError
from omniarena.core.agent import NativeAgent
from omniarena.wrappers.pixels import FrameStack

__all__ = ["PolicyAgent"]


class PolicyAgent(NativeAgent):
    """Plays a checkpoint written by ``omniarena train`` (:func:`omniarena.agents.pixel.network.save`)."""

    name = "policy"

    def __init__(
        self,
        env: Any,
        *,
        seed: int | None = None,
        player: str | None = None,
        path: str = "",
        deterministic: bool = False,
    ) -> None:
        super().__init__(env, seed=seed, player=player)
        from omniarena.agents.pixel import network

        if not path or not Path(path).is_file():
            raise AgentSpecError(f"policy:{path}: no checkpoint file there; train one with `omniarena train`")
        self.path = str(path)
        self.model, self.preprocess, self.meta = network.load(path)
        space = env.action_space(player) if player is not None else env.action_space
        if not self.text and network.action_dims(space) != self.model.dims:
            raise AgentSpecError(
                f"policy:{path} was trained on {self.meta.get('arena')} (actions {self.model.dims}); "
                f"this arena's native actions are {space}"
            )
        self.deterministic = bool(deterministic)
        self.stack = FrameStack(self.preprocess)
        self.generator = torch.Generator().manual_seed(int(seed or 0))

    def reset(self) -> None:
        self.stack.clear()

    def choose(self, observation: dict[str, Any]) -> Any:
        frames = self.stack.push(observation["image"])
        with torch.no_grad():
            logits = self.model.actor(self.model.features(torch.as_tensor(frames[None])))[0]
        parts = torch.split(logits, self.model.dims)
        if self.deterministic:
            picks = [int(part.argmax()) for part in parts]
        else:
            picks = [int(torch.multinomial(part.softmax(-1), 1, generator=self.generator)) for part in parts]
        return picks[0] if len(picks) == 1 else np.array(picks, dtype=np.int64)
