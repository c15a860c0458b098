"""Opening the search index and links after the first frame, on the reader screen.

Start-up shows the documents at once; the index and link table are opened (or built) in a
thread worker that belongs to the screen and only posts messages to it; search and links
switch on when it is done, and the status line says how far it got meanwhile.
"""

from __future__ import annotations

import time
from typing import Any

from textual import work

from search_index.corpus import Problem
from tui.messages import SearchReady, SessionFailed, SessionProgress, SessionReady
from tui.session_worker import SEARCH_READY

ENGINE_DELAY = 0.15
"""Seconds after the first frame before the index/links worker starts: the first frame and
the keys right after it get the interpreter before the worker's imports (Whoosh, numpy) do."""
PROGRESS_EVERY = 0.1
"""Seconds between progress messages (the first and last of a stage are always sent)."""
STAGES = {
    "analysis": "Reading aliases and themes",
    "index": "Building search index",
    "links": "Finding cross-references",
}


def progress_label(stage: str, done: int, total: int) -> str:
    """'links:evidence', 3, 4 -> 'Finding cross-references (evidence)… 75%'."""
    stage, _, step = stage.partition(":")
    label = STAGES.get(stage, stage)
    if step:
        label += f" ({step})"
    percent = f" {100 * done // total}%" if total else ""
    return f"{label}…{percent}"


class StartupFeature:
    """The index/links worker and its messages (mixed into ReaderScreen: uses its session,
    panes, links panel and status line)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session_status = "Preparing search and links…"
        self.ready = False
        self.search_ready = False
        """Search works (possibly before the links: SearchReady)."""
        self._last_progress = 0.0
        self._last_stage = ""

    def prepare_later(self) -> None:
        """The first frame is on screen: open or build the index and links shortly."""
        self.set_timer(ENGINE_DELAY, self.prepare)

    @work(thread=True, exclusive=True, group="session")
    def prepare(self) -> None:
        """Open or build the index and links in a thread; only messages leave this thread."""

        def progress(stage: str, done: int, total: int) -> None:
            if stage == SEARCH_READY:
                self.post_message(SearchReady())
                return
            now = time.monotonic()
            new_stage = stage != self._last_stage
            if new_stage or now - self._last_progress >= PROGRESS_EVERY or done >= total:
                self._last_progress, self._last_stage = now, stage
                self.post_message(SessionProgress(stage, done, total))

        try:
            self.session.build(progress)
        except Exception as error:
            reason = " ".join(str(error).split())[:200] or type(error).__name__
            self.post_message(SessionFailed(reason))
            return
        if not self.session.stopped:  # quitting: the build was cut short, nothing is ready
            self.post_message(SessionReady())

    def on_session_progress(self, message: SessionProgress) -> None:
        label = progress_label(message.stage, message.done, message.total)
        self.session_status = f"Search ready · {label}" if self.session.can_search else label
        self.update_status()

    def on_search_ready(self, message: SearchReady) -> None:
        """The index is open while the links are still being built: search now."""
        self.search_ready = True
        self.session_status = "Search ready · " + STAGES["links"] + "…"
        self.update_status()
        self.search_when_ready()

    def on_session_ready(self, message: SessionReady) -> None:
        self.ready = True
        features = []
        if self.session.can_search:
            features.append("search")
        if self.session.has_links:
            features.append("links")
        self.session_status = (
            " and ".join(features).capitalize() + " ready" if features else "Search unavailable"
        )
        # Imported here, not at the top: the module (with zipfile) is not needed for the
        # first frame.
        from search_index.links.meaning import MEANING_NOTE

        notices = self.session.notices
        lasting = [n for n in notices if n.startswith(MEANING_NOTE)]  # true for every start
        self.add_problems([*self.session.problems, *(Problem("links", n) for n in lasting)])
        for pane in self.panes:
            self.pane_loaded(pane.index)
        self.update_links_panel()
        self.update_status()
        if self.session.can_search and not self.search_ready:  # (else searched already)
            self.search_ready = True
            self.search_when_ready()
        for notice in notices:
            if notice not in lasting:
                self.notify(notice, timeout=5)

    def on_session_failed(self, message: SessionFailed) -> None:
        self.session_status = f"Search and links unavailable: {message.reason}"
        self.update_status()
