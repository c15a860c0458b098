"""The reader's status line: one line that changes often, redrawn in place.

It is made of parts (start-up, linked scrolling, the link shown, the trail); when the line is
short of room (80 columns) the least important part is shortened, then dropped, so what the
reader acts on next (a search's hit count) stays readable instead of being cut off.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

SEPARATOR = "  │  "


class Part(NamedTuple):
    """One part of the status line. `keep`: the lower, the sooner it gives way; `short`: the
    form it takes first when there is no room for `text`. A named tuple: a frozen slots
    dataclass cost every start ~1 ms to define."""

    text: str
    style: str = ""
    keep: int = 0
    short: str | None = None


def assemble(parts: Sequence[Part], forms: Sequence[str | None]) -> Text:
    """The parts in the forms chosen (None: left out), separated by dim bars."""
    text = Text(no_wrap=True, overflow="ellipsis")
    for part, form in zip(parts, forms, strict=True):
        if not form:
            continue
        if text:
            text.append(SEPARATOR, style="dim")
        text.append(form, style=part.style)
    return text


def fit_parts(parts: Sequence[Part], width: int) -> Text:
    """The parts in at most `width` cells: the least kept part is shortened, then left out,
    then the next one, until the line fits (the last part standing is cut with '…')."""
    forms: list[str | None] = [part.text for part in parts]
    order = sorted(range(len(parts)), key=lambda i: parts[i].keep)
    for index in order:
        if cell_len(assemble(parts, forms).plain) <= width:
            break
        short = parts[index].short
        if short:
            forms[index] = short
            if cell_len(assemble(parts, forms).plain) <= width:
                break
        if sum(1 for form in forms if form) > 1:
            forms[index] = None
    return assemble(parts, forms)


class StatusLine(Widget):
    """One line that changes often: redrawn in place, never a reason for a layout pass."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.parts: list[Part] = []
        self.text = Text()
        """Every part in full (what the line says when there is room)."""

    def show(self, parts: Sequence[Part]) -> None:
        self.parts = list(parts)
        self.text = assemble(self.parts, [part.text for part in self.parts])
        self.refresh()

    def render(self) -> Text:
        width = self.content_size.width
        if width <= 0 or cell_len(self.text.plain) <= width:
            return self.text
        return fit_parts(self.parts, width)
