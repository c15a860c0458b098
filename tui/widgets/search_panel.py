"""The search field and its results, shown in the bottom region while a search is open."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len, get_character_cell_size
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from search_index import Corpus
from tui.widgets.fit import ELLIPSIS, Titles, fit, pad
from tui.widgets.passage_rows import append_place, row_width, widest_number

if TYPE_CHECKING:
    from search_index.search import Hit


class SearchInput(Input):
    """The query field: up/down move through the results without leaving it."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("down", "result(1)", "Next result", show=False, id="search.result_down"),
        Binding("up", "result(-1)", "Previous result", show=False, id="search.result_up"),
    ]

    def action_result(self, step: int) -> None:
        results = self.parent.query_one(OptionList) if self.parent else None
        if results is None or not results.option_count:
            return
        current = results.highlighted
        results.highlighted = (
            0 if current is None else max(0, min(results.option_count - 1, current + step))
        )


class SearchPanel(Vertical):
    DEFAULT_CSS = """
    SearchPanel { height: 1fr; }
    SearchPanel > SearchInput, SearchPanel > SearchInput:focus {
        height: 1; border: none; padding: 0 1; background: $boost;
    }
    SearchPanel > #search-status { height: 1; padding: 0 1; color: $text-muted; }
    SearchPanel > #search-status.-error { color: $error; text-style: bold; }
    SearchPanel > OptionList { height: 1fr; border: none; padding: 0 1;
        text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hits: list[Hit] = []
        self._titles: Titles | None = None
        self._width = 0

    def compose(self) -> ComposeResult:
        yield SearchInput(
            placeholder='Search: words, "a phrase", prefix*, doc:ID, date:[2024 TO 2025]'
        )
        yield Static("", id="search-status", markup=False)
        yield OptionList(id="search-results")

    @property
    def input(self) -> SearchInput:
        return self.query_one(SearchInput)

    @property
    def results(self) -> OptionList:
        return self.query_one(OptionList)

    def set_status(self, message: str, *, error: bool = False) -> None:
        status = self.query_one("#search-status", Static)
        status.update(Text(message))
        status.set_class(error, "-error")

    def show_hits(self, hits: Sequence[Hit], corpus: Corpus, total: int, truncated: bool) -> None:
        self.hits = list(hits)
        if self._titles is None or self._titles.corpus is not corpus:
            self._titles = Titles(corpus)
        self._fill(keep=False)
        note = " (prefix expansion cut: refine the query)" if truncated else ""
        shown = f", showing {len(hits)}" if total > len(hits) else ""
        if hits:
            noun = "passage" if total == 1 else "passages"
            self.set_status(f"{total} {noun}{shown}{note} · Enter jumps · Esc returns")
        else:
            self.set_status(f"No passages match{note}.")

    def _fill(self, *, keep: bool) -> None:
        """(Re)build the result rows for the current width."""
        results = self.results
        highlighted = results.highlighted if keep else None
        results.clear_options()
        if not self.hits or self._titles is None:
            return
        width = row_width(self.results, len(self.hits))
        self._width = width
        corpus = self._titles.corpus
        number_width = widest_number(corpus, (hit.passage for hit in self.hits))
        # The title column: a third of what the number leaves, at most 40 cells.
        title_width = max(8, min(40, (width - number_width - 4) // 3))
        options = [
            Option(self._row(hit, title_width, number_width, width), id=f"hit-{rank}")
            for rank, hit in enumerate(self.hits)
        ]
        results.add_options(options)
        if highlighted is not None and 0 <= highlighted < len(options):
            results.highlighted = highlighted
        else:
            results.highlighted = 0

    def on_resize(self) -> None:
        if self.hits and row_width(self.results, len(self.hits)) != self._width:
            self._fill(keep=True)

    def _row(self, hit: Hit, title_width: int, number_width: int, width: int) -> Text:
        assert self._titles is not None
        corpus = self._titles.corpus
        row = Text(no_wrap=True, overflow="ellipsis")
        try:
            passage = corpus.passage(hit.passage)
            document = corpus.document_of(passage)
        except KeyError:
            where = pad(hit.passage, title_width + number_width + 2)
            row.append(where, style="underline")
            row.append("  ")
            row.append(fit(hit.snippet, width - cell_len(where) - 2))
            return row
        append_place(row, self._titles, document, passage.number, title_width, number_width)
        used = title_width + number_width + 4
        row.append_text(snippet(passage.text, hit.matches, width - used))
        return row


def snippet(text: str, matches: Sequence[tuple[int, int]], width: int) -> Text:
    """At most `width` cells of the passage around its first match (some words before it,
    from a word start), cut with '…' at either end, every match shown in bold reverse."""
    width = max(4, width)
    first = matches[0][0] if matches else 0
    first = max(0, min(first, len(text)))
    lead = min(30, width // 4)  # context before the first match
    start, cells = first, 0
    while start > 0:
        size = get_character_cell_size(text[start - 1])
        if cells + size > lead:
            break
        start -= 1
        cells += size
    if start > 0:
        space = text.find(" ", start, first)
        start = space + 1 if space >= 0 else start
        while start < first and text[start] == " ":
            start += 1
    prefix = ELLIPSIS if start > 0 else ""
    room = width - len(prefix)
    end, cells = start, 0
    while end < len(text):
        size = get_character_cell_size(text[end])
        if cells + size > room:
            break
        end += 1
        cells += size
    suffix = ""
    if end < len(text):
        # Leave a cell for the '…' at the end.
        while end > start and cells + 1 > room:
            end -= 1
            cells -= get_character_cell_size(text[end])
        suffix = ELLIPSIS
    result = Text(prefix + text[start:end] + suffix)
    shift = len(prefix) - start
    for match_start, match_end in matches:
        if match_end > start and match_start < end:
            result.stylize(
                "bold reverse", max(match_start, start) + shift, min(match_end, end) + shift
            )
    return result
