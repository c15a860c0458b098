"""The vectorised evaluation (evaluation.py) done with Python lists, for a process that
searches once: importing NumPy cost more than a whole `xref search` should (60 ms against
grep's 40 ms over the same folder), and one query's postings are few enough for a loop.

Every step mirrors evaluation.Evaluator operation for operation, in the same order of
floating-point operations (BM25F's expression as written there, sums in the order NumPy's
bincount adds), so the scores are the same numbers, not close ones. Phrases and nodes that
fall back to Whoosh's matchers are not done here: `run_plain` returns None for them and
the caller ranks with NumPy.
"""

from __future__ import annotations

import heapq
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
from .ranking import Ranked, idf_of, lengths_column, posting_blocks
from .schema import DOC_FIELDS, VALUE_FIELDS, passage_ids
from .storage import leaf_readers

Scored = tuple[list[int], list[float]]
"""Sorted docnums and their scores, as evaluation's pairs of arrays."""


class Unsupported(Exception):
    """A node only the NumPy evaluation (or Whoosh's matchers) handles."""


class Postings:
    """A searcher's postings and field lengths as lists, read a block at a time."""

    def __init__(self, searcher: Any) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.leaves = leaf_readers(self.reader)
        self.count = self.reader.doc_count_all()
        self._lengths: dict[str, list[float]] = {}

    def postings(self, fieldname: str, text: str) -> Scored:
        ids: list[int] = []
        weights: list[float] = []
        for offset, block, block_weights in posting_blocks(self.leaves, fieldname, text):
            ids.extend(map(offset.__add__, block) if offset else block)
            weights.extend(map(float, block_weights))
        return ids, weights

    def lengths(self, fieldname: str) -> Any:
        """Every passage's length of a field, quantised as Whoosh stores it (Vector.lengths),
        as something indexed by global docnum: the stored bytes themselves where every
        segment has them, looked up in `table` only for the postings scored (making 100,000
        floats cost more than the rest of a search)."""
        found = self._lengths.get(fieldname)
        if found is None:
            parts: list[bytes] = []
            for leaf, _offset in self.leaves:
                n = leaf.doc_count_all()
                try:
                    column = leaf._perdoc._cached_reader(f"_{fieldname}_len", lengths_column())
                    data = column._dbfile.get(column._basepos, column._count) if column else None
                except Exception:
                    data = None
                if data is None:
                    break
                parts.append(bytes(data[:n]).ljust(n, b"\x00"))  # byte 0 is length 0
            else:
                found = _Quantised(b"".join(parts))
            if found is None:  # a segment without the column: Whoosh's own lengths
                found = [
                    float(leaf.doc_field_length(i, fieldname))
                    for leaf, _offset in self.leaves
                    for i in range(leaf.doc_count_all())
                ]
            self._lengths[fieldname] = found
        return found

    def avg_length(self, fieldname: str) -> float:
        return self.searcher.avg_field_length(fieldname) or 1.0


class _Quantised:
    """Field lengths as Whoosh stores them (one byte a passage), read as lengths."""

    def __init__(self, data: bytes) -> None:
        from whoosh.codec.whoosh3 import byte_to_length

        self._data = data
        self._table = [float(byte_to_length(i)) for i in range(256)]

    def __getitem__(self, docnum: int) -> float:
        return self._table[self._data[docnum]]


