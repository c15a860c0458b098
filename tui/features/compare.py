"""d: the compare view of a followed link; the theme browser's d: a theme's wording over time.

The link compared is the one shown (x, ] / [): the current passage and its target in the
other pane. With no link shown, d compares the passages under the two panes' cursors, so any
two paragraphs can be set side by side. The diff and the drift are worked out in a thread
worker (a huge paragraph takes a while) that only posts a message back.
"""

from __future__ import annotations

from typing import Any

from textual import work

from search_index import Corpus, Passage
from tui.messages import CompareReady


def source_url(corpus: Corpus, passage: Passage) -> str | None:
    """The source URL of the passage's document, if it has one."""
    return corpus.document_of(passage).source or None


def full_citation(corpus: Corpus, passage: Passage) -> str:
    """The citation with the source URL where known (Document.full_citation)."""
    return corpus.full_citation(passage)


class CompareFeature:
    """d on the reader screen and in the theme browser (mixed into ReaderScreen: uses its
    panes, links and session)."""

    def compare_pair(self) -> tuple[str, str] | None:
        """(current passage, the shown link's target), else the other pane's passage."""
        source = self.view.passage_id
        if source is None:
            return None
        if self.link_source == source and self.link_rank >= 0 and self.session.has_links:
            links = self.session.links_of(source)
            if 0 <= self.link_rank < len(links):
                return source, links[self.link_rank].target
        other = self.other.passage_id
        if other is None or other == source:
            return None
        return source, other

    def _engine(self, what: str) -> Any:
        """The engine session, or None (and a notice) while it is being prepared."""
        session = self.session.engine_session
        if session is None:
            self.notify(f"{what} is being prepared: {self.session_status}", timeout=3)
        return session

    def action_compare(self) -> None:
        pair = self.compare_pair()
        if pair is None:
            self.notify(
                "Nothing to compare: follow a link (x) or open another document (o).", timeout=3
            )
            return
        if self._engine("Comparing") is not None and not self._busy():
            self._work_out("compare", pair)
            # Said only when it is slow (a huge paragraph): over a quick diff the toast would
            # stand on the compare view it already opened.
            self.set_timer(0.5, self._still_working)

    def _still_working(self) -> None:
        if any(w.group == "compare" and not w.is_finished for w in self.app.workers):
            self.notify("Comparing… (a long paragraph takes a few seconds)", timeout=4)

    def open_drift(self, theme_id: str) -> None:
        """The theme browser's d: the theme's wording over time, over the browser."""
        if self._engine("The wording over time") is not None and not self._busy():
            self._work_out("drift", theme_id)

    def _busy(self) -> bool:
        """True (and said) while a diff or drift is being worked out: a diff of a huge
        paragraph takes seconds, and each d pressed meanwhile started one more thread."""
        if any(w.group == "compare" and not w.is_finished for w in self.app.workers):
            self.notify("Still comparing: the view opens when it is done.", timeout=3)
            return True
        return False

    @work(thread=True, group="compare")
    def _work_out(self, what: str, subject: Any) -> None:
        """The diff of two passages or a theme's drift; only a message leaves this thread."""
        session = self.session.engine_session
        try:
            if what == "compare":
                result: Any = session.diff(*subject)
            else:
                result = session.drift(subject)
        except Exception as error:
            reason = " ".join(str(error).split())[:200] or type(error).__name__
            self.post_message(CompareReady(what, subject, reason))
            return
        self.post_message(CompareReady(what, (subject, result)))

    def on_compare_ready(self, message: CompareReady) -> None:
        if message.error is not None:
            doing = "compare" if message.what == "compare" else "show the wording over time"
            self.notify(f"Could not {doing}: {message.error}", severity="error", timeout=5)
            return
        subject, result = message.result
        if message.what == "drift":
            from tui.screens.drift import DriftScreen

            if not isinstance(self.app.screen, DriftScreen):  # d pressed twice: one view
                self.app.push_screen(DriftScreen(result))
            return
        if self.app.screen is not self:  # something else was opened meanwhile
            return
        from tui.screens.compare import CompareScreen

        passages = [self.corpus.passage(passage_id) for passage_id in subject]
        self.app.push_screen(
            CompareScreen(
                result,
                (passages[0].text, passages[1].text),
                tuple(self.corpus.citation(p) for p in passages),
                tuple(source_url(self.corpus, p) for p in passages),
            )
        )
