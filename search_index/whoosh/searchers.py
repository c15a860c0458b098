"""A small pool of Whoosh searchers shared by the threads that search."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

from .errors import EngineError, describe

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
            raise EngineError(describe(error)) from None

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
