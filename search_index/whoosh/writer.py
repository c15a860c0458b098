"""Writing a passage index: one Whoosh document per Row, then the word list and the phrase
positions file beside Whoosh's own files."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage, RamStorage

from .. import forked
from ..analysis import Analyzer, second_half
from ..analysis.cache import Analysed, WordCache, same_as_analyzer
from ..analysis.second_half import Diverged
from .bulk import BulkSegmentWriter
from .phrases import PositionRecorder, global_docnums
from .schema import INDEX_NAME, make_schema, record_words
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


SAVING = "index:saving"
"""The progress stage of the commit and what follows it (no counts): 2 s at 100,000 passages,
25 s at 1,000,000, which showed as a finished index stage."""


def _open_storage(folder: Path | None) -> Any:
    if folder is None:
        return RamStorage()
    storage = FileStorage(str(folder))
    return storage


class _Diverged(Diverged):
    """The word cache gave other terms than the analyser for a passage: build again."""


def _reference(analyzer: Analyzer, pairs: set[tuple[str, str]]) -> Callable[[str], Analysed]:
    def analyse(text: str) -> Analysed:
        tokens = analyzer.tokens(text, "index")
        record_words(pairs, text, tokens)
        return Analysed([t.term for t in tokens], [t.pos for t in tokens])

    return analyse


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
    terms_out: list[list[str]] | None = None,
    on_terms: Callable[[list[list[str]]], None] | None = None,
    two_cores_from: int | None = second_half.MIN_PASSAGES,
) -> Any:
    """Write a fresh index into `folder` (None: in memory); return the Whoosh index.

    Each passage is analysed once (each distinct word once: analysis.cache.WordCache): its
    terms feed the Whoosh segment (bulk.py), the phrase positions, the surface words and,
    when `terms_out` is given, the query-mode terms of every passage in order (for the
    links). `on_terms(terms_out)` is called once they are complete, before the Whoosh
    segment is written (the links of a big corpus start then, in another process).
    From `two_cores_from` passages (None: never) a forked child analyses the second half
    (analysis.second_half). `procs` > 1: Whoosh's own multiprocessing writer, one segment
    per process (slower here; kept for multi-segment indexes)."""
    if procs > 1:
        return _build_multiprocess(folder, analyzer, rows, total, progress, limitmb, procs, timings)
    rows = rows if isinstance(rows, list) else list(rows)
    build_as = partial(_build, folder, analyzer, rows, total, progress, limitmb, timings, terms_out)
    with _no_cyclic_collection():
        try:
            return build_as(True, on_terms, two_cores_from)
        except _Diverged:  # the word cache disagreed with the analyser: the analyser alone
            if folder is not None:
                for entry in Path(folder).iterdir():
                    if entry.is_file():
                        entry.unlink()
            if terms_out is not None:
                terms_out.clear()
        return build_as(False, on_terms)


@contextmanager
def _no_cyclic_collection() -> Iterator[None]:
    """The garbage collector paused for a build. A build allocates millions of lists and
    keeps them (every passage's terms, every term's postings) and makes no cycles worth
    collecting, so each full collection only walked what it holds, more often as it grew:
    at 100,000 passages 0.8-1 s of 13-14 s; the forked children inherit the pause."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _cached(
    analyse: Callable[[str], Analysed], analyzer: Analyzer, row: Row, check: bool
) -> Analysed:
    """The word cache's analysis of a passage; any error, or (when checked) other terms than
    Analyzer.tokens, raises _Diverged: the build starts again with the analyser alone."""
    try:
        analysed = analyse(row.text)
        same = not check or same_as_analyzer(analyzer, row.text, analysed)
    except Exception as exc:
        raise _Diverged(row.pid) from exc
    if not same:
        raise _Diverged(row.pid)
    return analysed


CHECK_EVERY = 997
"""Every this many passages (and the first 32), the word cache's result is compared with
Analyzer.tokens; a difference means the analyser changed without the cache: build again
with the analyser alone."""


