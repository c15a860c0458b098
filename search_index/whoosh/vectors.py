"""Postings and field lengths of an index read into numpy arrays, a block at a time (Whoosh's
matchers walk them one document at a time in Python); phrases read the positions file."""

from __future__ import annotations

from typing import Any

from .phrases import phrase_index
from .ranking import lengths_column, posting_blocks
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
        """The index's PhraseIndex for the text field (EngineError if it has none). Read on
        the first phrase, not with the arrays: it is 14 MB at 100,000 passages and most
        searches have no phrase."""
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


def vector_for(searcher: Any) -> Vector:
    """The searcher's arrays, made on first use and kept with it (its caches stay warm)."""
    vector = getattr(searcher, "_xref_vector", None)
    if vector is None:
        vector = Vector(searcher)
        searcher._xref_vector = vector
    return vector
