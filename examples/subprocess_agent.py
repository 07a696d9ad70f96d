"""A minimal agent program for omniarena's SubprocessAgent: it answers with the first legal action.

Use it from Python (or give the same spec to the CLI's agent option)::

    from omniarena.agents import make_agent
    agent = make_agent("subprocess:python examples/subprocess_agent.py", env)

It reads one JSON object per line on stdin and writes one per line on stdout (flushed). On
``{"type": "reset", ...}`` it remembers ``action_names``; on ``{"type": "observation", ...}`` it answers
``{"action": <first legal name>, "id": <the observation's id>}``, or ``--reply TEXT`` when given (or when
the arena sends no action names). Replace ``choose()`` with your own policy.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def choose(message: dict[str, Any], names: list[str], fixed: str | None) -> str:
    """The action text for one observation message."""
    if fixed is not None or not names:
        return fixed or "noop"
    mask = message.get("action_mask") or [1] * len(names)
    legal = [name for name, allowed in zip(names, mask, strict=False) if allowed]
    return legal[0] if legal else names[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reply", default=None, help="always answer this text instead of the first legal action")
    args = parser.parse_args()
    names: list[str] = []
    for line in sys.stdin:
        message = json.loads(line)
        if message.get("type") == "reset":
            names = list(message.get("action_names") or [])
        elif message.get("type") == "observation":
            reply = {"action": choose(message, names, args.reply), "id": message.get("id")}
            sys.stdout.write(json.dumps(reply) + "\n")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
