"""The reader's main screen: two linked document panes, cross-references, search and themes.

The screen composes the widgets and routes messages; each feature (tui/features/) is a mixin
with its own state and actions, so a key's action is found on the screen as Textual expects.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.screen import Screen
from textual.widgets import ContentSwitcher, OptionList

from search_index import Corpus, Problem
from tui.features.clipboard import ClipboardFeature
from tui.features.compare import CompareFeature
from tui.features.history import HistoryFeature
from tui.features.links import LinksFeature
from tui.features.notes import NotesFeature
from tui.features.panes import PanesFeature
from tui.features.place import PlaceFeature
from tui.features.report import ReportFeature
from tui.features.search import SearchFeature
from tui.features.startup import ENGINE_DELAY, StartupFeature
from tui.features.themes import ThemesFeature
from tui.features.trail import TrailFeature
from tui.keymap import bindings
from tui.session_worker import SessionWorker
from tui.widgets.document_pane import DocumentPane
from tui.widgets.document_view import DocumentView
from tui.widgets.key_hints import KeyHints
from tui.widgets.links_panel import LinksPanel
from tui.widgets.problems import ProblemsBanner
from tui.widgets.status_line import Part, StatusLine

WIDE = 100
"""Columns from which the panes stand side by side (below: stacked)."""


class ReaderScreen(
    PanesFeature,
    PlaceFeature,
    HistoryFeature,
    LinksFeature,
    TrailFeature,
    SearchFeature,
    ThemesFeature,
    ClipboardFeature,
    CompareFeature,
    NotesFeature,
    ReportFeature,
    StartupFeature,
    Screen[None],
):
    """The main screen: panes, the cross-references / search region, status line, footer.

    `keymap` is the user's remapping (keys.yaml), `problems` go to the warning with the
    corpus's own, and `place` is the remembered entry (tui/state.py) to open at."""

    BINDINGS: ClassVar[list[Binding]] = bindings("reader")
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (WIDE, "-wide")]

    def __init__(
        self,
        corpus: Corpus,
        session: SessionWorker,
        *,
        keymap: dict[str, str] | None = None,
        problems: Iterable[Problem] = (),
        place: dict[str, Any] | None = None,
    ) -> None:
        super().__init__()
        self.corpus = corpus
        self.session = session
        self.keymap = keymap or {}
        """The user's remapped keys (keys.yaml), for the key hints and the palette."""
        self._problems = [*corpus.problems, *problems]
        self._place = place or {}
        self._resumed = False
        # The breakpoint class from the start: no restyle of every widget on the first resize.
        # (No style update now: the screen is styled when it is mounted.)
        with contextlib.suppress(Exception):
            self.add_class("-narrow" if self.app.size.width < WIDE else "-wide", update=False)

    def compose(self) -> ComposeResult:
        yield ProblemsBanner(self._problems, id="problems")
        with Container(id="panes"):
            yield DocumentPane(0, id="pane-0")
            yield DocumentPane(1, id="pane-1")
        with ContentSwitcher(id="side", initial="links"):
            yield LinksPanel(id="links")
            # The search panel is mounted the first time search opens: a faster first frame.
        yield StatusLine(id="status")
        yield KeyHints(self.keymap, id="keys")

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """The first resume does not restyle every widget (Textual's default): they were
        styled when they mounted, a moment before, and restyling them all cost the first
        frame ~7 ms. What changed since is the focus, given to a view after the styles were
        applied: the headers (DocumentPane:focus-within) are restyled. Later resumes (a
        dialog closed) restyle everything as before."""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False
            # Now, before the layout that follows: update_node_styles would wait for idle and
            # lay out and draw the screen once more.
            self.app.stylesheet.update_nodes([pane.header for pane in self.panes])

    def on_mount(self) -> None:
        self.open_place(self._place)
        self.update_links_panel()
        self.update_status()

    def after_first_frame(self, *, build_session: bool = True) -> None:
        """The first frame is on screen: shortly (ENGINE_DELAY) read the notes, and open or
        build the index and links. Not at mount, nor at once: the notes worker's imports
        (tempfile, json) and file read took the interpreter from the first frame and from
        the layout passes that follow it (the first Resize)."""
        self.set_timer(ENGINE_DELAY, self.load_notes)
        if build_session:
            self.prepare_later()

    # -- what every feature shows -------------------------------------------------------------

    def add_problems(self, problems: Sequence[Problem]) -> None:
        """Add problems (aliases, themes, keys) to the dismissible warning."""
        self.query_one(ProblemsBanner).add(problems)

    def refresh_highlights(self) -> None:
        """Draw the shown link's evidence and the trail's spans in both panes."""
        for pane in self.panes:
            view = pane.view
            spans = list(self.link_highlights[pane.index])
            if self.trail is not None and view.document is not None:
                spans.extend(self.trail.highlights(view.document.id))
            view.set_highlights(spans)

    def update_status(self) -> None:
        """The status line: start-up, linked scrolling, the link shown, the trail. Short of
        room, the start-up line once ready gives way first and the trail's count last."""
        parts = [Part(self.session_status, "" if self.ready else "italic", 0 if self.ready else 3)]
        if self.linked:
            parts.append(Part("linked scrolling on", "bold", 2, short="linked"))
        if self.link_source is not None and self.link_source == self.view.passage_id:
            parts.append(Part(self.link_status, "", 1, short=self.link_status.split(" · ")[0]))
        note = self.note_marks.get(self.view.passage_id or "")
        if note is not None:
            changed = note == "changed"
            said = "! passage changed since the note" if changed else "✎ note"
            parts.append(Part(said, "bold" if changed else "", 2, short=said[:9]))
        trail = self.trail_status()
        if trail is not None:
            parts.append(Part(trail, "bold", 4, short=trail.rpartition(": ")[2]))
        self.query_one(StatusLine).show(parts)

    @property
    def status_text(self) -> str:
        return self.query_one(StatusLine).text.plain

    # -- message routing ----------------------------------------------------------------------

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        for pane in self.panes:
            if event.widget is pane.view and self.active != pane.index:
                self.active = pane.index
                self.update_links_panel()

    def on_document_view_cursor_moved(self, message: DocumentView.CursorMoved) -> None:
        if message.view is not self.view:
            return
        self.follow_cursor()
        self.update_status()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.startswith("link-"):
            self.show_link(int(option_id[5:]))
            self.view.focus()
        elif option_id.startswith("hit-"):
            self.jump_trail(int(option_id[4:]), push=True)

    def action_escape(self) -> None:
        """Esc: close the search, else drop the trail, else the link shown, else the warning."""
        problems = self.query_one(ProblemsBanner)
        if self.search_open:
            # Wherever the focus is (the field, the results, a pane after Enter or n).
            self.close_search(return_to_start=True)
        elif self.trail is not None:
            self.clear_trail()
            self.refresh_highlights()
            self.update_status()
        elif any(self.link_highlights):
            self.clear_link()
            self.refresh_highlights()
        elif problems.display:
            problems.display = False
        if not isinstance(self.focused, DocumentView):
            self.view.focus()
