"""The search field and its results, shown in the bottom region while a search is open."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from search_index import Corpus
from tui.backend import Hit


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
        results = self.results
        results.clear_options()
        options = []
        for rank, hit in enumerate(hits):
            options.append(Option(self._row(hit, corpus), id=f"hit-{rank}"))
        results.add_options(options)
        if options:
            results.highlighted = 0
        note = " (prefix expansion cut: refine the query)" if truncated else ""
        shown = f", showing {len(hits)}" if total > len(hits) else ""
        if hits:
            noun = "passage" if total == 1 else "passages"
            self.set_status(f"{total} {noun}{shown}{note} · Enter jumps · Esc returns")
        else:
            self.set_status(f"No passages match{note}.")

    def _row(self, hit: Hit, corpus: Corpus) -> Text:
        try:
            passage = corpus.passage(hit.passage)
            document = corpus.document_of(passage)
            where = f"{document.title[:40]} ¶{passage.number}"
            text = passage.text
        except KeyError:
            where, text = hit.passage, hit.snippet
        row = Text(no_wrap=True, overflow="ellipsis")
        row.append(where, style="underline")
        row.append("  ")
        row.append_text(_snippet(text, hit.matches))
        return row


def _snippet(text: str, matches: Sequence[tuple[int, int]], width: int = 200) -> Text:
    """A window of the passage around its first match, with every match in bold."""
    first = matches[0][0] if matches else 0
    start = max(0, first - 40)
    if start:
        space = text.rfind(" ", 0, start + 1)
        start = space + 1 if space >= 0 and first - space < 60 else start
    end = min(len(text), start + width)
    snippet = Text(("…" if start else "") + text[start:end])
    shift = 1 if start else 0
    for match_start, match_end in matches:
        if match_end > start and match_start < end:
            snippet.stylize(
                "bold reverse",
                max(0, match_start - start) + shift,
                min(end, match_end) - start + shift,
            )
    return snippet
