"""Small messages the reader's workers and widgets send to the app."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from tui.backend import SearchOutcome


@dataclass
class EngineProgress(Message):
    """Posted from the build worker: a stage ('index', 'links') and how far it got."""

    stage: str
    done: int
    total: int


@dataclass
class EngineReady(Message):
    """The index and links are open: search and cross-references switch on."""


@dataclass
class EngineFailed(Message):
    """The build failed; the reader keeps working without search and links."""

    reason: str


@dataclass
class SearchDone(Message):
    """Results of the query typed as of `generation` (older generations are dropped)."""

    generation: int
    outcome: SearchOutcome


@dataclass
class OpenDocument(Message):
    """Show a document in a pane (0 = left/top, 1 = right/bottom)."""

    document_id: str
    pane: int