def _analyse_all(
    analyse: Callable[[str], Analysed],
    analyzer: Analyzer,
    rows: list[Row],
    fast: bool,
    pairs: set[tuple[str, str]],
    progress: Callable[[str, int, int], None] | None,
    two_cores_from: int | None,
    timings: dict[str, float] | None,
) -> list[Analysed | None]:
    """Every passage analysed, in order: the second half by a forked child
    (analysis.second_half) when the corpus is big enough and a child can be made; then
    timings["analyse_wait"] is the wait for the child's half and its transfer."""
    import time

    total = len(rows)

    def one(i: int) -> Analysed:
        if not fast:
            return analyse(rows[i].text)
        done = i + 1
        return _cached(analyse, analyzer, rows[i], done <= 32 or done % CHECK_EVERY == 1)

    mid = total
    child = None
    if fast and two_cores_from is not None and forked.can_fork(total, two_cores_from):
        mid = total // 2
        child = second_half.start(one, pairs, mid, total)
    step = max(1, min(1000, total // 100 or 1))
    analysed: list[Analysed | None] = []
    try:
        for i in range(mid):
            analysed.append(one(i))
            if progress is not None and (i + 1) % step == 0:
                progress("index", (i + 1) * total // (2 * mid), total)
        if child is not None:
            waited = time.perf_counter()
            try:
                found = child.take()
            except Diverged as error:
                raise _Diverged(str(error)) from None
            if found is None:  # the child failed: this process analyses its half
                analysed.extend(one(i) for i in range(mid, total))
            else:
                analysed.extend(found[0])
                pairs.update(found[1])
            if timings is not None:  # also after a failed child: the user sees it took longer
                timings["analyse_wait"] = round(time.perf_counter() - waited, 4)
            child = None
    finally:
        if child is not None:
            child.abandon()
    return analysed


def _build(
    folder: Path | None,
    analyzer: Analyzer,
    rows: list[Row],
    total: int,
    progress: Callable[[str, int, int], None] | None,
    limitmb: int,
    timings: dict[str, float] | None,
    terms_out: list[list[str]] | None,
    fast: bool,
    on_terms: Callable[[list[list[str]]], None] | None = None,
    two_cores_from: int | None = second_half.MIN_PASSAGES,
) -> Any:
    import time

    storage = _open_storage(folder)
    if folder is not None:
        storage.create()
    ix = storage.create_index(make_schema(analyzer), indexname=INDEX_NAME)
    writer = BulkSegmentWriter(ix, limitmb=limitmb)
    pairs: set[tuple[str, str]] = set()
    positions = PositionRecorder()
    order: list[str] = []
    try:
        analyse = WordCache(analyzer, pairs).analyse if fast else _reference(analyzer, pairs)
    except Exception as exc:  # the analyser's internals changed without the cache
        raise _Diverged("word cache") from exc
    add = writer.add_analysed
    started = time.perf_counter()
    step = max(1, min(1000, total // 100 or 1))
    half = total // 2
    try:
        # First every passage analysed, then written: the terms exist before Whoosh's part
        # begins, so the links can be built from them meanwhile (`on_terms`, another core).
        analysed = _analyse_all(
            analyse, analyzer, rows, fast, pairs, progress, two_cores_from, timings
        )
        analysed_at = time.perf_counter()
        if terms_out is not None:
            terms_out.extend(a.query_terms() for a in analysed if a is not None)
            if on_terms is not None:
                on_terms(terms_out)
        for done, row in enumerate(rows, 1):
            found = analysed[done - 1]
            analysed[done - 1] = None  # written: its lists can go
            assert found is not None
            fields: dict[str, Any] = {"pid": row.pid, "doc": row.doc}
            if row.themes:
                fields["theme"] = " ".join(row.themes)
            add(fields, "text", found.terms)
            positions.add_lists(found.terms, found.positions)
            order.append(row.pid)
            if progress is not None and done % step == 0:
                progress("index", half + done // 2, total)
        if progress is not None:
            progress("index", total, total)
            progress(SAVING, 0, 0)
        mid = time.perf_counter()
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    end = time.perf_counter()
    write_surface_words(ix, pairs)
    words = time.perf_counter()
    docnums = global_docnums(ix, order, 1)
    del order
    if docnums is not False:
        positions.write(ix, docnums)
    if timings is not None:
        timings["analyse"] = round(analysed_at - started, 4)
        timings["index"] = round(mid - started, 4)
        timings["commit"] = round(end - mid, 4)
        timings["words"] = round(words - end, 4)
        timings["positions"] = round(time.perf_counter() - words, 4)
    return ix


def _build_multiprocess(
    folder: Path | None,
    analyzer: Analyzer,
    rows: Iterable[Row],
    total: int,
    progress: Callable[[str, int, int], None] | None,
    limitmb: int,
    procs: int,
    timings: dict[str, float] | None,
) -> Any:
    """Whoosh's multiprocessing writer: the child processes analyse for the segments, this
    one again for the surface words and the phrase positions."""
    import time

    storage = _open_storage(folder)
    if folder is not None:
        storage.create()
    ix = storage.create_index(make_schema(analyzer), indexname=INDEX_NAME)
    writer = ix.writer(limitmb=limitmb, procs=procs, multisegment=True)
    pairs: set[tuple[str, str]] = set()
    positions = PositionRecorder()
    order: list[str] = []
    started = time.perf_counter()
    try:
        for done, row in enumerate(rows, 1):
            items = analyzer.tokens(row.text, "index")
            record_words(pairs, row.text, items)
            fields: dict[str, Any] = {"pid": row.pid, "doc": row.doc, "text": row.text}
            if row.themes:
                fields["theme"] = " ".join(row.themes)
            writer.add_document(**fields)
            positions.add(items)
            order.append(row.pid)
            if progress is not None and (done % 1000 == 0 or done == total):
                progress("index", done, total)
        if progress is not None:
            progress(SAVING, 0, 0)
        mid = time.perf_counter()
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    end = time.perf_counter()
    write_surface_words(ix, pairs)
    docnums = global_docnums(ix, order, procs)
    if docnums is not False:
        positions.write(ix, docnums)
    if timings is not None:
        timings["index"] = round(mid - started, 4)
        timings["commit"] = round(end - mid, 4)
    return ix
