"""A theme's wording over time: its passages in date order, each marked against the one before.

Opened from the theme browser (d). Each step shows its date (and what is known of a partial
date), its citation, and its text with the previous step's dropped words put in, struck, and
its new words underlined: "closely intertwined" -> "more closely intertwined than ever" reads
at a glance. The drift comes from the engine (search_index.compare.drift).
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from search_index.compare import diff_segments
from tui.widgets.word_diff import DiffText, StyleOf, legend, segments_text, summary


class DriftScreen(ModalScreen[None]):
    """The steps of a search_index Drift; Esc or q closes (back to the theme browser)."""

    DEFAULT_CSS = """
    DriftScreen { align: center middle; }
    DriftScreen > Vertical {
        width: 100%; max-width: 120; height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    DriftScreen #drift-title { height: auto; }
    DriftScreen #drift-legend { margin-bottom: 1; }
    DriftScreen #drift-body { height: 1fr; scrollbar-size-vertical: 1; }
    DriftScreen .drift-head { color: $text-accent; text-style: bold; height: auto; }
    DriftScreen .drift-note { color: $text-muted; text-style: italic; height: auto; }
    DriftScreen .drift-text { margin-bottom: 1; padding-right: 1; }
    DriftScreen #drift-keys { color: $text-muted; height: 1; }
    """
    BINDINGS: ClassVar[list[Binding]] = [
        Binding("escape,q", "close", "Close", id="drift.close"),
        Binding("j", "scroll(1)", "Scroll down", show=False, id="drift.down"),
        Binding("k", "scroll(-1)", "Scroll up", show=False, id="drift.up"),
    ]

    def __init__(self, drift: Any) -> None:
        super().__init__()
        self.drift = drift

    def compose(self) -> ComposeResult:
        steps = list(self.drift.steps)
        count = f"{len(steps)} passage{'' if len(steps) == 1 else 's'}, date order"
        with Vertical():
            yield Static(
                Text.assemble(
                    ("Wording over time: ", "bold"),
                    (str(self.drift.label), "bold"),
                    f"  ({count}, each against the one before)",
                ),
                id="drift-title",
                markup=False,
            )
            yield DiffText(legend, id="drift-legend")
            with VerticalScroll(id="drift-body"):
                if not steps:
                    yield Static(Text("No passage raises this theme.", style="italic"))
                for number, step in enumerate(steps, 1):
                    yield Static(self._head(number, step), classes="drift-head", markup=False)
                    notes = [n for n in (step.date_note, self._change(step)) if n]
                    if notes:
                        yield Static(Text(" · ".join(notes)), classes="drift-note", markup=False)
                    yield DiffText(self._text(step), classes="drift-text")
            yield Static(
                Text("↑/↓ j/k PgUp/PgDn scroll · Esc or q closes"), id="drift-keys", markup=False
            )

    @staticmethod
    def _head(number: int, step: Any) -> Text:
        date = step.date or "no date"
        return Text(f"{number}. {date} · {step.citation}")

    @staticmethod
    def _change(step: Any) -> str | None:
        return f"against the previous: {summary(step.diff)}" if step.diff is not None else None

    @staticmethod
    def _text(step: Any) -> Any:
        text = step.passage.text
        segments = diff_segments(step.diff, text) if step.diff is not None else [("plain", text)]

        def build(style_of: StyleOf) -> Text:
            return segments_text(segments, style_of)

        return build

    def on_mount(self) -> None:
        self.query_one("#drift-body").focus()

    def action_scroll(self, lines: int) -> None:
        self.query_one("#drift-body", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
