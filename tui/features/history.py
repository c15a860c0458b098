"""Jump history: b goes back to where the reader was before a jump, f forward again.

A jump is anything that moves a pane somewhere the reader did not scroll to: following a link,
opening a document, visiting a search hit or a theme's passage. `History` is the model (no
Textual); `HistoryFeature` takes and restores snapshots of the two panes on the reader screen.
"""

from __future__ import annotations

from typing import Any, NamedTuple

LIMIT = 200
"""Snapshots kept to go back to; older ones are dropped."""


class Snapshot(NamedTuple):
    """Where the reader is: each pane's document and passage, their screen rows, the focus.
    A named tuple: a frozen slots dataclass cost every start ~1 ms to define."""

    documents: tuple[str | None, str | None]
    passages: tuple[str | None, str | None]
    rows: tuple[int, int]
    active: int
    link_source: str | None = None
    """The passage whose link was shown (its evidence highlighted), if any."""
    link_rank: int = 0


class History:
    """Two stacks of snapshots: a new jump empties the forward one."""

    def __init__(self) -> None:
        self.back: list[Snapshot] = []
        self.forward: list[Snapshot] = []

    def push(self, here: Snapshot) -> None:
        """Remember `here` before a jump."""
        self.back.append(here)
        del self.back[:-LIMIT]
        self.forward.clear()

    def go_back(self, here: Snapshot) -> Snapshot | None:
        """The snapshot to return to (None: nothing to go back to); `here` goes forward."""
        if not self.back:
            return None
        self.forward.append(here)
        return self.back.pop()

    def go_forward(self, here: Snapshot) -> Snapshot | None:
        """The snapshot to go forward to (None: nothing); `here` goes back."""
        if not self.forward:
            return None
        self.back.append(here)
        return self.forward.pop()


class HistoryFeature:
    """b / f on the reader screen (mixed into ReaderScreen: uses its panes and links)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.history = History()

    @property
    def back_stack(self) -> list[Snapshot]:
        return self.history.back

    @property
    def forward_stack(self) -> list[Snapshot]:
        return self.history.forward

    def snapshot(self) -> Snapshot:
        """Where the reader is now."""
        left, right = self.panes
        return Snapshot(
            documents=(
                left.document.id if left.document else None,
                right.document.id if right.document else None,
            ),
            passages=(left.view.passage_id, right.view.passage_id),
            rows=(left.view.cursor_row(), right.view.cursor_row()),
            active=self.active,
            link_source=self.link_source if any(self.link_highlights) else None,
            link_rank=self.link_rank,
        )

    def push_history(self) -> None:
        """Remember where the reader is: a jump follows."""
        self.history.push(self.snapshot())

    def restore(self, snapshot: Snapshot) -> None:
        """Put both panes back as `snapshot` has them, with the link that was shown."""
        for pane in self.panes:
            document_id = snapshot.documents[pane.index]
            passage_id = snapshot.passages[pane.index]
            if document_id is None:
                continue
            view = self.ensure_document(pane.index, document_id)
            if passage_id:
                view.select_id(passage_id, row=snapshot.rows[pane.index], notify=False)
        self.clear_link()
        self.link_status = ""
        self.set_active(snapshot.active)
        if snapshot.link_source is not None:
            self.restore_link(snapshot.link_source, snapshot.link_rank)
        self.refresh_highlights()
        self.update_links_panel()
        self.update_status()

    def action_back(self) -> None:
        snapshot = self.history.go_back(self.snapshot())
        if snapshot is None:
            self.notify("Nothing to go back to.", timeout=2)
            return
        self.restore(snapshot)

    def action_forward(self) -> None:
        snapshot = self.history.go_forward(self.snapshot())
        if snapshot is None:
            self.notify("Nothing to go forward to.", timeout=2)
            return
        self.restore(snapshot)
