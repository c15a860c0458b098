"""How a document's passages lie on screen lines at one width: no Textual, no drawing.

Why this shape: a 5 MB document of 30,000 paragraphs cannot be wrapped in full when it opens.
Passages are wrapped lazily (only those near the viewport) at the current width, with a cheap
estimated height for the rest; a Fenwick tree keeps the running sum of heights so finding "which
passage is on line y" and "which line does passage i start on" are both O(log n), and a newly
wrapped passage only updates its own entry. Layouts are kept per document and width, so
resizing back and forth does not wrap again and two views of one document share one.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Sequence

from rich.cells import cell_len, get_character_cell_size

from search_index import Document

_WORD = re.compile(r"\S+")


@functools.cache
def _wide() -> re.Pattern[str]:
    """East Asian wide and full-width ranges: enough for a height estimate (exact widths come
    from rich when a passage is actually wrapped). Compiled for the first text with a character
    from U+2E80 on (see _wide_count): the class spans 40,000 code points and cost 5 ms."""
    return re.compile(
        "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f"
        "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
        "\U00020000-\U0003fffd]"
    )


_JAMO = re.compile("[\u1100-\u115f]")
"""The only wide range of _wide() below U+2E80 (Hangul leading consonants)."""


def _wide_count(text: str) -> int:
    """How many characters of `text` _wide() matches. Below U+2E80 only the Jamo range can
    match, so text whose highest character is lower (English with a dash, curly quotes or
    the euro sign: the bundled statements) does not compile _wide()."""
    top = max(text, default="")
    if top < "\u1100":
        return 0
    if top < "\u2e80":
        return len(_JAMO.findall(text))
    return len(text) - len(_wide().sub("", text))


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
        cells += _wide_count(text)
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


class PassageLayout:
    """Everything that depends on the text width: wrapped lines and the height tree."""

    def __init__(self, document: Document, width: int) -> None:
        self.width = width
        self.lines: dict[int, list[tuple[int, int]]] = {}
        # One blank line after each passage separates paragraphs.
        self.heights = Heights(estimate_heights(document, width))

    def wrapped(self, document: Document, index: int) -> list[tuple[int, int]]:
        """The (start, end) offsets of passage `index`'s lines, wrapped now if not yet."""
        lines = self.lines.get(index)
        if lines is None:
            lines = wrap_offsets(document.passages[index].text, self.width)
            self.lines[index] = lines
            self.heights.set(index, len(lines) + 1)
        return lines

    def wrap_window(self, document: Document, top_line: int, height: int) -> None:
        """Wrap the passages covering lines top_line .. top_line+height (and one beyond)."""
        heights = self.heights
        for _ in range(4):  # heights change as we wrap; a few passes settle it
            first = heights.find(top_line)
            last = heights.find(top_line + height)
            changed = False
            for index in range(first, min(last + 2, len(heights))):
                if index not in self.lines:
                    self.wrapped(document, index)
                    changed = True
            if not changed:
                break

    def reveal(
        self, document: Document, index: int, *, row: int | None, scroll: int, view_height: int
    ) -> int:
        """The scroll offset that shows passage `index` (at screen `row` if given, else the
        least scrolling from `scroll` that shows it); what that screen shows is wrapped."""
        # Wrap the passage and enough before it to fill the screen above, so bottom alignment
        # and same-row placement use exact heights.
        self.wrapped(document, index)
        above, cells = index - 1, 0
        while above >= 0 and cells < view_height:
            cells += len(self.wrapped(document, above)) + 1
            above -= 1
        heights = self.heights
        top = heights.start(index)
        passage_height = heights.heights[index] - 1
        if row is not None:
            target = top - max(0, min(row, view_height - 1))
        elif top < scroll:
            target = top
        elif top + passage_height > scroll + view_height:
            fits = passage_height < view_height
            target = top + passage_height - view_height if fits else top
        else:
            target = scroll
        self.wrap_window(document, max(0, target), view_height)
        max_scroll = max(0, heights.total - view_height)
        return max(0, min(target, max_scroll))

    def page(self, document: Document, cursor: int, direction: int, view_height: int) -> int:
        """The passage a screen below (direction 1) or above (-1) passage `cursor`: at least
        the next or previous one."""
        heights = self.heights
        target_line = heights.start(cursor) + direction * view_height
        target_line = max(0, min(target_line, heights.total - 1))
        self.wrap_window(document, max(0, target_line - view_height), 3 * view_height)
        index = heights.find(max(0, min(target_line, heights.total - 1)))
        if index == cursor:
            index = max(0, min(cursor + direction, len(document.passages) - 1))
        return index


_SHARED_LAYOUTS: dict[tuple[int, str, str, int, int], PassageLayout] = {}
"""Recently used layouts by document and width, shared between views of one document."""


def shared_layout(document: Document, width: int) -> PassageLayout:
    """The layout of `document` at `width`, the one another view made if it is still kept."""
    key = (id(document), document.id, document.digest, len(document.passages), width)
    layout = _SHARED_LAYOUTS.pop(key, None) or PassageLayout(document, width)
    _SHARED_LAYOUTS[key] = layout
    while len(_SHARED_LAYOUTS) > 8:
        del _SHARED_LAYOUTS[next(iter(_SHARED_LAYOUTS))]
    return layout
