"""The reader's remembered place: the documents and passages of both panes and the focus.

Positions are passage ids (stable for a given file), not scroll offsets, so a resized terminal
or a changed wrap width returns to the same paragraph. tui/state.py stores the entry per
corpus; anything missing or strange in it falls back to the first documents.
"""

from __future__ import annotations

from typing import Any

from search_index import Corpus, Document

ROW_AT = 1 / 3
"""A remembered paragraph comes back a third of the way down the pane, not on its last row."""


def remembered_panes(corpus: Corpus, entry: dict[str, Any]) -> list[tuple[Document, int]]:
    """Each pane's document and cursor (a passage index) from a remembered entry."""
    documents = corpus.documents
    chosen: list[tuple[Document, int]] = []
    saved_panes = entry.get("panes")
    for saved in saved_panes[:2] if isinstance(saved_panes, list) else []:
        if not isinstance(saved, dict) or not isinstance(saved.get("document"), str):
            continue
        try:
            document = corpus.document(saved["document"])
        except KeyError:
            continue
        cursor = 0
        passage_id = saved.get("passage")
        if isinstance(passage_id, str):
            try:
                passage = corpus.passage(passage_id)
            except KeyError:
                passage = None
            if passage is not None and passage.document_id == document.id:
                cursor = passage.number - 1
        chosen.append((document, cursor))
    if len(chosen) < 2:
        defaults = [(d, 0) for d in documents[:2]]
        while len(defaults) < 2:
            defaults.append((documents[0], 0))
        chosen = (chosen + defaults[len(chosen) :])[:2]
    return chosen


def remembered_active(entry: dict[str, Any]) -> int:
    """The pane that had the focus (0 if the entry does not say). Exactly the int 0 or 1:
    1.0 == 1 and True == 1, and a float as the pane index was a TypeError on every start."""
    active = entry.get("active", 0)
    return active if type(active) is int and active in (0, 1) else 0


class PlaceFeature:
    """Opening at the remembered place and saying where the reader is (mixed into
    ReaderScreen: uses its panes)."""

    def open_place(self, entry: dict[str, Any]) -> None:
        """Show the documents and passages of a remembered entry; focus its pane."""
        for pane, (document, cursor) in zip(
            self.panes, remembered_panes(self.corpus, entry), strict=True
        ):
            pane.show(document, cursor, at=ROW_AT if cursor else None)
        self.active = remembered_active(entry)
        self.view.focus()

    def state_entry(self) -> dict[str, Any]:
        """Where the reader is, for the state file."""
        return {
            "panes": [
                {
                    "document": pane.document.id if pane.document else None,
                    "passage": pane.view.passage_id,
                }
                for pane in self.panes
            ],
            "active": self.active,
        }
