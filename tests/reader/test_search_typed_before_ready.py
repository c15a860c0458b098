"""A query typed while the first build runs is searched when the index is ready: the reader
does not leave "Search is not ready" on screen until another key is pressed."""

from __future__ import annotations

from pathlib import Path

from search_index import load_corpus
from tui.app import XrefApp


async def until_ready(app: XrefApp, pilot) -> None:  # type: ignore[no-untyped-def]
    """Until the first build's worker is done and what it posted is handled."""
    for _ in range(600):
        if app.reader.ready:
            break
        await pilot.pause(0.05)
    await app.workers.wait_for_complete()
    await pilot.pause(0.3)


async def test_a_query_typed_during_the_first_build_is_answered_when_ready(
    tmp_path: Path,
) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()  # big enough that the first build is still running when the query is typed
    lines = [f"Paragraph {i} on DPRK sanctions and missile {i}." for i in range(12000)]
    lines[9000] = "The troops were sent to Kursk."
    body = "\n\n".join(lines)
    (texts / "long.md").write_text(f"---\ntitle: Long\n---\n\n{body}\n", encoding="utf-8")
    app = XrefApp(load_corpus([texts]), [texts])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not app.reader.session.can_search  # the child build has barely started
        await pilot.press("slash")
        panel = app.reader.search_panel
        status = panel.query_one("#search-status")
        assert "not ready" in str(status.content)
        await pilot.press(*"Kursk")  # answered at once if search became ready meanwhile
        await until_ready(app, pilot)
        assert panel.input.value == "Kursk"
        assert [h.passage for h in panel.hits] == ["long:9001"]
        assert "not ready" not in str(status.content)
