"""The compare view (d on a followed link): the two passages word by word, through real keys.

Snapshots: pytest tests/reader/test_compare_view.py --snapshot-update after an intended change.
"""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len

from search_index import bundled_texts_dir, load_corpus
from tui.app import XrefApp

LEFT = "kim-gunn-eu-psc"
RIGHT = "borrell-cho-dprk-russia"


def make_app(paths: list[Path] | None = None) -> XrefApp:
    paths = paths or [bundled_texts_dir()]
    return XrefApp(load_corpus(paths), paths)


async def ready(pilot) -> None:
    """Wait for the index and links worker, and the notes worker."""
    app = pilot.app
    await pilot.pause()
    for _ in range(400):
        if app.reader.ready or app.reader.session_status.startswith("Search"):
            break
        await pilot.pause(0.05)
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def settled(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def follow_to_intertwined(pilot) -> None:
    """Para. 2 of the January release, then the link to para. 4 of the November statement
    ('more closely intertwined than ever'), stepping with ] from the best link."""
    await pilot.press("j", "x")
    for _ in range(8):
        if pilot.app.reader.pane(1).view.passage_id == f"{RIGHT}:4":
            break
        await pilot.press("right_square_bracket")
    assert pilot.app.reader.pane(1).view.passage_id == f"{RIGHT}:4"


def marked(widget, mark: str) -> list[str]:
    """The pieces of a diff widget's text drawn in the style of `mark` ('inserted', ...)."""
    text = widget.text
    style = widget.get_component_rich_style(f"word-diff--{mark}")
    return [text.plain[s.start : s.end] for s in text.spans if s.style == style]


async def test_d_on_a_followed_link_marks_inserted_deleted_and_shared_words() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await follow_to_intertwined(pilot)
        await pilot.press("d")
        await settled(pilot)
        screen = app.screen
        assert type(screen).__name__ == "CompareScreen"
        left_widget, right_widget = screen.query_one("#diff-left"), screen.query_one("#diff-right")
        left, right = left_widget.text, right_widget.text
        assert left.plain == app.corpus.passage(f"{LEFT}:2").text
        assert right.plain == app.corpus.passage(f"{RIGHT}:4").text
        inserted = marked(right_widget, "inserted")
        assert "more" in inserted and "than ever" in inserted
        assert "region" in marked(left_widget, "deleted")
        # Readable without colour: inserted words underlined, deleted ones struck.
        style = right_widget.get_component_rich_style("word-diff--inserted")
        assert style.underline and style.bgcolor is not None
        assert left_widget.get_component_rich_style("word-diff--deleted").strike
        # "closely intertwined" is shared: no mark on it in either passage.
        for text in (left, right):
            start = text.plain.index("closely intertwined")
            end = start + len("closely intertwined")
            assert not any(s.start < end and s.end > start for s in text.spans)
        # Europe / European: a match, shown as equal (italic), not as a change.
        assert "European" in marked(right_widget, "match")
        assert right_widget.get_component_rich_style("word-diff--match").italic
        title = str(screen.query_one("#compare-title").render())
        assert "inserted" in title and "deleted" in title and "shared" in title
        citations = [str(w.render()) for w in screen.query(".compare-citation")]
        assert citations[0].endswith("para. 2") and citations[1].endswith("para. 4")
        await pilot.press("escape")
        assert app.screen is app.reader
        await pilot.press("d")
        await settled(pilot)
        assert type(app.screen).__name__ == "CompareScreen"
        await pilot.press("q")  # q closes the view, it does not quit the reader
        assert app.screen is app.reader and app.is_running


async def test_without_a_link_d_compares_the_two_panes_passages() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("d")
        await settled(pilot)
        screen = app.screen
        assert type(screen).__name__ == "CompareScreen"
        assert screen.query_one("#diff-left").text.plain == app.corpus.passage(f"{LEFT}:1").text
        assert screen.query_one("#diff-right").text.plain == app.corpus.passage(f"{RIGHT}:1").text


def write(folder: Path, name: str, front: str, body: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"---\n{front}---\n\n{body}\n", encoding="utf-8")


async def test_korean_passages_wrap_by_cells_and_markup_shows_as_written(tmp_path: Path) -> None:
    older = (
        "북한과 러시아의 군사협력은 [bold]유엔[/bold] 안보리 결의의 명백한 위반이며 "
        "유럽과 인도태평양의 안보가 긴밀히 연결되어 있음을 보여준다"
    )
    newer = (
        "북한과 러시아의 불법적인 군사협력은 [bold]유엔[/bold] 안보리 결의의 명백한 위반이며 "
        "두 지역의 안보가 그 어느 때보다 긴밀히 연결되어 있다"
    )
    write(tmp_path, "a.md", "title: 가\ndate: 2024-01-01\n", older)
    write(tmp_path, "b.md", "title: 나\ndate: 2024-02-01\n", newer)
    app = make_app([tmp_path])
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("d")
        await settled(pilot)
        screen = app.screen
        assert type(screen).__name__ == "CompareScreen"
        for side, text in (("left", older), ("right", newer)):
            widget = screen.query_one(f"#diff-{side}")
            lines = [widget.render_line(y).text for y in range(widget.size.height)]
            assert all(cell_len(line) <= widget.size.width for line in lines)
            assert len(lines) > 1  # wrapped, not cut
            # Every character is on screen, in order ([bold] as written, never as markup).
            assert "".join(lines).replace(" ", "") == text.replace(" ", "")


async def test_a_long_passage_scrolls_to_its_end(tmp_path: Path) -> None:
    long_text = " ".join(f"sentence {n} about security in Europe." for n in range(300))
    write(tmp_path, "a.md", "title: A\ndate: 2024-01-01\n", long_text)
    write(tmp_path, "b.md", "title: B\ndate: 2024-02-01\n", long_text.replace("Europe", "Asia"))
    app = make_app([tmp_path])
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("d")
        await settled(pilot)
        body = app.screen.query_one("#compare-body")
        assert body.max_scroll_y > 10
        await pilot.press("end")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y
        await pilot.press("home", "j", "j")
        await pilot.pause()
        assert body.scroll_y == 2


def test_compare_view_wide(snap_compare) -> None:
    async def run_before(pilot) -> None:
        await ready(pilot)
        await follow_to_intertwined(pilot)
        await pilot.press("d")
        await settled(pilot)

    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=run_before)


def test_compare_view_narrow(snap_compare) -> None:
    async def run_before(pilot) -> None:
        await ready(pilot)
        await follow_to_intertwined(pilot)
        await pilot.press("d")
        await settled(pilot)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)
