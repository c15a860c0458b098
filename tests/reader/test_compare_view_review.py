"""Review of the compare / notes / report keys, through real keys: a note typed and then Esc'd
is not lost without a warning, F2 saves where Ctrl+S does not arrive, the command palette
offers the new actions, and d says it is working only when it is slow (a huge paragraph)."""

from __future__ import annotations

from pathlib import Path

from search_index import bundled_texts_dir, load_corpus
from tui.app import XrefApp

LEFT = "kim-gunn-eu-psc"


def make_app() -> XrefApp:
    paths: list[Path] = [bundled_texts_dir()]
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


def screen_name(app: XrefApp) -> str:
    return type(app.screen).__name__


def messages(app: XrefApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_esc_in_the_note_editor_warns_before_dropping_what_was_typed() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("g", "a")
        assert screen_name(app) == "NoteEditor"
        await pilot.press(*"my finding")
        await pilot.press("escape")  # a reflex Esc: warned, the text is still there
        assert screen_name(app) == "NoteEditor"
        assert "Esc again discards" in str(app.screen.query_one("#note-keys").render())
        await pilot.press(*" two")
        assert app.screen.query_one("TextArea").text == "my finding two"
        await pilot.press("escape")
        await ready(pilot)
        assert screen_name(app) == "ReaderScreen"
        assert app.reader.notebook.get(f"{LEFT}:1") is None
        # Nothing typed: Esc closes at once.
        await pilot.press("a", "escape")
        assert screen_name(app) == "ReaderScreen"


async def test_f2_saves_the_note_as_ctrl_s_does() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("g", "a")
        assert "F2" in str(app.screen.query_one("#note-keys").render())
        await pilot.press(*"saved by F2", "f2")
        await ready(pilot)
        assert screen_name(app) == "ReaderScreen"
        assert app.reader.notebook.get(f"{LEFT}:1").body == "saved by F2"


async def test_the_palette_offers_compare_note_report_and_source() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j", "x")  # a followed link
        await pilot.press("ctrl+p")
        await pilot.press(*"compare word")
        await pilot.pause()
        await pilot.pause(0.3)
        await pilot.press("enter")
        await ready(pilot)
        assert screen_name(app) == "CompareScreen"
        await pilot.press("escape")
        for words, screen in (("note on passage", "NoteEditor"),):
            await pilot.press("ctrl+p", *words)
            await pilot.pause(0.3)
            await pilot.press("enter")
            await ready(pilot)
            assert screen_name(app) == screen
            await pilot.press("escape")
        await pilot.press("ctrl+p", *"write a report")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await ready(pilot)
        assert any(m.startswith("Report written to") for m in messages(app))


async def test_a_quick_compare_opens_once_without_a_working_toast_on_it() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j", "x", "d")
        await ready(pilot)
        await pilot.pause(0.7)  # past the slow-diff notice's delay: it must not come
        assert screen_name(app) == "CompareScreen"
        assert sum(type(s).__name__ == "CompareScreen" for s in app.screen_stack) == 1
        assert not any(m.startswith("Comparing") for m in messages(app))
