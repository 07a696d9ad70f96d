"""Pixel agents: PPO from omniarena's images, trained policies as agents, self-play and exploitability.

- :mod:`~omniarena.agents.pixel.ppo`: CleanRL-style PPO over Gymnasium vector envs (``omniarena train``);
- :mod:`~omniarena.agents.pixel.network`: the small CNN actor-critic and its checkpoints;
- :mod:`~omniarena.agents.pixel.agent`: :class:`PolicyAgent`, the agent spec ``policy:<checkpoint>``;
- :mod:`~omniarena.agents.pixel.selfplay`: self-play against the league's PFSP pool, and ``omniarena exploit``;
- :mod:`~omniarena.agents.pixel.envs`: arenas in native mode as pixel envs, two-player ones against an opponent.

Needs the ``[pixel]`` extra (PyTorch); the frame preprocessing itself is numpy (:mod:`omniarena.wrappers.pixels`).
"""
