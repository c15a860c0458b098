"""The messages the reader screen's workers post to it (from their threads)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from tui.session_worker import SearchOutcome


@dataclass
class SessionProgress(Message):
    """Posted from the build worker: a stage ('index', 'links') and how far it got."""

    stage: str
    done: int
    total: int


@dataclass
class SessionReady(Message):
    """The index and links are open: search and cross-references switch on."""


@dataclass
class SessionFailed(Message):
    """The build failed; the reader keeps working without search and links."""

    reason: str


@dataclass
class SearchDone(Message):
    """Results of the query typed as of `generation` (older generations are dropped)."""

    generation: int
    outcome: SearchOutcome


@dataclass
class NotesLoaded(Message):
    """The corpus's notes were read: `marks` is passage id -> 'note' or 'changed' (its text
    changed since the note); `problems` are said once; `notebook` is None if unreadable."""

    notebook: object
    marks: dict[str, str]
    problems: list[str]


@dataclass
class NoteSaved(Message):
    """A note was written (mark 'note'), deleted (mark None), or not (`error` says why)."""

    passage_id: str
    mark: str | None
    error: str | None = None


@dataclass
class CompareReady(Message):
    """A word diff (search_index.compare) of two passages, or a drift of a theme, is worked
    out (`result`), or `error` says why not; `what` is 'compare' or 'drift'."""

    what: str
    result: object
    error: str | None = None


@dataclass
class ReportDone(Message):
    """A report was written to `path`, or the file exists (`exists`: ask before writing
    `text` over it), or `error` says why not."""

    path: str
    text: str
    exists: bool = False
    error: str | None = None
