"""What a report holds: the passages of a theme (or the ones named) grouped by document in
date order, each with its full citation, the wording it shares with the other documents, its
word diff against the previous document, and the analyst's note.

Which passages are diffed: each document's first passage in the report against the previous
document's first passage (for a theme that is its drift, see compare.drift); other paragraphs
of one document are different paragraphs, and diffing them says nothing.

Shared wording: the runs of terms a passage shares with the passages of the other documents
(as links show it): runs of two or more terms, and aliases alone; single common words would
mark half the text.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..compare.drift import Opened, date_key
from ..compare.word_diff import WordDiff, diff_passages
from ..corpus import Document, Passage
from ..notes import Note, NoteBook

if TYPE_CHECKING:
    from ..analysis import Analyzer, Token

Span = tuple[int, int]
MAX_SHARED_CHARS = 100_000
"""Characters of a passage searched for shared wording (as the links' evidence is): the rest
of a one-paragraph 10 MB file is left plain."""


@dataclass(frozen=True, slots=True)
class ReportPassage:
    """One passage in a report."""

    passage: Passage
    citation: str
    shared: tuple[tuple[int, int], ...]
    """Character spans of the wording shared with other documents, ascending, not overlapping."""
    diff: WordDiff | None
    """Against the previous document's first passage (None if none, or not its first)."""
    note: Note | None = None
    note_changed: bool = False
    """The passage's text changed since the note was written."""
    compared_with: Passage | None = None
    """The passage `diff` is against (its text places deletions after their punctuation)."""


@dataclass(frozen=True, slots=True)
class ReportDocument:
    """A document's passages in a report."""

    document: Document
    date_note: str | None
    passages: tuple[ReportPassage, ...]


@dataclass(frozen=True, slots=True)
class Report:
    """A comparison ready for a memo: see the module docstring."""

    title: str
    description: str
    documents: tuple[ReportDocument, ...]
    theme_id: str | None = None
    generated: str = field(default_factory=lambda: dt.date.today().isoformat())

    def passages(self) -> list[ReportPassage]:
        return [p for d in self.documents for p in d.passages]

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "description": self.description,
            "theme": self.theme_id,
            "generated": self.generated,
            "documents": [
                {
                    "document": d.document.id,
                    "title": d.document.title,
                    "date": d.document.date,
                    "date_note": d.date_note,
                    "source": d.document.source,
                    "passages": [
                        {
                            "passage": p.passage.id,
                            "citation": p.citation,
                            "text": p.passage.text,
                            "shared": [list(s) for s in p.shared],
                            "diff": p.diff.to_json() if p.diff else None,
                            "note": p.note.to_json() if p.note else None,
                            "note_changed": p.note_changed,
                        }
                        for p in d.passages
                    ],
                }
                for d in self.documents
            ],
        }


def _merge(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def _shared_spans(passages: Sequence[Passage], analyzer: Analyzer) -> dict[str, list[Span]]:
    """Each passage's wording shared with a passage of another document: what the links'
    evidence (links.evidence.shared_wording) marks (runs of two or more terms, aliases
    alone), found in one pass over the passages, not by comparing them two by two.

    A run of two or more terms two passages share is a chain of term pairs both use, so a
    pair of neighbouring terms is marked where another document uses it too. Comparing the
    passages two by two took 52 s for a theme of 300 passages; this takes well under one."""
    tokens = {p.id: analyzer.tokens(p.text[:MAX_SHARED_CHARS], mode="query") for p in passages}
    users: dict[tuple[str, ...], set[str]] = {}
    for passage in passages:
        for key, _, _ in _keys(tokens[passage.id]):
            users.setdefault(key, set()).add(passage.document_id)
    shared: dict[str, list[Span]] = {}
    for passage in passages:
        shared[passage.id] = [
            (start, end)
            for key, start, end in _keys(tokens[passage.id])
            if len(users[key]) > 1 or passage.document_id not in users[key]
        ]
    return shared


def _keys(tokens: Sequence[Token]) -> list[tuple[tuple[str, ...], int, int]]:
    """The pairs of neighbouring terms, and the alias terms alone, with their spans."""
    out = [((a.term, b.term), a.start, b.end) for a, b in itertools.pairwise(tokens)]
    out += [((t.term,), t.start, t.end) for t in tokens if t.term.startswith("§")]
    return out


def build_report(
    session: Opened,
    *,
    theme_id: str | None = None,
    passage_ids: Sequence[str] = (),
    notes: NoteBook | None = None,
) -> Report:
    """The report of a theme (all the passages it tags) or of the passages named; KeyError
    naming an unknown theme or passage id; ValueError if neither is given."""
    corpus = session.corpus
    if theme_id is not None:
        theme = session.themes.theme(theme_id)
        ids = session.themes.passages_of(theme_id)
        title, description = theme.label, theme.description
    elif passage_ids:
        ids = list(dict.fromkeys(passage_ids))
        title, description = "Comparison of passages", ", ".join(ids)
    else:
        raise ValueError("a report needs a theme or passages")
    passages = [corpus.passage(pid) for pid in ids]
    by_document: dict[str, list[Passage]] = {}
    for passage in passages:
        by_document.setdefault(passage.document_id, []).append(passage)
    order = {d.id: k for k, d in enumerate(corpus.documents)}
    documents = sorted(
        (corpus.document(doc_id) for doc_id in by_document),
        key=lambda d: (not date_key(d.date)[0], date_key(d.date)[0], order[d.id]),
    )
    analyzer = session.analyzer
    shared = _shared_spans(passages, analyzer)
    out: list[ReportDocument] = []
    previous: Passage | None = None
    for document in documents:
        items = sorted(by_document[document.id], key=lambda p: p.number)
        rows = []
        for k, passage in enumerate(items):
            diff = None
            against = previous if k == 0 else None
            if against is not None:
                diff = diff_passages(against, passage, analyzer)
            note = notes.get(passage.id) if notes is not None else None
            changed = notes.changed(note, corpus) if notes is not None and note else False
            rows.append(
                ReportPassage(
                    passage,
                    corpus.full_citation(passage),
                    _merge(shared[passage.id]),
                    diff,
                    note,
                    changed,
                    against,
                )
            )
        previous = items[0]
        out.append(ReportDocument(document, date_key(document.date)[1], tuple(rows)))
    return Report(title, description, tuple(out), theme_id)
