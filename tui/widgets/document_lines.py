"""Drawing one screen line of a document view as Rich segments: the gutter and the text.

Document text is data: it is drawn as plain Segments, never parsed as markup. Styles come from
the view's component classes through `style_of` (a class name such as 'document-view--cursor'
to its Rich style), so these functions know nothing of Textual.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from rich.segment import Segment
from rich.style import Style

GUTTER_WIDTH = 10
"""'▌  123 ●4 ': a cursor bar, the paragraph number, the link marker, a space. The marker
column widens for a document with 10 or more links on a paragraph ('●12', '●999+'). The cell
after the number holds the note mark ('▌  123✎●4 ')."""
NOTE_MARKS = {"note": "✎", "changed": "!"}
"""The gutter's mark of a passage with a note, and of one whose text changed since its note."""

StyleOf = Callable[[str], Style]
Span = tuple[int, int, str]
"""(start, end, kind) of a highlighted piece of a passage's text."""


def link_marker(count: int) -> str:
    """The gutter marker for a paragraph with `count` cross-references."""
    if count <= 0:
        return ""
    return f"●{count}" if count < 1000 else "●999+"


def gutter_segments(
    index: int,
    offset: int,
    base: Style,
    *,
    is_cursor: bool,
    link_count: int,
    marker_width: int,
    style_of: StyleOf,
    note: str = "",
) -> list[Segment]:
    """The gutter of line `offset` of passage `index`: the number, the note mark (`note` is
    'note' or 'changed', see NOTE_MARKS) and the link marker on its first."""
    gutter_width = GUTTER_WIDTH - 2 + marker_width
    if is_cursor:
        style = base + style_of("document-view--cursor-gutter")
        bar = "▌"
    else:
        style = base + style_of("document-view--gutter")
        bar = " "
    if offset:
        return [Segment(bar + " " * (gutter_width - 1), style)]
    number = f"{index + 1:>5}"[-5:]
    marker = link_marker(link_count)
    marker_style = base + style_of("document-view--marker")
    if is_cursor:
        marker_style += style_of("document-view--cursor-gutter")
        marker_style += Style(bold=True)
    note_mark = NOTE_MARKS.get(note)
    if note_mark is None:
        head = [Segment(bar + number + " ", style)]
    else:
        note_style = marker_style + style_of(f"document-view--{note}")
        head = [Segment(bar + number, style), Segment(note_mark, note_style)]
    return [
        *head,
        Segment(f"{marker:<{marker_width}}", marker_style),
        Segment(" ", style),
    ]


def text_segments(
    text: str, start: int, end: int, style: Style, spans: Sequence[Span], style_of: StyleOf
) -> list[Segment]:
    """text[start:end] cut at every span boundary inside it, each piece styled by the spans
    over it (a span of kind K adds the style of 'document-view--K')."""
    if not spans:
        return [Segment(text[start:end], style)]
    cuts = {start, end}
    for span_start, span_end, _ in spans:
        if span_start < end and span_end > start:
            cuts.add(max(start, span_start))
            cuts.add(min(end, span_end))
    points = sorted(cuts)
    segments: list[Segment] = []
    for piece_start, piece_end in itertools.pairwise(points):
        piece_style = style
        for span_start, span_end, kind in spans:
            if span_start <= piece_start and span_end >= piece_end:
                piece_style += style_of(f"document-view--{kind}")
        segments.append(Segment(text[piece_start:piece_end], piece_style))
    return segments
