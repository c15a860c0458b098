"""Cross-references on the reader screen: follow a link, step through them, linked scrolling.

The link shown is the current passage's link `link_rank`: its target is selected in the other
pane at the same screen row, and its evidence is highlighted in both: shared wording, alias
matches and similar wording each marked apart, over the matched sentence of a long paragraph.
The links panel lists the current passage's links; ] and [ step in the order it lists them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.widgets.highlight import Highlight, link_evidence
from tui.widgets.links_panel import LinksPanel, visible_order

if TYPE_CHECKING:
    from textual.timer import Timer

    from search_index.links import LinkDetail

LINKS_DELAY = 0.06
"""Seconds the cursor rests before the links panel follows it: holding a key down moves the
cursor without waiting for each paragraph's list."""


def evidence(link: LinkDetail) -> tuple[list[Highlight], list[Highlight]]:
    """The spans of the link's evidence in its source and in its target: shared wording,
    aliases and similar wording each in their own style, over the matched sentence of a long
    paragraph (highlight.link_evidence: one reading of the evidence for every view)."""
    return link_evidence(link)


class LinksFeature:
    """x, ] / [, s and the links panel (mixed into ReaderScreen: uses its panes, session,
    history and status line)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.linked = False
        """Linked scrolling: the other pane follows the current passage's best link."""
        self.link_source: str | None = None
        self.link_rank = 0
        self.link_status = ""
        self.link_highlights: list[list[Highlight]] = [[], []]
        """The shown link's evidence, per pane."""
        self._links_timer: Timer | None = None
        self.links_folded = False
        """The links panel is folded away (l): the panes get its lines (80x24: 6 more each)."""

    def clear_link(self) -> None:
        """No link shown (the caller refreshes the highlights)."""
        self.link_highlights = [[], []]
        self.link_source = None

    def _links(self) -> list[LinkDetail] | None:
        """The current passage's links; None (and a notice) while there are none to have."""
        if not self.session.has_links:
            if self.ready:
                self.notify("Cross-references are not available for this corpus.", timeout=3)
            else:
                self.notify(
                    f"Cross-references are being prepared: {self.session_status}", timeout=3
                )
            return None
        passage_id = self.view.passage_id
        return self.session.links_of(passage_id) if passage_id else []

    def update_links_panel(self) -> None:
        """List the current passage's links (or say why there are none)."""
        if not self.is_mounted:
            return
        panel = self.query_one(LinksPanel)
        passage_id = self.view.passage_id
        if passage_id is None:
            panel.show_message("No passage selected.")
            return
        if not self.session.has_links:
            panel.show_message(
                "Cross-references appear here when they are ready (see the status line)."
                if not self.ready
                else "Cross-references are not available for this corpus."
            )
            return
        passage = self.corpus.passage(passage_id)
        current = self.link_rank if self.link_source == passage_id else None
        panel.show_links(
            self.session.links_of(passage_id),
            self.corpus,
            self.session.theme_label,
            document=self.view.document,
            number=passage.number,
            current=current,
        )

    def follow_cursor(self) -> None:
        """The cursor moved: drop another passage's evidence, keep a linked pane linked,
        and list the new passage's links once the cursor rests."""
        if self.link_source != self.view.passage_id:
            self.clear_link()
            self.refresh_highlights()
        if self.linked:
            self._follow_linked()
        if self._links_timer is not None:
            self._links_timer.stop()
        self._links_timer = self.set_timer(LINKS_DELAY, self.update_links_panel)

    def show_link(self, rank: int, *, push: bool = True) -> None:
        """Show link `rank` of the current passage in the other pane, evidence highlighted."""
        links = self._links()
        if links is None:
            return
        if not links:
            self.notify("This passage has no cross-references.", timeout=2)
            return
        rank %= len(links)
        link = links[rank]
        if push:
            self.push_history()
        source_view = self.view
        row = source_view.cursor_row()
        target_pane = 1 - self.active
        try:
            document_id = self.corpus.passage(link.target).document_id
        except KeyError:
            return
        target_view = self.ensure_document(target_pane, document_id)
        target_view.select_id(link.target, row=row, notify=False)
        self._set_link(links, rank, self.active, target_pane)
        self.refresh_highlights()
        self.query_one(LinksPanel).mark(rank)
        self.update_status()

    def _set_link(
        self, links: list[LinkDetail], rank: int, source_pane: int, target_pane: int
    ) -> None:
        """Make link `rank` the one shown: its evidence in both panes and on the status line
        ("link i of N", i its place in the links panel's order)."""
        link = links[rank]
        source_spans, target_spans = evidence(link)
        self.link_highlights = [[], []]
        self.link_highlights[source_pane] = source_spans
        self.link_highlights[target_pane] = target_spans
        self.link_source = link.source
        self.link_rank = rank
        kinds = "/".join(link.kinds) or "link"
        order = visible_order(links, self.session.theme_label)
        place = order.index(rank) + 1 if rank in order else rank + 1
        self.link_status = f"link {place} of {len(links)} · {link.score:.2f} {kinds}"

    def restore_link(self, source: str, rank: int) -> None:
        """Show again the evidence of the link that was shown (no jump, no history entry),
        if its source and target are where the restored panes show them."""
        if not self.session.has_links:
            return
        links = self.session.links_of(source)
        if not 0 <= rank < len(links):
            return
        link = links[rank]
        for source_pane in self.panes:
            target_pane = self.pane(1 - source_pane.index)
            if (
                source_pane.view.passage_id == link.source
                and target_pane.view.passage_id == link.target
            ):
                self._set_link(links, rank, source_pane.index, target_pane.index)
                return

    def action_follow_link(self) -> None:
        self.show_link(0)

    def _step_link(self, step: int) -> None:
        """] and [: the next or previous link in the order the links panel lists them."""
        links = self._links()
        if not links:
            if links is not None:
                self.notify("This passage has no cross-references.", timeout=2)
            return
        order = visible_order(links, self.session.theme_label)
        if self.link_source != self.view.passage_id or self.link_rank not in order:
            self.show_link(order[0] if step > 0 else order[-1])
        else:
            place = order.index(self.link_rank)
            self.show_link(order[(place + step) % len(order)], push=False)

    def action_next_link(self) -> None:
        self._step_link(+1)

    def action_previous_link(self) -> None:
        self._step_link(-1)

    def sync_side(self) -> None:
        """Show the region below the panes while search is open or the links are not folded."""
        self.query_one("#side").display = self.search_open or not self.links_folded

    def action_toggle_links(self) -> None:
        self.links_folded = not self.links_folded
        self.sync_side()

    def action_toggle_linked(self) -> None:
        self.linked = not self.linked
        self.notify("Linked scrolling " + ("on" if self.linked else "off"), timeout=2)
        if self.linked:
            self._follow_linked()
        self.update_status()

    def _follow_linked(self) -> None:
        """Show the current passage's best link into the document the other pane shows: the
        comparison the reader set up stays. With no link into it the other pane stays too and
        the status line says so; with no document there, the best link of all is shown."""
        passage_id = self.view.passage_id
        if not self.session.has_links or passage_id is None:
            return
        links = self.session.links_of(passage_id)
        other = self.other.document
        if other is None:
            if links:
                self.show_link(0, push=False)
            return
        prefix = other.id + ":"
        rank = next((i for i, link in enumerate(links) if link.target.startswith(prefix)), None)
        if rank is not None:
            self.show_link(rank, push=False)
            return
        self.clear_link()
        self.refresh_highlights()
        # No link shown (rank -1: ] and [ start from the first), only the reason.
        self.link_source, self.link_rank = passage_id, -1
        self.link_status = f"no link into {other.title}"
