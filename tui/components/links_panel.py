"""The cross-references of the current passage, grouped by theme and kind, best first."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from search_index import Corpus
from tui.backend import Link

PREVIEW_CHARS = 160


def _group_of(link: Link, theme_label: Callable[[str], str]) -> str:
    if link.themes:
        return "Theme: " + theme_label(link.themes[0])
    if "verbatim" in link.kinds:
        return "Verbatim"
    if "paraphrase" in link.kinds:
        return "Paraphrase"
    return ", ".join(k.capitalize() for k in link.kinds) or "Links"


class LinksPanel(OptionList):
    """One option per link (id 'link-N', N its rank); group headings are disabled options."""

    DEFAULT_CSS = """
    LinksPanel { height: 1fr; border: none; padding: 0 1;
        text-wrap: nowrap; text-overflow: ellipsis; background: $surface; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.links: list[Link] = []
        self.status = "Cross-references appear here."

    def show_links(
        self,
        links: Sequence[Link],
        corpus: Corpus,
        theme_label: Callable[[str], str],
        *,
        title: str,
        current: int | None = None,
    ) -> None:
        self.links = list(links)
        self.clear_options()
        if not links:
            self.add_option(
                Option(Text(f"{title}: no cross-references", style="italic"), disabled=True)
            )
            return
        groups: dict[str, list[int]] = {}
        for rank, link in enumerate(links):
            groups.setdefault(_group_of(link, theme_label), []).append(rank)
        options: list[Option] = [
            Option(Text(f"{title}: {len(links)} cross-references", style="bold"), disabled=True)
        ]
        for group, ranks in groups.items():
            options.append(Option(Text(group, style="bold italic"), disabled=True))
            for rank in ranks:
                options.append(Option(self._row(links[rank], corpus), id=f"link-{rank}"))
        self.add_options(options)
        if current is not None:
            self.mark(current)

    def _row(self, link: Link, corpus: Corpus) -> Text:
        try:
            passage = corpus.passage(link.target)
            document = corpus.document_of(passage)
            where = f"{document.title[:38]} ¶{passage.number}"
            preview = passage.text[:PREVIEW_CHARS]
        except KeyError:
            where, preview = link.target, ""
        row = Text(no_wrap=True, overflow="ellipsis")
        row.append(f"{link.score:4.2f} ", style="bold")
        row.append(f"[{'/'.join(link.kinds) or 'link'}] ", style="dim")
        row.append(where, style="underline")
        row.append("  ")
        row.append(preview)
        return row

    def mark(self, rank: int) -> None:
        """Highlight the option of link `rank` (the one shown in the panes)."""
        try:
            self.highlighted = self.get_option_index(f"link-{rank}")
        except Exception:
            return

    def show_message(self, message: str) -> None:
        self.links = []
        self.clear_options()
        self.add_option(Option(Text(message, style="italic"), disabled=True))
