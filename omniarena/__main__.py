"""``python -m omniarena``: the same as the ``omniarena`` command."""

import sys

from omniarena.cli import main

sys.exit(main())
