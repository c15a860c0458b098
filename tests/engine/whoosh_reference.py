"""Whoosh's own matchers and collectors: the reference the vectorised evaluation is checked
against (slow at scale, so the engine never runs them)."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from whoosh.collectors import Collector, TopCollector, WrappingCollector
from whoosh.fields import TEXT
from whoosh.filedb.filestore import FileStorage

from search_index.analysis import Analyzer
from search_index.whoosh.errors import Cancelled, EngineError, describe
from search_index.whoosh.evaluation import Ranked
from search_index.whoosh.schema import INDEX_NAME, make_schema, passage_ids
from search_index.whoosh.writer import Row


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


def whoosh_pids(searcher: Any, q: Any) -> set[str]:
    """Passages Whoosh's own matchers find for a query: the reference the tests compare with."""
    pids = passage_ids(searcher.reader())
    return {pids[n] for n in searcher.docs_for_query(q)}


def run(
    searcher: Any,
    q: Any,
    limit: int,
    cancel: threading.Event | None = None,
) -> Ranked:
    """Rank with Whoosh's collectors (slow at scale; the reference for run_vectorised)."""
    collector: Collector = TopCollector(limit=max(1, limit), usequality=False)
    outer = _CancelCollector(collector, cancel) if cancel is not None else collector
    try:
        searcher.search_with_collector(q, outer)
    except Cancelled:
        raise
    except Exception as error:
        raise EngineError(describe(error)) from None
    results = collector.results()
    pids = passage_ids(searcher.reader())
    hits = [
        (pids[results.docnum(i)], float(results.score(i))) for i in range(results.scored_length())
    ]
    return Ranked(hits[:limit], collector.total)


def positions_index(folder: Path, analyzer: Analyzer, rows: Iterable[Row]) -> Any:
    """The passages indexed by Whoosh's own writer with positions in the text field: the
    reference for phrases, which the engine's index answers from its positions file (its
    text field keeps frequencies only). One segment, passages in order: docnums agree."""
    schema = make_schema(analyzer)
    tokenizer = schema["text"].analyzer
    schema.remove("text")
    schema.add("text", TEXT(analyzer=tokenizer, phrase=True))
    schema["text"].multitoken_query = "phrase"
    storage = FileStorage(str(folder))
    storage.create()
    ix = storage.create_index(schema, indexname=INDEX_NAME)
    writer = ix.writer()
    for row in rows:
        fields = {"pid": row.pid, "doc": row.doc, "text": row.text}
        if row.themes:
            fields["theme"] = " ".join(row.themes)
        writer.add_document(**fields)
    writer.commit()
    return ix
