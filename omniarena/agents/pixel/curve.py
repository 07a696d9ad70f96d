"""The learning-curve PNG: evaluation and training return, and win rate where the arena has one, by step."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["plot"]


def plot(history: Sequence[dict[str, Any]], path: str | Path, title: str = "") -> Path:
    """Draw ``history`` (rows of :func:`omniarena.agents.pixel.ppo.train`) to ``path``."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    steps = [row["steps"] for row in history]
    has_wins = any(row.get("eval_win_rate") is not None for row in history)
    fig, axes = plt.subplots(1, 2 if has_wins else 1, figsize=(10 if has_wins else 5.5, 3.6), squeeze=False)
    ax = axes[0][0]
    ax.plot(steps, [row["eval_return"] for row in history], "o-", label="evaluation (seeded episodes)")
    train = [(s, row["train_return"]) for s, row in zip(steps, history, strict=True) if row["train_return"] is not None]
    if train:
        ax.plot(*zip(*train, strict=True), "s--", alpha=0.7, label="training episodes (last 20)")
    ax.set_xlabel("environment steps")
    ax.set_ylabel("episode return")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    if has_wins:
        ax = axes[0][1]
        wins = [
            (s, row["eval_win_rate"]) for s, row in zip(steps, history, strict=True) if row["eval_win_rate"] is not None
        ]
        ax.plot(*zip(*wins, strict=True), "o-", color="tab:green", label="evaluation")
        twins = [
            (s, r["train_win_rate"]) for s, r in zip(steps, history, strict=True) if r.get("train_win_rate") is not None
        ]
        if twins:
            ax.plot(*zip(*twins, strict=True), "s--", color="tab:olive", alpha=0.7, label="training (last 20)")
        ax.set_ylim(-0.05, 1.05)
        ax.set_xlabel("environment steps")
        ax.set_ylabel("win rate (draw = 0.5)")
        ax.legend(fontsize=8)
        ax.grid(alpha=0.3)
    fig.suptitle(title)
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
