"""A document pane: a header (title, issuer, date) above a DocumentView."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget

from search_index import Document
from tui.widgets.document_view import DocumentView
from tui.widgets.fit import counted, fit, fit_words


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
        if self.size.height <= 1:
            return one_line_header(document, width)
        details = " · ".join(
            part
            for part in (
                document.date,
                document.issuer,
                counted(len(document.passages), "paragraph"),
            )
            if part
        )
        return Text.assemble((fit(document.title, width), "bold"), "\n", fit(details, width))


def short_issuer(issuer: str) -> str:
    """'Ministry of Foreign Affairs, Republic of Korea' -> 'Ministry of Foreign Affairs'."""
    head = issuer.split(",")[0].strip()
    return head or issuer


def one_line_header(document: Document, width: int) -> Text:
    """Title, date and issuer in one line of `width` cells: the title is cut with … to leave
    room for the date and a short issuer; on a very narrow line the issuer goes first, then
    the date."""
    paragraphs = counted(len(document.passages), "paragraph")
    full = [p for p in (document.date, document.issuer, paragraphs) if p]
    details = " · ".join(full)
    if cell_len(document.title) + 3 + cell_len(details) <= width:
        return Text.assemble((document.title, "bold"), " — ", details)
    issuer = short_issuer(document.issuer) if document.issuer else ""
    issuer = fit_words(issuer, max(10, width // 3))
    title_room = max(12, width // 3)
    for parts in ((document.date, issuer), (document.date,), ()):
        meta = " · ".join(p for p in parts if p)
        room = width - (3 + cell_len(meta) if meta else 0)
        if room >= min(title_room, cell_len(document.title)) or not meta:
            title = fit(document.title, room)
            if not meta:
                return Text(title, style="bold")
            return Text.assemble((title, "bold"), " — ", meta)
    return Text(fit(document.title, width), style="bold")  # pragma: no cover


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

    def show(self, document: Document, cursor: int = 0, *, at: float | None = None) -> None:
        self.view.load(document, cursor, at=at)
        self.header.show(document)
