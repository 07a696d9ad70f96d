"""The actor-critic: a small CNN encoder over stacked frames, a policy head per action dimension, a value head.

Native spaces ``Discrete(n)`` and ``MultiDiscrete(nvec)`` are supported (one categorical per dimension);
:func:`action_dims` says what else is not, with the fix. Checkpoints (:func:`save`, :func:`load`) hold only
tensors and plain data, and load with ``torch.load(weights_only=True)``: no pickled code runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gymnasium as gym
import numpy as np
import torch
from torch import nn
from torch.distributions import Categorical

from omniarena.wrappers.pixels import Preprocess

__all__ = ["ActorCritic", "action_dims", "save", "load", "CHECKPOINT_VERSION"]

CHECKPOINT_VERSION = 1


def action_dims(space: gym.Space) -> list[int]:
    """The sizes of the categorical choices that make up one action of ``space``."""
    if isinstance(space, gym.spaces.Discrete):
        return [int(space.n)]
    if isinstance(space, gym.spaces.MultiDiscrete) and space.nvec.ndim == 1:
        return [int(n) for n in space.nvec]
    raise ValueError(
        f"the pixel agents play Discrete or MultiDiscrete native actions, not {space}; "
        "pick an arena variant with named moves (e.g. omniarena/FightLadder-v0, omniarena/Breakout-v0)"
    )


def _layer(layer: nn.Module, std: float = float(np.sqrt(2))) -> nn.Module:
    nn.init.orthogonal_(layer.weight, std)  # type: ignore[arg-type]
    nn.init.constant_(layer.bias, 0.0)  # type: ignore[arg-type]
    return layer


class ActorCritic(nn.Module):
    """CNN encoder (three conv layers, Nature-DQN shaped but smaller) shared by the policy and value heads."""

    def __init__(self, obs_shape: tuple[int, int, int], dims: list[int], width: int = 256) -> None:
        super().__init__()
        self.obs_shape = tuple(int(v) for v in obs_shape)
        self.dims = [int(d) for d in dims]
        channels = self.obs_shape[0]
        self.encoder = nn.Sequential(
            _layer(nn.Conv2d(channels, 16, 8, stride=4)),
            nn.ReLU(),
            _layer(nn.Conv2d(16, 32, 4, stride=2)),
            nn.ReLU(),
            _layer(nn.Conv2d(32, 32, 3, stride=1)),
            nn.ReLU(),
            nn.Flatten(),
        )
        with torch.no_grad():
            flat = self.encoder(torch.zeros(1, *self.obs_shape)).shape[1]
        self.trunk = nn.Sequential(_layer(nn.Linear(flat, width)), nn.ReLU())
        self.actor = _layer(nn.Linear(width, sum(self.dims)), std=0.01)
        self.critic = _layer(nn.Linear(width, 1), std=1.0)
        self.width = width

    def features(self, obs: torch.Tensor) -> torch.Tensor:
        return self.trunk(self.encoder(obs.float() / 255.0))

    def value(self, obs: torch.Tensor) -> torch.Tensor:
        return self.critic(self.features(obs)).squeeze(-1)

    def distributions(self, hidden: torch.Tensor) -> list[Categorical]:
        return [Categorical(logits=part) for part in torch.split(self.actor(hidden), self.dims, dim=-1)]

    def act(
        self, obs: torch.Tensor, action: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
        """(action, its log-probability, the entropy, the value); ``action`` (N×dims) is sampled when not given."""
        hidden = self.features(obs)
        dists = self.distributions(hidden)
        if action is None:
            action = torch.stack([d.sample() for d in dists], dim=-1)
        logp = torch.stack([d.log_prob(action[:, i]) for i, d in enumerate(dists)], dim=-1).sum(-1)
        entropy = torch.stack([d.entropy() for d in dists], dim=-1).sum(-1)
        return action, logp, entropy, self.critic(hidden).squeeze(-1)


def save(path: str | Path, model: ActorCritic, preprocess: Preprocess, meta: dict[str, Any]) -> Path:
    """Write a checkpoint: weights, the preprocessing, the action dims and ``meta`` (arena id, steps, ...)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "version": CHECKPOINT_VERSION,
        "state_dict": model.state_dict(),
        "obs_shape": list(model.obs_shape),
        "dims": model.dims,
        "width": model.width,
        "preprocess": preprocess.as_dict(),
        "meta": meta,
    }
    tmp = path.with_name(path.name + ".tmp")
    torch.save(payload, tmp)
    tmp.replace(path)  # a reader (a league opponent) never sees half a file
    return path


def load(path: str | Path) -> tuple[ActorCritic, Preprocess, dict[str, Any]]:
    """The model (in eval mode), preprocessing and meta of a checkpoint written by :func:`save`."""
    payload = torch.load(Path(path), map_location="cpu", weights_only=True)
    if not isinstance(payload, dict) or payload.get("version") != CHECKPOINT_VERSION:
        raise ValueError(f"{path} is not an omniarena pixel checkpoint (version {CHECKPOINT_VERSION})")
    obs_shape = (int(payload["obs_shape"][0]), int(payload["obs_shape"][1]), int(payload["obs_shape"][2]))
    model = ActorCritic(obs_shape, list(payload["dims"]), int(payload["width"]))
    model.load_state_dict(payload["state_dict"])
    model.eval()
    return model, Preprocess.from_dict(payload["preprocess"]), dict(payload["meta"])
