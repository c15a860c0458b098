"""Everything that touches Whoosh, behind a small surface, so a change of engine touches one file.

The rest of the package speaks in passages, analysers and plain Python values; this module
turns them into a Whoosh schema, index, query tree and ranked document numbers.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import heapq
import json
import operator
import pickle
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any

from whoosh import query as wq
from whoosh.analysis import Token as WhooshToken
from whoosh.analysis import Tokenizer
from whoosh.collectors import Collector, TopCollector, WrappingCollector
from whoosh.fields import DATETIME, ID, KEYWORD, TEXT, Schema
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.formats import Positions
from whoosh.qparser import AndGroup, FuzzyTermPlugin, PlusMinusPlugin, QueryParser, syntax
from whoosh.qparser.plugins import TaggingPlugin
from whoosh.system import _INT_SIZE
from whoosh.util.times import datetime_to_long

from .analysis import Analyzer, Token, normalise_word

SCHEMA_VERSION = "6"
INDEX_NAME = "passages"
DEFAULT_FIELD = "text"
FILTER_FIELDS = ("doc", "issuer", "date", "lang", "theme", "title")
"""Field names a query may use as `name:value`."""
MAX_EXPANSIONS = 64
"""At most this many terms for one prefix, wildcard or fuzzy term (the most frequent)."""
MAX_PATTERNS = 16
"""At most this many prefix, wildcard or fuzzy words in one query (each scans the lexicon)."""
MAX_FUZZY = 2
"""The largest edit distance of a fuzzy word (as Lucene): `word~9` is searched as `word~2`."""
MAX_SCAN_TERMS = 20_000
"""At most this many candidate terms are taken from Whoosh's lexicon for one fuzzy word, or for
a pattern or range in a field without a word list (doc:, theme:): a Python loop, about 0.1 s
for the whole budget."""
MAX_SCAN_WORDS = 64 * 4096
"""At most this many written words (most frequent first) are tested against one pattern or
word range; a compiled pattern tests them at C speed, about 30 ms for the whole budget."""
SURFACE_FILE = "surface-words.txt"
"""Words as written (folded) with their indexed terms, most frequent first; written into the
index folder by build(), so it is part of the atomic build and of the file-size check."""
_SURFACE_HEADER = "xref-surface-words 1"
PHRASE_FILE = "phrase-positions.bin"
"""Every position of every term of the text field, as sorted integer keys per term (see
PhraseIndex); written into the index folder by build(), so phrases are checked with numpy
instead of decoding Whoosh's pickled positions one passage at a time."""
_CHUNK = 4096
_CHUNKS = re.compile(f"(?:\n[^\n]*){{1,{_CHUNK}}}")
"""Runs of _CHUNK vocabulary lines: a scan checks for cancellation between them."""

_FOLD_DROP = re.compile(r"[.'’\-‐‑\u00ad]")


class EngineError(Exception):
    """The index cannot be opened or read (missing, truncated or corrupted files)."""


class Cancelled(Exception):
    """A running search was cancelled through its threading.Event."""


class QuerySyntaxError(Exception):
    """Whoosh could not make sense of part of a query; the message is a sentence."""


def fold(text: str) -> str:
    """How a prefix, wildcard or fuzzy word is compared with indexed terms: folded, no stemming."""
    return _FOLD_DROP.sub("", unicodedata.normalize("NFKC", text).casefold())


# --- analysis adapter ---------------------------------------------------------------------


def _restore_tokenizer(groups: dict[str, list[str]]) -> AnalyzerTokenizer:
    return AnalyzerTokenizer(None, groups)


