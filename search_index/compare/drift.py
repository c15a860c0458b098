"""A theme's wording over time: one passage per document, in date order, each diffed
against the one before, so "closely intertwined" -> "more closely intertwined than ever"
reads at a glance.

Which passage of a document: the first passage the theme tags, in reading order. A theme's
rules are a topic, not a ranking, and the first mention is the one an analyst would cite;
the document's other tagged passages are listed (`DriftStep.others`) so none is hidden.

Dates: a document's date may be a year or a month only (2024, 2024-07). It sorts by what is
known, before the documents with full dates in that year or month, and says so (`date_note`);
documents without a date come last, in corpus order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from ..corpus import Corpus, Passage
from .word_diff import WordDiff, diff_passages

if TYPE_CHECKING:
    from ..analysis import Analyzer
    from ..themes import ThemeSet


class Opened(Protocol):
    """What comparing needs of a Session (search_index.session sits above this layer)."""

    corpus: Corpus
    analyzer: Analyzer
    themes: ThemeSet


_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True, slots=True)
class DriftStep:
    """One document's passage on the theme, with its diff against the previous step."""

    passage: Passage
    citation: str
    """The full citation (with the source URL when the document has one)."""
    date: str | None
    date_note: str | None
    """'date known to the year only', 'date known to the month only', 'no date' or None."""
    diff: WordDiff | None
    """Against the previous step; None for the first."""
    others: tuple[str, ...] = ()
    """The document's other passages the theme tags (not diffed)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "passage": self.passage.id,
            "document": self.passage.document_id,
            "citation": self.citation,
            "date": self.date,
            "date_note": self.date_note,
            "text": self.passage.text,
            "others": list(self.others),
            "diff": self.diff.to_json() if self.diff is not None else None,
        }


@dataclass(frozen=True, slots=True)
class Drift:
    """A theme's passages in date order (see the module docstring for which ones)."""

    theme_id: str
    label: str
    steps: tuple[DriftStep, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "theme": self.theme_id,
            "label": self.label,
            "steps": [step.to_json() for step in self.steps],
        }


def date_key(date: str | None) -> tuple[tuple[int, ...], str | None]:
    """(the known parts of a date as numbers, why it is partial): what a document sorts by.
    A year alone sorts before the full dates in it, a tuple being less than its extensions."""
    if not date:
        return (), "no date"
    match = _DATE.match(date.strip())
    if match is None:
        return (), f"date {date!r} not understood"
    parts = tuple(int(p) for p in match.groups() if p is not None)
    note = {1: "date known to the year only", 2: "date known to the month only"}.get(len(parts))
    return parts, note


def theme_drift(session: Opened, theme_id: str) -> Drift:
    """The drift of one theme; KeyError(theme_id) if the corpus has no such theme."""
    theme = session.themes.theme(theme_id)
    corpus = session.corpus
    by_document: dict[str, list[Passage]] = {}
    for passage_id in session.themes.passages_of(theme_id):
        passage = corpus.passage(passage_id)
        by_document.setdefault(passage.document_id, []).append(passage)
    documents = [corpus.document(doc_id) for doc_id in by_document]
    order = {d.id: k for k, d in enumerate(corpus.documents)}

    def sort_key(document: Any) -> tuple[bool, tuple[int, ...], int]:
        parts, _ = date_key(document.date)
        return (not parts, parts, order[document.id])

    steps: list[DriftStep] = []
    previous: Passage | None = None
    for document in sorted(documents, key=sort_key):
        first, *rest = sorted(by_document[document.id], key=lambda p: p.number)
        diff = diff_passages(previous, first, session.analyzer) if previous else None
        steps.append(
            DriftStep(
                first,
                corpus.full_citation(first),
                document.date,
                date_key(document.date)[1],
                diff,
                tuple(p.id for p in rest),
            )
        )
        previous = first
    return Drift(theme.id, theme.label, tuple(steps))
