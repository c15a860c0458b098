"""What a document view draws over its passages: highlighted spans, link markers, the hit.

Kept by passage index (not id) so drawing a line looks them up directly; nothing here knows
Textual.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from search_index import Document
from tui.widgets.document_lines import Span, link_marker

DRAWN_AS = {"similar": "similar", "sentence": "sentence", "translation": "alias"}
"""The document view's style for each evidence kind: similar wording in its own italic tint
(apart from shared wording's and aliases' backgrounds), the matched sentence of a long
paragraph as a band under the words, the aligned words of a translation link ("북한" /
"North Korea", "1.23(화)" / "January 23") as aliases: other words for one thing."""


class Highlight(NamedTuple):
    """A span of a passage to draw in a style: 'shared', 'alias', 'similar', 'translation',
    'sentence', 'search' or 'theme'. A named tuple: a frozen slots dataclass cost every start
    ~1 ms to define."""

    passage_id: str
    start: int
    end: int
    kind: str = "shared"


def passage_index(document: Document | None, passage_id: str) -> int | None:
    """The index of passage `passage_id` in `document` (None: not one of its passages)."""
    if document is None:
        return None
    doc_id, _, number = passage_id.rpartition(":")
    if doc_id != document.id or not number.isdigit():
        return None
    index = int(number) - 1
    return index if 0 <= index < len(document.passages) else None


def link_evidence(link: Any) -> tuple[list[Highlight], list[Highlight]]:
    """The spans of a link's evidence in its source and in its target: the matched sentence
    of long paragraphs (drawn under the rest), shared wording, aliases, similar wording, the
    aligned words of a translation."""
    source: list[Highlight] = []
    target: list[Highlight] = []
    pair = getattr(link, "sentences", None)
    if pair is not None:
        source.append(Highlight(link.source, *pair.source_span, "sentence"))
        target.append(Highlight(link.target, *pair.target_span, "sentence"))
    for s in link.shared:
        kind = getattr(s, "kind", "alias" if s.alias else "shared")
        source.append(Highlight(link.source, s.source_span[0], s.source_span[1], kind))
        target.append(Highlight(link.target, s.target_span[0], s.target_span[1], kind))
    return source, target


class PassageMarks:
    """The marks of the document shown: spans, links per passage, the hit being visited."""

    def __init__(self) -> None:
        self.spans: dict[int, list[Span]] = {}
        self.link_counts: dict[int, int] = {}
        self.marker_width = 2
        """Cells of the gutter's marker column: wider for '●12' or '●999+'."""
        self.current_hit: tuple[int, int, int] | None = None

    def set_highlights(self, document: Document | None, highlights: Iterable[Highlight]) -> None:
        """Replace the spans with those of `highlights` on `document` (cut to the text)."""
        by_index: dict[int, list[Span]] = {}
        for item in highlights:
            index = passage_index(document, item.passage_id)
            if index is None:
                continue
            text_length = len(document.passages[index].text) if document else 0
            start, end = max(0, item.start), min(text_length, item.end)
            if start < end:
                kind = DRAWN_AS.get(item.kind, item.kind)
                by_index.setdefault(index, []).append((start, end, kind))
        for spans in by_index.values():  # the sentence first: the words are drawn over it
            spans.sort(key=lambda span: span[2] != DRAWN_AS["sentence"])
        self.spans = by_index

    def highlights(self, document: Document | None) -> list[Highlight]:
        """The spans, as Highlights of `document`'s passages."""
        if document is None:
            return []
        return [
            Highlight(document.passages[index].id, start, end, kind)
            for index, spans in sorted(self.spans.items())
            for start, end, kind in spans
        ]

    def set_link_counts(self, document: Document | None, counts: dict[str, int]) -> bool:
        """Numbers of links per passage id; True if the marker column changed width."""
        result: dict[int, int] = {}
        for passage_id, count in counts.items():
            index = passage_index(document, passage_id)
            if index is not None and count:
                result[index] = count
        self.link_counts = result
        marker_width = max((len(link_marker(count)) for count in result.values()), default=2)
        marker_width = max(2, marker_width)
        changed = marker_width != self.marker_width
        self.marker_width = marker_width
        return changed

    def spans_of(self, index: int) -> list[Span]:
        """The spans to draw on passage `index`, the current hit's last (drawn over them)."""
        spans = self.spans.get(index, [])
        hit = self.current_hit
        if hit is not None and hit[0] == index:
            return [*spans, (hit[1], hit[2], "current-hit")]
        return spans
