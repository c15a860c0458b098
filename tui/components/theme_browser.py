"""The theme browser: each theme, the documents that raise it and those that do not."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from search_index import Corpus


class ThemeBrowser(ModalScreen[str | None]):
    """Dismisses with the chosen theme id (its passages are then highlighted), or None."""

    DEFAULT_CSS = """
    ThemeBrowser { align: center middle; }
    ThemeBrowser > Vertical {
        width: 90%; max-width: 120; height: 85%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    ThemeBrowser #themes-title { height: 2; }
    ThemeBrowser OptionList { height: 1fr; border: none; }
    """
    BINDINGS: ClassVar[list[Binding]] = [
        Binding("escape,t", "cancel", "Close", id="themes.close"),
    ]

    def __init__(
        self, corpus: Corpus, themes: Sequence[Any], passages_of: Callable[[str], list[str]]
    ) -> None:
        super().__init__()
        self.corpus = corpus
        self.themes = list(themes)
        self.passages_of = passages_of

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Text.assemble(
                    (f"Themes ({len(self.themes)})", "bold"),
                    "\nEnter highlights a theme's passages in both panes; n / N step through them.",
                ),
                id="themes-title",
                markup=False,
            )
            yield OptionList(*self._options())

    def _options(self) -> list[Option]:
        if not self.themes:
            return [
                Option(
                    Text(
                        "No themes: add a themes.yaml to the texts folder (see the README).",
                        style="italic",
                    ),
                    disabled=True,
                )
            ]
        options = []
        for theme in self.themes:
            by_document: dict[str, list[int]] = {}
            for passage_id in self.passages_of(theme.id):
                try:
                    passage = self.corpus.passage(passage_id)
                except KeyError:
                    continue
                by_document.setdefault(passage.document_id, []).append(passage.number)
            text = Text()
            text.append(str(theme.label), style="bold")
            count = sum(len(v) for v in by_document.values())
            text.append(f"  ({count} passages)", style="dim")
            if getattr(theme, "description", ""):
                text.append("\n  " + str(theme.description), style="italic")
            raised = [
                f"{d.title[:50]} (¶{', ¶'.join(map(str, by_document[d.id]))})"
                for d in self.corpus.documents
                if d.id in by_document
            ]
            silent = [d.title[:50] for d in self.corpus.documents if d.id not in by_document]
            text.append("\n  raised by: ", style="green")
            text.append(
                "; ".join(raised[:6]) + (f"; +{len(raised) - 6} more" if len(raised) > 6 else "")
                if raised
                else "none"
            )
            text.append("\n  not raised by: ", style="red")
            text.append(
                "; ".join(silent[:6]) + (f"; +{len(silent) - 6} more" if len(silent) > 6 else "")
                if silent
                else "none"
            )
            options.append(Option(text, id=theme.id))
        return options

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
