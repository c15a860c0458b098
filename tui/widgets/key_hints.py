"""A one-line footer of the main keys, drawn from the key map (remapped keys show as remapped).

Why not Textual's Footer: it builds one widget per key and rebuilds them on every focus change,
which cost most of the reader's start-up time; this is one line of text.

Labels are short, and when the line is too narrow for all of them whole entries are left out,
least needed first, so the line is never cut mid-word and "? Keys" and "q Quit" always show.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from tui.keymap import BY_ID, display_keys

SHOWN: tuple[tuple[str, str], ...] = (
    ("pane.switch", "Pane"),
    ("link.follow", "Follow"),
    ("history.back", "Back"),
    ("scroll.linked", "Linked"),
    ("search.open", "Search"),
    ("themes.open", "Themes"),
    ("document.open", "Open"),
    ("passage.copy", "Copy"),
    ("palette", "Palette"),
    ("app.help", "Keys"),
    ("app.quit", "Quit"),
)
"""(binding id, label) in the order they are shown."""

KEPT_FIRST = (
    "app.help",
    "app.quit",
    "search.open",
    "link.follow",
    "history.back",
    "pane.switch",
    "themes.open",
    "document.open",
    "scroll.linked",
    "passage.copy",
    "palette",
)
"""The order in which entries are kept when the line is short."""

SEPARATOR = "  "


class KeyHints(Widget):
    DEFAULT_CSS = """
    KeyHints { height: 1; background: $panel; color: $text-muted; padding: 0 1; }
    """

    def __init__(self, keymap: dict[str, str] | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.keymap = keymap or {}

    def _key(self, binding_id: str) -> str:
        if binding_id == "palette":
            return "^P"
        keys = self.keymap.get(binding_id, BY_ID[binding_id].keys)
        return display_keys(keys.split(",")[0])

    def entries(self, width: int) -> list[tuple[str, str]]:
        """(key, label) of the entries that fit in `width` cells, in the order shown."""
        labels = dict(SHOWN)
        keys = {binding_id: self._key(binding_id) for binding_id in labels}
        kept: set[str] = set()
        used = 0
        for binding_id in KEPT_FIRST:
            cells = cell_len(f"{keys[binding_id]} {labels[binding_id]}")
            cells += cell_len(SEPARATOR) if kept else 0
            if used + cells <= width:
                kept.add(binding_id)
                used += cells
        return [(keys[b], label) for b, label in SHOWN if b in kept]

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        width = self.content_region.width or self.size.width or 80
        for number, (key, label) in enumerate(self.entries(width)):
            if number:
                text.append(SEPARATOR)
            text.append(key, style="bold")
            text.append(f" {label}")
        return text
