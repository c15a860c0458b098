"""The compare view: two passages word by word (a followed link, or the two panes' passages).

Side by side from 100 columns, one above the other below; the whole view scrolls, so a long
passage is read to its end. The diff comes from the engine (search_index.compare); this screen
only draws it (tui/widgets/word_diff.py), each passage from its own text.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.widgets.word_diff import DiffText, StyleOf, legend, side_text, summary

WIDE = 100
"""Columns from which the two passages stand side by side."""


class CompareScreen(ModalScreen[None]):
    """Two passages and their word diff; Esc or q closes."""

    DEFAULT_CSS = """
    CompareScreen { align: center middle; }
    CompareScreen > Vertical {
        width: 100%; max-width: 160; height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    CompareScreen #compare-title { height: auto; }
    CompareScreen #compare-legend { margin-bottom: 1; }
    CompareScreen #compare-body { height: 1fr; scrollbar-size-vertical: 1; }
    CompareScreen #compare-columns { layout: horizontal; height: auto; }
    CompareScreen.-narrow #compare-columns { layout: vertical; }
    CompareScreen .compare-column { width: 1fr; height: auto; padding: 0 1 1 0; }
    CompareScreen .compare-citation { color: $text-accent; text-style: bold; height: auto; }
    CompareScreen .compare-url { color: $text-muted; height: auto; }
    CompareScreen #compare-keys { color: $text-muted; height: 1; }
    """
    BINDINGS: ClassVar[list[Binding]] = [
        Binding("escape,q", "close", "Close", id="compare.close"),
        Binding("j", "scroll(1)", "Scroll down", show=False, id="compare.down"),
        Binding("k", "scroll(-1)", "Scroll up", show=False, id="compare.up"),
    ]
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (WIDE, "-wide")]

    def __init__(
        self,
        diff: Any,
        texts: tuple[str, str],
        citations: tuple[str, str],
        urls: tuple[str | None, str | None] = (None, None),
    ) -> None:
        """`diff` is a search_index.compare WordDiff of passage texts `texts` (left, right);
        `citations` and `urls` head each side."""
        super().__init__()
        self.diff = diff
        self.texts = texts
        self.citations = citations
        self.urls = urls

    @property
    def summary(self) -> str:
        """'3 words inserted, 1 deleted, 12 shared' (and whether the diff was cut short)."""
        said = summary(self.diff)
        if getattr(self.diff, "truncated", False):
            said += " (compared up to the engine's limit: the rest is not marked)"
        return said

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Text.assemble(("Compare", "bold"), "  ", self.summary),
                id="compare-title",
                markup=False,
            )
            yield DiffText(legend, id="compare-legend")
            with VerticalScroll(id="compare-body"), Container(id="compare-columns"):
                for index, side in enumerate(("left", "right")):
                    with Vertical(classes="compare-column", id=f"compare-{side}"):
                        yield Static(
                            Text(self.citations[index]), classes="compare-citation", markup=False
                        )
                        url = self.urls[index]
                        if url:
                            yield Static(Text(url), classes="compare-url", markup=False)
                        yield DiffText(self._side(index, side), id=f"diff-{side}")
            yield Static(
                Text("↑/↓ j/k PgUp/PgDn scroll · Esc or q closes"), id="compare-keys", markup=False
            )

    def _side(self, index: int, side: str) -> Any:
        def build(style_of: StyleOf) -> Text:
            return side_text(self.texts[index], self.diff.pieces, side, style_of)

        return build

    def on_mount(self) -> None:
        self.query_one("#compare-body").focus()

    def action_scroll(self, lines: int) -> None:
        self.query_one("#compare-body", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
