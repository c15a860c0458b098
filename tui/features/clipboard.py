"""c: copy the current passage with its citation.

Textual's App.copy_to_clipboard sends the text to the terminal as an OSC 52 sequence, so the
copy reaches the clipboard of the machine the terminal runs on, over ssh too. The toast shows
the citation as written (XrefApp.notify never reads markup).
"""

from __future__ import annotations


class ClipboardFeature:
    """c on the reader screen (mixed into ReaderScreen: uses its focused pane)."""

    def action_copy(self) -> None:
        passage_id = self.view.passage_id
        if passage_id is None:
            return
        passage = self.corpus.passage(passage_id)
        citation = self.corpus.citation(passage)
        self.app.copy_to_clipboard(f"{passage.text}\n— {citation}")
        self.notify(f"Copied ¶{passage.number} with its citation: {citation}", timeout=3)
