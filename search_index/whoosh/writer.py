"""Writing a passage index: one Whoosh document per Row, then the word list and the phrase
positions file beside Whoosh's own files."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage, RamStorage

from ..analysis import Analyzer
from .phrases import PositionRecorder, global_docnums
from .schema import INDEX_NAME, AnalyzerTokenizer, make_schema, record_words
from .surface_words import write_surface_words


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
    positions = PositionRecorder()
    order: list[str] = []
    started = time.perf_counter()
    done = 0
    step = max(1, min(1000, total // 100 or 1))
    try:
        for row in rows:
            items: list[Any] | None = None
            if not in_process:  # other processes analyse: analyse again here for the words
                items = analyzer.tokens(row.text, "index")
                record_words(pairs, row.text, items)
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
    write_surface_words(ix, pairs)
    words = time.perf_counter()
    docnums = global_docnums(ix, order, procs)
    del order
    if docnums is not False:
        positions.write(ix, docnums)
    if timings is not None:
        timings["index"] = round(mid - started, 4)
        timings["commit"] = round(end - mid, 4)
        timings["words"] = round(words - end, 4)
        timings["positions"] = round(time.perf_counter() - words, 4)
    return ix


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
