"""Train a model with TRL's GRPOTrainer on a served omniarena arena, through a ``rollout_func``.

On the CPU box (arenas, browsers, emulators)::

    omniarena serve omniarena/2048-v0 --observe text --max-sessions 16

On the GPU box (the trainer; needs ``pip install trl vllm`` and omniarena's ``[serve]`` extra)::

    python examples/trl_grpo.py --url http://CPU-BOX:8000 --model Qwen/Qwen3-0.6B

``rollout_func(prompts, trainer)`` plays one episode per prompt over a WebSocket session
(:func:`omniarena.remote.make`): each turn, the model's completion for the arena's text is sent as the
action; the episode's return is the ``env_reward`` that :func:`reward_from_env` hands to GRPO. With TRL's
vLLM generation the token ids and log-probs come from the generator; the tests call the same function with
a scripted stand-in for the model (``trainer.generate``), whose "tokens" are the reply's bytes.
"""

from __future__ import annotations

import argparse
from typing import Any

import omniarena.remote

SYSTEM = "You play a game. Reply with your move as <answer>MOVE</answer>.\n\n"


def _generate(trainer: Any, prompts: list[str]) -> list[dict[str, Any]]:
    """Completions for ``prompts``: TRL's vLLM helper when TRL is there, else the trainer's ``generate``."""
    try:
        from trl.experimental.openenv import generate_rollout_completions
    except ImportError:
        generate_rollout_completions = None
    if generate_rollout_completions is not None and not hasattr(trainer, "generate"):
        outputs = generate_rollout_completions(trainer, prompts)
        tokenizer = trainer.processing_class
        return [
            {
                "text": tokenizer.decode(o["completion_ids"], skip_special_tokens=True),
                "prompt_ids": list(o["prompt_ids"]),
                "completion_ids": list(o["completion_ids"]),
                "logprobs": list(o["logprobs"]),
            }
            for o in outputs
        ]
    texts = trainer.generate(prompts)  # the stand-in: bytes as tokens, no log-probs of its own
    return [
        {
            "text": t,
            "prompt_ids": list(p.encode()),
            "completion_ids": list(t.encode()),
            "logprobs": [0.0] * len(t.encode()),
        }
        for p, t in zip(prompts, texts, strict=True)
    ]


def make_rollout_func(url: str, max_turns: int = 16, token: str | None = None, seed: int = 0) -> Any:
    """A GRPO ``rollout_func`` playing episodes of the arena served at ``url`` (one episode per prompt)."""
    episodes = iter(range(seed, seed + 1 << 30))

    def rollout_func(prompts: list[str], trainer: Any) -> dict[str, list]:
        out: dict[str, list] = {"prompt_ids": [], "completion_ids": [], "logprobs": [], "env_reward": [], "invalid": []}
        env = omniarena.remote.make(url, token=token)
        try:
            for prompt in prompts:
                obs, _ = env.reset(seed=next(episodes))
                prompt_ids: list[int] | None = None
                completion_ids: list[int] = []
                logprobs: list[float] = []
                total, invalid = 0.0, 0
                for _ in range(max_turns):
                    generated = _generate(trainer, [f"{SYSTEM}{prompt}\n\n{obs['text']}"])[0]
                    prompt_ids = prompt_ids if prompt_ids is not None else generated["prompt_ids"]
                    completion_ids += generated["completion_ids"]
                    logprobs += generated["logprobs"]
                    obs, reward, terminated, truncated, info = env.step(generated["text"])
                    total += reward
                    invalid += not info["action"]["valid"]
                    if terminated or truncated:
                        break
                out["prompt_ids"].append(prompt_ids or [])
                out["completion_ids"].append(completion_ids)
                out["logprobs"].append(logprobs)
                out["env_reward"].append(float(total))
                out["invalid"].append(invalid)
        finally:
            env.close()
        return out

    return rollout_func


def reward_from_env(completions: list[Any], **kwargs: Any) -> list[float]:
    """GRPO's reward function: the episode return the rollout recorded."""
    return [float(r) for r in kwargs["env_reward"]]


def main() -> None:
    parser = argparse.ArgumentParser(description="GRPO on a served omniarena arena")
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--model", default="Qwen/Qwen3-0.6B")
    parser.add_argument("--token")
    parser.add_argument("--max-turns", type=int, default=16)
    args = parser.parse_args()

    from datasets import Dataset
    from trl import GRPOConfig, GRPOTrainer

    trainer = GRPOTrainer(
        model=args.model,
        reward_funcs=reward_from_env,
        train_dataset=Dataset.from_dict({"prompt": ["Play the game well."] * 256}),
        rollout_func=make_rollout_func(args.url, args.max_turns, args.token),
        args=GRPOConfig(output_dir="runs/grpo", use_vllm=True, vllm_mode="colocate", num_generations=8),
    )
    trainer.train()


if __name__ == "__main__":
    main()
