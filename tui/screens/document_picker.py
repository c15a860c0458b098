"""Choose a document for the focused pane: type to filter, Enter opens."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from search_index import Corpus, Document


class _FilterInput(Input):
    BINDINGS: ClassVar[list[Binding]] = [
        Binding("down", "move(1)", show=False, id="picker.down"),
        Binding("up", "move(-1)", show=False, id="picker.up"),
    ]

    def action_move(self, step: int) -> None:
        options = self.screen.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + step))


class DocumentPicker(ModalScreen[str | None]):
    """Dismisses with the chosen document id, or None."""

    DEFAULT_CSS = """
    DocumentPicker { align: center middle; }
    DocumentPicker > Vertical {
        width: 90%; max-width: 110; height: 80%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    DocumentPicker #picker-title { height: 1; text-style: bold; }
    DocumentPicker OptionList {
        height: 1fr; border: none; text-wrap: nowrap; text-overflow: ellipsis;
    }
    """
    BINDINGS: ClassVar[list[Binding]] = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
    ]

    def __init__(
        self,
        corpus: Corpus,
        pane_name: str,
        current: str | None = None,
        shown: Mapping[str, str] | None = None,
    ) -> None:
        """`shown`: the documents open in the panes, id -> where ('left', 'right/left'...),
        marked in the list so the reader sees what is open already."""
        super().__init__()
        self.corpus = corpus
        self.pane_name = pane_name
        self.current = current
        self.shown = dict(shown or {})
        self._mark_width = max((cell_len(where) for where in self.shown.values()), default=0)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Text(
                    f"Open a document in the {self.pane_name} pane ({len(self.corpus.documents)})"
                ),
                id="picker-title",
                markup=False,
            )
            yield _FilterInput(placeholder="Type to filter by title, issuer, date or id")
            yield OptionList()

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(_FilterInput).focus()

    def _row(self, document: Document) -> Text:
        row = Text(no_wrap=True, overflow="ellipsis")
        row.append(document.date or "----------", style="dim")
        row.append("  ")
        if self._mark_width:
            where = self.shown.get(document.id, "")
            row.append(where.ljust(self._mark_width), style="bold reverse" if where else "")
            row.append("  ")
        row.append(document.title, style="bold" if document.id == self.current else "")
        details = " · ".join(p for p in (document.issuer, f"{len(document.passages)} ¶") if p)
        row.append(f"  {details}", style="dim")
        return row

    def _fill(self, query: str) -> None:
        words = query.casefold().split()
        options = self.query_one(OptionList)
        options.clear_options()
        chosen = []
        for document in self.corpus.documents:
            haystack = " ".join(
                filter(None, (document.title, document.issuer, document.date, document.id))
            ).casefold()
            if all(word in haystack for word in words):
                chosen.append(Option(self._row(document), id=document.id))
        options.add_options(chosen)
        if chosen:
            options.highlighted = 0
            if not words and self.current:
                with contextlib.suppress(Exception):
                    options.highlighted = options.get_option_index(self.current)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None and options.option_count:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
