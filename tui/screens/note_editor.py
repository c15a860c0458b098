"""A small editor for the note on one passage (a, on the reader screen).

It only edits text: the reader saves what it returns through the engine's NoteBook (in a
thread worker). Ctrl+S or F2 keeps the note (an empty note is deleted), Esc leaves it as it
was (with text typed, on a second Esc, after a warning): Esc is pressed by reflex (vi users), and a
paragraph of notes lost to it is not typed again. F2 is there because Ctrl+S does not reach
every terminal (a browser running the served reader takes it for "save page", a terminal with
flow control on outside the reader takes it for XOFF).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

CHANGED = "passage changed since the note"
"""Said above a note whose passage's text is no longer the text it was written on."""
PREVIEW_CHARS = 2_000
"""Characters of the passage shown above the note (a huge paragraph would be wrapped whole)."""


class NoteEditor(ModalScreen[str | None]):
    """Dismisses with the note's new text (empty: delete it), or None to leave it."""

    DEFAULT_CSS = """
    NoteEditor { align: center middle; }
    NoteEditor > Vertical {
        width: 90%; max-width: 100; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    NoteEditor #note-title { height: auto; }
    NoteEditor #note-changed {
        height: auto; color: $text-warning; background: $warning 15%; text-style: bold;
    }
    NoteEditor #note-passage { height: auto; max-height: 6; color: $text-muted; }
    NoteEditor TextArea { height: 8; min-height: 3; }
    NoteEditor #note-keys { color: $text-muted; height: auto; }
    """
    BINDINGS: ClassVar[list[Binding]] = [
        Binding("ctrl+s,f2", "save", "Save note", id="note.save"),
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
    ]

    def __init__(self, citation: str, passage_text: str, body: str, *, changed: bool) -> None:
        super().__init__()
        self.citation = citation
        self.passage_text = passage_text
        self.body = body
        self.changed = changed
        self.warned = False
        """Esc was pressed once with text typed: the next Esc discards it."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Text.assemble(("Note on ", "bold"), (self.citation, "bold")),
                id="note-title",
                markup=False,
            )
            if self.changed:
                yield Static(
                    Text(f"⚠ {CHANGED}: the text below is the passage as it is now"),
                    id="note-changed",
                    markup=False,
                )
            with VerticalScroll(id="note-passage"):
                preview = self.passage_text[:PREVIEW_CHARS]
                if len(self.passage_text) > PREVIEW_CHARS:
                    preview += " …"
                yield Static(Text(preview), markup=False)
            yield TextArea(self.body, id="note-body", soft_wrap=True)
            yield Static(
                Text("Ctrl+S or F2 saves (an empty note is deleted) · Esc cancels"),
                id="note-keys",
                markup=False,
            )

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        """Leave the note as it was; with text typed, only on a second Esc."""
        if self.query_one(TextArea).text == self.body or self.warned:
            self.dismiss(None)
            return
        self.warned = True
        self.query_one("#note-keys", Static).update(
            Text(
                "Not saved: Esc again discards what you typed · Ctrl+S or F2 saves",
                style="bold",
            )
        )
