"""c: copy the current passage with its citation; u: copy its citation with the source URL.

Textual's App.copy_to_clipboard sends the text to the terminal as an OSC 52 sequence, so the
copy reaches the clipboard of the machine the terminal runs on, over ssh too. The citation
includes the document's source URL where it has one (Document.full_citation). The toast shows
the citation as written (XrefApp.notify never reads markup).
"""

from __future__ import annotations

from tui.features.compare import full_citation, source_url


class ClipboardFeature:
    """c and u on the reader screen (mixed into ReaderScreen: uses its focused pane)."""

    def action_copy(self) -> None:
        passage_id = self.view.passage_id
        if passage_id is None:
            return
        passage = self.corpus.passage(passage_id)
        citation = full_citation(self.corpus, passage)
        self.app.copy_to_clipboard(f"{passage.text}\n— {citation}")
        self.notify(f"Copied ¶{passage.number} with its citation: {citation}", timeout=3)

    def action_copy_source(self) -> None:
        """The citation with the source URL, copied, and the URL shown."""
        passage_id = self.view.passage_id
        if passage_id is None:
            return
        passage = self.corpus.passage(passage_id)
        citation = full_citation(self.corpus, passage)
        self.app.copy_to_clipboard(citation)
        url = source_url(self.corpus, passage)
        if url is None:
            self.notify(
                f"This document has no source URL (add 'source:' to its front matter). "
                f"Copied the citation: {citation}",
                timeout=5,
            )
        else:
            self.notify(f"Source: {url}\nCopied the citation: {citation}", timeout=8)