class PlainEvaluator:
    """evaluation.Evaluator over lists; raises Unsupported where that one needs NumPy."""

    def __init__(
        self, postings: Postings, cancel: threading.Event | None, docfields: DocFields | None
    ) -> None:
        self.p = postings
        self.cancel = cancel
        self.docfields = docfields

    def _check(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled

    def documents(self, fieldname: str, words: Sequence[str]) -> Scored:
        if self.docfields is None or not words:
            return [], []
        return self.passages_of(self.docfields.matching(fieldname, words))

    def passages_of(self, documents: Iterable[str]) -> Scored:
        parts = [self.p.postings("doc", d) for d in documents]
        return self.union([(ids, [0.0] * len(ids)) for ids, _w in parts])

    def values(self, q: Any) -> Scored:
        docs = self.docfields
        if docs is None:
            return [], []
        name = q.fieldname
        if isinstance(q, wq.Term):
            return self.passages_of(docs.matching_value(name, q.text))
        if isinstance(q, wq.NumericRange):
            return self.passages_of(docs.matching_range(name, q))
        if isinstance(q, wq.TermRange):
            inside = in_range(q)
            values = docs.values.get(name, {})
            return self.passages_of(
                d for d, v in values.items() if isinstance(v, str) and inside(v)
            )
        if isinstance(q, wq.Every):
            return self.passages_of(docs.with_value(name))
        return [], []

    def run(self, q: Any) -> Scored:
        self._check()
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return [], []
        if getattr(q, "fieldname", None) in VALUE_FIELDS and isinstance(
            q, wq.Term | wq.NumericRange | wq.TermRange | wq.Every
        ):
            return self.values(q)
        if isinstance(q, wq.Term | wq.Phrase) and q.fieldname in DOC_FIELDS:
            return self.documents(q.fieldname, [q.text] if isinstance(q, wq.Term) else q.words)
        if isinstance(q, wq.Term):
            return self.term(q)
        if isinstance(q, wq.Every):
            return list(range(self.p.count)), [0.0] * self.p.count
        if isinstance(q, wq.And):
            return self.conjunction(q.children())
        if isinstance(q, wq.Or) and not isinstance(q, wq.DisjunctionMax):
            return self.union([self.run(c) for c in q.children()])
        if isinstance(q, wq.Not):
            ids = set(self.run(q.query)[0])
            keep = [i for i in range(self.p.count) if i not in ids]
            return keep, [0.0] * len(keep)
        if isinstance(q, wq.AndNot):
            ids, scores = self.run(q.a)
            banned = set(self.run(q.b)[0])
            return _where(ids, scores, lambda i: i not in banned)
        if isinstance(q, wq.Require):
            ids, scores = self.run(q.a)
            needed = set(self.run(q.b)[0])
            return _where(ids, scores, lambda i: i in needed)
        if isinstance(q, wq.AndMaybe):
            ids, scores = self.run(q.a)
            extra = dict(zip(*self.run(q.b), strict=True))
            return ids, [s + extra.get(i, 0.0) for i, s in zip(ids, scores, strict=True)]
        raise Unsupported(type(q).__name__)

    def term(self, q: Any) -> Scored:
        ids, weights = self.p.postings(q.fieldname, q.text)
        if not ids or q.fieldname not in _SCORED_FIELDS:
            return ids, [0.0] * len(ids)
        idf = idf_of(self.p.count, len(ids))
        lengths = self.p.lengths(q.fieldname)
        avg = self.p.avg_length(q.fieldname)
        boost = q.boost
        # The expression of Evaluator.term, element by element.
        return ids, [
            idf * (w * (_K1 + 1)) / (w + _K1 * ((1 - _B) + _B * lengths[i] / avg)) * boost
            for i, w in zip(ids, weights, strict=True)
        ]

    def conjunction(self, children: Iterable[Any]) -> Scored:
        positive = []
        negative = []
        for child in children:
            if isinstance(child, wq.Not):
                negative.append(child.query)
            else:
                positive.append(child)
        if not positive:
            return self.run(wq.Not(wq.Or(negative))) if negative else ([], [])
        ids: list[int] | None = None
        scores: list[float] = []
        for child in positive:  # phrases and ranges raise Unsupported in run
            cids, cscores = self.run(child)
            if ids is None:
                ids, scores = cids, cscores
            else:
                other = dict(zip(cids, cscores, strict=True))
                pairs = [(i, s + other[i]) for i, s in zip(ids, scores, strict=True) if i in other]
                ids, scores = [i for i, _s in pairs], [s for _i, s in pairs]
            if not ids:
                return [], []
        assert ids is not None
        for child in negative:
            banned = set(self.run(child)[0])
            ids, scores = _where(ids, scores, lambda i, banned=banned: i not in banned)
        return ids, scores

    def union(self, parts: list[Scored]) -> Scored:
        parts = [p for p in parts if p[0]]
        if not parts:
            return [], []
        if len(parts) == 1:
            return parts[0]
        sums: dict[int, float] = {}
        for ids, scores in parts:  # in the order bincount adds them
            for i, s in zip(ids, scores, strict=True):
                sums[i] = sums.get(i, 0.0) + s
        unique = sorted(sums)
        return unique, [sums[i] for i in unique]


def _where(ids: list[int], scores: list[float], keep: Any) -> Scored:
    pairs = [(i, s) for i, s in zip(ids, scores, strict=True) if keep(i)]
    return [i for i, _s in pairs], [s for _i, s in pairs]


def run_plain(
    searcher: Any,
    q: Any,
    limit: int,
    cancel: threading.Event | None = None,
    docfields: DocFields | None = None,
) -> Ranked | None:
    """run_vectorised without NumPy, the same hits and scores; None if the query has a node
    only NumPy's evaluation handles (phrases, ranges over indexed fields)."""
    postings = getattr(searcher, "_xref_postings", None)
    if postings is None:
        postings = searcher._xref_postings = Postings(searcher)
    try:
        ids, scores = PlainEvaluator(postings, cancel, docfields).run(q)
    except Unsupported:
        return None
    except Cancelled:
        raise
    except Exception as error:
        raise EngineError(describe(error)) from None
    total = len(ids)
    if limit <= 0 or not total:
        return Ranked([], total)
    # By score, ties in corpus order: what partition and lexsort give in run_vectorised.
    top = heapq.nsmallest(limit, zip([-s for s in scores], ids, strict=True))
    reader = postings.reader
    try:
        pids = passage_ids(reader)
        hits = [(pids[docnum], -negative) for negative, docnum in top]
    except Exception as error:
        raise EngineError(describe(error)) from None
    return Ranked(hits, total)
