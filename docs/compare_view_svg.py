"""Save docs/compare-view.svg, the README's picture of the compare view.

Run from the repository: `.venv/bin/python docs/compare_view_svg.py`. It opens the reader on
the bundled statements in a headless run (private temporary folders, nothing of yours read or
written), follows the link from para. 2 of the January release to para. 4 of the November
statement, presses d and saves the screen.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "compare-view.svg"
TARGET = "borrell-cho-dprk-russia:4"


async def save(out: Path) -> None:
    from search_index import bundled_texts_dir, load_corpus
    from tui.app import XrefApp

    paths = [bundled_texts_dir()]
    app = XrefApp(load_corpus(paths), paths)
    async with app.run_test(size=(120, 34)) as pilot:
        for _ in range(400):
            await pilot.pause(0.05)
            if app.reader.ready:
                break
        await app.workers.wait_for_complete()
        await pilot.press("j", "x")
        for _ in range(8):
            if app.reader.pane(1).view.passage_id == TARGET:
                break
            await pilot.press("right_square_bracket")
        await pilot.press("d")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        app.save_screenshot(filename=out.name, path=str(out.parent))


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        for name in ("CACHE", "STATE", "CONFIG", "DATA"):
            os.environ[f"XREF_{name}_DIR"] = str(Path(home) / name.lower())
        sys.path.insert(0, str(ROOT))
        asyncio.run(save(OUT))
    print(OUT)


if __name__ == "__main__":
    main()
