"""DocumentView: cell-counting wrap, the height tree, lazy wrapping of very long documents."""

from __future__ import annotations

import random
from pathlib import Path

from rich.cells import cell_len
from textual.app import App, ComposeResult

from search_index.corpus import parse_document
from tui.widgets.document_layout import Heights, wrap_offsets
from tui.widgets.document_view import DocumentView
from tui.widgets.highlight import Highlight


def test_wrap_never_exceeds_width_and_keeps_every_word() -> None:
    text = "The security of the Indo-Pacific region and Europe is closely intertwined. " * 5
    for width in (8, 13, 40, 79):
        lines = wrap_offsets(text, width)
        assert all(cell_len(text[s:e]) <= width for s, e in lines)
        joined = "".join(text[s:e] for s, e in lines)
        assert joined.replace(" ", "") == text.replace(" ", "")
        if width > len("Indo-Pacific"):  # no word is cut when every word fits a line
            assert " ".join(text[s:e] for s, e in lines).split() == text.split()


def test_wrap_counts_korean_as_two_cells() -> None:
    text = "대한민국은 북한의 핵 미사일 위협에 대해 유럽연합과 긴밀히 협력하기로 했다 " * 3
    lines = wrap_offsets(text, 20)
    assert all(cell_len(text[s:e]) <= 20 for s, e in lines)
    assert len(lines) > len(text) // 20  # more lines than a one-cell-per-character count
    assert " ".join(text[s:e] for s, e in lines).split() == text.split()


def test_wrap_folds_a_word_longer_than_the_line() -> None:
    text = "short " + "x" * 50 + " end"
    lines = wrap_offsets(text, 12)
    assert all(e - s <= 12 for s, e in lines)
    assert "".join(text[s:e] for s, e in lines).replace(" ", "") == text.replace(" ", "")


def test_heights_prefix_sums_and_search_match_a_plain_list() -> None:
    rng = random.Random(7)
    heights = [rng.randint(1, 9) for _ in range(500)]
    tree = Heights(heights)
    for _ in range(200):
        index = rng.randrange(len(heights))
        heights[index] = rng.randint(1, 9)
        tree.set(index, heights[index])
    starts = [sum(heights[:i]) for i in range(len(heights))]
    assert tree.total == sum(heights)
    for index in range(0, len(heights), 37):
        assert tree.start(index) == starts[index]
    for line in range(0, tree.total, 13):
        index = tree.find(line)
        assert starts[index] <= line < starts[index] + heights[index]


def big_document(paragraphs: int = 30_000) -> object:
    rng = random.Random(3)
    words = "security Europe intertwined DPRK sanctions cooperation peace stability the of".split()
    body = "\n\n".join(
        " ".join(rng.choice(words) for _ in range(rng.randint(10, 40))) for _ in range(paragraphs)
    )
    return parse_document(Path("big.md"), f"---\ntitle: Big\n---\n\n{body}\n")


class ViewApp(App[None]):
    def __init__(self, document: object) -> None:
        super().__init__()
        self.document = document

    def compose(self) -> ComposeResult:
        yield DocumentView(self.document)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        self.query_one(DocumentView).focus()


async def test_long_document_wraps_only_what_is_on_screen() -> None:
    document = big_document()
    app = ViewApp(document)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.query_one(DocumentView)
        assert 0 < len(view._layout.lines) < 100
        await pilot.press("G")
        await pilot.pause()
        assert view.cursor == 29_999
        assert 0 <= view.cursor_row() < view.size.height
        assert len(view._layout.lines) < 200
        await pilot.press("k", "pageup", "pageup")
        assert view.cursor < 29_998
        await pilot.press("g")
        assert view.cursor == 0 and view.scroll_y == 0


async def test_highlights_are_drawn_in_their_style_and_resize_keeps_the_passage() -> None:
    document = big_document(200)
    app = ViewApp(document)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.query_one(DocumentView)
        await pilot.press("j", "j", "j")
        passage = document.passages[3]  # type: ignore[attr-defined]
        view.set_highlights([Highlight(passage.id, 0, 5, "shared")])
        await pilot.pause()
        row = view.cursor_row()
        strip = view.render_line(row)
        style = view.get_component_rich_style("document-view--shared")
        highlighted = "".join(s.text for s in strip if s.style and s.style.bgcolor == style.bgcolor)
        assert highlighted == passage.text[:5]
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert view.passage_id == passage.id
        assert 0 <= view.cursor_row() < view.size.height


async def test_link_markers_show_the_count_and_widen_the_gutter_only_when_needed() -> None:
    document = big_document(30)
    app = ViewApp(document)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.query_one(DocumentView)
        passages = document.passages  # type: ignore[attr-defined]

        def first_line(index: int) -> str:
            return view.render_line(view.line_of(index) - round(view.scroll_y)).text

        view.set_link_counts({passages[0].id: 4, passages[1].id: 9})
        await pilot.pause()
        assert view.gutter_width == 10
        assert first_line(0)[:10] == "▌    1 ●4 "
        assert first_line(1)[:10] == "     2 ●9 "
        view.set_link_counts({passages[0].id: 12, passages[1].id: 3, passages[2].id: 1500})
        await pilot.pause()
        assert view.gutter_width == 13
        assert first_line(0)[:13] == "▌    1 ●12   "
        assert first_line(1)[:13] == "     2 ●3    "
        assert first_line(2)[:13] == "     3 ●999+ "
        for index in range(3):  # the text starts after the gutter, the line fits the view
            line = first_line(index)
            assert line[13:].startswith(passages[index].text.split()[0])
            assert cell_len(line) <= view.size.width
        assert view.passage_id == passages[0].id
