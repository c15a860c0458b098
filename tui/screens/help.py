"""The help screen: every key, generated from the key map (so remapped keys show as remapped)."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.keymap import SPECS, display_keys


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 76; max-width: 100%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    """
    BINDINGS: ClassVar[list[Binding]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, keymap: dict[str, str]) -> None:
        super().__init__()
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=True, header_style="bold", expand=True, padding=(0, 1))
        table.add_column("Key", style="bold", no_wrap=True)
        table.add_column("Does")
        table.add_column("Id", style="dim", no_wrap=True)
        for spec in SPECS:
            keys = self.keymap.get(spec.id, spec.keys)
            table.add_row(Text(display_keys(keys)), Text(spec.description), Text(spec.id))
        table.add_row(Text("Ctrl+P"), Text("Command palette: every command"), Text(""))
        table.add_row(Text("Mouse"), Text("Click selects a passage; the wheel scrolls"), Text(""))
        intro = Text.assemble(
            ("xref reader: keys\n", "bold"),
            "Remap any key by its id in keys.yaml in the config folder (see the README).\n",
        )
        with VerticalScroll():
            yield Static(intro, markup=False)
            yield Static(table, markup=False)
            yield Static(Text("Esc closes", style="dim"), markup=False)

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
