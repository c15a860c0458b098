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
