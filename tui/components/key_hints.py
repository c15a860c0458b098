"""A one-line footer of the main keys, drawn from the key map (remapped keys show as remapped).

Why not Textual's Footer: it builds one widget per key and rebuilds them on every focus change,
which cost most of the reader's start-up time; this is one line of text.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from tui.keymap import SPECS, display_keys


class KeyHints(Widget):
    DEFAULT_CSS = """
    KeyHints { height: 1; background: $panel; color: $text-muted; padding: 0 1; }
    """

    def __init__(self, keymap: dict[str, str] | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.keymap = keymap or {}

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        for spec in SPECS:
            if not spec.show:
                continue
            keys = self.keymap.get(spec.id, spec.keys).split(",")[0]
            text.append(display_keys(keys), style="bold")
            text.append(f" {spec.description}  ")
        text.append("^P", style="bold")
        text.append(" palette")
        return text
