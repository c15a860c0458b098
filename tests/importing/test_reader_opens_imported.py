"""The reader started as `xref` starts it (no --texts) shows an imported document at once:
the default corpus is the bundled statements and the import library."""

from __future__ import annotations

import argparse
from pathlib import Path

from search_index.importing import import_inputs
from search_index.paths import library_dir
from tui.app import XrefApp
from tui.commands.common import load, texts_paths

DATA = Path(__file__).resolve().parents[1] / "data" / "import"


async def test_an_imported_page_opens_in_the_reader_without_texts() -> None:
    report = import_inputs([str(DATA / "eeas-dprk-2024.html")], library_dir(create=True))
    (_, saved, _article), *_ = report.saved
    args = argparse.Namespace()  # `xref` with no --texts: what tui.commands.read.run gets
    assert texts_paths(args)[-1] == library_dir()
    app = XrefApp(load(args, warn=False), texts_paths(args))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        reader = app.reader
        await pilot.press("tab", "o")
        assert type(app.screen).__name__ == "DocumentPicker"
        await pilot.press(*"recent launch", "enter")
        assert reader.pane(1).document.id == saved.id
        assert reader.pane(1).document.title == (
            "DPRK: Statement by the Spokesperson on the recent launch of ballistic missiles"
        )
        assert len(reader.pane(1).document.passages) == 4
        await pilot.press("q")
