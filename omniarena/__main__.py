"""``python -m omniarena``: the same as the ``omniarena`` command."""

import sys

from omniarena.cli import main

if __name__ == "__main__":  # also keeps pytest --doctest-modules from running the CLI on import
    sys.exit(main())
