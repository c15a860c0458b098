"""Trails: the passages n / N step through, a search's hits or a theme's passages.

`Trail` is the model (no Textual): the passages, their highlighted spans and which one is
being visited. `TrailFeature` visits them on the reader screen.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from tui.widgets.fit import counted
from tui.widgets.highlight import Highlight

Item = tuple[str, tuple[tuple[int, int], ...]]
"""A passage id and the spans of it to highlight."""


class Trail:
    """Passages to step through with n/N: search hits or a theme's passages. A plain class:
    a slots dataclass cost every start ~1 ms to define."""

    __slots__ = ("index", "items", "kind", "label")

    def __init__(self, kind: str, label: str, items: list[Item], index: int = -1) -> None:
        self.kind = kind  # "search" or "theme"
        self.label = label
        self.items = items
        self.index = index

    def highlights(self, document_id: str) -> list[Highlight]:
        """The spans to highlight in document `document_id`."""
        prefix = document_id + ":"
        kind = "search" if self.kind == "search" else "theme"
        return [
            Highlight(passage_id, start, end, kind)
            for passage_id, matches in self.items
            if passage_id.startswith(prefix)
            for start, end in matches
        ]

    def status(self, shown: Collection[str] | None = None) -> str | None:
        """'“query”: hit 2 of 5' (or '5 hits' before the first visit, or while the passage
        visited is in none of the documents `shown`); None when empty."""
        if not self.items:
            return None
        noun = "hit" if self.kind == "search" else "passage"
        count = len(self.items)
        visited = self.items[self.index][0] if 0 <= self.index < count else None
        if visited is not None and (shown is None or visited.rpartition(":")[0] in shown):
            return f"{self.label}: {noun} {self.index + 1} of {count}"
        return f"{self.label}: {counted(count, noun)}"


class TrailFeature:
    """n / N on the reader screen (mixed into ReaderScreen: uses its panes, history, links)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.trail: Trail | None = None

    def trail_status(self) -> str | None:
        """The trail's part of the status line: 'passage 2 of 5' only while that passage's
        document is open in a pane (after opening another one it would be stale)."""
        if self.trail is None:
            return None
        return self.trail.status({p.document.id for p in self.panes if p.document is not None})

    def clear_trail(self) -> None:
        """No trail and no hit marked (the caller refreshes highlights and status)."""
        self.trail = None
        for pane in self.panes:
            pane.view.set_current_hit(None)

    def jump_trail(self, index: int, *, push: bool) -> None:
        """Visit item `index` of the trail: in a pane already showing its document (the
        focused one first), else in the other pane."""
        trail = self.trail
        if trail is None or not trail.items:
            return
        index %= len(trail.items)
        passage_id, matches = trail.items[index]
        try:
            document_id = self.corpus.passage(passage_id).document_id
        except KeyError:
            return
        if push:
            self.push_history()
        shown = [p.index for p in self.panes if p.document and p.document.id == document_id]
        if self.active in shown:
            pane_index = self.active
        elif shown:
            pane_index = shown[0]
        else:
            pane_index = 1 - self.active
        view = self.ensure_document(pane_index, document_id)
        self.set_active(pane_index)
        view.select_id(passage_id, row=max(0, view.size.height // 3), notify=False)
        first = matches[0] if matches and trail.kind == "search" else (0, 0)
        view.set_current_hit(passage_id, *first)
        other = self.pane(1 - pane_index).view
        other.set_current_hit(None)
        trail.index = index
        self.clear_link()
        self.refresh_highlights()
        if trail.kind == "search" and self.search_open:
            self.search_panel.results.highlighted = index
        self.update_links_panel()
        self.update_status()

    def _step_trail(self, step: int) -> None:
        trail = self.trail
        if trail is None or not trail.items:
            self.notify("No hits: search with / or choose a theme with t.", timeout=2)
            return
        if step > 0:
            self.jump_trail(trail.index + 1, push=False)
        else:
            self.jump_trail(trail.index - 1 if trail.index >= 0 else -1, push=False)

    def action_next_hit(self) -> None:
        self._step_trail(+1)

    def action_previous_hit(self) -> None:
        self._step_trail(-1)
