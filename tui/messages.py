"""The messages the reader screen's workers post to it (from their threads).

Plain classes, not dataclasses: defining these eight as dataclasses (generated __init__,
__repr__ and __eq__, compiled at import) cost every start ~2 ms, and nothing compares or
prints them. Message.__init__ gives each its sender and time, as a dataclass's did.
"""

from __future__ import annotations

from textual.message import Message

from tui.session_worker import SearchOutcome


class SessionProgress(Message):
    """Posted from the build worker: a stage ('index', 'links') and how far it got."""

    def __init__(self, stage: str, done: int, total: int) -> None:
        super().__init__()
        self.stage = stage
        self.done = done
        self.total = total


class SearchReady(Message):
    """Posted from the build worker: the index is open, the links are still being built."""


class SessionReady(Message):
    """The index and links are open: search and cross-references switch on."""


class SessionFailed(Message):
    """The build failed; the reader keeps working without search and links."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class SearchDone(Message):
    """Results of the query typed as of `generation` (older generations are dropped)."""

    def __init__(self, generation: int, outcome: SearchOutcome) -> None:
        super().__init__()
        self.generation = generation
        self.outcome = outcome


class NotesLoaded(Message):
    """The corpus's notes were read: `marks` is passage id -> 'note' or 'changed' (its text
    changed since the note); `problems` are said once; `notebook` is None if unreadable."""

    def __init__(self, notebook: object, marks: dict[str, str], problems: list[str]) -> None:
        super().__init__()
        self.notebook = notebook
        self.marks = marks
        self.problems = problems


class NoteSaved(Message):
    """A note was written (mark 'note'), deleted (mark None), or not (`error` says why)."""

    def __init__(self, passage_id: str, mark: str | None, error: str | None = None) -> None:
        super().__init__()
        self.passage_id = passage_id
        self.mark = mark
        self.error = error


class CompareReady(Message):
    """A word diff (search_index.compare) of two passages, or a drift of a theme, is worked
    out (`result`), or `error` says why not; `what` is 'compare' or 'drift'."""

    def __init__(self, what: str, result: object, error: str | None = None) -> None:
        super().__init__()
        self.what = what
        self.result = result
        self.error = error


class ReportDone(Message):
    """A report was written to `path`, or the file exists (`exists`: ask before writing
    `text` over it), or `error` says why not."""

    def __init__(
        self, path: str, text: str, exists: bool = False, error: str | None = None
    ) -> None:
        super().__init__()
        self.path = path
        self.text = text
        self.exists = exists
        self.error = error
