"""Arena plugins: a distribution omniarena has never seen adds arenas through the ``omniarena.arenas``
entry-point group, and they work through the CLI (``list``, ``eval``) exactly like built-in ids; a broken
plugin is logged and skipped."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PLUGIN = '''
"""A throwaway plugin: one arena, registered under its own namespace."""

import numpy as np

from omniarena.core.actions import ActionSpec, DiscreteActionSet
from omniarena.core.arena import Arena, Outcome
from omniarena.core.registry import register as add

ACTIONS = DiscreteActionSet([ActionSpec("up"), ActionSpec("down")])


class Climb(Arena):
    """Reach 3 by going up; down is illegal at 0."""

    def __init__(self, goal: int = 3, render_mode=None):
        super().__init__(ACTIONS, (8, 8), render_mode=render_mode)
        self.goal, self.height = goal, 0

    def _new_episode(self, options):
        self.height = 0

    def _apply(self, action):
        self.height += 1 if action == 0 else -1
        return Outcome(float(self.height == self.goal), self.height == self.goal, info={"success": self.height == self.goal})

    def action_mask(self):
        return np.array([1, int(self.height > 0)], dtype=np.int8)

    def _draw(self):
        return np.full((8, 8, 3), 30 * self.height, dtype=np.uint8)

    def _rules(self):
        return f"Climb to {self.goal}."

    def _state(self):
        return f"Height {self.height}."


def register():
    add("climbco/Climb-v0", "climbco_arenas:Climb", family="Climb", domain="games", max_steps=20,
        description="climb to the top")
'''

BROKEN = """
raise RuntimeError("this plugin is broken on purpose")
"""


def distribution(root: Path, name: str, module: str, source: str, entry: str) -> None:
    (root / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    info = root / f"{name}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[omniarena.arenas]\n{entry}\n", encoding="utf-8")


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run(
        [sys.executable, "-m", "omniarena", *args], capture_output=True, text=True, env=env, timeout=120, cwd=root
    )


@pytest.fixture
def plugins(tmp_path: Path) -> Path:
    distribution(tmp_path, "climbco-arenas", "climbco_arenas", PLUGIN, "climb = climbco_arenas:register")
    distribution(tmp_path, "brokenco", "brokenco_arenas", BROKEN, "broken = brokenco_arenas:register")
    return tmp_path


def test_a_plugin_arena_lists_and_evaluates_like_a_builtin(plugins: Path) -> None:
    listed = run(plugins, "list", "--json")
    assert listed.returncode == 0, listed.stderr
    arenas = {a["id"]: a for a in json.loads(listed.stdout)}
    assert arenas["climbco/Climb-v0"]["source"] == "climbco-arenas"
    assert arenas["omniarena/2048-v0"]["source"] == "omniarena"
    assert "brokenco" in listed.stderr and "this plugin is broken on purpose" in listed.stderr
    out = plugins / "eval.jsonl"
    result = run(plugins, "eval", "--agent", "random", "--arena", "climbco/Climb-v0", "--episodes", "3",
                 "--out", str(out), "--no-progress")  # fmt: skip
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["seed"] for r in records] == [0, 1, 2] and all(r["error"] is None for r in records)
    assert all(r["arena"] == "climbco/Climb-v0" and r["steps"] >= 3 for r in records)


def test_gymnasium_make_and_the_omniarena_namespace_guard(plugins: Path) -> None:
    code = textwrap.dedent(
        """
        import gymnasium as gym, omniarena
        from omniarena.core.registry import register
        env = gym.make("climbco/Climb-v0")
        obs, _ = env.reset(seed=0)
        obs, reward, terminated, truncated, info = env.step("<answer>up</answer>")
        print(info["action"]["parsed"], obs["text"].splitlines()[1])
        """
    )
    env = {**os.environ, "PYTHONPATH": str(plugins)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["up", "Height", "1."]


def test_plugins_may_not_claim_the_omniarena_namespace(tmp_path: Path) -> None:
    source = PLUGIN.replace("climbco/Climb-v0", "omniarena/Climb-v0")
    distribution(tmp_path, "squatter", "climbco_arenas", source, "climb = climbco_arenas:register")
    listed = run(tmp_path, "list", "--json")
    assert listed.returncode == 0
    assert "omniarena/Climb-v0" not in {a["id"] for a in json.loads(listed.stdout)}
    assert "namespace is omniarena's own" in listed.stderr
