"""Postings, field lengths and positions of an index read into numpy arrays, a block at a time
(Whoosh's matchers walk them one document at a time in Python)."""

from __future__ import annotations

import pickle
from itertools import accumulate
from typing import Any

from whoosh.formats import Positions
from whoosh.system import _INT_SIZE

from .phrases import phrase_index
from .ranking import lengths_column, posting_blocks, term_matcher
from .storage import leaf_readers

_UNREAD = object()


class Vector:
    """Postings of an index as numpy arrays, for one thread's searcher."""

    def __init__(self, searcher: Any) -> None:
        import numpy as np

        self.np = np
        self.searcher = searcher
        self.reader = searcher.reader()
        self.leaves = leaf_readers(self.reader)
        self.count = self.reader.doc_count_all()
        self._lengths: dict[str, Any] = {}
        self._avg: dict[str, float] = {}
        self._postings: dict[tuple[str, str], tuple[Any, Any]] = {}
        self._phrases: Any = _UNREAD

    @property
    def phrases(self) -> Any:
        """The index's PhraseIndex for the text field; None: positions come from Whoosh.
        Read on the first phrase, not with the arrays: it is 14 MB at 100,000 passages and
        most searches have no phrase."""
        if self._phrases is _UNREAD:
            self._phrases = phrase_index(self.searcher)
        return self._phrases

    @phrases.setter
    def phrases(self, value: Any) -> None:
        self._phrases = value

    def lengths(self, fieldname: str) -> Any:
        """Every passage's length of a field, quantised as Whoosh stores it (for BM25F)."""
        found = self._lengths.get(fieldname)
        if found is None:
            from whoosh.codec.whoosh3 import byte_to_length

            np = self.np
            table = np.array([byte_to_length(i) for i in range(256)], dtype=np.float64)
            parts = []
            for leaf, _offset in self.leaves:
                n = leaf.doc_count_all()
                data = None
                try:
                    column = leaf._perdoc._cached_reader(f"_{fieldname}_len", lengths_column())
                    if column is not None:
                        raw = column._dbfile.get(column._basepos, column._count)
                        data = np.frombuffer(raw, dtype=np.uint8)
                except Exception:
                    data = None
                if data is None:
                    data = np.array(
                        [leaf.doc_field_length(i, fieldname) for i in range(n)], dtype=np.float64
                    )
                    parts.append(data)
                    continue
                values = table[data]
                if len(values) < n:
                    values = np.concatenate([values, np.zeros(n - len(values))])
                parts.append(values[:n])
            found = np.concatenate(parts) if parts else np.zeros(0)
            self._lengths[fieldname] = found
        return found

    def avg_length(self, fieldname: str) -> float:
        if fieldname not in self._avg:
            self._avg[fieldname] = self.searcher.avg_field_length(fieldname) or 1.0
        return self._avg[fieldname]

    def postings(self, fieldname: str, text: str) -> tuple[Any, Any]:
        """(global docnums, weights) of a term, read a block at a time; the last few kept."""
        key = (fieldname, text)
        found = self._postings.get(key)
        if found is not None:
            return found
        np = self.np
        ids_parts: list[Any] = []
        weight_parts: list[Any] = []
        for offset, block, block_weights in posting_blocks(self.leaves, fieldname, text):
            ids_parts.append(np.asarray(block, dtype=np.int64) + offset)
            weight_parts.append(np.asarray(block_weights, dtype=np.float64))
        if ids_parts:
            found = (np.concatenate(ids_parts), np.concatenate(weight_parts))
        else:
            found = (np.zeros(0, dtype=np.int64), np.zeros(0))
        if len(self._postings) > 512:
            self._postings.clear()
        self._postings[key] = found
        return found

    def positions(self, fieldname: str, text: str, wanted: Any) -> dict[int, Any]:
        """Positions of a term in the wanted documents only (sorted global docnums)."""
        np = self.np
        out: dict[int, Any] = {}
        fmt = self.reader.schema[fieldname].format
        decode = _decode_positions if type(fmt) is Positions else fmt.decode_positions
        for leaf, offset in self.leaves:
            n = leaf.doc_count_all()
            local = wanted[(wanted >= offset) & (wanted < offset + n)] - offset
            if not len(local):
                continue
            matcher = term_matcher(leaf, fieldname, text)
            if matcher is None:
                continue
            if hasattr(matcher, "_read_ids") and hasattr(matcher, "_next_block"):
                k = 0
                while matcher.is_active() and k < len(local):
                    if matcher._maxid < local[k]:
                        matcher._next_block()
                        continue
                    matcher._read_ids()
                    ids = np.asarray(matcher._ids, dtype=np.int64)
                    where = np.searchsorted(ids, local[k:])
                    inside = where < len(ids)
                    hits = where[inside][ids[where[inside]] == local[k:][inside]]
                    if len(hits):
                        matcher._read_values()
                        values = matcher._values
                        for i in hits.tolist():
                            out[int(ids[i]) + offset] = decode(values[i])
                    k += int(np.searchsorted(local[k:], ids[-1], side="right"))
                    matcher._next_block()
            else:
                wanted_set = set(local.tolist())
                while matcher.is_active():
                    docnum = matcher.id()
                    if docnum in wanted_set:
                        out[docnum + offset] = decode(matcher.value())
                    matcher.next()
        return out


def _decode_positions(value: bytes) -> list[int]:
    """whoosh.formats.Positions.decode_positions without its Python loop over every position
    (the deltas are summed in C): phrases decode positions for every candidate passage."""
    if not value.endswith(b"."):
        value += b"."
    return list(accumulate(pickle.loads(value[_INT_SIZE:])))  # our own index folder only


def vector_for(searcher: Any) -> Vector:
    """The searcher's arrays, made on first use and kept with it (its caches stay warm)."""
    vector = getattr(searcher, "_xref_vector", None)
    if vector is None:
        vector = Vector(searcher)
        searcher._xref_vector = vector
    return vector
