"""Render the README's screenshot of the play screen: Connect Four against the expert, a few moves in.

Textual saves the screen as SVG; Chromium (headless, Debian's ``chromium``) turns it into a PNG.

    python scripts/tui_screenshot.py docs/tui-play.png
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from omniarena.tui.app import ArenaApp

SIZE = (128, 38)


async def shoot(svg: Path) -> None:
    app = ArenaApp("omniarena/ConnectFour-v0", vs="scripted", seed=0)
    async with app.run_test(size=SIZE) as pilot:
        for keys in (["4", "enter"], ["3", "enter"], list("column 9")):
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.press(*keys)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.save_screenshot(str(svg.name), path=str(svg.parent))


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/tui-play.png").resolve()
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        sys.exit("needs Debian's chromium to turn the SVG into a PNG")
    with tempfile.TemporaryDirectory() as scratch:
        svg = Path(scratch) / "play.svg"
        asyncio.run(shoot(svg))
        out.parent.mkdir(parents=True, exist_ok=True)
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
        command += [f"--screenshot={out}", "--window-size=1600,1010", svg.as_uri()]
        subprocess.run(command, check=True, capture_output=True, timeout=120)
    print(out)


if __name__ == "__main__":
    main()
