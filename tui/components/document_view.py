"""DocumentView: one document's passages on Textual's Line API, fast for very long documents.

Why this shape: a 5 MB document of 30,000 paragraphs cannot be one widget per paragraph, nor be
wrapped in full when it opens. Passages are wrapped lazily (only those near the viewport) at the
current width, with a cheap estimated height for the rest; a Fenwick tree keeps the running sum
of heights so finding "which passage is on line y" and "which line does passage i start on" are
both O(log n), and a newly wrapped passage only updates its own entry. Wrapped lines are kept
per width, so resizing back and forth does not wrap again.

Document text is data: it is drawn as plain Segments, never parsed as markup.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, get_character_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from search_index import Document
from tui.keymap import bindings

GUTTER_WIDTH = 10
"""'▌  123 ●4 ': a cursor bar, the paragraph number, the link marker, a space. The marker
column widens for a document with 10 or more links on a paragraph ('●12', '●999+')."""


def link_marker(count: int) -> str:
    """The gutter marker for a paragraph with `count` cross-references."""
    if count <= 0:
        return ""
    return f"●{count}" if count < 1000 else "●999+"


_WORD = re.compile(r"\S+")
# East Asian wide and full-width ranges: enough for a height estimate (exact widths come from
# rich when a passage is actually wrapped).
_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
    "\U00020000-\U0003fffd]"
)


def _fold(text: str, start: int, end: int, width: int) -> list[tuple[int, int, int]]:
    """Cut text[start:end] into pieces of at most `width` cells: (start, end, cells)."""
    pieces: list[tuple[int, int, int]] = []
    piece_start, cells = start, 0
    for index in range(start, end):
        size = get_character_cell_size(text[index])
        if cells + size > width and index > piece_start:
            pieces.append((piece_start, index, cells))
            piece_start, cells = index, 0
        cells += size
    pieces.append((piece_start, end, cells))
    return pieces


def wrap_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """Word-wrap text to `width` terminal cells; return (start, end) character offsets per line.

    Wide characters (Korean, Chinese, Japanese) count two cells; a word longer than the width
    is folded. Spaces at the end of a line are dropped from it.
    """
    width = max(1, width)
    measure = len if text.isascii() else cell_len
    lines: list[tuple[int, int]] = []
    line_start = line_end = -1
    line_cells = 0
    for match in _WORD.finditer(text):
        start, end = match.span()
        cells = measure(match.group())
        if line_start >= 0:
            gap = measure(text[line_end:start]) if start > line_end else 0
            if line_cells + gap + cells <= width:
                line_end, line_cells = end, line_cells + gap + cells
                continue
            lines.append((line_start, line_end))
        if cells > width:
            pieces = _fold(text, start, end, width)
            lines.extend((s, e) for s, e, _ in pieces[:-1])
            line_start, line_end, line_cells = pieces[-1]
        else:
            line_start, line_end, line_cells = start, end, cells
    if line_start >= 0:
        lines.append((line_start, line_end))
    return lines or [(0, 0)]


def estimate_lines(text: str, width: int) -> int:
    """A cheap guess of the wrapped height, close enough for a scrollbar."""
    cells = len(text)
    if not text.isascii():
        cells += cells - len(_WIDE.sub("", text))
    return max(1, math.ceil(cells / max(1, width * 0.93)))


_ASCII_LENGTHS: dict[tuple[int, str, int], list[int] | None] = {}
"""Per document, its passages' lengths if every passage is ASCII (else None): measured once,
not again for each pane width and each resize (30,000 passages cost ~10 ms a pass)."""


def _ascii_lengths(document: Document) -> list[int] | None:
    key = (id(document), document.id, len(document.passages))
    if key not in _ASCII_LENGTHS:
        texts = [p.text for p in document.passages]
        lengths = [len(text) for text in texts] if all(t.isascii() for t in texts) else None
        _ASCII_LENGTHS[key] = lengths
        while len(_ASCII_LENGTHS) > 8:
            del _ASCII_LENGTHS[next(iter(_ASCII_LENGTHS))]
    return _ASCII_LENGTHS[key]


def estimate_heights(document: Document, width: int) -> list[int]:
    """Estimated heights (lines + the blank line after) of every passage, in one fast pass."""
    per_line = max(1, int(width * 0.93))
    lengths = _ascii_lengths(document)
    if lengths is not None:
        return [(length + per_line - 1) // per_line + 1 for length in lengths]  # never empty
    return [estimate_lines(p.text, width) + 1 for p in document.passages]


class Heights:
    """Heights of passages with O(log n) prefix sums and search (a Fenwick tree)."""

    def __init__(self, heights: Sequence[int]) -> None:
        self.heights = list(heights)
        size = len(self.heights)
        # Node i holds the sum of the heights in (i - lowbit(i), i], from the prefix sums;
        # a comprehension, twice as fast as adding node by node at 30,000 passages.
        prefix = list(itertools.accumulate(self.heights, initial=0))
        self._tree = [prefix[i] - prefix[i & (i - 1)] for i in range(size + 1)]
        self.total = prefix[-1]
        self._top_bit = 1 << max(0, size.bit_length() - 1) if size else 0

    def __len__(self) -> int:
        return len(self.heights)

    def set(self, index: int, height: int) -> None:
        delta = height - self.heights[index]
        if not delta:
            return
        self.heights[index] = height
        self.total += delta
        size = len(self.heights)
        position = index + 1
        while position <= size:
            self._tree[position] += delta
            position += position & -position

    def start(self, index: int) -> int:
        """The first line of passage `index` (the sum of the heights before it)."""
        total, position = 0, index
        while position > 0:
            total += self._tree[position]
            position -= position & -position
        return total

    def find(self, line: int) -> int:
        """The passage that line `line` belongs to (clamped to the last passage)."""
        size = len(self.heights)
        position, remaining, bit = 0, line, self._top_bit
        while bit:
            nxt = position + bit
            if nxt <= size and self._tree[nxt] <= remaining:
                position = nxt
                remaining -= self._tree[nxt]
            bit >>= 1
        return min(position, size - 1)


@dataclass(frozen=True, slots=True)
class Highlight:
    """A span of a passage to draw in a style: 'shared', 'alias', 'search' or 'theme'."""

    passage_id: str
    start: int
    end: int
    kind: str = "shared"


class _Layout:
    """Everything that depends on the text width: wrapped lines and the height tree."""

    def __init__(self, document: Document, width: int) -> None:
        self.width = width
        self.lines: dict[int, list[tuple[int, int]]] = {}
        # One blank line after each passage separates paragraphs.
        self.heights = Heights(estimate_heights(document, width))

    def wrapped(self, document: Document, index: int) -> list[tuple[int, int]]:
        lines = self.lines.get(index)
        if lines is None:
            lines = wrap_offsets(document.passages[index].text, self.width)
            self.lines[index] = lines
            self.heights.set(index, len(lines) + 1)
        return lines


_SHARED_LAYOUTS: dict[tuple[int, str, str, int, int], _Layout] = {}
"""Recently used layouts by document and width, shared between views of one document."""


class DocumentView(ScrollView, can_focus=True):
    """A scrolling document with a passage cursor, link markers and highlighted spans."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "document-view--gutter",
        "document-view--marker",
        "document-view--cursor",
        "document-view--cursor-gutter",
        "document-view--shared",
        "document-view--alias",
        "document-view--search",
        "document-view--theme",
        "document-view--current-hit",
    }

    DEFAULT_CSS = """
    DocumentView {
        overflow-x: hidden;
        overflow-y: scroll;  /* a scrollbar from the start: the text width never changes */
        background: $surface;
        color: $foreground;
        scrollbar-size-vertical: 1;
    }
    DocumentView > .document-view--gutter { color: $text-muted; }
    DocumentView > .document-view--marker { color: $accent; text-style: bold; }
    DocumentView > .document-view--cursor { background: $boost; }
    DocumentView:focus > .document-view--cursor { background: $primary 25%; }
    DocumentView > .document-view--cursor-gutter { color: $text-muted; background: $boost; }
    DocumentView:focus > .document-view--cursor-gutter {
        color: $primary; background: $primary 25%; text-style: bold;
    }
    DocumentView > .document-view--shared { background: $warning 35%; }
    DocumentView > .document-view--alias { background: $success 40%; text-style: underline; }
    DocumentView > .document-view--search { background: $secondary 45%; text-style: bold; }
    DocumentView > .document-view--theme { color: $text-accent; }
    DocumentView > .document-view--current-hit { background: $error 40%; text-style: bold; }
    """

    BINDINGS: ClassVar[list[Binding]] = bindings("view")

    class CursorMoved(Message):
        """The passage cursor moved (by key, click or program)."""

        def __init__(self, view: DocumentView, index: int) -> None:
            super().__init__()
            self.view = view
            self.index = index

        @property
        def control(self) -> DocumentView:
            return self.view

    def __init__(
        self,
        document: Document | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.document: Document | None = None
        self.cursor = 0
        self._layouts: dict[int, _Layout] = {}
        self._layout: _Layout | None = None
        self._highlights: dict[int, list[tuple[int, int, str]]] = {}
        self._link_counts: dict[int, int] = {}
        self._current_hit: tuple[int, int, int] | None = None
        self._marker_width = 2
        self._pending_at: float | None = None
        self._base_style: Style | None = None
        if document is not None:
            self.load(document)

    # -- public API ---------------------------------------------------------------------------

    def load(self, document: Document, cursor: int = 0, *, at: float | None = None) -> None:
        """Show another document (cheap: nothing is wrapped until it is on screen).

        `at` places the cursor's passage at that fraction of the view's height (1/3: a third
        of the way down), once the view has a size; by default it is scrolled just into view."""
        self.document = document
        self._layouts.clear()
        self._layout = None
        self._highlights = {}
        self._link_counts = {}
        self._marker_width = 2
        self._current_hit = None
        self.cursor = max(0, min(cursor, len(document.passages) - 1))
        if self.size.width:  # before the first layout the width is unknown: wait for it
            self._relayout()
        self.scroll_to(y=0, animate=False, immediate=True)
        self._pending_at = at
        if self.is_mounted and self.size.height:
            self._reveal(self.cursor, row=self._row_at())
        self.refresh()

    def _row_at(self) -> int | None:
        """The screen row asked for by load(at=...), once (None: just into view)."""
        at, self._pending_at = self._pending_at, None
        if at is None:
            return None
        return int(max(1, self.scrollable_content_region.height) * at)

    @property
    def passage_id(self) -> str | None:
        """Id of the passage under the cursor."""
        if self.document is None:
            return None
        return self.document.passages[self.cursor].id

    def index_of(self, passage_id: str) -> int | None:
        if self.document is None:
            return None
        doc_id, _, number = passage_id.rpartition(":")
        if doc_id != self.document.id or not number.isdigit():
            return None
        index = int(number) - 1
        return index if 0 <= index < len(self.document.passages) else None

    def cursor_row(self) -> int:
        """Screen row (0 = top of the view) of the first line of the current passage."""
        if self._layout is None:
            return 0
        return self._layout.heights.start(self.cursor) - round(self.scroll_y)

    def select(self, index: int, *, row: int | None = None, notify: bool = True) -> None:
        """Move the cursor to passage `index`; show it at screen `row` if given, else scroll
        just enough to show it."""
        if self.document is None:
            return
        index = max(0, min(index, len(self.document.passages) - 1))
        moved = index != self.cursor
        self.cursor = index
        self._reveal(index, row=row)
        self.refresh()
        if moved and notify:
            self.post_message(self.CursorMoved(self, index))

    def select_id(self, passage_id: str, *, row: int | None = None, notify: bool = True) -> bool:
        index = self.index_of(passage_id)
        if index is None:
            return False
        self.select(index, row=row, notify=notify)
        return True

    def set_highlights(self, highlights: Iterable[Highlight]) -> None:
        """Replace the highlighted spans (shared wording, alias matches, search words, themes)."""
        by_index: dict[int, list[tuple[int, int, str]]] = {}
        for item in highlights:
            index = self.index_of(item.passage_id)
            if index is None:
                continue
            text_length = len(self.document.passages[index].text) if self.document else 0
            start, end = max(0, item.start), min(text_length, item.end)
            if start < end:
                by_index.setdefault(index, []).append((start, end, item.kind))
        self._highlights = by_index
        self.refresh()

    @property
    def highlights(self) -> list[Highlight]:
        """The spans drawn now, as (passage id, start, end, kind)."""
        if self.document is None:
            return []
        return [
            Highlight(self.document.passages[index].id, start, end, kind)
            for index, spans in sorted(self._highlights.items())
            for start, end, kind in spans
        ]

    def set_link_counts(self, counts: dict[str, int]) -> None:
        """Numbers of links per passage id, shown as markers in the gutter."""
        result: dict[int, int] = {}
        for passage_id, count in counts.items():
            index = self.index_of(passage_id)
            if index is not None and count:
                result[index] = count
        self._link_counts = result
        marker_width = max((len(link_marker(count)) for count in result.values()), default=2)
        marker_width = max(2, marker_width)
        if marker_width != self._marker_width:
            # A wider marker column narrows the text: wrap again, the cursor where it was.
            old_row = self.cursor_row()
            self._marker_width = marker_width
            self._relayout()
            if self.is_mounted and self.size.height:
                self._reveal(self.cursor, row=old_row if 0 <= old_row < self.size.height else None)
        self.refresh()

    @property
    def gutter_width(self) -> int:
        """Cells before the text: bar, number, space, marker column, space."""
        return GUTTER_WIDTH - 2 + self._marker_width

    def line_of(self, index: int) -> int:
        """Virtual line where passage `index` starts."""
        return self._layout.heights.start(index) if self._layout else 0

    # -- layout -------------------------------------------------------------------------------

    @property
    def _text_width(self) -> int:
        width = self.scrollable_content_region.width or self.size.width
        return max(8, width - self.gutter_width - 1)

    def _relayout(self) -> None:
        if self.document is None:
            return
        width = self._text_width
        layout = self._layouts.get(width)
        if layout is None:
            # Views showing the same document at the same width share one layout.
            document = self.document
            key = (id(document), document.id, document.digest, len(document.passages), width)
            layout = _SHARED_LAYOUTS.pop(key, None) or _Layout(self.document, width)
            _SHARED_LAYOUTS[key] = layout
            while len(_SHARED_LAYOUTS) > 8:
                del _SHARED_LAYOUTS[next(iter(_SHARED_LAYOUTS))]
            self._layouts[width] = layout
            while len(self._layouts) > 4:
                del self._layouts[next(iter(self._layouts))]
        self._layout = layout
        self._sync_virtual_size()

    def _sync_virtual_size(self) -> None:
        """Tell the scroll machinery the document's height.

        Heights change a little whenever passages are wrapped for the first time; a full layout
        of the screen for each change would cost more than the wrapping, so only a change that
        shows or hides the scrollbar goes through layout, the rest updates the scrollbar."""
        if self._layout is None:
            return
        size = Size(self.scrollable_content_region.width, self._layout.heights.total)
        old = self.virtual_size
        if size == old:
            return
        view_height = self.scrollable_content_region.height
        if (
            not self.is_mounted
            or old.width != size.width
            or (old.height > view_height) != (size.height > view_height)
        ):
            self.virtual_size = size
            return
        self.set_reactive(DocumentView.virtual_size, size)
        self._scroll_update(size)
        self.refresh()

    def _wrap_window(self, top_line: int, height: int) -> None:
        """Wrap the passages covering lines top_line .. top_line+height (and one beyond)."""
        layout, document = self._layout, self.document
        if layout is None or document is None:
            return
        heights = layout.heights
        for _ in range(4):  # heights change as we wrap; a few passes settle it
            first = heights.find(top_line)
            last = heights.find(top_line + height)
            changed = False
            for index in range(first, min(last + 2, len(heights))):
                if index not in layout.lines:
                    layout.wrapped(document, index)
                    changed = True
            if not changed:
                break
        self._sync_virtual_size()

    def _reveal(self, index: int, *, row: int | None) -> None:
        """Scroll so passage `index` is visible (at screen `row` if given)."""
        layout, document = self._layout, self.document
        if layout is None or document is None:
            return
        view_height = max(1, self.scrollable_content_region.height)
        # Wrap the passage and enough before it to fill the screen above, so bottom alignment
        # and same-row placement use exact heights.
        layout.wrapped(document, index)
        above, cells = index - 1, 0
        while above >= 0 and cells < view_height:
            cells += len(layout.wrapped(document, above)) + 1
            above -= 1
        heights = layout.heights
        top = heights.start(index)
        passage_height = heights.heights[index] - 1
        if row is not None:
            target = top - max(0, min(row, view_height - 1))
        else:
            scroll = round(self.scroll_y)
            if top < scroll:
                target = top
            elif top + passage_height > scroll + view_height:
                fits = passage_height < view_height
                target = top + passage_height - view_height if fits else top
            else:
                target = scroll
        self._wrap_window(max(0, target), view_height)
        self._sync_virtual_size()
        max_scroll = max(0, heights.total - view_height)
        self.scroll_to(y=max(0, min(target, max_scroll)), animate=False, immediate=True)

    def on_resize(self, event: events.Resize) -> None:
        if self.document is None:
            return
        old_row = self.cursor_row()
        self._relayout()
        if not self.size.height:
            return
        if self._pending_at is not None:
            # The first size after load(at=...): place the passage as asked, not where the
            # estimated heights happened to put it (possibly the last row).
            self._reveal(self.cursor, row=self._row_at())
        else:
            self._reveal(self.cursor, row=old_row if 0 <= old_row < self.size.height else None)
        self.refresh()

    # -- rendering ----------------------------------------------------------------------------

    def render_lines(self, crop):  # type: ignore[no-untyped-def]
        if self.document is not None:
            if self._layout is None or self._layout.width != self._text_width:
                self._relayout()
            self._wrap_window(round(self.scroll_y), self.size.height)
        # Widget.rich_style walks every ancestor's styles: once per render, not per line
        # (it was half the cost of drawing a line).
        self._base_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._base_style = None

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        base = self._base_style or self.rich_style
        layout, document = self._layout, self.document
        if layout is None or document is None:
            return Strip.blank(width, base)
        line = round(self.scroll_y) + y
        heights = layout.heights
        if line >= heights.total or not len(heights):
            return Strip.blank(width, base)
        index = heights.find(line)
        offset = line - heights.start(index)
        lines = layout.wrapped(document, index)
        is_cursor = index == self.cursor
        cursor_style = self.get_component_rich_style("document-view--cursor") if is_cursor else None
        if offset >= len(lines):
            return Strip.blank(width, base)
        segments = self._gutter(index, offset, base, is_cursor)
        start, end = lines[offset]
        text = document.passages[index].text
        text_style = base + cursor_style if cursor_style else base
        segments.extend(self._text_segments(index, text, start, end, text_style))
        # One Strip, padded here: adjust_cell_length and simplify would build two more (each
        # with its caches) for every line drawn.
        length = sum(segment.cell_length for segment in segments)
        if length > width:
            return Strip(segments).adjust_cell_length(width, text_style)
        if length < width:
            segments.append(Segment(" " * (width - length), text_style))
        return Strip(segments, width)

    def _gutter(self, index: int, offset: int, base: Style, is_cursor: bool) -> list[Segment]:
        if is_cursor:
            style = base + self.get_component_rich_style("document-view--cursor-gutter")
            bar = "▌"
        else:
            style = base + self.get_component_rich_style("document-view--gutter")
            bar = " "
        if offset:
            return [Segment(bar + " " * (self.gutter_width - 1), style)]
        number = f"{index + 1:>5}"[-5:]
        marker = link_marker(self._link_counts.get(index, 0))
        marker_style = base + self.get_component_rich_style("document-view--marker")
        if is_cursor:
            marker_style += self.get_component_rich_style("document-view--cursor-gutter")
            marker_style += Style(bold=True)
        return [
            Segment(bar + number + " ", style),
            Segment(f"{marker:<{self._marker_width}}", marker_style),
            Segment(" ", style),
        ]

    def _text_segments(
        self, index: int, text: str, start: int, end: int, style: Style
    ) -> list[Segment]:
        spans = self._highlights.get(index)
        hit = self._current_hit
        if hit is not None and hit[0] == index:
            spans = [*(spans or []), (hit[1], hit[2], "current-hit")]
        if not spans:
            return [Segment(text[start:end], style)]
        # Cut the line at every span boundary inside it; style each piece by the spans over it.
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
                    piece_style += self.get_component_rich_style(f"document-view--{kind}")
            segments.append(Segment(text[piece_start:piece_end], piece_style))
        return segments

    def set_current_hit(self, passage_id: str | None, start: int = 0, end: int = 0) -> None:
        """Mark the search hit or theme passage being visited."""
        index = self.index_of(passage_id) if passage_id else None
        self._current_hit = (index, start, end) if index is not None else None
        self.refresh()

    # -- input --------------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        if self._layout is None:
            return
        offset = event.get_content_offset(self)
        if offset is None:
            return
        line = round(self.scroll_y) + offset.y
        if line >= self._layout.heights.total:
            return
        index = self._layout.heights.find(line)
        self.focus()
        self.select(index)

    def action_cursor_down(self) -> None:
        self.select(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.select(self.cursor - 1)

    def action_first(self) -> None:
        self.select(0)

    def action_last(self) -> None:
        if self.document is not None:
            self.select(len(self.document.passages) - 1)

    def _page(self, direction: int) -> None:
        layout = self._layout
        if layout is None or self.document is None:
            return
        view_height = max(1, self.scrollable_content_region.height)
        row = max(0, self.cursor_row())
        target_line = layout.heights.start(self.cursor) + direction * view_height
        target_line = max(0, min(target_line, layout.heights.total - 1))
        self._wrap_window(max(0, target_line - view_height), 3 * view_height)
        index = layout.heights.find(max(0, min(target_line, layout.heights.total - 1)))
        if index == self.cursor:
            index = max(0, min(self.cursor + direction, len(self.document.passages) - 1))
        self.select(index, row=min(row, view_height - 1))

    def action_page_down(self) -> None:
        self._page(+1)

    def action_page_up(self) -> None:
        self._page(-1)
