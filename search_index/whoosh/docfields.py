"""Document fields (title, issuer, date, language): matched against the documents, not
indexed again for every passage."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from whoosh.util.times import datetime_to_long

from ..analysis import Analyzer
from .schema import DOC_FIELDS, record_words
from .surface_words import SurfaceWords, surface_pairs

Documents = Sequence[tuple[str, str, str | None]]
Values = Mapping[str, Mapping[str, Any]]


class DocFields:
    """Title and issuer of each document, analysed on first use, for title: and issuer:.

    `documents` and `values` may be given as functions that make them, called on first use:
    most searches name no document field, and a one-off search at 4,000 documents spent
    15 ms making them."""

    def __init__(
        self,
        analyzer: Analyzer,
        documents: Documents | Callable[[], Documents],
        values: Values | Callable[[], Values] | None = None,
    ):
        self.analyzer = analyzer
        self._documents = documents
        self._values = values or {}
        self._tokens: dict[str, list[tuple[str, list[Any]]]] | None = None
        self._lock = threading.Lock()
        self._surface: dict[str, SurfaceWords] = {}

    @property
    def documents(self) -> Documents:
        """(id, title, issuer) of each document."""
        if callable(self._documents):
            self._documents = self._documents()
        return self._documents

    @property
    def values(self) -> Values:
        """'date' and 'lang' of each document id (date as a datetime, lang lowercase)."""
        if callable(self._values):
            self._values = self._values()
        return self._values

    def matching_value(self, fieldname: str, value: Any) -> list[str]:
        """Documents whose date equals a date, or whose language is the one named."""
        found = self.values.get(fieldname, {})
        if fieldname == "date":
            target = datetime_to_long(value) if isinstance(value, dt.datetime) else None
            return [d for d, v in found.items() if v is not None and datetime_to_long(v) == target]
        wanted = str(value).casefold()
        return [d for d, v in found.items() if v is not None and str(v).casefold() == wanted]

    def matching_range(self, fieldname: str, q: Any) -> list[str]:
        """Documents whose date lies in a range query's bounds (microseconds, as Whoosh's)."""
        out = []
        for doc_id, value in self.values.get(fieldname, {}).items():
            if value is None or not isinstance(value, dt.datetime):
                continue
            number = datetime_to_long(value)
            if q.start is not None and (number < q.start or (q.startexcl and number == q.start)):
                continue
            if q.end is not None and (number > q.end or (q.endexcl and number == q.end)):
                continue
            out.append(doc_id)
        return out

    def with_value(self, fieldname: str) -> list[str]:
        return [d for d, v in self.values.get(fieldname, {}).items() if v is not None]

    def _analysed(self) -> dict[str, list[tuple[str, list[Any]]]]:
        with self._lock:
            if self._tokens is None:
                tokens: dict[str, list[tuple[str, list[Any]]]] = {n: [] for n in DOC_FIELDS}
                for doc_id, title, issuer in self.documents:
                    for name, value in (("title", title), ("issuer", issuer)):
                        if value:
                            tokens[name].append((doc_id, self.analyzer.tokens(value, "index")))
                self._tokens = tokens
            return self._tokens

    def vocabulary(self, fieldname: str) -> dict[str, int]:
        """Term -> number of documents, for prefix expansion in a document field."""
        counts: dict[str, int] = {}
        if fieldname == "lang":
            for value in self.values.get("lang", {}).values():
                counts[str(value)] = counts.get(str(value), 0) + 1
            return counts
        for _doc, tokens in self._analysed().get(fieldname, ()):
            for term in {t.term for t in tokens}:
                counts[term] = counts.get(term, 0) + 1
        return counts

    def surface_words(self, fieldname: str) -> SurfaceWords:
        """The field's words as written, most frequent term first, for patterns."""
        with self._lock:
            found = self._surface.get(fieldname)
        if found is None:
            pairs: set[tuple[str, str]] = set()
            for _doc, title, issuer in self.documents:
                value = title if fieldname == "title" else issuer
                if value:
                    record_words(pairs, value, self.analyzer.tokens(value, "index"))
            counts = self.vocabulary(fieldname)
            lines = sorted((-counts.get(t, 0), w, t) for w, t in surface_pairs(pairs))
            found = SurfaceWords((w, t) for _c, w, t in lines if not t.startswith("§"))
            with self._lock:
                self._surface[fieldname] = found
        return found

    def matching(self, fieldname: str, words: Sequence[str]) -> list[str]:
        """Documents whose field has the word, or the words at consecutive positions."""
        out = []
        for doc_id, tokens in self._analysed().get(fieldname, ()):
            by_pos: dict[int, set[str]] = {}
            for token in tokens:
                by_pos.setdefault(token.pos, set()).add(token.term)
            for pos, terms in by_pos.items():
                if words[0] in terms and all(
                    w in by_pos.get(pos + i, ()) for i, w in enumerate(words[1:], 1)
                ):
                    out.append(doc_id)
                    break
        return out
