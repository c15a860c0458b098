"""a: a note on the current passage, kept per corpus by the engine's NoteBook.

The notes file lives in the user's data folder (search_index.notes): it is read in a thread
worker once the screen is up and written in one after each edit; the workers only post
messages back. Passages with a note carry a mark in the gutter (✎, or ! when the passage's
text changed since the note was written); a damaged notes file is said once.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from textual import work

from tui.messages import NoteSaved, NotesLoaded


def _reason(error: BaseException) -> str:
    return " ".join(str(error).split())[:200] or type(error).__name__


class NotesFeature:
    """a on the reader screen (mixed into ReaderScreen: uses its corpus and panes)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.notebook: Any = None
        """The engine's NoteBook, once read (None: not yet, or unreadable)."""
        self.note_marks: dict[str, str] = {}
        """Passage id -> 'note' or 'changed', shared with both document views."""
        self.notes_error: str | None = None

    @work(thread=True, group="notes")
    def load_notes(self) -> None:
        """Read the corpus's notes in a thread; only a message leaves it."""
        try:
            from search_index.notes import NoteBook

            notebook = NoteBook.open(self.corpus)
            marks = {
                note.passage_id: "changed" if notebook.changed(note, self.corpus) else "note"
                for note in notebook.notes()
            }
            problems = [str(problem) for problem in notebook.problems]
        except Exception as error:
            self.post_message(NotesLoaded(None, {}, [f"notes cannot be read: {_reason(error)}"]))
            return
        self.post_message(NotesLoaded(notebook, marks, problems))

    def on_notes_loaded(self, message: NotesLoaded) -> None:
        self.notebook = message.notebook
        self.note_marks.clear()
        self.note_marks.update(message.marks)
        if message.notebook is None and message.problems:
            self.notes_error = message.problems[0]
        for pane in self.panes:
            pane.view.set_note_marks(self.note_marks)
        self.update_status()
        for problem in message.problems:  # once: the file is read once per start
            self.notify(problem, title="Notes", severity="warning", timeout=8)

    def action_note(self) -> None:
        passage_id = self.view.passage_id
        if passage_id is None:
            return
        if self.notebook is None:
            self.notify(self.notes_error or "Notes are being read…", timeout=3)
            return
        from tui.screens.note_editor import NoteEditor

        passage = self.corpus.passage(passage_id)
        note = self.notebook.get(passage_id)
        self.app.push_screen(
            NoteEditor(
                self.corpus.citation(passage),
                passage.text,
                note.body if note is not None else "",
                changed=self.note_marks.get(passage_id) == "changed",
            ),
            partial(self._note_written, passage_id),
        )

    def _note_written(self, passage_id: str, body: str | None) -> None:
        if body is None:
            return
        note = self.notebook.get(passage_id)
        if note is not None and note.body == body and self.note_marks.get(passage_id) == "note":
            return  # nothing changed: the file is not written again
        self._save_note(passage_id, body)

    @work(thread=True, group="notes")
    def _save_note(self, passage_id: str, body: str) -> None:
        """Write the note (an empty one deletes it) in a thread; only a message leaves it."""
        try:
            note = self.notebook.put(self.corpus.passage(passage_id), body)
        except Exception as error:
            self.post_message(NoteSaved(passage_id, None, _reason(error)))
            return
        self.post_message(NoteSaved(passage_id, "note" if note is not None and body else None))

    def on_note_saved(self, message: NoteSaved) -> None:
        if message.error is not None:
            self.notify(f"The note was not saved: {message.error}", severity="error", timeout=6)
            return
        passage = self.corpus.passage(message.passage_id)
        if message.mark is None:
            self.note_marks.pop(message.passage_id, None)
            said = f"Note on ¶{passage.number} deleted"
        else:
            self.note_marks[message.passage_id] = message.mark
            said = f"Note on ¶{passage.number} saved in {self.notebook.path}"
        for pane in self.panes:
            pane.view.refresh_note(message.passage_id)
        self.update_status()
        self.notify(said, timeout=3)
