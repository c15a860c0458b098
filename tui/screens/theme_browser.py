"""The theme browser: each theme, the documents that raise it and those that do not."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from search_index import Corpus
from tui.keymap import BY_ID, bindings, display_keys
from tui.widgets.fit import Titles

TITLE_CELLS = 48
"""A document title in a theme's lists is cut (with …) to this many cells."""
FOLDED = 6
"""Documents listed per line before '+N more' (Space lists them all)."""


class ThemeBrowser(ModalScreen[str | None]):
    """Dismisses with the chosen theme id (its passages are then highlighted), or None."""

    DEFAULT_CSS = """
    ThemeBrowser { align: center middle; }
    ThemeBrowser > Vertical {
        width: 90%; max-width: 120; height: 85%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    ThemeBrowser #themes-title { height: auto; margin-bottom: 1; }
    ThemeBrowser OptionList { height: 1fr; border: none; }
    """
    BINDINGS: ClassVar[list[Binding]] = [
        Binding("escape,t", "cancel", "Close", id="themes.close"),
        Binding("space", "expand", "Every document", id="themes.expand"),
        *bindings("themes"),
        # The reader's report key, by the same id (remapped together): the highlighted theme.
        Binding(BY_ID["report.write"].keys, "report", "Report", id="report.write"),
    ]

    def __init__(
        self, corpus: Corpus, themes: Sequence[Any], passages_of: Callable[[str], list[str]]
    ) -> None:
        super().__init__()
        self.corpus = corpus
        self.themes = list(themes)
        self.passages_of = passages_of
        self.expanded: set[str] = set()
        self._titles = Titles(corpus)
        self._by_document: dict[str, dict[str, list[int]]] = {}

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Text.assemble(
                    (f"Themes ({len(self.themes)})", "bold"),
                    "\nEnter highlights a theme's passages in both panes (n / N step through "
                    "them) · Space lists every document of a theme · "
                    f"{self._key('themes.drift')} its wording over time · "
                    f"{self._key('report.write')} writes its report · Esc closes",
                ),
                id="themes-title",
                markup=False,
            )
            yield OptionList(*self._options())

    def _documents_of(self, theme_id: str) -> dict[str, list[int]]:
        by_document = self._by_document.get(theme_id)
        if by_document is None:
            by_document = {}
            for passage_id in self.passages_of(theme_id):
                try:
                    passage = self.corpus.passage(passage_id)
                except KeyError:
                    continue
                by_document.setdefault(passage.document_id, []).append(passage.number)
            self._by_document[theme_id] = by_document
        return by_document

    def prompt(self, theme: Any) -> RenderableType:
        """One theme: label and count, description, and the documents that raise it and not
        (folded to a few, or all when expanded); wrapped lines keep their indent."""
        by_document = self._documents_of(theme.id)
        head = Text()
        head.append(str(theme.label), style="bold")
        count = sum(len(v) for v in by_document.values())
        head.append(f"  ({count} passage{'' if count == 1 else 's'})", style="dim")
        raised = [
            f"{self._titles.title(d, TITLE_CELLS)} (¶{', ¶'.join(map(str, by_document[d.id]))})"
            for d in self.corpus.documents
            if d.id in by_document
        ]
        silent = [
            self._titles.title(d, TITLE_CELLS)
            for d in self.corpus.documents
            if d.id not in by_document
        ]
        parts: list[RenderableType] = [head]
        description = str(getattr(theme, "description", "") or "")
        if description:
            parts.append(Padding(Text(description, style="italic"), (0, 0, 0, 2)))
        grid = Table.grid(padding=(0, 1, 0, 0))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        expanded = theme.id in self.expanded
        for label, style, names in (
            ("raised by:", "green", raised),
            ("not raised by:", "red", silent),
        ):
            grid.add_row(Text(label, style=style), self._listing(names, expanded))
        parts.append(Padding(grid, (0, 0, 0, 2)))
        return Group(*parts)

    @staticmethod
    def _listing(names: list[str], expanded: bool) -> Text:
        if not names:
            return Text("none")
        if expanded or len(names) <= FOLDED:
            text = Text("; ".join(names))
            if len(names) > FOLDED:
                text.append("  (Space folds)", style="dim")
            return text
        text = Text("; ".join(names[:FOLDED]))
        text.append(f"; +{len(names) - FOLDED} more", style="bold")
        text.append(" (Space lists them)", style="dim")
        return text

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
        return [Option(self.prompt(theme), id=theme.id) for theme in self.themes]

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_expand(self) -> None:
        """List every document of the highlighted theme (again: fold the list)."""
        options = self.query_one(OptionList)
        if options.highlighted is None or not self.themes:
            return
        theme = self.themes[options.highlighted]
        self.expanded ^= {theme.id}
        options.replace_option_prompt(theme.id, self.prompt(theme))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _key(self, binding_id: str) -> str:
        """The first key of a binding as the user mapped it (keys.yaml)."""
        keys = getattr(self.app, "keymap", {}).get(binding_id, BY_ID[binding_id].keys)
        return display_keys(keys.split(",")[0])

    def _highlighted(self) -> str | None:
        options = self.query_one(OptionList)
        if options.highlighted is None or not self.themes:
            return None
        return str(self.themes[options.highlighted].id)

    def _reader(self, method: str) -> Callable[..., Any] | None:
        """A method of the reader screen (under this one), found on the app, not imported:
        the reader screen is a layer above the modal screens."""
        return getattr(getattr(self.app, "reader", None), method, None)

    def action_drift(self) -> None:
        """d: the highlighted theme's wording over time, over this browser."""
        theme_id, open_drift = self._highlighted(), self._reader("open_drift")
        if theme_id is not None and open_drift is not None:
            open_drift(theme_id)

    def action_report(self) -> None:
        """r: the highlighted theme's report."""
        theme_id, write_report = self._highlighted(), self._reader("write_report")
        if theme_id is not None and write_report is not None:
            write_report(theme_id=theme_id)
