"""A parsed, expanded query tree ranked with numpy.

Whoosh's matchers walk postings one document at a time in Python, which costs tens of
milliseconds per query at 100,000 passages. Here term postings are read a block at a time
into numpy arrays (vectors.Vector) and combined with set operations; BM25F is computed exactly
as Whoosh does (same idf, same quantised field lengths), so the ranking is Whoosh's. Query
nodes without a vectorised form (phrases, ranges) fall back to Whoosh's own matcher.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from typing import Any

from whoosh import query as wq

from .docfields import DocFields
from .errors import Cancelled, EngineError, describe
from .expander import in_range
from .ranking import K1 as _K1
from .ranking import SCORED_FIELDS as _SCORED_FIELDS
from .ranking import B as _B
from .ranking import Ranked, idf_of
from .schema import DEFAULT_FIELD, DOC_FIELDS, VALUE_FIELDS, passage_ids
from .vectors import Vector, vector_for


class Evaluator:
    """Evaluates a query tree over one searcher's arrays: (sorted docnums, their scores)."""

    def __init__(
        self, vector: Vector, cancel: threading.Event | None, docfields: DocFields | None
    ) -> None:
        self.v = vector
        self.np = vector.np
        self.cancel = cancel
        self.docfields = docfields

    def documents(self, fieldname: str, words: Sequence[str]) -> tuple[Any, Any]:
        """Passages of the documents whose title or issuer has the words (a filter: no score)."""
        if self.docfields is None or not words:
            return self.empty()
        return self.passages_of(self.docfields.matching(fieldname, words))

    def passages_of(self, documents: Iterable[str]) -> tuple[Any, Any]:
        parts = [self.v.postings("doc", d) for d in documents]
        return self.union([(ids, self.np.zeros(len(ids))) for ids, _w in parts])

    def values(self, q: Any) -> tuple[Any, Any]:
        """date: and lang: filters, matched against each document's metadata."""
        docs = self.docfields
        if docs is None:
            return self.empty()
        name = q.fieldname
        if isinstance(q, wq.Term):
            return self.passages_of(docs.matching_value(name, q.text))
        if isinstance(q, wq.NumericRange):
            return self.passages_of(docs.matching_range(name, q))
        if isinstance(q, wq.TermRange):  # lang:[de TO fr]: language tags in that range
            inside = in_range(q)
            values = docs.values.get(name, {})
            return self.passages_of(
                d for d, v in values.items() if isinstance(v, str) and inside(v)
            )
        if isinstance(q, wq.Every):
            return self.passages_of(docs.with_value(name))
        return self.empty()

    def _check(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled

    def empty(self) -> tuple[Any, Any]:
        np = self.np
        return np.zeros(0, dtype=np.int64), np.zeros(0)

    def run(self, q: Any) -> tuple[Any, Any]:
        """Matching docnums (sorted) and their scores for any query node."""
        self._check()
        np = self.np
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return self.empty()
        if getattr(q, "fieldname", None) in VALUE_FIELDS and isinstance(
            q, wq.Term | wq.NumericRange | wq.TermRange | wq.Every
        ):
            return self.values(q)
        if isinstance(q, wq.Term | wq.Phrase) and q.fieldname in DOC_FIELDS:
            return self.documents(q.fieldname, [q.text] if isinstance(q, wq.Term) else q.words)
        if isinstance(q, wq.Term):
            return self.term(q)
        if isinstance(q, wq.Phrase) and q.words:
            return self.phrase(q)
        if isinstance(q, wq.Every):
            return np.arange(self.v.count, dtype=np.int64), np.zeros(self.v.count)
        if isinstance(q, wq.And):
            return self.conjunction(q.children())
        if isinstance(q, wq.Or) and not isinstance(q, wq.DisjunctionMax):
            return self.union([self.run(c) for c in q.children()])
        if isinstance(q, wq.Not):
            ids, _ = self.run(q.query)
            every = np.arange(self.v.count, dtype=np.int64)
            keep = np.setdiff1d(every, ids, assume_unique=True)
            return keep, np.zeros(len(keep))
        if isinstance(q, wq.AndNot):
            ids, scores = self.run(q.a)
            banned, _ = self.run(q.b)
            mask = ~np.isin(ids, banned, assume_unique=True)
            return ids[mask], scores[mask]
        if isinstance(q, wq.Require):
            ids, scores = self.run(q.a)
            needed, _ = self.run(q.b)
            mask = np.isin(ids, needed, assume_unique=True)
            return ids[mask], scores[mask]
        if isinstance(q, wq.AndMaybe):
            ids, scores = self.run(q.a)
            extra_ids, extra_scores = self.run(q.b)
            pos = np.searchsorted(extra_ids, ids)
            pos[pos >= len(extra_ids)] = 0
            hit = (extra_ids[pos] == ids) if len(extra_ids) else np.zeros(len(ids), bool)
            scores = scores + np.where(hit, extra_scores[pos] if len(extra_ids) else 0, 0)
            return ids, scores
        return self.fallback(q)

    def term(self, q: Any) -> tuple[Any, Any]:
        np = self.np
        ids, weights = self.v.postings(q.fieldname, q.text)
        if not len(ids) or q.fieldname not in _SCORED_FIELDS:
            return ids, np.zeros(len(ids))
        n = self.v.count
        idf = idf_of(n, len(ids))
        lengths = self.v.lengths(q.fieldname)[ids]
        avg = self.v.avg_length(q.fieldname)
        scores = idf * (weights * (_K1 + 1)) / (weights + _K1 * ((1 - _B) + _B * lengths / avg))
        return ids, scores * q.boost

    def conjunction(self, children: Iterable[Any]) -> tuple[Any, Any]:
        np = self.np
        positive = []
        negative = []
        for child in children:
            if isinstance(child, wq.Not):
                negative.append(child.query)
            else:
                positive.append(child)
        if not positive:
            return self.run(wq.Not(wq.Or(negative))) if negative else self.empty()
        # Cheap children first; phrases and ranges are evaluated only on the survivors.
        cheap = [c for c in positive if self._vectorised(c)]
        costly = [c for c in positive if not self._vectorised(c)]
        ids = scores = None
        for child in cheap:
            ids, scores = _both(np, ids, scores, *self.run(child))
            if not len(ids):
                return self.empty()
        for child in costly:
            if isinstance(child, wq.Phrase) and child.words:
                cids, cscores = self.phrase(child, within=ids)
            else:
                cids, cscores = self.fallback(child, within=ids)
            ids, scores = _both(np, ids, scores, cids, cscores)
            if not len(ids):
                return self.empty()
        for child in negative:
            banned, _ = self.run(child)
            mask = ~np.isin(ids, banned, assume_unique=True)
            ids, scores = ids[mask], scores[mask]
        return ids, scores

    def phrase(self, q: Any, within: Any = None) -> tuple[Any, Any]:
        """Documents with the words in order, each within `slop` positions of the one before
        (1: consecutive; Whoosh's SpanNear2); scored as the sum of the words' BM25F (Whoosh
        scores the phrase count instead: close, not identical)."""
        np = self.np
        ids, scores = self.conjunction([wq.Term(q.fieldname, w, boost=q.boost) for w in q.words])
        if within is not None and len(ids):
            mask = np.isin(ids, within, assume_unique=True)
            ids, scores = ids[mask], scores[mask]
        if len(q.words) == 1 or not len(ids):
            return ids, scores
        self._check()
        phrases = self.v.phrases
        if q.fieldname != DEFAULT_FIELD:  # the passage schema has no other positions
            raise EngineError(f"no positions for phrases in the field {q.fieldname!r}")
        keep = np.isin(ids, phrases.documents(q.words, q.slop), assume_unique=True)
        return ids[keep], scores[keep]

    def _vectorised(self, q: Any) -> bool:
        if isinstance(q, wq.Term | wq.Every | wq.Not) or q is wq.NullQuery:
            return True
        if isinstance(q, wq.Phrase) and q.fieldname in DOC_FIELDS:
            return True
        if getattr(q, "fieldname", None) in VALUE_FIELDS and isinstance(
            q, wq.NumericRange | wq.TermRange
        ):
            return True  # metadata filters: never Whoosh's matchers (the fields are not indexed)
        if isinstance(q, wq.And | wq.Or | wq.AndNot | wq.Require | wq.AndMaybe):
            return all(self._vectorised(c) for c in q.children())
        return False

    def union(self, parts: list[tuple[Any, Any]]) -> tuple[Any, Any]:
        np = self.np
        parts = [p for p in parts if len(p[0])]
        if not parts:
            return self.empty()
        if len(parts) == 1:
            return parts[0]
        ids = np.concatenate([p[0] for p in parts])
        scores = np.concatenate([p[1] for p in parts])
        unique, inverse = np.unique(ids, return_inverse=True)
        return unique, np.bincount(inverse, weights=scores, minlength=len(unique))

    def fallback(self, q: Any, within: Any = None) -> tuple[Any, Any]:
        """Whoosh's own matcher for nodes without a vectorised form (phrases, ranges)."""
        np = self.np
        if hasattr(q, "_compile_query"):  # ranges compile to terms (dates: numeric tiers)
            ids, scores = self.run(q._compile_query(self.v.reader))
            if within is not None:
                mask = np.isin(ids, within, assume_unique=True)
                ids, scores = ids[mask], scores[mask]
            return ids, np.zeros(len(ids))
        searcher = self.v.searcher
        matcher = q.matcher(searcher, searcher.context())
        if matcher is None:
            return self.empty()
        ids: list[int] = []
        scores: list[float] = []
        wanted = None if within is None else within.tolist()
        k = 0
        steps = 0
        while matcher.is_active():
            steps += 1
            if not steps & 255:
                self._check()
            if wanted is not None:
                if k >= len(wanted):
                    break
                target = wanted[k]
                if matcher.id() < target:
                    matcher.skip_to(target)
                    if not matcher.is_active():
                        break
                docnum = matcher.id()
                while k < len(wanted) and wanted[k] < docnum:
                    k += 1
                if k >= len(wanted) or wanted[k] != docnum:
                    continue
            else:
                docnum = matcher.id()
            ids.append(docnum)
            try:
                scores.append(matcher.score())
            except Exception:
                scores.append(0.0)
            matcher.next()
        return np.asarray(ids, dtype=np.int64), np.asarray(scores, dtype=np.float64)


def run_vectorised(
    searcher: Any,
    q: Any,
    limit: int,
    cancel: threading.Event | None = None,
    docfields: DocFields | None = None,
) -> Ranked:
    """Rank passages for a parsed, expanded query with numpy (BM25F as Whoosh scores it)."""
    vector = vector_for(searcher)
    try:
        ids, scores = Evaluator(vector, cancel, docfields).run(q)
    except Cancelled:
        raise
    except Exception as error:
        raise EngineError(describe(error)) from None
    np = vector.np
    total = len(ids)
    if limit <= 0 or not total:
        return Ranked([], total)
    if total > limit:
        # Every passage tied with the last one kept competes, so ties break by corpus order
        # whatever the limit: argpartition alone kept an arbitrary few of them, and --limit 2
        # was not the start of --limit 3.
        kth = -np.partition(-scores, limit - 1)[limit - 1]
        top = np.flatnonzero(scores >= kth)
    else:
        top = np.arange(total)
    order = top[np.lexsort((ids[top], -scores[top]))][:limit].tolist()
    reader = vector.reader
    try:  # passage ids are read only here: damage there shows up now, as the index's
        pids = passage_ids(reader)
        hits = [(pids[int(ids[i])], float(scores[i])) for i in order]
    except Exception as error:
        raise EngineError(describe(error)) from None
    return Ranked(hits, total)


def _both(np: Any, ids: Any, scores: Any, cids: Any, cscores: Any) -> tuple[Any, Any]:
    """The documents in both sets (ids None: the first set), their scores summed."""
    if ids is None:
        return cids, cscores
    common, left, right = np.intersect1d(ids, cids, assume_unique=True, return_indices=True)
    return common, scores[left] + cscores[right]
