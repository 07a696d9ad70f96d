"""``omniarena serve ID ...``: the argument parser and the command (``omniarena serve --help``)."""

from __future__ import annotations

import argparse
import logging
from typing import Any

from gymnasium.error import DependencyNotInstalled


def add_parser(sub: Any, key_value: Any) -> None:
    p = sub.add_parser("serve", help="serve an arena over the OpenEnv protocol (HTTP + WebSocket sessions)")
    p.add_argument("arena", help="arena id, e.g. omniarena/2048-v0")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1; others need --token)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--token", help="bearer token every request must carry (required beyond 127.0.0.1)")
    p.add_argument("--max-sessions", type=int, default=8, help="concurrent WebSocket sessions (default 8)")
    p.add_argument("--session-timeout", type=float, default=300.0, help="close sessions idle this long, seconds")
    p.add_argument("--observe", choices=["both", "text", "image"], default="both", help="observation modalities")
    p.add_argument("--image-format", choices=["jpeg", "png"], default="jpeg", help="image encoding on the wire")
    p.add_argument("--vs", metavar="SPEC", help="multi-agent arenas: the agent spec playing the other seats")
    p.add_argument("--seat", type=int, help="the seat the client plays (default: alternate per episode)")
    p.add_argument("--max-body", type=int, default=1 << 20, help="request/message size cap in bytes (default 1 MiB)")
    p.add_argument("-k", dest="kwargs", type=key_value, action="append", metavar="KEY=VALUE", help="arena argument")
    p.set_defaults(func=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        from omniarena.serve.app import serve
        from omniarena.serve.environment import ServeConfig
    except ModuleNotFoundError as error:
        if not (error.name or "").startswith("openenv"):
            raise
        raise DependencyNotInstalled(
            "omniarena serve needs the [serve] extra: pip install 'omniarena[serve]'"
        ) from error

    config = ServeConfig(
        arena_id=args.arena,
        kwargs=dict(args.kwargs or ()),
        observe=args.observe,
        image_format=args.image_format,
        vs=args.vs,
        seat=args.seat,
        max_sessions=args.max_sessions,
        session_timeout=args.session_timeout or None,
    )
    logging.basicConfig(level=logging.INFO, format="%(message)s", force=True)
    serve(config, args.host, args.port, args.token, args.max_body)
    return 0
