"""A document pane: a header (title, issuer, date) above a DocumentView."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget

from search_index import Document
from tui.components.document_view import DocumentView


class PaneHeader(Widget):
    """Title on the first line, issuer and date on the second (one line when short of room)."""

    DEFAULT_CSS = """
    PaneHeader { height: 2; padding: 0 1; background: $panel; color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document: Document | None = None

    def show(self, document: Document | None) -> None:
        self.document = document
        self.refresh()

    def render(self) -> Text:
        document = self.document
        if document is None:
            return Text("No document: press o to open one", style="italic")
        width = max(1, self.size.width - 2)
        title = Text(document.title, style="bold")
        details = " · ".join(
            part
            for part in (document.date, document.issuer, f"{len(document.passages)} paragraphs")
            if part
        )
        meta = Text(details)
        if self.size.height <= 1:
            line = Text.assemble(title, " — ", meta)
            line.truncate(width, overflow="ellipsis")
            return line
        title.truncate(width, overflow="ellipsis")
        meta.truncate(width, overflow="ellipsis")
        return Text.assemble(title, "\n", meta)


class DocumentPane(Vertical):
    """One of the two reading panes."""

    DEFAULT_CSS = """
    DocumentPane { width: 1fr; height: 1fr; }
    DocumentPane:focus-within > PaneHeader { background: $primary 40%; color: $foreground; }
    """

    def __init__(self, index: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.index = index

    def compose(self) -> ComposeResult:
        yield PaneHeader()
        yield DocumentView()

    @property
    def view(self) -> DocumentView:
        return self.query_one(DocumentView)

    @property
    def header(self) -> PaneHeader:
        return self.query_one(PaneHeader)

    @property
    def document(self) -> Document | None:
        return self.view.document

    def show(self, document: Document, cursor: int = 0) -> None:
        self.view.load(document, cursor)
        self.header.show(document)
