"""The reader application: two linked document panes, cross-references, search and themes.

Start-up shows the documents at once; the search index and link table are opened (or built)
in a thread worker that only posts messages, and search and links switch on when it is done.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.markup import escape
from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Footer, OptionList, Static

from search_index import Corpus, Document, Problem
from tui.backend import Engine, Link, SearchOutcome
from tui.components.document_pane import DocumentPane
from tui.components.document_view import DocumentView, Highlight
from tui.components.key_hints import KeyHints
from tui.components.links_panel import LinksPanel, visible_order
from tui.keymap import SPECS, bindings, load_keymap

if TYPE_CHECKING:
    from textual.widgets import Input

    from tui.components.search_panel import SearchPanel
from tui.messages import EngineFailed, EngineProgress, EngineReady, SearchDone
from tui.state import corpus_key, load_state, save_state

PANE_NAMES = (("left", "right"), ("top", "bottom"))
SEARCH_DELAY = 0.12
ENGINE_DELAY = 0.15
"""Seconds after the first frame before the index/links worker starts: the first frame and
the keys right after it get the interpreter before the worker's imports (Whoosh, numpy) do."""
LINKS_DELAY = 0.06


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Where the reader is: each pane's document and passage, their screen rows, the focus."""

    documents: tuple[str | None, str | None]
    passages: tuple[str | None, str | None]
    rows: tuple[int, int]
    active: int
    link_source: str | None = None
    """The passage whose link was shown (its evidence highlighted), if any."""
    link_rank: int = 0


@dataclass(slots=True)
class Trail:
    """Passages to step through with n/N: search hits or a theme's passages."""

    kind: str  # "search" or "theme"
    label: str
    items: list[tuple[str, tuple[tuple[int, int], ...]]]
    index: int = -1


