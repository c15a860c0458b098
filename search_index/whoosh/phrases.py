"""The phrase positions file (phrase-positions.bin): written while an index is built, read as
one memory-mapped PhraseIndex, so phrases are checked with numpy.
"""

from __future__ import annotations

import json
import operator
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..analysis import Token
from .errors import EngineError, describe
from .schema import passage_ids

PHRASE_FILE = "phrase-positions.bin"
"""Every position of every term of the text field, as sorted integer keys per term (see
PhraseIndex); written into the index folder by build(), so phrases are checked with numpy
instead of decoding Whoosh's pickled positions one passage at a time."""
_PHRASE_MAGIC = "xref-positions 1"
_PHRASE_HEADER_SIZE = 4096

_TERM = operator.itemgetter(Token._fields.index("term"))
_POS = operator.itemgetter(Token._fields.index("pos"))


class TermNumbers(dict):
    """Term -> number, a new term getting the next number (shared with the bulk writer)."""

    def __missing__(self, term: str) -> int:
        number = self[term] = len(self)
        return number


class PositionRecorder:
    """Collects (term, position) of every token of every passage while an index is built, in
    passage order, as compact integer arrays (a term is a number; a token costs 8 bytes)."""

    def __init__(self) -> None:
        from array import array

        self.table = TermNumbers()
        self.codes = array("i")
        self.positions = array("i")
        self.counts = array("q")

    def add(self, items: Sequence[Any]) -> None:
        self.counts.append(len(items))
        self.codes.extend(map(self.table.__getitem__, map(_TERM, items)))
        self.positions.extend(map(_POS, items))

    def add_lists(self, terms: Sequence[str], positions: Sequence[int]) -> None:
        """add() for a passage given as its terms and their positions."""
        self.counts.append(len(terms))
        self.codes.extend(map(self.table.__getitem__, terms))
        self.positions.extend(positions)

    def write(self, ix: Any, docnums: Any) -> None:
        """Write PHRASE_FILE; `docnums` maps the n-th passage added to its global docnum
        (None: the same number, one segment written in order)."""
        import numpy as np

        counts = np.frombuffer(self.counts, dtype=np.int64)
        docs = len(counts)
        seq = np.repeat(np.arange(docs, dtype=np.int64), counts)
        doc = seq if docnums is None else np.asarray(docnums, dtype=np.int64)[seq]
        del seq
        pos = np.frombuffer(self.positions, dtype=np.int32).astype(np.int64)
        shift = max(1, int(pos.max()).bit_length()) if len(pos) else 1
        names = sorted(self.table, key=_term_bytes)
        rank = np.empty(len(names), dtype=np.int64)
        rank[[self.table[t] for t in names]] = np.arange(len(names), dtype=np.int64)
        ranks = rank[np.frombuffer(self.codes, dtype=np.int32)] if len(pos) else rank[:0]
        keys = (doc << shift) | pos
        del doc, pos
        keybits = max(1, docs).bit_length() + shift
        if keybits + max(1, len(names)).bit_length() <= 62:
            combined = np.sort((ranks << keybits) | keys)
            ranks, keys = combined >> keybits, combined & ((1 << keybits) - 1)
            del combined
        else:
            order = np.lexsort((keys, ranks))
            ranks, keys = ranks[order], keys[order]
        if len(keys) > 1:  # the same term twice at one position (an alias and a part)
            keep = np.ones(len(keys), dtype=bool)
            keep[1:] = (keys[1:] != keys[:-1]) | (ranks[1:] != ranks[:-1])
            ranks, keys = ranks[keep], keys[keep]
        starts = np.searchsorted(ranks, np.arange(len(names) + 1, dtype=np.int64))
        dtype = np.int32 if keybits <= 31 else np.int64
        encoded = [_term_bytes(t) for t in names]
        blob = np.frombuffer(b"".join(encoded), dtype=np.uint8)
        offsets = np.zeros(len(names) + 1, dtype=np.int64)
        offsets[1:] = np.cumsum([len(b) for b in encoded])
        arrays = {
            "keys": keys.astype(dtype),
            "starts": starts.astype(np.int64),
            "offsets": offsets,
            "blob": blob,
        }
        layout: dict[str, Any] = {}
        at = _PHRASE_HEADER_SIZE
        for name, array in arrays.items():
            layout[name] = [at, str(array.dtype), len(array)]
            at += -(-array.nbytes // 64) * 64
        header = json.dumps(
            {"shift": shift, "docs": docs, "terms": len(names), "size": at, "arrays": layout}
        ).encode()
        head = f"{_PHRASE_MAGIC}\n".encode() + header + b"\n"
        if len(head) > _PHRASE_HEADER_SIZE:  # a few numbers and four array offsets
            raise EngineError(f"the header of {PHRASE_FILE} is over {_PHRASE_HEADER_SIZE} bytes")
        handle = ix.storage.create_file(PHRASE_FILE)
        try:
            handle.write(head.ljust(_PHRASE_HEADER_SIZE, b" "))
            for array in arrays.values():
                data = array.tobytes()
                handle.write(data + b"\0" * (-len(data) % 64))
        finally:
            handle.close()


def _term_bytes(term: str) -> bytes:
    return term.encode("utf-8", "surrogatepass")


def global_docnums(ix: Any, order: list[str], procs: int) -> Any:
    """The global docnum of each passage in the order they were added: None when it is that
    order (one process writes one segment), False when it cannot be known (repeated ids)."""
    import numpy as np

    with ix.reader() as reader:
        n = reader.doc_count_all()
        if n != len(order):
            return False
        if not n:
            return None
        pids = passage_ids(reader)
        if procs <= 1 and [pids[i] for i in (0, n - 1)] == [order[0], order[-1]]:
            return None
        seq = {pid: k for k, pid in enumerate(order)}
        if len(seq) != n:
            return False
        out = np.empty(n, dtype=np.int64)
        for docnum in range(n):
            out[seq[pids[docnum]]] = docnum
        return out


class PhraseIndex:
    """PHRASE_FILE, mapped read-only: for each term (sorted by its UTF-8 bytes) the sorted keys
    docnum << shift | position of its every occurrence. A phrase is the keys of its first word
    that reappear, less i, in the keys of its i-th word: a few numpy searches per phrase."""

    def __init__(self, buffer: Any) -> None:
        import numpy as np

        self.np = np
        head = bytes(buffer[:_PHRASE_HEADER_SIZE])
        magic, _, rest = head.partition(b"\n")
        if magic.decode("ascii", "replace") != _PHRASE_MAGIC:
            raise EngineError(f"the file {PHRASE_FILE} is not a positions index")
        meta = json.loads(rest.partition(b"\n")[0])
        if int(meta["size"]) != len(buffer):
            raise EngineError(f"the file {PHRASE_FILE} is truncated")
        self.shift = int(meta["shift"])
        self.docs = int(meta["docs"])
        arrays = {}
        for name, (at, dtype, count) in meta["arrays"].items():
            kind = np.dtype(dtype)
            arrays[name] = np.frombuffer(buffer, dtype=kind, count=count, offset=at)
        self.keys = arrays["keys"]
        self.starts = arrays["starts"]
        self.offsets = arrays["offsets"]
        self.blob = arrays["blob"]
        self.terms = len(self.starts) - 1

    @classmethod
    def load(cls, storage: Any) -> PhraseIndex | None:
        """The index's positions, memory-mapped; None if it has none."""
        import numpy as np

        try:
            if not storage.file_exists(PHRASE_FILE):
                return None
            folder = getattr(storage, "folder", None)
            if folder is not None and getattr(storage, "supports_mmap", False):
                buffer = np.memmap(Path(folder) / PHRASE_FILE, dtype=np.uint8, mode="r")
            else:
                handle = storage.open_file(PHRASE_FILE)
                try:
                    buffer = np.frombuffer(handle.read(), dtype=np.uint8)
                finally:
                    handle.close()
            return cls(buffer)
        except EngineError:
            raise
        except Exception as error:
            raise EngineError(f"the positions index is unreadable ({describe(error)})") from None

    def _rank(self, term: str) -> int:
        want = _term_bytes(term)
        offsets, blob = self.offsets, self.blob
        lo, hi = 0, self.terms
        while lo < hi:
            mid = (lo + hi) // 2
            if bytes(blob[offsets[mid] : offsets[mid + 1]]) < want:
                lo = mid + 1
            else:
                hi = mid
        if lo < self.terms and bytes(blob[offsets[lo] : offsets[lo + 1]]) == want:
            return lo
        return -1

    def term_keys(self, term: str) -> Any:
        rank = self._rank(term)
        if rank < 0:
            return self.keys[:0]
        return self.keys[self.starts[rank] : self.starts[rank + 1]]

    def documents(self, words: Sequence[str], slop: int = 1) -> Any:
        """Sorted global docnums with the words in order, each 1 to `slop` positions after the
        one before (1: consecutive). As Whoosh's SpanNear2(ordered, mindist=1): a match so far
        ends at its last word, and the next word must follow that one closely enough."""
        np = self.np
        if slop <= 1:
            return self._consecutive(words)
        found = None  # keys of the last word of each match so far
        for word in words:
            keys = self.term_keys(word)
            if found is not None and len(keys):
                before = np.searchsorted(found, keys, side="left") - 1  # nearest earlier key
                near = found[np.maximum(before, 0)]
                keys = keys[
                    (before >= 0)
                    & (keys - near <= slop)
                    & ((keys >> self.shift) == (near >> self.shift))
                ]
            found = keys
            if not len(found):
                return np.zeros(0, dtype=np.int64)
        return self._docs(found)

    def _consecutive(self, words: Sequence[str]) -> Any:
        np = self.np
        mask = (1 << self.shift) - 1
        found = None
        for i, word in enumerate(words):
            keys = self.term_keys(word)
            if i:
                keys = keys[(keys & mask) >= i] - i
            if found is None:
                found = keys
            elif len(keys):
                where = np.searchsorted(keys, found)
                where[where >= len(keys)] = 0
                found = found[keys[where] == found]
            else:
                found = keys
            if not len(found):
                return np.zeros(0, dtype=np.int64)
        return self._docs(found)

    def _docs(self, keys: Any) -> Any:
        np = self.np
        docs = (np.asarray(keys) >> self.shift).astype(np.int64)
        if len(docs) > 1:
            docs = docs[np.concatenate(([True], docs[1:] != docs[:-1]))]
        return docs


def check_phrase_file(ix: Any) -> None:
    """The positions file must be there and whole (its header gives its size)."""
    storage = ix.storage
    if not storage.file_exists(PHRASE_FILE):
        raise EngineError(f"the file {PHRASE_FILE} is missing")
    handle = storage.open_file(PHRASE_FILE)
    try:
        head = handle.read(_PHRASE_HEADER_SIZE)
    finally:
        handle.close()
    magic, _, rest = head.partition(b"\n")
    try:
        meta = json.loads(rest.partition(b"\n")[0]) if magic == _PHRASE_MAGIC.encode() else None
    except ValueError:
        meta = None
    if not isinstance(meta, dict) or meta.get("size") != storage.file_length(PHRASE_FILE):
        raise EngineError(f"the file {PHRASE_FILE} is not a whole positions index")


_PHRASE_LOCK = threading.Lock()


def phrase_index(searcher: Any) -> PhraseIndex:
    """One PhraseIndex per open index, shared by its searchers (it is read-only). The text
    field keeps no positions of its own, so an index without this file cannot match phrases:
    it is unreadable (and rebuilt), never answered without them."""
    ix = getattr(searcher, "_ix", None)
    if ix is None:
        raise EngineError(f"the searcher has no index folder to read {PHRASE_FILE} from")
    with _PHRASE_LOCK:
        found = getattr(ix, "_xref_phrases", None)
        if found is None:
            found = PhraseIndex.load(ix.storage)
            if found is None:
                raise EngineError(f"the file {PHRASE_FILE} is missing")
            if found.docs != searcher.doc_count_all():
                raise EngineError(
                    f"the file {PHRASE_FILE} is for {found.docs:,} passages, "
                    f"the index holds {searcher.doc_count_all():,}"
                )
            ix._xref_phrases = found
    return found
