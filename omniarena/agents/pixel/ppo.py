"""PPO from pixels over Gymnasium vector envs, CleanRL's ``ppo_atari.py`` in one readable module.

::

    config = PPOConfig(arena="omniarena/FightLadder-v0", steps=200_000, envs=8, workers=2, out="runs/ppo")
    result = train(config)            # checkpoints, history.jsonl and curve.png under runs/ppo/
    result.history[-1]["eval_return"]

Rollouts of ``rollout`` steps from ``envs`` environments (in ``workers`` > 1: each env in its own process),
advantages by GAE, then ``epochs`` passes of clipped-surrogate updates over ``minibatches`` minibatches.
Every ``eval_every`` steps the current policy plays ``eval_episodes`` seeded episodes of a separate env;
the result, the training episodes' mean return and the throughput go to ``history.jsonl``, the learning
curve is redrawn (``curve.png``) and a checkpoint written. Two-player arenas train against ``opponents``
(:mod:`omniarena.agents.pixel.selfplay` gives the league's PFSP draw).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import gymnasium as gym
import numpy as np
import torch
from torch import nn

from omniarena.agents.pixel import network
from omniarena.agents.pixel.envs import OpponentSource, make_pixel_env
from omniarena.wrappers.pixels import Preprocess

__all__ = ["PPOConfig", "TrainResult", "train", "evaluate"]

logger = logging.getLogger(__name__)


@dataclass
class PPOConfig:
    """Everything one training run needs; the defaults are CleanRL's Atari settings, scaled down."""

    arena: str
    steps: int = 100_000
    envs: int = 8
    workers: int = 1
    rollout: int = 128
    lr: float = 2.5e-4
    gamma: float = 0.99
    gae_lambda: float = 0.95
    minibatches: int = 4
    epochs: int = 4
    clip: float = 0.1
    ent_coef: float = 0.01
    vf_coef: float = 0.5
    max_grad_norm: float = 0.5
    anneal_lr: bool = True
    size: tuple[int, int] = (64, 64)
    gray: bool = True
    stack: int = 4
    width: int = 256
    seed: int = 0
    threads: int = 1
    eval_every: int = 20_000
    eval_episodes: int = 5
    env_kwargs: dict[str, Any] = field(default_factory=dict)
    out: str | None = "runs/ppo"
    progress: bool = True
    max_seconds: float | None = None  # a wall-clock budget: stop (after an evaluation) once it is spent

    def __post_init__(self) -> None:
        for name in ("steps", "envs", "workers", "rollout", "minibatches", "epochs", "eval_episodes", "threads"):
            if int(getattr(self, name)) < 1:
                raise ValueError(f"{name} must be >= 1, got {getattr(self, name)}")
        if (self.envs * self.rollout) % self.minibatches:
            raise ValueError(
                f"envs x rollout ({self.envs * self.rollout}) must split into {self.minibatches} minibatches"
            )

    @property
    def preprocess(self) -> Preprocess:
        return Preprocess((int(self.size[0]), int(self.size[1])), self.gray, self.stack)


@dataclass
class TrainResult:
    model: network.ActorCritic
    history: list[dict[str, Any]]
    checkpoint: Path | None
    steps: int
    seconds: float
    cpu_seconds: float


def _vector_env(config: PPOConfig, opponents: OpponentSource | None) -> gym.vector.VectorEnv:
    preprocess = config.preprocess

    def factory(index: int) -> Callable[[], gym.Env]:
        return lambda: make_pixel_env(config.arena, preprocess, config.env_kwargs, opponents, config.seed + index)

    fns = [factory(i) for i in range(config.envs)]
    same_step = gym.vector.AutoresetMode.SAME_STEP  # the returned obs starts the next episode; no dead step
    if config.workers > 1:
        return gym.vector.AsyncVectorEnv(fns, autoreset_mode=same_step)
    return gym.vector.SyncVectorEnv(fns, autoreset_mode=same_step)


def _score(info: dict[str, Any], episode_return: float) -> float | None:
    """The episode's score for the win-rate curve: the versus score, the arena's result or success."""
    if "versus_score" in info:
        return float(info["versus_score"])
    if info.get("result") in ("win", "draw", "loss"):
        return {"win": 1.0, "draw": 0.5, "loss": 0.0}[info["result"]]
    if "success" in info:
        return float(bool(info["success"]))
    return None


_EPISODE_KEYS = ("versus_score", "opponent", "result", "success")


def _final_infos(infos: dict[str, Any], done: np.ndarray) -> list[tuple[int, dict[str, Any]]]:
    """(env index, the episode keys of that env's final info) for every env whose episode ended this step."""
    final = infos.get("final_info", infos)
    out = []
    for index in np.flatnonzero(done):
        present = [k for k in _EPISODE_KEYS if k in final and final.get(f"_{k}", np.ones(len(done), bool))[index]]
        out.append((int(index), {k: final[k][index] for k in present}))
    return out


