"""What a search returns: ranked hits whose snippets are worked out when first read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from ..corpus import Corpus
from .snippets import make_snippet


class SpanSource(Protocol):
    """What a Hit asks of the index that found it (a SearchIndex)."""

    corpus: Corpus

    def passage_spans(
        self, pid: str, text: str, terms: frozenset[str], phrases: list[list[str]]
    ) -> list[tuple[int, int]]: ...


class Hit:
    """One matching passage; `matches` are (start, end) offsets into the passage's text.

    The snippet and match spans are worked out on first access, so a caller that shows only
    the first screen of hits pays only for those."""

    __slots__ = (
        "_details",
        "_owner",
        "_phrases",
        "_terms",
        "document",
        "passage",
        "score",
        "title",
    )

    def __init__(
        self,
        passage: str,
        document: str,
        title: str,
        score: float,
        owner: SpanSource,
        terms: frozenset[str],
        phrases: list[list[str]],
    ) -> None:
        self.passage = passage
        self.document = document
        self.title = title
        self.score = score
        self._owner = owner
        self._terms = terms
        self._phrases = phrases
        self._details: tuple[list[tuple[int, int]], str, int] | None = None

    def _work_out(self) -> tuple[list[tuple[int, int]], str, int]:
        if self._details is None:
            text = self._owner.corpus.passage(self.passage).text
            spans = self._owner.passage_spans(self.passage, text, self._terms, self._phrases)
            snippet, offset = make_snippet(text, spans)
            self._details = (spans, snippet, offset)
        return self._details

    @property
    def matches(self) -> list[tuple[int, int]]:
        return self._work_out()[0]

    @property
    def snippet(self) -> str:
        return self._work_out()[1]

    @property
    def snippet_start(self) -> int:
        """Offset of the snippet in the passage text (a leading '…' is not counted)."""
        return self._work_out()[2]

    def __repr__(self) -> str:
        return f"Hit({self.passage!r}, score={self.score:.3f})"

    def to_json(self) -> dict[str, Any]:
        return {
            "passage": self.passage,
            "document": self.document,
            "title": self.title,
            "score": round(self.score, 4),
            "snippet": self.snippet,
            "matches": [[s, e] for s, e in self.matches],
        }


@dataclass(slots=True)
class SearchResult:
    """The ranked hits of one query, with what the query matched (for highlighting)."""

    query: str
    hits: list[Hit]
    total: int
    took_ms: float
    truncated: bool = False
    """A prefix, wildcard or fuzzy word had more completions than were searched."""
    terms: frozenset[str] = frozenset()
    phrases: list[list[str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "took_ms": round(self.took_ms, 2),
            "total": self.total,
            "truncated": self.truncated,
            "hits": [hit.to_json() for hit in self.hits],
        }
