"""Notes in the reader (a): written, kept across a restart, marked in the gutter, and said to be
on a changed passage once the document's text changed. Real keys through Pilot."""

from __future__ import annotations

import shutil
from pathlib import Path

from search_index import bundled_texts_dir, load_corpus
from tui.app import XrefApp

LEFT = "kim-gunn-eu-psc"


def corpus_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "texts"
    shutil.copytree(bundled_texts_dir(), folder)
    return folder


def make_app(folder: Path) -> XrefApp:
    return XrefApp(load_corpus([folder]), [folder])


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


def gutter(app: XrefApp, number: int) -> str:
    """The gutter of paragraph `number`'s first line in the left pane, as drawn."""
    view = app.reader.pane(0).view
    row = view.line_of(number - 1) - round(view.scroll_y)
    return view.render_line(row).text[: view.gutter_width]


def warnings(app: XrefApp) -> list[str]:
    return [n.message for n in app._notifications if n.severity == "warning"]


async def test_a_note_is_written_kept_across_a_restart_and_flagged_when_the_passage_changes(
    tmp_path: Path,
) -> None:
    folder = corpus_copy(tmp_path)
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert "✎" not in gutter(app, 2)
        await pilot.press("g", "j", "a")  # para. 2 (the place is remembered)
        assert type(app.screen).__name__ == "NoteEditor"
        await pilot.press(*"Quote? q: [b]Nov.[/b]")
        await pilot.press("ctrl+s")
        await ready(pilot)
        assert app.screen is app.reader
        assert "✎" in gutter(app, 2)
        assert "✎" not in gutter(app, 1) and "✎" not in gutter(app, 3)
        assert "✎" in app.export_screenshot()  # on screen: the line was redrawn, not cached
        assert "✎ note" in app.reader.status_text
        await pilot.press("j")
        assert "note" not in app.reader.status_text
        await pilot.press("q")

    app = make_app(folder)  # a new start on the same corpus
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert "✎" in gutter(app, 2)
        await pilot.press("g", "j", "a")  # para. 2 (the place is remembered)
        editor = app.screen
        assert editor.query_one("TextArea").text == "Quote? q: [b]Nov.[/b]"
        assert not editor.query("#note-changed")
        await pilot.press("escape")
        assert app.screen is app.reader

    document = folder / f"{LEFT}.md"
    text = document.read_text(encoding="utf-8")
    document.write_text(text.replace("closely intertwined", "tightly linked"), encoding="utf-8")
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        mark = gutter(app, 2)
        assert "!" in mark and "✎" not in mark
        await pilot.press("g", "j")
        assert "passage changed since the note" in app.reader.status_text
        await pilot.press("g", "j", "a")  # para. 2 (the place is remembered)
        editor = app.screen
        changed = editor.query_one("#note-changed").render()
        assert "passage changed since the note" in str(changed)
        assert editor.query_one("TextArea").text == "Quote? q: [b]Nov.[/b]"
        # Saving it again writes it on the passage as it is now: the mark is a note again.
        await pilot.press("end", *" (checked)", "ctrl+s")
        await ready(pilot)
        assert "✎" in gutter(app, 2)
    assert "tightly linked" in document.read_text(encoding="utf-8")  # the document untouched


async def test_an_emptied_note_is_deleted_and_escape_keeps_it(tmp_path: Path) -> None:
    folder = corpus_copy(tmp_path)
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("a", *"first", "ctrl+s")
        await ready(pilot)
        assert "✎" in gutter(app, 1)
        await pilot.press("a", *" more", "escape", "escape")  # the second Esc discards
        await ready(pilot)
        assert app.reader.notebook.get(f"{LEFT}:1").body == "first"
        await pilot.press("a", "ctrl+a", "ctrl+k", "ctrl+s")  # everything deleted: no note
        await ready(pilot)
        assert app.reader.notebook.get(f"{LEFT}:1") is None
        assert "✎" not in gutter(app, 1)


async def test_a_damaged_notes_file_is_said_once_and_kept(tmp_path: Path) -> None:
    from search_index.notes import NoteBook

    folder = corpus_copy(tmp_path)
    path = NoteBook.open(load_corpus([folder])).path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json [red]x[/red]", encoding="utf-8")
    app = make_app(folder)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        said = [w for w in warnings(app) if str(path) in w]
        assert len(said) == 1 and "damaged" in said[0]
        await pilot.press("j", "k")
        await ready(pilot)
        assert len([w for w in warnings(app) if str(path) in w]) == 1
    assert path.read_text(encoding="utf-8") == "{not json [red]x[/red]"
