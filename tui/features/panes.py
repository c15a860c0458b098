"""The two reading panes: which one has the focus, what each shows, o and Tab.

Pane 0 is left (top when the screen is narrow and they are stacked), pane 1 right (bottom).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from tui.widgets.document_pane import DocumentPane
from tui.widgets.document_view import DocumentView

PANE_NAMES = (("left", "right"), ("top", "bottom"))
"""The panes' names side by side and stacked (the screen's -narrow class)."""


class PanesFeature:
    """The panes of the reader screen (mixed into ReaderScreen: uses its corpus, session and
    history)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.active = 0
        """The focused pane: 0 or 1."""

    @property
    def panes(self) -> tuple[DocumentPane, DocumentPane]:
        return self.query_one("#pane-0", DocumentPane), self.query_one("#pane-1", DocumentPane)

    def pane(self, index: int) -> DocumentPane:
        return self.panes[index]

    @property
    def view(self) -> DocumentView:
        """The focused pane's document view."""
        return self.pane(self.active).view

    @property
    def other(self) -> DocumentView:
        return self.pane(1 - self.active).view

    def pane_name(self, index: int) -> str:
        return PANE_NAMES[self.has_class("-narrow")][index]

    def set_active(self, index: int) -> None:
        """Focus pane `index` now: Widget.focus() is deferred until after the keys already
        queued, so a key sent in the same burst as Tab would go to the pane left behind."""
        self.active = index
        self.set_focus(self.view)

    def pane_loaded(self, index: int) -> None:
        """A pane shows another document: its link markers and highlights."""
        pane = self.pane(index)
        document = pane.document
        if document is not None and self.session.has_links:
            pane.view.set_link_counts(self.session.link_counts(document.id))
        self.refresh_highlights()

    def ensure_document(self, index: int, document_id: str) -> DocumentView:
        """Pane `index` showing document `document_id` (opened there if it is not)."""
        pane = self.pane(index)
        if pane.document is None or pane.document.id != document_id:
            pane.show(self.corpus.document(document_id))
            self.pane_loaded(index)
        return pane.view

    def open_in(self, index: int, document_id: str, passage_id: str | None = None) -> None:
        """Show a document in a pane (a jump: it goes into the history)."""
        try:
            document = self.corpus.document(document_id)
        except KeyError:
            return
        self.push_history()
        pane = self.pane(index)
        cursor = 0
        if passage_id:
            cursor = max(0, self.corpus.passage(passage_id).number - 1)
        pane.show(document, cursor)
        self.pane_loaded(index)
        self.set_active(index)
        self.update_links_panel()
        self.update_status()  # the trail's "passage i of N" may no longer be on screen

    def action_switch_pane(self) -> None:
        self.set_active(1 - self.active)
        self.update_links_panel()

    def action_open_document(self) -> None:
        current = self.view.document.id if self.view.document else None
        index = self.active
        from tui.screens.document_picker import DocumentPicker

        shown: dict[str, str] = {}
        for pane in self.panes:
            if pane.document is not None:
                name = self.pane_name(pane.index)
                where = shown.get(pane.document.id)
                shown[pane.document.id] = f"{where}/{name}" if where else name
        self.app.push_screen(
            DocumentPicker(self.corpus, self.pane_name(index), current, shown),
            partial(self._document_chosen, index),
        )

    def _document_chosen(self, index: int, document_id: str | None) -> None:
        if document_id:
            self.open_in(index, document_id)
