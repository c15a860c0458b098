"""The theme browser's d: a theme's wording over time, in date order, each passage marked
against the one before. Real keys through Pilot."""

from __future__ import annotations

import shutil
from pathlib import Path

from search_index import bundled_texts_dir, load_corpus
from tui.app import XrefApp


def make_app(paths: list[Path] | None = None) -> XrefApp:
    paths = paths or [bundled_texts_dir()]
    return XrefApp(load_corpus(paths), paths)


async def ready(pilot) -> None:
    app = pilot.app
    await pilot.pause()
    for _ in range(400):
        if app.reader.ready or app.reader.session_status.startswith("Search"):
            break
        await pilot.pause(0.05)
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def shown(screen, selector: str) -> list[str]:
    return [str(widget.render()) for widget in screen.query(selector)]


async def test_d_in_the_theme_browser_shows_the_wording_in_date_order() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("t")  # the first theme: intertwined security
        await pilot.press("d")
        await ready(pilot)
        screen = app.screen
        assert type(screen).__name__ == "DriftScreen"
        heads = shown(screen, ".drift-head")
        assert len(heads) == 2
        assert heads[0].startswith("1. 2024-01-23") and "para. 2" in heads[0]
        assert heads[1].startswith("2. 2024-11-04") and "para. 4" in heads[1]
        second = list(screen.query(".drift-text"))[1]
        text = second.text
        style = second.get_component_rich_style("word-diff--inserted")
        inserted = [text.plain[s.start : s.end] for s in text.spans if s.style == style]
        assert "more" in inserted and "than ever" in inserted
        assert "closely intertwined" in text.plain
        assert any("against the previous" in note for note in shown(screen, ".drift-note"))
        await pilot.press("escape")
        assert type(app.screen).__name__ == "ThemeBrowser"  # back where d was pressed
        await pilot.press("escape")
        assert app.screen is app.reader


async def test_a_partial_date_sorts_by_what_is_known_and_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    shutil.copytree(bundled_texts_dir(), folder)
    (folder / "mid-year.md").write_text(
        "---\ntitle: Mid-year remarks\ndate: 2024-06\n---\n\n"
        "The security of Europe and the Indo-Pacific is closely intertwined, [i]we said[/i].\n",
        encoding="utf-8",
    )
    app = make_app([folder])
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("t", "d")
        await ready(pilot)
        screen = app.screen
        heads = shown(screen, ".drift-head")
        assert [h.split(" · ")[0] for h in heads] == [
            "1. 2024-01-23",
            "2. 2024-06",
            "3. 2024-11-04",
        ]
        notes = shown(screen, ".drift-note")
        assert any("month only" in note for note in notes)
        texts = [widget.text.plain for widget in screen.query(".drift-text")]
        assert "[i]we said[/i]" in texts[1]  # document text as written, never markup
