"""Fitting text to terminal cells: cut with an ellipsis, pad, and short titles that stay distinct.

Widths are cells, not characters: Korean, Chinese and Japanese characters take two cells, so
cutting `title[:40]` can overflow a column or split a character; these helpers never do.
"""

from __future__ import annotations

from rich.cells import cell_len, get_character_cell_size

from search_index import Corpus, Document

ELLIPSIS = "…"


def counted(count: int, noun: str) -> str:
    """'1 paragraph', '2 paragraphs': a count with its noun in the right number."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def fit(text: str, width: int) -> str:
    """`text` in at most `width` cells; when cut, it ends in '…' (no space before it)."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    kept: list[str] = []
    cells = 0
    for char in text:
        size = get_character_cell_size(char)
        if cells + size > width - 1:
            break
        kept.append(char)
        cells += size
    return "".join(kept).rstrip() + ELLIPSIS


def fit_words(text: str, width: int) -> str:
    """Like `fit`, but cut after a whole word when there is one that fits."""
    fitted = fit(text, width)
    if fitted == text or not fitted:
        return fitted
    words = fitted[:-1]
    if " " in words and not text[len(words)].isspace():
        words = words[: words.rindex(" ")]
    return words.rstrip(" ,;:") + ELLIPSIS


def pad(text: str, width: int) -> str:
    """`text` fitted to `width` cells and padded with spaces to exactly `width` cells."""
    fitted = fit(text, width)
    return fitted + " " * max(0, width - cell_len(fitted))


class Titles:
    """Document titles fitted to a width. Where two documents' fitted titles read the same
    (a long common prefix, or the same title), each gets its date (or id) added."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self._counts: dict[int, dict[str, int]] = {}

    def _count(self, width: int) -> dict[str, int]:
        counts = self._counts.get(width)
        if counts is None:
            counts = {}
            for document in self.corpus.documents:
                short = fit(document.title, width)
                counts[short] = counts.get(short, 0) + 1
            self._counts[width] = counts
            while len(self._counts) > 8:
                del self._counts[next(iter(self._counts))]
        return counts

    def title(self, document: Document, width: int) -> str:
        short = fit(document.title, width)
        if self._count(width).get(short, 0) < 2:
            return short
        tag = document.date or document.id
        room = width - cell_len(tag) - 1
        if room < 4:
            return fit(f"{document.title} {tag}", width)
        return f"{fit(document.title, room)} {tag}"