def evaluate(
    model: network.ActorCritic,
    preprocess: Preprocess,
    arena: str,
    episodes: int,
    seed: int = 10_000,
    env_kwargs: dict[str, Any] | None = None,
    opponents: OpponentSource | None = None,
) -> dict[str, Any]:
    """Mean return and win rate of ``model`` (sampling its actions) over seeded episodes of ``arena``."""
    env = make_pixel_env(arena, preprocess, env_kwargs, opponents, seed)
    generator = torch.Generator().manual_seed(seed)
    returns, scores = [], []
    try:
        for episode in range(episodes):
            obs, info = env.reset(seed=seed + episode)
            total, done = 0.0, False
            while not done:
                with torch.no_grad():
                    logits = model.actor(model.features(torch.as_tensor(obs[None])))
                parts = torch.split(logits[0], model.dims)
                action = [int(torch.multinomial(p.softmax(-1), 1, generator=generator)) for p in parts]
                obs, reward, terminated, truncated, info = env.step(action[0] if len(action) == 1 else action)
                total += float(reward)
                done = terminated or truncated
            returns.append(total)
            score = _score(info, total)
            if score is not None:
                scores.append(score)
    finally:
        env.close()
    return {
        "eval_return": float(np.mean(returns)),
        "eval_win_rate": float(np.mean(scores)) if scores else None,
        "eval_episodes": episodes,
    }


