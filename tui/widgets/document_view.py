"""DocumentView: one document's passages on Textual's Line API, fast for very long documents.

A 5 MB document of 30,000 paragraphs cannot be one widget per paragraph: the view draws lines
from a PassageLayout (document_layout.py) that wraps only the passages near the viewport, and
draws each line with document_lines.py. Document text is data: never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from search_index import Document
from tui.keymap import bindings
from tui.widgets.document_layout import PassageLayout, shared_layout
from tui.widgets.document_lines import GUTTER_WIDTH, gutter_segments, text_segments
from tui.widgets.highlight import Highlight, PassageMarks, passage_index


class DocumentView(ScrollView, can_focus=True):
    """A scrolling document with a passage cursor, link markers and highlighted spans."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        f"document-view--{name}"
        for name in (
            *("gutter", "marker", "cursor", "cursor-gutter", "shared", "alias", "similar"),
            *("sentence", "search", "theme", "current-hit", "note", "changed"),
        )
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
    /* Similar wording apart from shared and alias; the matched sentence a faint band under
       the words drawn over it (readable in light and dark themes). */
    DocumentView > .document-view--similar { background: $warning 18%; text-style: italic; }
    DocumentView > .document-view--sentence { background: $secondary 28%; }
    DocumentView > .document-view--search { background: $secondary 45%; text-style: bold; }
    DocumentView > .document-view--theme { color: $text-accent; }
    DocumentView > .document-view--current-hit { background: $error 40%; text-style: bold; }
    DocumentView > .document-view--note { color: $text-success; text-style: bold; }
    DocumentView > .document-view--changed { color: $text-error; text-style: bold reverse; }
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
        self._layouts: dict[int, PassageLayout] = {}
        self._layout: PassageLayout | None = None
        self._marks = PassageMarks()
        self._notes: Mapping[str, str] = {}
        """Passage id -> 'note' or 'changed' (the gutter's note mark), for every document."""
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
        self._marks = PassageMarks()
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
        return passage_index(self.document, passage_id)

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
        self._marks.set_highlights(self.document, highlights)
        self.refresh()

    @property
    def highlights(self) -> list[Highlight]:
        """The spans drawn now, as (passage id, start, end, kind)."""
        return self._marks.highlights(self.document)

    def set_link_counts(self, counts: dict[str, int]) -> None:
        """Numbers of links per passage id, shown as markers in the gutter."""
        if self._marks.set_link_counts(self.document, counts):
            # A wider marker column narrows the text: wrap again, the cursor where it was.
            old_row = self.cursor_row()
            self._relayout()
            if self.is_mounted and self.size.height:
                self._reveal(self.cursor, row=old_row if 0 <= old_row < self.size.height else None)
        self.refresh()

    @property
    def gutter_width(self) -> int:
        """Cells before the text: bar, number, space, marker column, space."""
        return GUTTER_WIDTH - 2 + self._marks.marker_width

    def set_note_marks(self, marks: Mapping[str, str]) -> None:
        """The passages with notes (passage id -> 'note' or 'changed'), kept across documents."""
        old, self._notes = self._notes, marks
        if old is marks or old or marks:  # none before or after (most starts): no redraw
            self.refresh()

    def refresh_note(self, passage_id: str) -> None:
        """Redraw only the gutter cell of `passage_id`'s note mark, if it is on screen."""
        index = self.index_of(passage_id)
        if index is not None and self._layout is not None:
            row = self._layout.heights.start(index) - round(self.scroll_y)
            if 0 <= row < self.size.height:
                self.refresh(Region(0, row, self.gutter_width, 1))

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
            layout = shared_layout(self.document, width)
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
        if self._layout is None or self.document is None:
            return
        self._layout.wrap_window(self.document, top_line, height)
        self._sync_virtual_size()

    def _reveal(self, index: int, *, row: int | None) -> None:
        """Scroll so passage `index` is visible (at screen `row` if given)."""
        layout, document = self._layout, self.document
        if layout is None or document is None:
            return
        view_height = max(1, self.scrollable_content_region.height)
        scroll = round(self.scroll_y)
        target = layout.reveal(document, index, row=row, scroll=scroll, view_height=view_height)
        self._sync_virtual_size()
        self.scroll_to(y=target, animate=False, immediate=True)

    def on_resize(self, event: events.Resize) -> None:
        if self.document is None:
            return
        old_row = self.cursor_row()
        old_layout = self._layout
        self._relayout()
        if not self.size.height:
            return
        if self._pending_at is not None:
            # The first size after load(at=...): place the passage as asked, not where the
            # estimated heights happened to put it (possibly the last row).
            self._reveal(self.cursor, row=self._row_at())
        else:
            self._reveal(self.cursor, row=old_row if 0 <= old_row < self.size.height else None)
        # A new size or scroll redraws anyway; the first Resize comes after the first frame
        # was drawn at this size (redrawing both views then cost the start ~5 ms).
        if self._layout is not old_layout:
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
        marks, style_of = self._marks, self.get_component_rich_style
        segments = gutter_segments(
            index,
            offset,
            base,
            is_cursor=is_cursor,
            link_count=marks.link_counts.get(index, 0),
            marker_width=marks.marker_width,
            style_of=style_of,
            note=self._notes.get(document.passages[index].id, "") if self._notes else "",
        )
        start, end = lines[offset]
        text = document.passages[index].text
        text_style = base + cursor_style if cursor_style else base
        spans = marks.spans_of(index)
        segments.extend(text_segments(text, start, end, text_style, spans, style_of))
        # One Strip, padded here: adjust_cell_length and simplify would build two more (each
        # with its caches) for every line drawn.
        length = sum(segment.cell_length for segment in segments)
        if length > width:
            return Strip(segments).adjust_cell_length(width, text_style)
        if length < width:
            segments.append(Segment(" " * (width - length), text_style))
        return Strip(segments, width)

    def set_current_hit(self, passage_id: str | None, start: int = 0, end: int = 0) -> None:
        """Mark the search hit or theme passage being visited."""
        index = self.index_of(passage_id) if passage_id else None
        self._marks.current_hit = (index, start, end) if index is not None else None
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
        layout, document = self._layout, self.document
        if layout is None or document is None:
            return
        view_height = max(1, self.scrollable_content_region.height)
        row = max(0, self.cursor_row())
        index = layout.page(document, self.cursor, direction, view_height)
        self._sync_virtual_size()
        self.select(index, row=min(row, view_height - 1))

    def action_page_down(self) -> None:
        self._page(+1)

    def action_page_up(self) -> None:
        self._page(-1)
