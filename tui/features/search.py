"""Search on the reader screen: search as you type, Enter jumps to a hit, Esc returns.

The query runs in a thread worker that belongs to the screen; its answer comes back to the
screen as a SearchDone message, tagged with the generation of the query it answers, so a late
answer to an older query is dropped. Typing is debounced; Enter before the debounce fires
searches at once so it can jump.
"""

from __future__ import annotations

import threading
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import work
from textual.widgets import ContentSwitcher

from tui.features.history import Snapshot
from tui.features.trail import Trail
from tui.messages import SearchDone
from tui.session_worker import SearchOutcome

if TYPE_CHECKING:
    from textual.timer import Timer
    from textual.widgets import Input

    from tui.widgets.search_panel import SearchPanel

SEARCH_DELAY = 0.12
"""Seconds after the last key before the query runs."""


def search_label(query: str) -> str:
    """The trail's label for a query: its first 30 characters in quotes."""
    return f"“{query[:30]}”"


class SearchFeature:
    """/, the search panel and its worker (mixed into ReaderScreen: uses its panes, session,
    trail and history)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.search_start: Snapshot | None = None
        """The snapshot to return to when Esc closes the search."""
        self._search_generation = 0
        self._search_timer: Timer | None = None
        self._search_cancel = threading.Event()

    @property
    def search_panel(self) -> SearchPanel:
        return self.query_one("#search")  # type: ignore[return-value]

    @property
    def search_mounted(self) -> bool:
        """The search panel is mounted the first time search opens: a faster first frame."""
        return bool(self.query("#search"))

    @property
    def search_open(self) -> bool:
        return self.query_one(ContentSwitcher).current == "search"

    async def action_search(self) -> None:
        switcher = self.query_one(ContentSwitcher)
        if not self.search_mounted:
            from tui.widgets.search_panel import SearchPanel

            await switcher.mount(SearchPanel(id="search"))
        if not self.search_open:
            self.search_start = self.snapshot()
            switcher.current = "search"
            self.sync_side()
        panel = self.search_panel
        if not self.session.can_search:
            panel.set_status(
                "Search is not ready: " + self.session_status
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

    def _is_search_field(self, field: Input) -> bool:
        return self.search_mounted and field is self.search_panel.input

    def on_input_changed(self, event: Input.Changed) -> None:
        if not self._is_search_field(event.input):
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
            self.refresh_highlights()
            self.update_status()
            return
        if not self.session.can_search:
            return
        self.run_search(query, generation, self._search_cancel)

    def search_when_ready(self) -> None:
        """The query typed while the index was still being built, searched now it is ready
        (it was answered "not ready" and would otherwise wait for another key)."""
        if not self.search_mounted:
            return
        if self.search_panel.input.value.strip():
            if self._search_timer is not None:  # typed just now: searched here, not twice
                self._search_timer.stop()
            self._search_generation += 1
            self._start_search(self.search_panel.input.value, self._search_generation)
        else:  # the panel said "not ready"
            self.search_panel.set_status("Type to search.")

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str, generation: int, cancel: threading.Event) -> None:
        """Search in a thread; only the SearchDone message leaves it."""
        outcome = self.session.search(query, cancel=cancel)
        if not cancel.is_set():
            self.post_message(SearchDone(generation, outcome))

    def on_search_done(self, message: SearchDone) -> None:
        self.search_done(message.generation, message.outcome)

    def search_done(self, generation: int, outcome: SearchOutcome) -> None:
        """Show the results of the query of `generation` (if it is still the latest one)."""
        if generation != self._search_generation:
            return
        panel = self.search_panel
        if outcome.error:
            # The old results are gone with the query: no trail, no highlights, no "i of N".
            panel.show_hits([], self.corpus, 0, False)
            panel.set_status(outcome.error, error=True)
            self.clear_trail()
            self.refresh_highlights()
            self.update_status()
            return
        panel.show_hits(outcome.hits, self.corpus, outcome.total, outcome.truncated)
        self.trail = Trail(
            "search", search_label(outcome.query), [(h.passage, h.matches) for h in outcome.hits]
        )
        self.refresh_highlights()
        self.update_status()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not self._is_search_field(event.input):
            return
        if self._search_timer is not None and self._search_generation:
            # Enter before the debounce fired: search now, synchronously, so Enter jumps.
            self._search_timer.stop()
            query = event.value
            if (
                query.strip()
                and self.session.can_search
                and (
                    self.trail is None
                    or self.trail.kind != "search"
                    or self.trail.label != search_label(query)
                )
            ):
                self.search_done(self._search_generation, self.session.search(query))
        results = self.search_panel.results
        if self.trail is None or not self.trail.items:
            return
        index = results.highlighted if results.highlighted is not None else 0
        self.jump_trail(index, push=True)

    def close_search(self, *, return_to_start: bool) -> None:
        """Close the search region; with `return_to_start`, go back to where it opened."""
        self._search_cancel.set()
        self.query_one(ContentSwitcher).current = "links"
        self.sync_side()
        self.clear_trail()
        start = self.search_start
        if return_to_start and start is not None:
            here = self.snapshot()
            if (here.documents, here.passages) != (start.documents, start.passages):
                # Returning is a jump too: b goes back to the last hit visited.
                self.push_history()
            self.restore(start)
        self.search_start = None
        self.refresh_highlights()
        self.view.focus()
        self.update_links_panel()
        self.update_status()