def train(
    config: PPOConfig,
    opponents: OpponentSource | None = None,
    eval_opponents: OpponentSource | None = None,
    on_episode: Callable[[dict[str, Any], float | None], None] | None = None,
    meta: dict[str, Any] | None = None,
    model: network.ActorCritic | None = None,
) -> TrainResult:
    """Train a policy on ``config.arena`` (see the module docstring); returns the model and its history.

    ``opponents`` plays ``player_1`` of two-player arenas (drawn per episode), ``eval_opponents`` in the
    evaluations (default: the same). ``on_episode(final_info, score)`` hears every finished training
    episode (self-play reports them to its league). ``meta`` goes into every checkpoint. ``model`` continues
    training a given network (self-play saves its snapshots from it) instead of a fresh one.
    """
    torch.manual_seed(config.seed)
    torch.set_num_threads(config.threads)
    preprocess = config.preprocess
    envs = _vector_env(config, opponents)
    out = Path(config.out) if config.out else None
    started, cpu_started = time.perf_counter(), time.process_time()
    try:
        dims = network.action_dims(envs.single_action_space)
        if model is None:
            model = network.ActorCritic(preprocess.shape, dims, config.width)
        elif model.dims != dims or model.obs_shape != preprocess.shape:
            raise ValueError(
                f"the model plays {model.dims} on {model.obs_shape}; this run needs {dims} on {preprocess.shape}"
            )
        optimizer = torch.optim.Adam(model.parameters(), lr=config.lr, eps=1e-5)
        n, t = config.envs, config.rollout
        batch = n * t
        updates = max(1, -(-config.steps // batch))
        obs_buf = torch.zeros((t, n, *preprocess.shape), dtype=torch.uint8)
        act_buf = torch.zeros((t, n, len(dims)), dtype=torch.long)
        logp_buf, rew_buf, done_buf, val_buf = (torch.zeros((t, n)) for _ in range(4))

        next_obs = torch.as_tensor(envs.reset(seed=config.seed)[0])
        next_done = torch.zeros(n)
        running = np.zeros(n)
        recent_returns: list[float] = []
        recent_scores: list[float] = []
        history: list[dict[str, Any]] = []
        checkpoint: Path | None = None
        step = 0
        next_eval = config.eval_every
        bar = _progress(config, updates * batch)
        run_meta = {"arena": config.arena, "env_kwargs": config.env_kwargs, "config": _plain(config), **(meta or {})}

        for update in range(updates):
            if config.anneal_lr:
                optimizer.param_groups[0]["lr"] = config.lr * (1.0 - update / updates)
            for i in range(t):
                obs_buf[i], done_buf[i] = next_obs, next_done
                with torch.no_grad():
                    action, logp, _, value = model.act(next_obs)
                act_buf[i], logp_buf[i], val_buf[i] = action, logp, value
                native = action[:, 0].numpy() if len(dims) == 1 else action.numpy()
                obs, reward, terminated, truncated, infos = envs.step(native)
                done = np.logical_or(terminated, truncated)
                running += reward
                for index, info in _final_infos(infos, done):
                    score = _score(info, float(running[index]))
                    recent_returns.append(float(running[index]))
                    if score is not None:
                        recent_scores.append(score)
                    if on_episode is not None:
                        on_episode(info, score)
                    running[index] = 0.0
                rew_buf[i] = torch.as_tensor(reward, dtype=torch.float32)
                next_obs, next_done = torch.as_tensor(obs), torch.as_tensor(done, dtype=torch.float32)
            step += batch
            _update(
                model, optimizer, config, obs_buf, act_buf, logp_buf, rew_buf, done_buf, val_buf, next_obs, next_done
            )
            if bar is not None:
                bar.update(batch)
                if recent_returns:
                    bar.set_postfix(ret=f"{np.mean(recent_returns[-20:]):.2f}", refresh=False)
            out_of_time = config.max_seconds is not None and time.perf_counter() - started > config.max_seconds
            if step >= next_eval or update == updates - 1 or out_of_time:
                next_eval += config.eval_every
                row = {
                    "steps": step,
                    "train_return": float(np.mean(recent_returns[-20:])) if recent_returns else None,
                    "train_win_rate": float(np.mean(recent_scores[-20:])) if recent_scores else None,
                    "train_episodes": len(recent_returns),
                    **evaluate(
                        model,
                        preprocess,
                        config.arena,
                        config.eval_episodes,
                        env_kwargs=config.env_kwargs,
                        opponents=eval_opponents or opponents,
                    ),
                    "seconds": round(time.perf_counter() - started, 2),
                    "cpu_seconds": round(time.process_time() - cpu_started, 2),
                }
                row["steps_per_second"] = round(step / max(row["seconds"], 1e-9), 1)
                history.append(row)
                logger.info("ppo %s", row)
                if out is not None:
                    checkpoint = network.save(out / "policy.pt", model, preprocess, {**run_meta, "steps": step})
                    network.save(out / "checkpoints" / f"step{step}.pt", model, preprocess, {**run_meta, "steps": step})
                    _write_history(out, history)
            if out_of_time:
                logger.info("ppo: the %s s budget is spent after %d steps", config.max_seconds, step)
                break
        if bar is not None:
            bar.close()
    finally:
        envs.close()
    return TrainResult(
        model, history, checkpoint, step, time.perf_counter() - started, time.process_time() - cpu_started
    )


def _update(
    model: network.ActorCritic,
    optimizer: torch.optim.Optimizer,
    config: PPOConfig,
    obs_buf: torch.Tensor,
    act_buf: torch.Tensor,
    logp_buf: torch.Tensor,
    rew_buf: torch.Tensor,
    done_buf: torch.Tensor,
    val_buf: torch.Tensor,
    next_obs: torch.Tensor,
    next_done: torch.Tensor,
) -> None:
    """GAE advantages, then clipped-surrogate epochs over shuffled minibatches (CleanRL's update)."""
    t = obs_buf.shape[0]
    with torch.no_grad():
        next_value = model.value(next_obs)
        advantages = torch.zeros_like(rew_buf)
        last = torch.zeros_like(next_value)
        for i in reversed(range(t)):
            # done_buf[i] marks that obs i starts a new episode, so step i-1's bootstrap is cut
            nonterminal = 1.0 - (next_done if i == t - 1 else done_buf[i + 1])
            following = next_value if i == t - 1 else val_buf[i + 1]
            delta = rew_buf[i] + config.gamma * following * nonterminal - val_buf[i]
            last = delta + config.gamma * config.gae_lambda * nonterminal * last
            advantages[i] = last
        returns = advantages + val_buf
    b_obs = obs_buf.reshape(-1, *obs_buf.shape[2:])
    b_act = act_buf.reshape(-1, act_buf.shape[-1])
    b_logp, b_adv, b_ret, b_val = (x.reshape(-1) for x in (logp_buf, advantages, returns, val_buf))
    size = b_obs.shape[0]
    minibatch = size // config.minibatches
    for _ in range(config.epochs):
        order = torch.randperm(size)
        for start in range(0, size, minibatch):
            idx = order[start : start + minibatch]
            _, logp, entropy, value = model.act(b_obs[idx], b_act[idx])
            ratio = (logp - b_logp[idx]).exp()
            adv = b_adv[idx]
            adv = (adv - adv.mean()) / (adv.std() + 1e-8)
            policy_loss = torch.max(-adv * ratio, -adv * ratio.clamp(1 - config.clip, 1 + config.clip)).mean()
            clipped = b_val[idx] + (value - b_val[idx]).clamp(-config.clip, config.clip)
            value_loss = 0.5 * torch.max((value - b_ret[idx]) ** 2, (clipped - b_ret[idx]) ** 2).mean()
            loss = policy_loss - config.ent_coef * entropy.mean() + config.vf_coef * value_loss
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), config.max_grad_norm)
            optimizer.step()


def _plain(config: PPOConfig) -> dict[str, Any]:
    data = asdict(config)
    data["size"] = list(config.size)
    return json.loads(json.dumps(data, default=str))


def _progress(config: PPOConfig, total: int) -> Any:
    if not config.progress:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="step", desc=config.arena.split("/")[-1], dynamic_ncols=True)


def _write_history(out: Path, history: list[dict[str, Any]]) -> None:
    from omniarena.agents.pixel.curve import plot

    (out / "history.jsonl").write_text("".join(json.dumps(row) + "\n" for row in history), encoding="utf-8")
    plot(history, out / "curve.png", title=str(out.name))
