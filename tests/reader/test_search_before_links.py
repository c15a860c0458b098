"""On a first build the reader searches as soon as its child process has put the index in the
cache, while that child still builds the links (at 100,000 passages 3.5 s sooner, at
1,000,000 32 s): the status line says so, and a query typed meanwhile is answered then."""

from __future__ import annotations

from pathlib import Path

import pytest

from search_index import load_corpus
from tests.reader.test_search_typed_before_ready import until_ready
from tui.app import XrefApp
from tui.screens.reader import ReaderScreen
from tui.session_worker import SEARCH_READY, SessionWorker


def _texts(tmp_path: Path) -> Path:
    texts = tmp_path / "texts"
    texts.mkdir()
    lines = [f"Paragraph {i} on DPRK sanctions and missile {i}." for i in range(12000)]
    lines[9000] = "The troops were sent to Kursk."
    for name, part in (("first", lines[:6000]), ("second", lines[6000:])):
        body = "\n\n".join(part)
        (texts / f"{name}.md").write_text(f"---\ntitle: {name}\n---\n\n{body}\n", "utf-8")
    return texts


def test_the_worker_searches_before_the_child_has_built_the_links(tmp_path: Path) -> None:
    texts = _texts(tmp_path)
    worker = SessionWorker(load_corpus([texts]), [texts])
    stages: list[str] = []
    at_search_ready: list[tuple[bool, list[str], str | None]] = []

    def progress(stage: str, done: int, total: int) -> None:
        stages.append(stage)
        if stage == SEARCH_READY:
            outcome = worker.search("Kursk")
            at_search_ready.append(
                (worker.has_links, [h.passage for h in outcome.hits], outcome.error)
            )

    worker.build(progress)
    assert at_search_ready == [(False, ["second:3001"], None)]
    after = stages[stages.index(SEARCH_READY) + 1 :]
    assert any(stage.startswith("links:") for stage in after), stages
    assert worker.has_links and worker.child is not None and worker.child.returncode == 0


def test_a_warm_start_opens_the_index_once(tmp_path: Path) -> None:
    """No child, so no early open: the index is opened as before, and only once."""
    texts = _texts(tmp_path)
    SessionWorker(load_corpus([texts]), [texts]).build()  # the first build
    worker = SessionWorker(load_corpus([texts]), [texts])
    stages: list[str] = []
    worker.build(lambda stage, done, total: stages.append(stage))
    assert SEARCH_READY not in stages and worker.child is None
    assert worker.can_search and worker.has_links


async def test_the_reader_says_search_is_ready_and_answers_the_query_typed_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = _texts(tmp_path)
    searched: list[tuple[bool, bool, str, str]] = []
    real_start_search = ReaderScreen._start_search

    def start_search(self: ReaderScreen, query: str, generation: int) -> None:
        searched.append((self.ready, self.session.has_links, self.status_text, query))
        real_start_search(self, query, generation)

    monkeypatch.setattr(ReaderScreen, "_start_search", start_search)
    app = XrefApp(load_corpus([texts]), [texts])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"Kursk")
        await until_ready(app, pilot)
        assert [h.passage for h in app.reader.search_panel.hits] == ["second:3001"]
        assert "Search and links ready" in app.reader.status_text
    # Searched once the index was open, before the links, with the status saying so; and
    # not again when the links came.
    early = [entry for entry in searched if entry[3] == "Kursk" and not entry[0]]
    answered = [entry for entry in early if "Search ready · Finding cross-references" in entry[2]]
    assert len(answered) == 1 and answered[0][1] is False
    assert not [entry for entry in searched if entry[0]]