class StatusLine(Widget):
    """One line that changes often: redrawn in place, never a reason for a layout pass."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = Text()

    def show(self, text: Text) -> None:
        self.text = text
        self.refresh()

    def render(self) -> Text:
        return self.text


class EmptyCorpusScreen(Screen[None]):
    """No documents: say how to add some instead of failing."""

    BINDINGS: ClassVar[list[Binding]] = bindings("app")

    def __init__(self, corpus: Corpus, paths: Sequence[Path]) -> None:
        super().__init__()
        self.corpus = corpus
        self.paths = paths

    def compose(self) -> ComposeResult:
        text = Text()
        text.append("No documents to read\n\n", style="bold")
        where = ", ".join(str(p) for p in self.paths) or "(no folder given)"
        text.append(f"Looked in: {where}\n\n")
        text.append(
            "Add statements as .md or .txt files, each starting with front matter:\n\n"
            "    ---\n    title: Joint Statement on ...\n    issuer: Ministry of Foreign Affairs\n"
            "    date: 2024-01-23\n    ---\n\n    First paragraph.\n\n    Second paragraph.\n\n"
            "then start the reader with:  xref --texts FOLDER\n"
            "(with no --texts the bundled statements open).\n"
        )
        if self.corpus.problems:
            text.append(f"\n{len(self.corpus.problems)} files could not be used:\n", style="bold")
            for problem in self.corpus.problems[:200]:
                text.append(f"  {problem}\n")
        with VerticalScroll(id="empty"):
            yield Static(text, markup=False)
        yield Footer()


class ReaderScreen(Screen[None]):
    """The main screen: panes, the cross-references / search region, status line, footer."""

    BINDINGS: ClassVar[list[Binding]] = bindings("reader")
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]

    def __init__(self, corpus: Corpus, engine: Engine) -> None:
        super().__init__()
        self.corpus = corpus
        self.engine = engine
        self.active = 0
        self.back_stack: list[Snapshot] = []
        self.forward_stack: list[Snapshot] = []
        self.linked = False
        self.link_source: str | None = None
        self.link_rank = 0
        self.link_status = ""
        self.trail: Trail | None = None
        self.search_start: Snapshot | None = None
        self.engine_status = "Preparing search and links…"
        self.ready = False
        self._link_highlights: list[list[Highlight]] = [[], []]
        self._search_generation = 0
        self._search_timer: Timer | None = None
        self._links_timer: Timer | None = None
        self._search_cancel = threading.Event()
        self._problems: list[Problem] = list(corpus.problems)
        # The breakpoint class from the start: no restyle of every widget on the first resize.
        with contextlib.suppress(Exception):
            self.add_class("-narrow" if self.app.size.width < 100 else "-wide")

    # -- composition ------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("", id="problems", markup=False)
        with Container(id="panes"):
            yield DocumentPane(0, id="pane-0")
            yield DocumentPane(1, id="pane-1")
        with ContentSwitcher(id="side", initial="links"):
            yield LinksPanel(id="links")
            # The search panel is mounted the first time search opens: a faster first frame.
        yield StatusLine(id="status")
        yield KeyHints(getattr(self.app, "keymap", None), id="keys")

    @property
    def panes(self) -> tuple[DocumentPane, DocumentPane]:
        return self.query_one("#pane-0", DocumentPane), self.query_one("#pane-1", DocumentPane)

    def pane(self, index: int) -> DocumentPane:
        return self.panes[index]

    @property
    def view(self) -> DocumentView:
        """The focused pane's document view."""
        return self.pane(self.active).view

    @property
    def other(self) -> DocumentView:
        return self.pane(1 - self.active).view

    def pane_name(self, index: int) -> str:
        return PANE_NAMES[self.has_class("-narrow")][index]

    def on_mount(self) -> None:
        app = self.app
        entry = app.saved_state if isinstance(app, XrefApp) else {}
        documents = self.corpus.documents
        chosen: list[tuple[Document, int]] = []
        saved_panes = entry.get("panes")
        for saved in saved_panes[:2] if isinstance(saved_panes, list) else []:
            if not isinstance(saved, dict):
                continue
            try:
                document = self.corpus.document(str(saved.get("document")))
            except KeyError:
                continue
            cursor = 0
            passage_id = saved.get("passage")
            if isinstance(passage_id, str):
                try:
                    passage = self.corpus.passage(passage_id)
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
        for pane, (document, cursor) in zip(self.panes, chosen, strict=True):
            # A remembered paragraph comes back a third of the way down, not on the last row.
            pane.show(document, cursor, at=1 / 3 if cursor else None)
        active = entry.get("active", 0)
        self.active = active if active in (0, 1) else 0
        self.view.focus()
        self._show_problems()
        self._update_links_panel()
        self._update_status()

    # -- problems and status ------------------------------------------------------------

    def add_problems(self, problems: Sequence[Problem]) -> None:
        """Add problems (aliases, themes, keys) to the dismissible warning."""
        known = {str(p) for p in self._problems}
        self._problems.extend(p for p in problems if str(p) not in known)
        self._show_problems()

    def _show_problems(self) -> None:
        widget = self.query_one("#problems", Static)
        if not self._problems:
            if widget.display:
                widget.display = False
            return
        text = Text()
        text.append(
            f"⚠ {len(self._problems)} problem{'' if len(self._problems) == 1 else 's'}: "
            "skipped, the rest works "
            "(Esc dismisses)\n",
            style="bold",
        )
        for problem in self._problems[:100]:
            text.append(f"  {problem}\n")
        widget.update(text)
        widget.display = True

    def _update_status(self) -> None:
        parts: list[tuple[str, str]] = [(self.engine_status, "" if self.ready else "italic")]
        if self.linked:
            parts.append(("linked scrolling on", "bold"))
        if self.link_source is not None and self.link_source == self.view.passage_id:
            parts.append((self.link_status, ""))
        trail = self.trail
        if trail is not None and trail.items:
            noun = "hit" if trail.kind == "search" else "passage"
            where = (
                f"{noun} {trail.index + 1} of {len(trail.items)}"
                if trail.index >= 0
                else (f"{len(trail.items)} {noun}{'' if len(trail.items) == 1 else 's'}")
            )
            parts.append((f"{trail.label}: {where}", "bold"))
        text = Text(no_wrap=True, overflow="ellipsis")
        for number, (part, style) in enumerate(parts):
            if number:
                text.append("  │  ", style="dim")
            text.append(part, style=style)
        self.query_one(StatusLine).show(text)

    @property
    def status_text(self) -> str:
        return self.query_one(StatusLine).text.plain

    def engine_progress(self, stage: str, done: int, total: int) -> None:
        stage, _, step = stage.partition(":")
        label = {
            "analysis": "Reading aliases and themes",
            "index": "Building search index",
            "links": "Finding cross-references",
        }.get(stage, stage)
        if step:
            label += f" ({step})"
        percent = f" {100 * done // total}%" if total else ""
        self.engine_status = f"{label}…{percent}"
        self._update_status()

    def engine_ready(self) -> None:
        self.ready = True
        features = []
        if self.engine.can_search:
            features.append("search")
        if self.engine.has_links:
            features.append("links")
        self.engine_status = (
            " and ".join(features).capitalize() + " ready" if features else "Search unavailable"
        )
        self.add_problems(self.engine.problems)
        for pane in self.panes:
            self._pane_loaded(pane.index)
        self._update_links_panel()
        self._update_status()

    def engine_failed(self, reason: str) -> None:
        self.engine_status = f"Search and links unavailable: {reason}"
        self._update_status()

    # -- panes ------------------------------------------------------------

    def _pane_loaded(self, index: int) -> None:
        pane = self.pane(index)
        document = pane.document
        if document is not None and self.engine.has_links:
            pane.view.set_link_counts(self.engine.link_counts(document.id))
        self._refresh_highlights()

    def open_in(self, index: int, document_id: str, passage_id: str | None = None) -> None:
        """Show a document in a pane (a jump: it goes into the history)."""
        try:
            document = self.corpus.document(document_id)
        except KeyError:
            return
        self._push_history()
        pane = self.pane(index)
        cursor = 0
        if passage_id:
            cursor = max(0, self.corpus.passage(passage_id).number - 1)
        pane.show(document, cursor)
        self._pane_loaded(index)
        self._set_active(index)
        self._update_links_panel()

    def _ensure_document(self, index: int, document_id: str) -> DocumentView:
        pane = self.pane(index)
        if pane.document is None or pane.document.id != document_id:
            pane.show(self.corpus.document(document_id))
            self._pane_loaded(index)
        return pane.view

    def _set_active(self, index: int) -> None:
        self.active = index
        self.view.focus()

    def on_descendant_focus(self, event: Any) -> None:
        widget = getattr(event, "widget", None)
        for pane in self.panes:
            if widget is pane.view and self.active != pane.index:
                self.active = pane.index
                self._update_links_panel()

    def on_document_view_cursor_moved(self, message: DocumentView.CursorMoved) -> None:
        if message.view is not self.view:
            return
        if self.link_source != self.view.passage_id:
            self._link_highlights = [[], []]
            self.link_source = None
            self._refresh_highlights()
        if self.linked:
            self._follow_linked()
        # The list of links (and their evidence) follows once the cursor rests, so holding a
        # key down moves the cursor without waiting for each paragraph's list.
        if self._links_timer is not None:
            self._links_timer.stop()
        self._links_timer = self.set_timer(LINKS_DELAY, self._update_links_panel)
        self._update_status()

    def on_resize(self) -> None:
        for pane in self.panes:
            pane.header.refresh()

    # -- highlights ------------------------------------------------------------

    def _refresh_highlights(self) -> None:
        for pane in self.panes:
            view = pane.view
            spans = list(self._link_highlights[pane.index])
            trail = self.trail
            if trail is not None and view.document is not None:
                prefix = view.document.id + ":"
                kind = "search" if trail.kind == "search" else "theme"
                for passage_id, matches in trail.items:
                    if passage_id.startswith(prefix):
                        spans.extend(Highlight(passage_id, s, e, kind) for s, e in matches)
            view.set_highlights(spans)

    # -- history ------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        left, right = self.panes
        return Snapshot(
            documents=(
                left.document.id if left.document else None,
                right.document.id if right.document else None,
            ),
            passages=(left.view.passage_id, right.view.passage_id),
            rows=(left.view.cursor_row(), right.view.cursor_row()),
            active=self.active,
            link_source=self.link_source if any(self._link_highlights) else None,
            link_rank=self.link_rank,
        )

    def _push_history(self) -> None:
        self.back_stack.append(self.snapshot())
        del self.back_stack[:-200]
        self.forward_stack.clear()

    def restore(self, snapshot: Snapshot) -> None:
        for pane in self.panes:
            document_id = snapshot.documents[pane.index]
            passage_id = snapshot.passages[pane.index]
            if document_id is None:
                continue
            view = self._ensure_document(pane.index, document_id)
            if passage_id:
                view.select_id(passage_id, row=snapshot.rows[pane.index], notify=False)
        self._link_highlights = [[], []]
        self.link_source = None
        self.link_status = ""
        self._set_active(snapshot.active)
        if snapshot.link_source is not None:
            self._restore_link(snapshot.link_source, snapshot.link_rank)
        self._refresh_highlights()
        self._update_links_panel()
        self._update_status()

    def _restore_link(self, source: str, rank: int) -> None:
        """Show again the evidence of the link that was shown (no jump, no history entry),
        if its source and target are where the restored panes show them."""
        if not self.engine.has_links:
            return
        links = self.engine.links_of(source)
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

    def action_back(self) -> None:
        if not self.back_stack:
            self.notify("Nothing to go back to.", timeout=2)
            return
        self.forward_stack.append(self.snapshot())
        self.restore(self.back_stack.pop())

    def action_forward(self) -> None:
        if not self.forward_stack:
            self.notify("Nothing to go forward to.", timeout=2)
            return
        self.back_stack.append(self.snapshot())
        self.restore(self.forward_stack.pop())

    # -- cross-references -------------------------------------------------------------------------

    def _links(self) -> list[Link] | None:
        if not self.engine.has_links:
            if self.ready:
                self.notify("Cross-references are not available for this corpus.", timeout=3)
            else:
                self.notify(f"Cross-references are being prepared: {self.engine_status}", timeout=3)
            return None
        passage_id = self.view.passage_id
        return self.engine.links_of(passage_id) if passage_id else []

    def _update_links_panel(self) -> None:
        if not self.is_mounted:
            return
        panel = self.query_one(LinksPanel)
        passage_id = self.view.passage_id
        if passage_id is None:
            panel.show_message("No passage selected.")
            return
        if not self.engine.has_links:
            panel.show_message(
                "Cross-references appear here when they are ready (see the status line)."
                if not self.ready
                else "Cross-references are not available for this corpus."
            )
            return
        passage = self.corpus.passage(passage_id)
        current = self.link_rank if self.link_source == passage_id else None
        panel.show_links(
            self.engine.links_of(passage_id),
            self.corpus,
            self.engine.theme_label,
            document=self.view.document,
            number=passage.number,
            current=current,
        )

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
            self._push_history()
        source_view = self.view
        row = source_view.cursor_row()
        target_pane = 1 - self.active
        try:
            document_id = self.corpus.passage(link.target).document_id
        except KeyError:
            return
        target_view = self._ensure_document(target_pane, document_id)
        target_view.select_id(link.target, row=row, notify=False)
        self._set_link(links, rank, self.active, target_pane)
        self._refresh_highlights()
        self.query_one(LinksPanel).mark(rank)
        self._update_status()

    def _set_link(self, links: list[Link], rank: int, source_pane: int, target_pane: int) -> None:
        """Make link `rank` the one shown: its evidence in both panes and on the status line
        ("link i of N", i its place in the links panel's order)."""
        link = links[rank]
        source_spans = [
            Highlight(
                link.source, s.source_span[0], s.source_span[1], "alias" if s.alias else "shared"
            )
            for s in link.shared
        ]
        target_spans = [
            Highlight(
                link.target, s.target_span[0], s.target_span[1], "alias" if s.alias else "shared"
            )
            for s in link.shared
        ]
        self._link_highlights = [[], []]
        self._link_highlights[source_pane] = source_spans
        self._link_highlights[target_pane] = target_spans
        self.link_source = link.source
        self.link_rank = rank
        kinds = "/".join(link.kinds) or "link"
        order = visible_order(links, self.engine.theme_label)
        place = order.index(rank) + 1 if rank in order else rank + 1
        self.link_status = f"link {place} of {len(links)} · {link.score:.2f} {kinds}"

    def action_follow_link(self) -> None:
        self.show_link(0)

    def _step_link(self, step: int) -> None:
        """] and [: the next or previous link in the order the links panel lists them."""
        links = self._links()
        if not links:
            if links is not None:
                self.notify("This passage has no cross-references.", timeout=2)
            return
        order = visible_order(links, self.engine.theme_label)
        if self.link_source != self.view.passage_id or self.link_rank not in order:
            self.show_link(order[0] if step > 0 else order[-1])
        else:
            place = order.index(self.link_rank)
            self.show_link(order[(place + step) % len(order)], push=False)

    def action_next_link(self) -> None:
        self._step_link(+1)

    def action_previous_link(self) -> None:
        self._step_link(-1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.startswith("link-"):
            self.show_link(int(option_id[5:]))
            self.view.focus()
        elif option_id.startswith("hit-"):
            self._jump_trail(int(option_id[4:]), push=True)

    def action_toggle_linked(self) -> None:
        self.linked = not self.linked
        self.notify("Linked scrolling " + ("on" if self.linked else "off"), timeout=2)
        if self.linked:
            self._follow_linked()
        self._update_status()

    def _follow_linked(self) -> None:
        if not self.engine.has_links or self.view.passage_id is None:
            return
        links = self.engine.links_of(self.view.passage_id)
        if not links:
            return
        other = self.other.document
        rank = next(
            (i for i, link in enumerate(links) if other and link.target.startswith(other.id + ":")),
            0,
        )
        self.show_link(rank, push=False)

    def action_switch_pane(self) -> None:
        self._set_active(1 - self.active)
        self._update_links_panel()

    # -- search ------------------------------------------------------------

    @property
    def search_panel(self) -> SearchPanel:
        return self.query_one("#search")  # type: ignore[return-value]

    @property
    def search_open(self) -> bool:
        return self.query_one(ContentSwitcher).current == "search"

    async def action_search(self) -> None:
        switcher = self.query_one(ContentSwitcher)
        if not switcher.query("#search"):
            from tui.components.search_panel import SearchPanel

            await switcher.mount(SearchPanel(id="search"))
        if not self.search_open:
            self.search_start = self.snapshot()
            switcher.current = "search"
        panel = self.search_panel
        if not self.engine.can_search:
            panel.set_status(
                "Search is not ready: " + self.engine_status
                if not self.ready
                else "Search is not available for this corpus."
            )
        # Focus now, not after a refresh (Widget.focus is deferred): the keys read after the
        # slash go to the field, not to the pane.
        self.set_focus(panel.input)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "search":
            # search.open is a priority binding: in a text field its key is typed, not run.
            from textual.widgets import Input

            return not isinstance(self.focused, Input)
        return True

    def on_input_changed(self, event: Input.Changed) -> None:
        if type(event.input).__name__ != "SearchInput":
            return
        self._search_generation += 1
        if self._search_timer is not None:
            self._search_timer.stop()
        generation = self._search_generation
        self._search_timer = self.set_timer(
            SEARCH_DELAY, partial(self._start_search, event.value, generation)
        )

    def _start_search(self, query: str, generation: int) -> None:
        if generation != self._search_generation:
            return
        self._search_cancel.set()
        self._search_cancel = threading.Event()
        if not query.strip():
            self.search_panel.show_hits([], self.corpus, 0, False)
            self.search_panel.set_status("Type to search.")
            self.trail = None
            self._refresh_highlights()
            self._update_status()
            return
        if not self.engine.can_search:
            return
        self.run_search(query, generation, self._search_cancel)

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str, generation: int, cancel: threading.Event) -> None:
        outcome = self.engine.search(query, cancel=cancel)
        if not cancel.is_set():
            self.app.post_message(SearchDone(generation, outcome))

    def search_done(self, generation: int, outcome: SearchOutcome) -> None:
        if generation != self._search_generation:
            return
        panel = self.search_panel
        if outcome.error:
            # The old results are gone with the query: no trail, no highlights, no "i of N".
            panel.show_hits([], self.corpus, 0, False)
            panel.set_status(outcome.error, error=True)
            self.trail = None
            for pane in self.panes:
                pane.view.set_current_hit(None)
            self._refresh_highlights()
            self._update_status()
            return
        panel.show_hits(outcome.hits, self.corpus, outcome.total, outcome.truncated)
        self.trail = Trail(
            "search", f"“{outcome.query[:30]}”", [(h.passage, h.matches) for h in outcome.hits]
        )
        self._refresh_highlights()
        self._update_status()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if type(event.input).__name__ != "SearchInput":
            return
        if self._search_timer is not None and self._search_generation:
            # Enter before the debounce fired: search now, synchronously, so Enter jumps.
            self._search_timer.stop()
            query = event.value
            if (
                query.strip()
                and self.engine.can_search
                and (
                    self.trail is None
                    or self.trail.kind != "search"
                    or self.trail.label != f"“{query[:30]}”"
                )
            ):
                self.search_done(self._search_generation, self.engine.search(query))
        results = self.search_panel.results
        if self.trail is None or not self.trail.items:
            return
        index = results.highlighted if results.highlighted is not None else 0
        self._jump_trail(index, push=True)

    def _jump_trail(self, index: int, *, push: bool) -> None:
        trail = self.trail
        if trail is None or not trail.items:
            return
        index %= len(trail.items)
        passage_id, matches = trail.items[index]
        try:
            document_id = self.corpus.passage(passage_id).document_id
        except KeyError:
            return
        if push:
            self._push_history()
        shown = [p.index for p in self.panes if p.document and p.document.id == document_id]
        if self.active in shown:
            pane_index = self.active
        elif shown:
            pane_index = shown[0]
        else:
            pane_index = 1 - self.active
        view = self._ensure_document(pane_index, document_id)
        self._set_active(pane_index)
        view.select_id(passage_id, row=max(0, view.size.height // 3), notify=False)
        first = matches[0] if matches and trail.kind == "search" else (0, 0)
        view.set_current_hit(passage_id, *first)
        other = self.pane(1 - pane_index).view
        other.set_current_hit(None)
        trail.index = index
        self._link_highlights = [[], []]
        self.link_source = None
        self._refresh_highlights()
        if trail.kind == "search" and self.search_open:
            self.search_panel.results.highlighted = index
        self._update_links_panel()
        self._update_status()

    def action_next_hit(self) -> None:
        if self.trail is None or not self.trail.items:
            self.notify("No hits: search with / or choose a theme with t.", timeout=2)
            return
        self._jump_trail(self.trail.index + 1, push=False)

    def action_previous_hit(self) -> None:
        if self.trail is None or not self.trail.items:
            self.notify("No hits: search with / or choose a theme with t.", timeout=2)
            return
        self._jump_trail(self.trail.index - 1 if self.trail.index >= 0 else -1, push=False)

    def close_search(self, *, return_to_start: bool) -> None:
        self._search_cancel.set()
        self.query_one(ContentSwitcher).current = "links"
        self.trail = None
        for pane in self.panes:
            pane.view.set_current_hit(None)
        start = self.search_start
        if return_to_start and start is not None:
            here = self.snapshot()
            if (here.documents, here.passages) != (start.documents, start.passages):
                # Returning is a jump too: b goes back to the last hit visited.
                self._push_history()
            self.restore(start)
        self.search_start = None
        self._refresh_highlights()
        self.view.focus()
        self._update_links_panel()
        self._update_status()

    def action_escape(self) -> None:
        if self.search_open:
            # Wherever the focus is (the field, the results, a pane after Enter or n).
            self.close_search(return_to_start=True)
        elif self.trail is not None:
            self.trail = None
            for pane in self.panes:
                pane.view.set_current_hit(None)
            self._refresh_highlights()
            self._update_status()
        elif any(self._link_highlights):
            self._link_highlights = [[], []]
            self.link_source = None
            self._refresh_highlights()
        elif self.query_one("#problems").display:
            self.query_one("#problems").display = False
        if not isinstance(self.focused, DocumentView):
            self.view.focus()

    # -- themes ------------------------------------------------------------

    def action_themes(self) -> None:
        if self.engine.themes is None:
            self.notify(f"Themes are being prepared: {self.engine_status}", timeout=3)
            return
        from tui.components.theme_browser import ThemeBrowser

        self.app.push_screen(
            ThemeBrowser(self.corpus, self.engine.theme_list(), self.engine.theme_passages),
            self._theme_chosen,
        )

    def _theme_chosen(self, theme_id: str | None) -> None:
        if not theme_id:
            return
        items = []
        for passage_id in self.engine.theme_passages(theme_id):
            try:
                length = len(self.corpus.passage(passage_id).text)
            except KeyError:
                continue
            items.append((passage_id, ((0, length),)))
        if self.search_open:
            self.close_search(return_to_start=False)
        label = self.engine.theme_label(theme_id)
        self.trail = Trail("theme", f"Theme {label}", items)
        if not items:
            self.notify(escape(f"No passage raises the theme {label}."), timeout=3)
            self._update_status()
            return
        self._jump_trail(0, push=True)

    # -- documents, copy ------------------------------------------------------------

    def action_open_document(self) -> None:
        current = self.view.document.id if self.view.document else None
        index = self.active
        from tui.components.document_picker import DocumentPicker

        self.app.push_screen(
            DocumentPicker(self.corpus, self.pane_name(index), current),
            partial(self._document_chosen, index),
        )

    def _document_chosen(self, index: int, document_id: str | None) -> None:
        if document_id:
            self.open_in(index, document_id)

    def action_copy(self) -> None:
        passage_id = self.view.passage_id
        if passage_id is None:
            return
        passage = self.corpus.passage(passage_id)
        citation = self.corpus.citation(passage)
        self.app.copy_to_clipboard(f"{passage.text}\n— {citation}")
        self.notify(escape(f"Copied ¶{passage.number} with its citation: {citation}"), timeout=3)

    # -- state ------------------------------------------------------------

    def state_entry(self) -> dict[str, Any]:
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


def _reader_commands() -> Any:
    from tui.components.palette import ReaderCommands

    return ReaderCommands


class XrefApp(App[None]):
    """The reader. `corpus_paths` name the corpus for remembered state (default: its folders)."""

    TITLE = "xref"
    CSS_PATH = "styles/reader.tcss"
    BINDINGS: ClassVar[list[Binding]] = bindings("app")
    COMMANDS = App.COMMANDS | {_reader_commands}

    def __init__(
        self,
        corpus: Corpus,
        corpus_paths: Sequence[Path | str] | None = None,
        *,
        build_engine: bool = True,
    ) -> None:
        super().__init__()
        self.corpus = corpus
        self.corpus_paths = [Path(p) for p in (corpus_paths or corpus.folders)]
        if not self.corpus_paths:
            self.corpus_paths = sorted({d.path.parent for d in corpus.documents})
        self.state_key = corpus_key(self.corpus_paths)
        self.saved_state = load_state(self.state_key)
        self.engine = Engine(corpus, self.corpus_paths)
        self.build_engine = build_engine
        self.keymap, self.keymap_problems = load_keymap()
        self.reader: ReaderScreen | None = None
        self._last_progress = 0.0
        self.save_problem: str | None = None
        """Why the reader's place could not be remembered on quitting (told after exit)."""

    def get_default_screen(self) -> Screen[Any]:
        if not self.corpus.documents:
            return EmptyCorpusScreen(self.corpus, self.corpus_paths)
        self.reader = ReaderScreen(self.corpus, self.engine)
        self.reader._problems.extend(self.keymap_problems)
        return self.reader

    def on_mount(self) -> None:
        if self.keymap:
            self.set_keymap(self.keymap)
        theme = self.saved_state.get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme

    def on_ready(self) -> None:
        """The first frame is on screen: now open or build the index and links."""
        if self.reader is not None and self.build_engine:
            self.set_timer(ENGINE_DELAY, self.build)

    @work(thread=True, exclusive=True, group="engine")
    def build(self) -> None:
        """Open or build the index and links in a thread; only messages leave this thread."""

        def progress(stage: str, done: int, total: int) -> None:
            now = time.monotonic()
            if now - self._last_progress >= 0.1 or done >= total:
                self._last_progress = now
                self.post_message(EngineProgress(stage, done, total))

        try:
            self.engine.build(progress)
        except Exception as error:
            reason = " ".join(str(error).split())[:200] or type(error).__name__
            self.post_message(EngineFailed(reason))
            return
        self.post_message(EngineReady())

    def on_engine_progress(self, message: EngineProgress) -> None:
        if self.reader is not None:
            self.reader.engine_progress(message.stage, message.done, message.total)

    def on_engine_ready(self, message: EngineReady) -> None:
        if self.reader is not None:
            self.reader.engine_ready()
            for notice in self.engine.notices:
                self.notify(escape(notice), timeout=5)

    def on_engine_failed(self, message: EngineFailed) -> None:
        if self.reader is not None:
            self.reader.engine_failed(message.reason)

    def on_search_done(self, message: SearchDone) -> None:
        if self.reader is not None:
            self.reader.search_done(message.generation, message.outcome)

    def get_system_commands(self, screen: Screen[Any]) -> Any:
        """Textual's commands without 'Theme' and 'Keys': the reader's 'Switch colour theme'
        and 'Show keys' do the same and are listed already."""
        for command in super().get_system_commands(screen):
            if command.title not in ("Theme", "Keys"):
                yield command

    def action_help(self) -> None:
        from tui.components.help_screen import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        self.push_screen(HelpScreen(self.keymap))

    def save(self) -> None:
        """Remember the open documents, passages and colour theme for this corpus."""
        entry: dict[str, Any] = {"theme": self.theme}
        if self.reader is not None and self.reader.is_mounted and self.reader.children:
            try:
                entry.update(self.reader.state_entry())
            except Exception:
                entry = {**self.saved_state, "theme": self.theme}
        elif self.saved_state:
            entry = {**self.saved_state, "theme": self.theme}
        self.save_problem = save_state(self.state_key, entry)

    async def action_quit(self) -> None:
        self.save()
        self.engine.stop()
        self.exit()


def binding_ids() -> list[str]:
    """Every binding id (for the README and tests)."""
    return [spec.id for spec in SPECS]
