"""Whoosh's own matchers and collectors: the reference the vectorised evaluation is checked
against (slow at scale, so the engine never runs them)."""

from __future__ import annotations

import threading
from typing import Any

from whoosh.collectors import Collector, TopCollector, WrappingCollector

from search_index.whoosh.errors import Cancelled, EngineError, describe
from search_index.whoosh.evaluation import Ranked


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
    return {searcher.stored_fields(n)["pid"] for n in searcher.docs_for_query(q)}


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
    hits = [
        (results.fields(i)["pid"], float(results.score(i))) for i in range(results.scored_length())
    ]
    return Ranked(hits[:limit], collector.total)
