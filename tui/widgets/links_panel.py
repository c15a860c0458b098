"""The cross-references of the current passage, grouped by theme and kind, best first.

Each row: the score, "strong" or "related" (scores mean the same for every passage), the
kinds (≈ when similar wording is part of the evidence), the place, and a preview: the target's
best-matching sentence when the link is between long paragraphs, else its first words. A
translation link (a Korean paragraph and its English version) is in a group of its own."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from search_index import Corpus, Document
from tui.widgets.fit import Titles, counted, fit
from tui.widgets.passage_rows import append_place, row_width, widest_number

if TYPE_CHECKING:
    from search_index.links import LinkDetail

PREVIEW_CHARS = 400
NARROW = 98
"""Row widths below this (a terminal under 100 columns) give the title less room."""


def _group_of(link: LinkDetail, theme_label: Callable[[str], str]) -> str:
    if "translation" in link.kinds:
        return "Translation"
    if link.themes:
        return "Theme: " + theme_label(link.themes[0])
    if "verbatim" in link.kinds:
        return "Verbatim"
    if "paraphrase" in link.kinds:
        return "Paraphrase"
    return ", ".join(k.capitalize() for k in link.kinds) or "Links"


def grouped(links: Sequence[LinkDetail], theme_label: Callable[[str], str]) -> dict[str, list[int]]:
    """Ranks of the links by group, groups in the order of their best link."""
    groups: dict[str, list[int]] = {}
    for rank, link in enumerate(links):
        groups.setdefault(_group_of(link, theme_label), []).append(rank)
    return groups


def visible_order(links: Sequence[LinkDetail], theme_label: Callable[[str], str]) -> list[int]:
    """The ranks in the order the panel lists them (what ] and [ step through)."""
    return [rank for ranks in grouped(links, theme_label).values() for rank in ranks]


class LinksPanel(OptionList):
    """One option per link (id 'link-N', N its rank); group headings are disabled options."""

    DEFAULT_CSS = """
    LinksPanel { height: 1fr; border: none; padding: 0 1;
        text-wrap: nowrap; text-overflow: ellipsis; background: $surface; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.links: list[LinkDetail] = []
        self.status = "Cross-references appear here."
        self._shown: tuple[Any, ...] | None = None
        self._width = 0
        self._titles: Titles | None = None

    def show_links(
        self,
        links: Sequence[LinkDetail],
        corpus: Corpus,
        theme_label: Callable[[str], str],
        *,
        document: Document | None,
        number: int,
        current: int | None = None,
    ) -> None:
        self.links = list(links)
        if self._titles is None or self._titles.corpus is not corpus:
            self._titles = Titles(corpus)
        self._shown = (corpus, theme_label, document, number)
        self._fill(current)

    def _heading(self, document: Document | None, number: int, tail: str, width: int) -> str:
        head = f"¶{number} of "
        if document is None:
            return f"¶{number}{tail}"
        room = width - cell_len(head) - cell_len(tail)
        return head + fit(document.title, max(8, room)) + tail

    def _fill(self, current: int | None) -> None:
        assert self._shown is not None and self._titles is not None
        corpus, theme_label, document, number = self._shown
        links = self.links
        self.clear_options()
        groups = grouped(links, theme_label)
        width = row_width(self, len(links) + len(groups) + 1)
        self._width = width
        if not links:
            heading = self._heading(document, number, ": no cross-references", width)
            self.add_option(Option(Text(heading, style="italic"), disabled=True))
            return
        heading = self._heading(
            document, number, f": {counted(len(links), 'cross-reference')}", width
        )
        options: list[Option] = [Option(Text(heading, style="bold"), disabled=True)]
        kinds_width = max(cell_len(self._kinds(link)) for link in links)
        number_width = widest_number(corpus, (link.target for link in links))
        fixed = 5 + 8 * any(getattr(x, "strength", "") for x in links) + kinds_width + 1
        fixed += 2 + number_width + 2
        # Short of room (80 columns) the title takes a third, not half: the preview is what
        # tells the links apart, and the short titles stay distinct (Titles).
        share = 2 if width >= NARROW else 3
        title_width = max(8, min(40, (width - fixed) // share))
        for group, ranks in groups.items():
            options.append(Option(Text(fit(group, width), style="bold italic"), disabled=True))
            for rank in ranks:
                row = self._row(links[rank], corpus, kinds_width, title_width, number_width)
                options.append(Option(row, id=f"link-{rank}"))
        self.add_options(options)
        if current is not None:
            self.mark(current)

    @staticmethod
    def _kinds(link: LinkDetail) -> str:
        similar = "≈" if any(getattr(s, "kind", "") == "similar" for s in link.shared) else ""
        meaning = link.meaning  # ranked by similar meaning too: its cosine
        tail = f" meaning {meaning:.2f}" if meaning is not None else ""
        return f"[{'/'.join(link.kinds) or 'link'}]{similar}{tail}"

    def _row(
        self,
        link: LinkDetail,
        corpus: Corpus,
        kinds_width: int,
        title_width: int,
        number_width: int,
    ) -> Text:
        assert self._titles is not None
        row = Text(no_wrap=True, overflow="ellipsis")
        strength = getattr(link, "strength", "")
        row.append(f"{link.score:4.2f} ", style="bold")
        if strength:
            row.append(f"{strength:<7} ", style="bold" if strength == "strong" else "dim")
        kinds = self._kinds(link)
        row.append(kinds, style="dim")
        row.append(" " * (kinds_width - cell_len(kinds) + 1))
        try:
            passage = corpus.passage(link.target)
            document = corpus.document_of(passage)
        except KeyError:
            row.append(fit(link.target, title_width + number_width + 2), style="underline")
            return row
        append_place(row, self._titles, document, passage.number, title_width, number_width)
        pair = getattr(link, "sentences", None)
        if pair is not None:  # the sentence that matches, not the paragraph's first words
            row.append("“" + pair.target_text[:PREVIEW_CHARS] + "”", style="italic")
        else:
            row.append(passage.text[:PREVIEW_CHARS])
        return row

    def on_resize(self) -> None:
        if self._shown is not None and row_width(self, self.option_count) != self._width:
            highlighted = self.highlighted
            option = self.get_option_at_index(highlighted) if highlighted is not None else None
            current = None
            if option is not None and option.id and option.id.startswith("link-"):
                current = int(option.id[5:])
            self._fill(current)

    def mark(self, rank: int) -> None:
        """Highlight the option of link `rank` (the one shown in the panes)."""
        try:
            self.highlighted = self.get_option_index(f"link-{rank}")
        except Exception:
            return

    def show_message(self, message: str) -> None:
        self.links = []
        self._shown = None
        self.clear_options()
        self.add_option(Option(Text(message, style="italic"), disabled=True))
