"""r in the reader: the report of what is on screen written to the data folder, said where, and
an existing report overwritten only after a yes. Real keys through Pilot."""

from __future__ import annotations

from pathlib import Path

import pytest

from search_index import bundled_texts_dir, load_corpus
from tui.app import XrefApp

LEFT = "kim-gunn-eu-psc"
RIGHT = "borrell-cho-dprk-russia"


def make_app() -> XrefApp:
    paths = [bundled_texts_dir()]
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


def said(app: XrefApp) -> list[str]:
    return [n.message for n in app._notifications]


def reports(private_dirs: Path) -> Path:
    return private_dirs / "data" / "reports"


async def test_r_writes_the_link_shown_and_asks_before_overwriting(private_dirs: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("j", "x")
        target = app.reader.pane(1).view.passage_id
        await pilot.press("r")
        await ready(pilot)
        path = reports(private_dirs) / f"{LEFT}-2_{target.replace(':', '-')}.md"
        assert path.is_file()
        assert f"Report written to {path}" in said(app)
        text = path.read_text(encoding="utf-8")
        for passage_id in (f"{LEFT}:2", target):
            assert app.corpus.citation(app.corpus.passage(passage_id)) in text

        path.write_text("my edits", encoding="utf-8")
        await pilot.press("r")
        await ready(pilot)
        assert type(app.screen).__name__ == "ConfirmScreen"
        assert str(path) in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("n")
        await ready(pilot)
        assert app.screen is app.reader
        assert path.read_text(encoding="utf-8") == "my edits"

        await pilot.press("r")
        await ready(pilot)
        await pilot.press("y")
        await ready(pilot)
        assert path.read_text(encoding="utf-8") == text


async def test_r_on_a_theme_reports_the_theme(private_dirs: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("t", "enter")  # the first theme's passages are the trail
        await ready(pilot)
        await pilot.press("r")
        await ready(pilot)
        path = reports(private_dirs) / "theme-intertwined-security.md"
        assert path.is_file()
        text = path.read_text(encoding="utf-8")
        assert "Intertwined Indo-Pacific and European security" in text
        assert text.index("2024-01-23") < text.index("2024-11-04")  # January first

        # In the theme browser, r reports the highlighted theme: it exists, so it asks.
        await pilot.press("t", "r")
        await ready(pilot)
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("escape")
        await ready(pilot)
        assert type(app.screen).__name__ == "ThemeBrowser"
        assert any("kept as it was" in s for s in said(app))


async def test_an_unusable_data_folder_is_one_clear_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XREF_DATA_DIR", str(blocker))
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("r")
        await ready(pilot)
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1 and "The report was not written" in errors[0]
        assert app.is_running


async def test_u_copies_the_citation_with_the_source_url_and_c_includes_it(
    tmp_path: Path,
) -> None:
    url = "https://www.mofa.go.kr/eng/brd/m_5676/view.do?seq=322311&[b]x[/b]"
    (tmp_path / "a.md").write_text(
        f"---\ntitle: Release\nissuer: MOFA\ndate: 2024-01-23\nsource: {url}\n---\n\nFirst.\n\n"
        "Second [red]para[/red].\n",
        encoding="utf-8",
    )
    (tmp_path / "b.md").write_text(
        "---\ntitle: Other\ndate: 2024-02-01\n---\n\nNo source here.\n", encoding="utf-8"
    )
    paths = [tmp_path]
    app = XrefApp(load_corpus(paths), paths)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("j", "u")
        assert app.clipboard == f"Release (MOFA, 2024-01-23), para. 2, {url}"
        assert any(s.startswith(f"Source: {url}") for s in said(app))
        await pilot.press("c")
        assert (
            app.clipboard
            == f"Second [red]para[/red].\n— Release (MOFA, 2024-01-23), para. 2, {url}"
        )
        await pilot.press("tab", "u")
        assert app.clipboard == "Other (2024-02-01), para. 1"
        assert any("no source URL" in s for s in said(app))
