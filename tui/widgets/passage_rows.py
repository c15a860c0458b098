"""Rows that list passages, shared by the links panel and the search results: how wide a row
is, and the title and ¶ number columns that line up whatever the title's length."""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from search_index import Corpus, Document
from tui.widgets.fit import Titles

MIN_WIDTH = 20


def row_width(options: Widget, rows: int) -> int:
    """Cells a row of `options` (a list of `rows` rows) has: its width less the scrollbar,
    if it will show one; before the first layout, the terminal's width less the borders."""
    region = options.content_region
    if not region.width:
        return max(MIN_WIDTH, options.app.size.width - 4)
    scrollbar = options.styles.scrollbar_size_vertical if rows > region.height else 0
    return max(MIN_WIDTH, region.width - scrollbar)


def widest_number(corpus: Corpus, passage_ids: Iterable[str]) -> int:
    """Cells of the widest paragraph number of these passages (unknown ones count as 0)."""
    numbers = []
    for passage_id in passage_ids:
        try:
            numbers.append(corpus.passage(passage_id).number)
        except KeyError:
            numbers.append(0)
    return len(str(max(numbers, default=1)))


def append_place(
    row: Text,
    titles: Titles,
    document: Document,
    number: int,
    title_width: int,
    number_width: int,
) -> None:
    """Add the document's title padded to `title_width` cells and ' ¶N' padded to
    `number_width` digits, then two spaces."""
    title = titles.title(document, title_width)
    row.append(title, style="underline")
    row.append(" " * (title_width - cell_len(title)))
    row.append(f" ¶{number:<{number_width}}", style="bold")
    row.append("  ")