class AnalyzerTokenizer(Tokenizer):
    """Feeds search_index.analysis.Analyzer tokens to Whoosh (index and query modes).

    Pickled into the index's table of contents as just the alias groups, so the index never
    holds code and a process that unpickles it rebuilds the same analyser lazily.
    """

    def __init__(self, analyzer: Analyzer | None, groups: dict[str, list[str]] | None = None):
        self._analyzer = analyzer
        self._groups = groups if analyzer is None else dict(analyzer.aliases.groups)
        self._cache: dict[str, list[Any]] = {}
        self.record: set[tuple[str, str]] | None = None
        """While an index is built: (word as written, term) pairs of the indexed text."""
        self.last: list[Any] | None = None
        """While an index is built: the tokens of the value analysed last (for positions)."""

    @property
    def analyzer(self) -> Analyzer:
        if self._analyzer is None:
            from .aliases import AliasTable

            self._analyzer = Analyzer(AliasTable({k: list(v) for k, v in self._groups.items()}))
        return self._analyzer

    def __reduce__(self):  # type: ignore[override]
        return (_restore_tokenizer, ({k: list(v) for k, v in (self._groups or {}).items()},))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AnalyzerTokenizer) and other._groups == self._groups

    def __hash__(self) -> int:
        return hash(repr(sorted((self._groups or {}).items())))

    def _tokens(self, value: str, mode: str) -> list[Any]:
        # Titles and issuers repeat for every passage of a document: analyse them once.
        if len(value) > 400:
            return self.analyzer.tokens(value, mode)
        key = mode + "\x00" + value
        found = self._cache.get(key)
        if found is None:
            if len(self._cache) > 4096:
                self._cache.clear()
            found = self._cache[key] = self.analyzer.tokens(value, mode)
        return found

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[WhooshToken]:
        token = WhooshToken(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            # Prefix, wildcard and fuzzy words: fold only; expansion adds the stemmed form.
            token.text = fold(value)
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = value
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        items = self._tokens(value, "query" if mode == "query" else "index")
        if self.record is not None and mode != "query":
            _record(self.record, value, items)
            self.last = items
        for item in items:
            token.text = item.term
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = value[item.start : item.end]
            if positions:
                token.pos = start_pos + item.pos
            if chars:
                token.startchar = start_char + item.start
                token.endchar = start_char + item.end
            yield token


def _record(pairs: set[tuple[str, str]], text: str, tokens: Iterable[Any]) -> None:
    for item in tokens:
        if item.kind != "alias":
            pairs.add((text[item.start : item.end], item.term))


DOC_FIELDS = ("title", "issuer")
VALUE_FIELDS = ("date", "lang")
"""Fields of a document, not of a passage: matched against the documents (a few thousand at
most) instead of being indexed again for every passage, which would cost almost half of the
index's postings and build time (a date alone is eight numeric terms)."""
_ALL_DOC_FIELDS = (*DOC_FIELDS, *VALUE_FIELDS)


def make_schema(analyzer: Analyzer, *, for_queries: bool = False) -> Schema:
    """One Whoosh document per passage; only its id is stored (text comes from the corpus).

    The query schema adds the document fields (title:, issuer:) so the parser knows them."""
    tokenizer = AnalyzerTokenizer(analyzer)
    fields: dict[str, Any] = {
        "pid": ID(stored=True, unique=True),
        "doc": ID,
        "theme": KEYWORD(lowercase=True, commas=False),
        "text": TEXT(analyzer=tokenizer, phrase=True),
    }
    if for_queries:
        for name in DOC_FIELDS:
            fields[name] = TEXT(analyzer=tokenizer, phrase=True)
        fields["date"] = DATETIME
        fields["lang"] = ID
    schema = Schema(**fields)
    for name in ("text", *DOC_FIELDS) if for_queries else ("text",):
        schema[name].multitoken_query = "phrase"
    return schema


class DocFields:
    """Title and issuer of each document, analysed on first use, for title: and issuer:."""

    def __init__(
        self,
        analyzer: Analyzer,
        documents: Sequence[tuple[str, str, str | None]],
        values: Mapping[str, Mapping[str, Any]] | None = None,
    ):
        self.analyzer = analyzer
        self.documents = documents
        self.values = values or {}
        """'date' and 'lang' of each document id (date as a datetime, lang lowercase)."""
        self._tokens: dict[str, list[tuple[str, list[Any]]]] | None = None
        self._lock = threading.Lock()
        self._surface: dict[str, SurfaceWords] = {}

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
                    _record(pairs, value, self.analyzer.tokens(value, "index"))
            counts = self.vocabulary(fieldname)
            lines = sorted((-counts.get(t, 0), w, t) for w, t in _surface_pairs(pairs))
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


# --- building -------------------------------------------------------------------------------


@dataclass(slots=True)
class Row:
    """What is indexed for one passage."""

    pid: str
    doc: str
    title: str
    issuer: str | None
    date: Any
    lang: str
    themes: Sequence[str]
    text: str


def _open_storage(folder: Path | None) -> Any:
    if folder is None:
        return RamStorage()
    storage = FileStorage(str(folder))
    return storage


def build(
    folder: Path | None,
    analyzer: Analyzer,
    rows: Iterable[Row],
    *,
    total: int,
    progress: Callable[[str, int, int], None] | None = None,
    limitmb: int = 256,
    procs: int = 1,
    timings: dict[str, float] | None = None,
) -> Any:
    """Write a fresh index into `folder` (None: in memory); return the Whoosh index."""
    import time

    storage = _open_storage(folder)
    if folder is not None:
        storage.create()
    ix = storage.create_index(make_schema(analyzer), indexname=INDEX_NAME)
    kwargs: dict[str, Any] = {"limitmb": limitmb}
    if procs > 1:
        kwargs.update(procs=procs, multisegment=True)
    writer = ix.writer(**kwargs)
    _speed_up_lengths(writer)
    pairs: set[tuple[str, str]] = set()
    tokenizer = writer.schema["text"].analyzer
    in_process = procs <= 1 and isinstance(tokenizer, AnalyzerTokenizer)
    if in_process:
        tokenizer.record = pairs  # the writer's own copy of the schema analyses each passage
    positions = _PositionRecorder()
    order: list[str] = []
    started = time.perf_counter()
    done = 0
    step = max(1, min(1000, total // 100 or 1))
    try:
        for row in rows:
            items: list[Any] | None = None
            if not in_process:  # other processes analyse: analyse again here for the words
                items = analyzer.tokens(row.text, "index")
                _record(pairs, row.text, items)
            fields: dict[str, Any] = {"pid": row.pid, "doc": row.doc, "text": row.text}
            if row.themes:
                fields["theme"] = " ".join(row.themes)
            writer.add_document(**fields)
            if in_process:
                items, tokenizer.last = tokenizer.last, None
            positions.add(items or ())
            order.append(row.pid)
            done += 1
            if progress is not None and done % step == 0:
                progress("index", done, total)
        if progress is not None:
            progress("index", done, total)
        mid = time.perf_counter()
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    finally:
        if in_process:
            tokenizer.record = None
            tokenizer.last = None
    end = time.perf_counter()
    _write_surface_words(ix, pairs)
    words = time.perf_counter()
    docnums = _docnums(ix, order, procs)
    del order
    if docnums is not False:
        positions.write(ix, docnums)
    if timings is not None:
        timings["index"] = round(mid - started, 4)
        timings["commit"] = round(end - mid, 4)
        timings["words"] = round(words - end, 4)
        timings["positions"] = round(time.perf_counter() - words, 4)
    return ix


def _surface_pairs(pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """(folded word, term): how a pattern sees a word; a possessive also without its 's."""
    out = set()
    for raw, term in pairs:
        word = fold(raw)
        if word:
            out.add((word, term))
        if raw[-2:] in ("'s", "’s") and len(raw) > 2:
            out.add((fold(raw[:-2]), term))
    return out


def _write_surface_words(ix: Any, pairs: set[tuple[str, str]]) -> None:
    with ix.reader() as reader:
        freq = {
            (b.decode("utf-8") if isinstance(b, bytes) else b): info.doc_frequency()
            for b, info in reader.iter_field("text")
        }
    lines = sorted(
        (-freq[term], word, term)
        for word, term in _surface_pairs(pairs)
        if term in freq and not term.startswith("§")
    )
    body = "".join(f"{word}\t{term}\n" for _f, word, term in lines)
    data = f"{_SURFACE_HEADER} {len(lines)}\n{body}".encode("utf-8", "surrogatepass")
    handle = ix.storage.create_file(SURFACE_FILE)
    try:
        handle.write(data)
    finally:
        handle.close()


_TERM = operator.itemgetter(Token._fields.index("term"))
_POS = operator.itemgetter(Token._fields.index("pos"))


class _Numbers(dict):
    """Term -> number, a new term getting the next number."""

    def __missing__(self, term: str) -> int:
        number = self[term] = len(self)
        return number


class _PositionRecorder:
    """Collects (term, position) of every token of every passage while an index is built, in
    passage order, as compact integer arrays (a term is a number; a token costs 8 bytes)."""

    def __init__(self) -> None:
        from array import array

        self.table = _Numbers()
        self.codes = array("i")
        self.positions = array("i")
        self.counts = array("q")

    def add(self, items: Sequence[Any]) -> None:
        self.counts.append(len(items))
        self.codes.extend(map(self.table.__getitem__, map(_TERM, items)))
        self.positions.extend(map(_POS, items))

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
        if len(head) > _PHRASE_HEADER_SIZE:
            return
        handle = ix.storage.create_file(PHRASE_FILE)
        try:
            handle.write(head.ljust(_PHRASE_HEADER_SIZE, b" "))
            for array in arrays.values():
                data = array.tobytes()
                handle.write(data + b"\0" * (-len(data) % 64))
        finally:
            handle.close()


_PHRASE_MAGIC = "xref-positions 1"
_PHRASE_HEADER_SIZE = 4096


def _term_bytes(term: str) -> bytes:
    return term.encode("utf-8", "surrogatepass")


def _docnums(ix: Any, order: list[str], procs: int) -> Any:
    """The global docnum of each passage in the order they were added: None when it is that
    order (one process writes one segment), False when it cannot be known (repeated ids)."""
    import numpy as np

    with ix.reader() as reader:
        n = reader.doc_count_all()
        if n != len(order):
            return False
        if not n:
            return None
        if procs <= 1 and [reader.stored_fields(i)["pid"] for i in (0, n - 1)] == [
            order[0],
            order[-1],
        ]:
            return None
        seq = {pid: k for k, pid in enumerate(order)}
        if len(seq) != n:
            return False
        out = np.empty(n, dtype=np.int64)
        for docnum, stored in enumerate(reader.all_stored_fields()):
            out[seq[stored["pid"]]] = docnum
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
        """The index's positions, memory-mapped; None if it has none (an older build)."""
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
            raise EngineError(f"the positions index is unreadable ({_describe(error)})") from None

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

    def documents(self, words: Sequence[str]) -> Any:
        """Sorted global docnums with the words at consecutive positions."""
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
        docs = (np.asarray(found) >> self.shift).astype(np.int64)
        if len(docs) > 1:
            docs = docs[np.concatenate(([True], docs[1:] != docs[:-1]))]
        return docs


def _check_phrase_file(ix: Any) -> None:
    """A positions file, when there is one, must be whole (its header gives its size)."""
    storage = ix.storage
    if not storage.file_exists(PHRASE_FILE):
        return
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


class SurfaceWords:
    """The vocabulary as written: folded words and their indexed terms, most frequent first.

    Prefixes and wildcards are matched against words as the user wrote them, not against
    stems (`*ined` must find intertwined, indexed as intertwin). The words are kept as one
    string of lines so a pattern is tested by the regex engine, not a Python loop, and in
    frequency order, so a scan stops as soon as it has the most frequent terms it needs."""

    def __init__(self, lines: Iterable[tuple[str, str]] = (), *, blob: str | None = None) -> None:
        self._blob = blob if blob is not None else "".join(f"\n{w}\t{t}" for w, t in lines)
        """Lines '\\nword\\tterm', most frequent term first."""
        self._chunks = [m.span() for m in _CHUNKS.finditer(self._blob)]
        self.count = self._blob.count("\n")

    @classmethod
    def load(cls, ix: Any) -> SurfaceWords:
        """Read the index's vocabulary file; EngineError if it is missing or damaged."""
        try:
            handle = ix.storage.open_file(SURFACE_FILE)
            try:
                data = handle.read()
            finally:
                handle.close()
            text = data.decode("utf-8", "surrogatepass")
        except Exception as error:
            raise EngineError(f"the word list is unreadable ({_describe(error)})") from None
        header, _, body = text.partition("\n")
        name, _, count = header.rpartition(" ")
        lines = body.split("\n")[:-1]
        if name != _SURFACE_HEADER or not count.isdigit() or int(count) != len(lines):
            raise EngineError("the word list is damaged")
        return cls(blob="\n" + body[:-1] if lines else "")

    def scan(
        self, pattern: re.Pattern[str], limit: int, check: Callable[[], None] | None = None
    ) -> tuple[list[str], bool]:
        """The `limit` most frequent terms of the words matching a line pattern (as made by
        line_pattern), and whether more were left out (more terms, or words not scanned)."""
        blob = self._blob

        def terms(start: int, end: int) -> Iterator[str]:
            return (match.group(1) for match in pattern.finditer(blob, start, end))

        return self._collect(terms, limit, check)

    def select(
        self, keep: Callable[[str], bool], limit: int, check: Callable[[], None] | None = None
    ) -> tuple[list[str], bool]:
        """Like scan, for a test on the term itself (a range of terms), in Python."""
        blob = self._blob

        def terms(start: int, end: int) -> Iterator[str]:
            for line in blob[start + 1 : end].split("\n"):
                term = line.partition("\t")[2]
                if keep(term):
                    yield term

        return self._collect(terms, limit, check)

    def _collect(
        self,
        terms_in: Callable[[int, int], Iterable[str]],
        limit: int,
        check: Callable[[], None] | None,
    ) -> tuple[list[str], bool]:
        """Distinct terms, most frequent words first, chunk by chunk within the scan budget."""
        found: dict[str, None] = {}
        for n, (start, end) in enumerate(self._chunks):
            if n * _CHUNK >= MAX_SCAN_WORDS:
                return list(found), True
            if check is not None:
                check()
            for term in terms_in(start, end):
                if term not in found:
                    if len(found) >= limit:
                        return list(found), True
                    found[term] = None
        return list(found), False


def _literal(piece: str) -> str:
    return "".join("[^\t\n]" if ch == "?" else re.escape(ch) for ch in piece)


def line_pattern(glob: str) -> re.Pattern[str]:
    """A regex for the vocabulary lines whose word matches a folded `*`/`?` pattern.

    Each middle piece is found leftmost inside an atomic group, which is always enough for
    `*` and never backtracks, so a hostile pattern costs time linear in the word."""
    pieces = glob.split("*")
    if len(pieces) == 1:
        body = _literal(glob)
    else:
        head, *middle, tail = pieces
        inner = "".join(f"(?>[^\t\n]*?{_literal(m)})" for m in middle if m)
        body = f"{_literal(head)}{inner}[^\t\n]*{_literal(tail)}"
    return re.compile(f"\n{body}\t([^\n]*)")


class _Lengths:
    """Whoosh asks the per-document reader for a field length once per posting while writing
    a segment; reading each field's lengths once per document saves a third of the commit."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._cache: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        lengths = self._cache.get(fieldname)
        if lengths is None:
            read = self._reader.doc_field_length
            count = self._reader.doc_count_all()
            lengths = self._cache[fieldname] = [read(i, fieldname, 0) for i in range(count)]
        return lengths[docnum] if docnum < len(lengths) else default

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)


def _speed_up_lengths(writer: Any) -> None:
    original = getattr(writer, "per_document_reader", None)
    if original is None or not hasattr(writer, "_flush_segment"):
        return

    def per_document_reader() -> Any:
        reader = original()
        return _Lengths(reader) if reader is not None else None

    writer.per_document_reader = per_document_reader


def open_existing(folder: Path, analyzer: Analyzer) -> Any:
    """Open an index folder, failing with EngineError if it is missing or unreadable."""
    try:
        # Read, not memory-mapped: mapped, opening a searcher at 100,000 passages touched
        # 60 MB of the segment and copied 50 MB more (peak RSS 185 MB against 81 MB), and
        # searches cost the same either way.
        storage = FileStorage(str(folder), readonly=True, supports_mmap=False)
        ix = storage.open_index(indexname=INDEX_NAME, schema=make_schema(analyzer))
    except Exception as error:  # whoosh raises many kinds, including unpickling errors
        raise EngineError(_describe(error)) from None
    return ix


def verify(ix: Any, passages: int) -> None:
    """Touch every segment (postings and stored fields) so a damaged index fails here, not later."""
    try:
        with ix.searcher() as searcher:
            count = searcher.doc_count_all()
            if count != passages:
                raise EngineError(f"it holds {count} passages, expected {passages}")
            reader = searcher.reader()
            for sub, _offset in _leaf_readers(reader):
                n = sub.doc_count_all()
                if n:
                    sub.stored_fields(0)
                    sub.stored_fields(n - 1)
                for fieldname in ("text", "doc"):
                    for btext, _info in _first_terms(sub, fieldname, 3):
                        matcher = sub.postings(fieldname, btext)
                        while matcher.is_active():
                            matcher.id()
                            matcher.next()
        handle = ix.storage.open_file(SURFACE_FILE)
        try:
            if not handle.read(len(_SURFACE_HEADER)) == _SURFACE_HEADER.encode():
                raise EngineError(f"the file {SURFACE_FILE} is not a word list")
        finally:
            handle.close()
        _check_phrase_file(ix)
    except EngineError:
        raise
    except Exception as error:
        raise EngineError(_describe(error)) from None


def _leaf_readers(reader: Any) -> list[tuple[Any, int]]:
    leaves = getattr(reader, "leaf_readers", None)
    return list(leaves()) if leaves else [(reader, 0)]


def _first_terms(reader: Any, fieldname: str, n: int) -> list[tuple[bytes, Any]]:
    out = []
    for item in reader.iter_field(fieldname):
        out.append(item)
        if len(out) >= n:
            break
    return out


def _describe(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    name = type(error).__name__
    return f"{name}: {text}"[:200] if text else name


def index_files(folder: Path) -> dict[str, int]:
    """Every file of a built index with its size: checked on open to catch truncation."""
    return {p.name: p.stat().st_size for p in sorted(folder.iterdir()) if p.is_file()}


# --- queries --------------------------------------------------------------------------------


class _AliasPlugin(TaggingPlugin):
    """Keeps a multi-word alias such as North Korea together in an unquoted query."""

    priority = -5

    def __init__(self, regex: re.Pattern[str]) -> None:
        self.expr = regex

    def create(self, parser: Any, match: re.Match[str]) -> Any:
        return syntax.WordNode(match.group(0))


def make_parser(schema: Schema, analyzer: Analyzer) -> QueryParser:
    parser = QueryParser(DEFAULT_FIELD, schema, group=AndGroup)
    parser.add_plugin(FuzzyTermPlugin())
    # -word excludes and +word requires, but only at the start of a word (not non-proliferation).
    parser.add_plugin(PlusMinusPlugin(r"(?<![^\s(])\+(?=[^\s+-])", r"(?<![^\s(])-(?=[^\s+-])"))
    if analyzer.alias_regex is not None:
        parser.add_plugin(_AliasPlugin(analyzer.alias_regex))
    return parser


def parse(parser: QueryParser, text: str) -> Any:
    """Whoosh's parse, with silent error nodes turned into QuerySyntaxError."""
    try:
        q = parser.parse(text)
    except Exception as error:
        if _is_date_problem(str(error)):
            raise QuerySyntaxError(f"a date in the query is not valid: {DATE_HELP}") from None
        raise QuerySyntaxError(f"the query could not be read ({_describe(error)})") from None
    problem = _find_error(q)
    if problem:
        raise QuerySyntaxError(problem)
    return q


DATE_HELP = "use YYYY, YYYY-MM or YYYY-MM-DD, or a range date:[2024-01-01 TO 2024-06-30]"
_DATE_PROBLEMS = ("parseable date", "must be in", "day is out", "invalid literal for int()")


def _is_date_problem(message: str) -> bool:
    """Whoosh's date parsing fails with Python's own words; the checks in search.py catch the
    usual cases first, this is the net under them."""
    return any(problem in message for problem in _DATE_PROBLEMS)


def _find_error(q: Any) -> str | None:
    error = getattr(q, "error", None)
    if error:
        message = str(error).strip().rstrip(".")
        if _is_date_problem(message) or getattr(q, "fieldname", None) == "date":
            return f"a date in the query is not valid: {DATE_HELP}"
        return f"part of the query could not be read: {message}"
    if not q.is_leaf():
        for child in q.children():
            found = _find_error(child)
            if found:
                return found
    return None


def is_empty(q: Any) -> bool:
    return q is None or q is wq.NullQuery or isinstance(q, type(wq.NullQuery))


def contains_every(q: Any) -> bool:
    if isinstance(q, wq.Every):
        return True
    return (not q.is_leaf()) and any(contains_every(c) for c in q.children())


@dataclass(slots=True)
class Expansion:
    query: Any
    truncated: bool = False


def _cjk(text: str) -> bool:
    return any(0xAC00 <= ord(c) <= 0xD7A3 or 0x4E00 <= ord(c) <= 0x9FFF for c in text)


def _lone_cjk(q: Any) -> bool:
    """A word or prefix of one CJK character in a text field (not in a phrase)."""
    if not isinstance(q, wq.Term | wq.Prefix) or q.fieldname not in (DEFAULT_FIELD, *DOC_FIELDS):
        return False
    text = q.text
    return isinstance(text, str) and len(text) == 1 and _cjk(text)


def _in_range(q: Any) -> Callable[[str], bool]:
    """Whether a term lies between a TermRange's ends (either may be open or exclusive)."""

    def inside(term: str) -> bool:
        if term.startswith("§"):
            return False
        if q.start is not None and (term < q.start or (q.startexcl and term == q.start)):
            return False
        return q.end is None or term < q.end or (term == q.end and not q.endexcl)

    return inside


class Expander:
    """Replaces prefix, wildcard and fuzzy nodes by at most MAX_EXPANSIONS frequent terms.

    Prefixes and wildcards are matched against the words as written (`words`, the index's
    SurfaceWords, loaded on first use), then mapped to the terms those words are indexed as."""

    def __init__(
        self,
        reader: Any,
        analyzer: Analyzer,
        limit: int = MAX_EXPANSIONS,
        docfields: DocFields | None = None,
        loose: bool = False,
        words: Callable[[], SurfaceWords | None] | None = None,
        cancel: threading.Event | None = None,
    ) -> None:
        self.loose = loose
        """Search as you type: a word typed past its stem still matches (violatio)."""
        self.reader = reader
        self.analyzer = analyzer
        self.limit = limit
        self.docfields = docfields
        self.words = words
        self.cancel = cancel
        """Checked inside every expansion loop: a stale query stops while it is expanded."""
        self.truncated = False
        self.patterns = 0

    def _check(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled

    def _expands(self, q: Any) -> bool:
        if isinstance(q, wq.Prefix | wq.Wildcard | wq.Regex | wq.FuzzyTerm):
            return True
        # A range of words (not of dates): bounded like a pattern instead of every term in it.
        return isinstance(q, wq.TermRange) and q.fieldname in (DEFAULT_FIELD, *DOC_FIELDS)

    def rewrite(self, q: Any) -> Any:
        self._check()
        lone = _lone_cjk(q)
        if lone or self._expands(q):
            self.patterns += 1
            if self.patterns > MAX_PATTERNS:
                raise QuerySyntaxError(
                    f"the query has more than {MAX_PATTERNS} prefix, wildcard, fuzzy or range"
                    " words (or single CJK characters)"
                )
            return self._grams_with(q) if lone else self._expand(q)
        if q.is_leaf():
            return q
        return q.apply(self.rewrite)

    def _freq(self, fieldname: str, term: str) -> int:
        if fieldname in _ALL_DOC_FIELDS:
            return self._vocabulary(fieldname).get(term, 0)
        try:
            return self.reader.doc_frequency(fieldname, term)
        except Exception:
            return 0

    def _surface(self, fieldname: str) -> SurfaceWords | None:
        """The written words of a field, where patterns are matched as written."""
        if fieldname == DEFAULT_FIELD:
            return self.words() if self.words is not None else None
        if fieldname in DOC_FIELDS and self.docfields is not None:
            return self.docfields.surface_words(fieldname)
        return None

    def _bounded(self, candidates: Iterable[tuple[int, str]]) -> Iterator[tuple[int, str]]:
        """At most MAX_SCAN_TERMS candidates (truncated past them), checking for cancel."""
        for n, item in enumerate(candidates, 1):
            if not n & 255:
                self._check()
            if n > MAX_SCAN_TERMS:
                self.truncated = True
                return
            yield item

    def _top(self, candidates: Iterable[tuple[int, str]]) -> list[str]:
        best = heapq.nlargest(self.limit + 1, self._bounded(candidates))
        if len(best) > self.limit:
            self.truncated = True
            best = best[: self.limit]
        return [t for _f, t in best]

    def _scan(self, words: SurfaceWords, pattern: re.Pattern[str]) -> list[str]:
        terms, cut = words.scan(pattern, self.limit, self._check)
        self.truncated |= cut
        return terms

    def _grams_with(self, q: Any) -> Any:
        """A lone CJK character (핵) matches the indexed pairs that contain it (핵무, 북핵):
        CJK text is indexed as character pairs, so the character alone is rarely a term."""
        fieldname = q.fieldname
        words = self._surface(fieldname)
        if words is not None:
            terms = self._scan(words, line_pattern(f"*{fold(q.text)}*"))
        else:
            terms = self._top(self._prefix(fieldname, q.text))
        if q.text not in terms and self._freq(fieldname, q.text):
            terms.insert(0, q.text)
        if not terms:
            return wq.NullQuery
        subs = [wq.Term(fieldname, t, boost=q.boost) for t in terms]
        return subs[0] if len(subs) == 1 else wq.Or(subs)

    def _expand(self, q: Any) -> Any:
        fieldname = q.fieldname
        text = getattr(q, "text", "")
        extra: list[str] = []
        if isinstance(q, wq.Prefix):
            if _cjk(text) and len(text) > 2:
                grams = [text[k : k + 2] for k in range(len(text) - 1)]
                return wq.Phrase(fieldname, grams, boost=q.boost)
            words = self._surface(fieldname)
            if words is not None:
                terms = self._scan(words, line_pattern(text + "*"))
            else:
                terms = self._top(self._prefix(fieldname, text))
            whole = self.analyzer.tokens(text, "query")
            if len(whole) == 1:
                extra.append(whole[0].term)
            if self.loose:  # a word typed past its stem ('violatio' of violation: 'violat')
                extra.extend(text[:k] for k in range(len(text) - 1, max(3, len(text) - 4), -1))
        elif isinstance(q, wq.FuzzyTerm):
            maxdist = min(q.maxdist, MAX_FUZZY)
            terms = self._top(self._fuzzy(fieldname, text, maxdist, q.prefixlength))
        elif isinstance(q, wq.TermRange):
            words = self._surface(fieldname) if fieldname == DEFAULT_FIELD else None
            if words is not None:  # most frequent first: a wide range stops at once
                terms, cut = words.select(_in_range(q), self.limit, self._check)
                self.truncated |= cut
            else:
                terms = self._top(self._range(fieldname, q))
        else:
            words = self._surface(fieldname) if isinstance(q, wq.Wildcard) else None
            if words is not None:
                terms = self._scan(words, line_pattern(text))
            else:
                pattern = q._get_pattern() if hasattr(q, "_get_pattern") else None
                terms = self._top(self._pattern(fieldname, q, pattern))
        for term in extra:
            if term not in terms and self._freq(fieldname, term):
                terms.append(term)
        if not terms:
            return wq.NullQuery
        subs = [wq.Term(fieldname, t, boost=q.boost) for t in terms]
        return subs[0] if len(subs) == 1 else wq.Or(subs)

    def _vocabulary(self, fieldname: str) -> dict[str, int]:
        return self.docfields.vocabulary(fieldname) if self.docfields is not None else {}

    def _prefix(self, fieldname: str, prefix: str) -> Iterator[tuple[int, str]]:
        if fieldname in _ALL_DOC_FIELDS:
            for term, count in self._vocabulary(fieldname).items():
                if term.startswith(prefix) and not term.startswith("§"):
                    yield count, term
            return
        if fieldname not in self.reader.schema:
            return
        for btext, info in self.reader.iter_prefix(fieldname, prefix):
            term = btext.decode("utf-8") if isinstance(btext, bytes) else btext
            if not term.startswith("§"):
                yield info.doc_frequency(), term

    def _fuzzy(
        self, fieldname: str, text: str, maxdist: int, prefix: int
    ) -> Iterator[tuple[int, str]]:
        seen: set[str] = set()
        stem = normalise_word(text) if text.isalpha() else text
        if fieldname in _ALL_DOC_FIELDS:
            for word in {text, stem}:
                if word in self._vocabulary(fieldname):
                    yield self._freq(fieldname, word), word
            return
        for word in {text, stem}:
            for term in self.reader.terms_within(fieldname, word, maxdist, prefix=prefix):
                term = term.decode("utf-8") if isinstance(term, bytes) else term
                if term not in seen:
                    seen.add(term)
                    yield self._freq(fieldname, term), term

    def _range(self, fieldname: str, q: Any) -> Iterator[tuple[int, str]]:
        """Terms between a range's ends, in lexical order, with their frequencies."""
        inside = _in_range(q)
        if fieldname in _ALL_DOC_FIELDS:
            for term, count in sorted(self._vocabulary(fieldname).items()):
                if inside(term):
                    yield count, term
            return
        if fieldname not in self.reader.schema:
            return
        for btext, info in self.reader.iter_field(fieldname, q.start or ""):
            term = btext.decode("utf-8") if isinstance(btext, bytes) else btext
            if q.end is not None and term > q.end:
                return
            if inside(term):
                yield info.doc_frequency(), term

    def _pattern(self, fieldname: str, q: Any, pattern: str | None) -> Iterator[tuple[int, str]]:
        regex = re.compile(pattern) if pattern else None
        literal = getattr(q, "text", "")
        head = re.split(r"[*?\[]", literal, maxsplit=1)[0]
        if fieldname in _ALL_DOC_FIELDS:
            for count, term in self._prefix(fieldname, head):
                if regex is None or regex.match(term):
                    yield count, term
            return
        for btext, info in self.reader.iter_prefix(fieldname, head):
            term = btext.decode("utf-8") if isinstance(btext, bytes) else btext
            if term.startswith("§"):
                continue
            if regex is None or regex.match(term):
                yield info.doc_frequency(), term


def query_terms(q: Any, fieldname: str = DEFAULT_FIELD) -> tuple[set[str], list[list[str]]]:
    """Terms and phrases of a field that a hit must or may contain (not the negated ones)."""
    terms: set[str] = set()
    phrases: list[list[str]] = []

    def walk(node: Any) -> None:
        if isinstance(node, wq.Not):
            return
        if isinstance(node, wq.AndNot):
            walk(node.a)
            return
        if isinstance(node, wq.Phrase):
            if node.fieldname == fieldname:
                phrases.append(list(node.words))
            return
        if isinstance(node, wq.Term):
            if node.fieldname == fieldname:
                terms.add(node.text)
            return
        if not node.is_leaf():
            for child in node.children():
                walk(child)

    walk(q)
    return terms, phrases


def restrict(q: Any, fieldname: str, value: str) -> Any:
    return wq.And([q, wq.Term(fieldname, value)])


# --- searching ------------------------------------------------------------------------------


class _CancelCollector(WrappingCollector):
    """Stops collecting when the caller's event is set (a newer query replaced this one)."""

    def __init__(self, child: Collector, cancel: threading.Event) -> None:
        WrappingCollector.__init__(self, child)
        self.cancel = cancel

    def collect_matches(self) -> None:
        child = self.child
        cancel = self.cancel
        for count, sub_docnum in enumerate(child.matches(), 1):
            if not count & 255 and cancel.is_set():
                raise Cancelled
            child.collect(sub_docnum)


@dataclass(slots=True)
class Ranked:
    """Top documents of a search: (passage id, score) in rank order, and how many matched."""

    hits: list[tuple[str, float]] = field(default_factory=list)
    total: int = 0


MAX_SEARCHERS = 4
"""Whoosh searchers kept open at most: each carries its own postings and length caches (about
120 MB at 100,000 passages), so memory must not grow with the number of threads."""


class Searchers:
    """A small pool of Whoosh searchers, lent to one thread at a time (a searcher is not safe
    to share) and returned warm, so a new thread reuses caches instead of building its own.

    A thread that finds every searcher in use waits for one. Not re-entrant: a thread must
    not check out a second searcher while it holds one."""

    def __init__(self, ix: Any, size: int = MAX_SEARCHERS) -> None:
        self.ix = ix
        self.size = max(1, size)
        self._idle: list[Any] = []
        self._open = 0
        self._closed = False
        self._ready = threading.Condition()

    @property
    def opened(self) -> int:
        """How many searchers are open now (lent or idle)."""
        with self._ready:
            return self._open

    @contextlib.contextmanager
    def checkout(self) -> Iterator[Any]:
        """Lend a searcher for the duration of a `with` block; EngineError if none can open."""
        searcher = self._acquire()
        try:
            yield searcher
        finally:
            self._release(searcher)

    def _acquire(self) -> Any:
        with self._ready:
            while not self._idle and self._open >= self.size and not self._closed:
                self._ready.wait()
            if self._idle:
                return self._idle.pop()  # the most recently used: the warmest caches
            self._open += 1
        try:
            return self.ix.searcher()
        except Exception as error:  # a deleted or damaged index folder
            with self._ready:
                self._open -= 1
                self._ready.notify()
            raise EngineError(_describe(error)) from None

    def _release(self, searcher: Any) -> None:
        with self._ready:
            if not self._closed:
                self._idle.append(searcher)
                self._ready.notify()
                return
            self._open -= 1
        with contextlib.suppress(Exception):
            searcher.close()

    def close(self) -> None:
        """Close the idle searchers now and lent ones when they come back; a later checkout
        still works (it opens a searcher for that search alone)."""
        with self._ready:
            self._closed = True
            idle, self._idle = self._idle, []
            self._open -= len(idle)
            self._ready.notify_all()
        for searcher in idle:
            with contextlib.suppress(Exception):
                searcher.close()


def whoosh_pids(searcher: Any, q: Any) -> set[str]:
    """Passages Whoosh's own matchers find for a query: the reference the tests compare with."""
    return {searcher.stored_fields(n)["pid"] for n in searcher.docs_for_query(q)}


def run(
    searcher: Any,
    q: Any,
    limit: int,
    cancel: threading.Event | None = None,
) -> Ranked:
    """Rank with Whoosh's collectors (slow at scale; kept as the reference for run_vectorised)."""
    collector: Collector = TopCollector(limit=max(1, limit), usequality=False)
    outer = _CancelCollector(collector, cancel) if cancel is not None else collector
    try:
        searcher.search_with_collector(q, outer)
    except Cancelled:
        raise
    except Exception as error:
        raise EngineError(_describe(error)) from None
    results = collector.results()
    hits = [
        (results.fields(i)["pid"], float(results.score(i))) for i in range(results.scored_length())
    ]
    return Ranked(hits[:limit], collector.total)


# --- vectorised evaluation ------------------------------------------------------------------
# Whoosh's matchers walk postings one document at a time in Python, which costs tens of
# milliseconds per query at 100,000 passages. Here term postings are read a block at a time
# into numpy arrays and combined with set operations; BM25F is computed exactly as Whoosh
# does (same idf, same quantised field lengths), so the ranking is Whoosh's. Query nodes
# without a vectorised form (phrases, ranges) fall back to Whoosh's own matcher.

_B, _K1 = 0.75, 1.2


class _Vector:
    """Postings of an index as numpy arrays, for one thread's searcher."""

    def __init__(self, searcher: Any) -> None:
        import numpy as np

        self.np = np
        self.searcher = searcher
        self.reader = searcher.reader()
        self.leaves = _leaf_readers(self.reader)
        self.count = self.reader.doc_count_all()
        self._lengths: dict[str, Any] = {}
        self._avg: dict[str, float] = {}
        self._postings: dict[tuple[str, str], tuple[Any, Any]] = {}
        self.phrases = _phrase_index(searcher)
        """The index's PhraseIndex for the text field; None: positions come from Whoosh."""

    def lengths(self, fieldname: str) -> Any:
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
                    column = leaf._perdoc._cached_reader(f"_{fieldname}_len", _lengths_column())
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
        key = (fieldname, text)
        found = self._postings.get(key)
        if found is not None:
            return found
        np = self.np
        ids_parts: list[Any] = []
        weight_parts: list[Any] = []
        for leaf, offset in self.leaves:
            try:
                if (fieldname, text) not in leaf:
                    continue
                matcher = leaf.postings(fieldname, text)
            except Exception:
                continue
            if hasattr(matcher, "_read_ids") and hasattr(matcher, "_next_block"):
                while matcher.is_active():
                    matcher._read_ids()
                    matcher._read_weights()
                    ids_parts.append(np.asarray(matcher._ids, dtype=np.int64) + offset)
                    weight_parts.append(np.asarray(matcher._weights, dtype=np.float64))
                    matcher._next_block()
            else:
                ids, weights = [], []
                while matcher.is_active():
                    ids.append(matcher.id())
                    weights.append(matcher.weight())
                    matcher.next()
                ids_parts.append(np.asarray(ids, dtype=np.int64) + offset)
                weight_parts.append(np.asarray(weights, dtype=np.float64))
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
            try:
                if (fieldname, text) not in leaf:
                    continue
                matcher = leaf.postings(fieldname, text)
            except Exception:
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


_PHRASE_LOCK = threading.Lock()


def _phrase_index(searcher: Any) -> PhraseIndex | None:
    """One PhraseIndex per open index, shared by its searchers (it is read-only)."""
    ix = getattr(searcher, "_ix", None)
    if ix is None:
        return None
    with _PHRASE_LOCK:
        found = getattr(ix, "_xref_phrases", False)
        if found is False:
            found = PhraseIndex.load(ix.storage)
            if found is not None and found.docs != searcher.doc_count_all():
                found = None  # not this index's numbering: never trust it
            ix._xref_phrases = found
    return found


def _decode_positions(value: bytes) -> list[int]:
    """whoosh.formats.Positions.decode_positions without its Python loop over every position
    (the deltas are summed in C): phrases decode positions for every candidate passage."""
    if not value.endswith(b"."):
        value += b"."
    return list(accumulate(pickle.loads(value[_INT_SIZE:])))  # our own index folder only


def _lengths_column() -> Any:
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN

    return LENGTHS_COLUMN


_SCORED_FIELDS = ("text", "title", "issuer")


class _Evaluator:
    def __init__(
        self, vector: _Vector, cancel: threading.Event | None, docfields: DocFields | None
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
            inside = _in_range(q)
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
        if isinstance(q, wq.Phrase) and q.slop == 1 and q.words:
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
        idf = np.log(n / (len(ids) + 1)) + 1
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
            cids, cscores = self.run(child)
            if ids is None:
                ids, scores = cids, cscores
            else:
                common, left, right = np.intersect1d(
                    ids, cids, assume_unique=True, return_indices=True
                )
                ids, scores = common, scores[left] + cscores[right]
            if not len(ids):
                return self.empty()
        for child in costly:
            if isinstance(child, wq.Phrase) and child.slop == 1 and child.words:
                cids, cscores = self.phrase(child, within=ids)
            else:
                cids, cscores = self.fallback(child, within=ids)
            if ids is None:
                ids, scores = cids, cscores
            else:
                common, left, right = np.intersect1d(
                    ids, cids, assume_unique=True, return_indices=True
                )
                ids, scores = common, scores[left] + cscores[right]
            if not len(ids):
                return self.empty()
        for child in negative:
            banned, _ = self.run(child)
            mask = ~np.isin(ids, banned, assume_unique=True)
            ids, scores = ids[mask], scores[mask]
        return ids, scores

    def phrase(self, q: Any, within: Any = None) -> tuple[Any, Any]:
        """Documents with the words at consecutive positions; scored as the sum of the words'
        BM25F (Whoosh scores the phrase count instead: close, not identical)."""
        np = self.np
        ids, scores = self.conjunction([wq.Term(q.fieldname, w, boost=q.boost) for w in q.words])
        if within is not None and len(ids):
            mask = np.isin(ids, within, assume_unique=True)
            ids, scores = ids[mask], scores[mask]
        if len(q.words) == 1 or not len(ids):
            return ids, scores
        self._check()
        phrases = self.v.phrases
        if phrases is not None and q.fieldname == DEFAULT_FIELD:
            keep = np.isin(ids, phrases.documents(q.words), assume_unique=True)
            return ids[keep], scores[keep]
        lists = [self.v.positions(q.fieldname, w, ids) for w in q.words]
        self._check()
        keep = np.zeros(len(ids), dtype=bool)
        first_words, later_words = lists[0], list(enumerate(lists[1:], 1))
        for j, docnum in enumerate(ids.tolist()):
            starts = set(first_words.get(docnum, ()))
            for i, found in later_words:  # starts where word i follows at start + i
                if not starts:
                    break
                starts.intersection_update([p - i for p in found.get(docnum, ())])
            keep[j] = bool(starts)
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


def _vector_for(searcher: Any) -> _Vector:
    vector = getattr(searcher, "_xref_vector", None)
    if vector is None:
        vector = _Vector(searcher)
        searcher._xref_vector = vector
    return vector


def run_vectorised(
    searcher: Any,
    q: Any,
    limit: int,
    cancel: threading.Event | None = None,
    docfields: DocFields | None = None,
) -> Ranked:
    """Rank passages for a parsed, expanded query with numpy (BM25F as Whoosh scores it)."""
    vector = _vector_for(searcher)
    try:
        ids, scores = _Evaluator(vector, cancel, docfields).run(q)
    except Cancelled:
        raise
    except Exception as error:
        raise EngineError(_describe(error)) from None
    np = vector.np
    total = len(ids)
    if limit <= 0 or not total:
        return Ranked([], total)
    top = np.argpartition(-scores, limit - 1)[:limit] if total > limit else np.arange(total)
    order = sorted(top.tolist(), key=lambda i: (-scores[i], ids[i]))
    reader = vector.reader
    try:  # stored fields are read only here: damage there shows up now, as the index's
        hits = [(reader.stored_fields(int(ids[i]))["pid"], float(scores[i])) for i in order]
    except Exception as error:
        raise EngineError(_describe(error)) from None
    return Ranked(hits, total)
