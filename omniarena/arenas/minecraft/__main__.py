"""``python -m omniarena.arenas.minecraft install``: the Minecraft arena's Node packages (``npm ci``)."""

from __future__ import annotations

import argparse
import logging
import sys

from omniarena.arenas.minecraft.world import install


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m omniarena.arenas.minecraft")
    parser.add_argument("command", choices=["install"], help="install: npm ci the pinned flying-squid and mineflayer")
    parser.add_argument("--force", action="store_true", help="reinstall even if this lock file is installed")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    path = install(force=args.force)
    sys.stdout.write(f"Minecraft Node packages installed in {path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
