"""The search API the command line and the reader call: queries in, ranked highlighted hits out.

Safe to call from any thread (a search borrows one of a few pooled Whoosh searchers) and
cancellable with a threading.Event, so the reader can drop a stale query while the user types.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from ..analysis import Analyzer
from ..corpus import Corpus
from ..whoosh.docfields import DocFields
from ..whoosh.errors import Cancelled, EngineError, QuerySyntaxError
from ..whoosh.expander import Expander
from ..whoosh.querytree import (
    contains_every,
    is_empty,
    plain_words_query,
    query_terms,
    restrict,
)
from ..whoosh.schema import document_date, make_schema
from ..whoosh.searchers import Searchers
from ..whoosh.surface_words import SurfaceWords
from .errors import IndexUnreadable, QueryError, SearchCancelled
from .query import check_syntax, with_typed_prefix
from .results import Hit, SearchResult
from .snippets import LONG_TEXT, highlight_spans

DEFAULT_LIMIT = 20
TOKEN_CACHE = 1024
"""Passages whose analysed tokens are kept for highlighting the next keystroke's hits."""


class SearchIndex:
    """An opened passage index; create it with search_index.index.open_index."""

    def __init__(self, ix: Any, corpus: Corpus, analyzer: Analyzer) -> None:
        self.corpus = corpus
        self.analyzer = analyzer
        self._ix = ix
        self._schema = make_schema(analyzer, for_queries=True)
        self._docfields = DocFields(
            analyzer,
            lambda: [(d.id, d.title, d.issuer) for d in corpus.documents],
            lambda: {
                "date": {d.id: document_date(d.date) for d in corpus.documents},
                "lang": {d.id: (d.language or "").lower() or None for d in corpus.documents},
            },
        )
        self.searchers = Searchers(ix)
        self.plain_python = False
        """Rank in plain Python where the query allows (whoosh/plain.py): the same hits and
        scores without importing NumPy, which costs more than a whole one-off search (the
        command line); slower per query than NumPy's arrays at 100,000 passages (the
        reader)."""
        """The pool of Whoosh searchers; check one out to ask Whoosh directly (diagnostics)."""
        self._local = threading.local()
        self._tokens: dict[str, list[Any]] = {}
        self._token_lock = threading.Lock()
        self._words: SurfaceWords | None = None
        self._words_lock = threading.Lock()

    def close(self) -> None:
        self.searchers.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _surface_words(self) -> SurfaceWords:
        """The index's words as written, read on the first prefix or wildcard (EngineError
        if the file is damaged)."""
        with self._words_lock:
            if self._words is None:
                self._words = SurfaceWords.load(self._ix)
            return self._words

    def _parser(self) -> Any:
        parser = getattr(self._local, "parser", None)
        if parser is None:
            from ..whoosh.parser import make_parser  # Whoosh's parser: not for plain words

            parser = self._local.parser = make_parser(self._schema, self.analyzer)
        return parser

    def expanded(self, query: str, *, as_you_type: bool = False) -> Any:
        """The query as it is run: parsed, prefixes expanded (for tests and diagnostics)."""
        q = self.parse(query, as_you_type=as_you_type)
        try:
            with self.searchers.checkout() as searcher:
                return self._expander(searcher, as_you_type).rewrite(q).normalize()
        except QuerySyntaxError as error:
            raise QueryError(str(error)) from None
        except EngineError as error:
            raise IndexUnreadable(f"the search index could not be read ({error})") from None

    def _expander(
        self, searcher: Any, as_you_type: bool, cancel: threading.Event | None = None
    ) -> Expander:
        return Expander(
            searcher.reader(),
            self.analyzer,
            docfields=self._docfields,
            loose=as_you_type,
            words=self._surface_words,
            cancel=cancel,
        )

    def parse(self, query: str, *, as_you_type: bool = False) -> Any:
        """The Whoosh query for a query string; QueryError with a sentence if it is wrong."""
        check_syntax(query)
        text = with_typed_prefix(query, self.analyzer.alias_regex) if as_you_type else query
        q = plain_words_query(self._schema, self.analyzer, text)
        if q is None:
            from ..whoosh.parser import parse

            try:
                q = parse(self._parser(), text)
            except QuerySyntaxError as error:
                raise QueryError(str(error)) from None
        if is_empty(q):
            raise QueryError(
                "the query has no words to search for (only stop words, punctuation or operators)"
            )
        if contains_every(q):
            raise QueryError("a lone * would match every passage: put some letters before it")
        return q

    def search(
        self,
        query: str,
        *,
        limit: int = DEFAULT_LIMIT,
        doc: str | None = None,
        as_you_type: bool = False,
        cancel: threading.Event | None = None,
    ) -> SearchResult:
        """Ranked hits (BM25F) with snippets and exact match spans."""
        started = time.perf_counter()
        q = self.parse(query, as_you_type=as_you_type)
        if doc is not None:
            try:
                self.corpus.document(doc)
            except KeyError:
                raise QueryError(f"there is no document with the id {doc!r}") from None
            q = restrict(q, "doc", doc)
        try:
            with self.searchers.checkout() as searcher:
                expander = self._expander(searcher, as_you_type, cancel)
                q = expander.rewrite(q)
                q = q.normalize()
                if cancel is not None and cancel.is_set():
                    raise SearchCancelled
                ranked = None
                if self.plain_python:
                    from ..whoosh.plain import run_plain

                    ranked = run_plain(searcher, q, max(0, limit), cancel, self._docfields)
                if ranked is None:
                    from ..whoosh.evaluation import run_vectorised  # NumPy's, on first use

                    ranked = run_vectorised(searcher, q, max(0, limit), cancel, self._docfields)
        except Cancelled:
            raise SearchCancelled from None
        except QuerySyntaxError as error:
            raise QueryError(str(error)) from None
        except EngineError as error:
            raise IndexUnreadable(f"the search index could not be read ({error})") from None
        found_terms, phrases = query_terms(q)
        terms = frozenset(found_terms)
        hits = []
        for pid, score in ranked.hits:
            try:
                passage = self.corpus.passage(pid)
            except KeyError:
                continue
            document = self.corpus.document_of(passage)
            hits.append(Hit(pid, document.id, document.title, score, self, terms, phrases))
        took = (time.perf_counter() - started) * 1000
        return SearchResult(query, hits, ranked.total, took, expander.truncated, terms, phrases)

    def passage_spans(
        self, pid: str, text: str, terms: frozenset[str], phrases: list[list[str]]
    ) -> list[tuple[int, int]]:
        """Match spans in a passage; its tokens are remembered for the next keystroke (the
        hits of a query typed one letter further are mostly the same passages). A very long
        passage is read a window at a time, only as far as the first matches, and not kept."""
        if len(text) > LONG_TEXT:
            return highlight_spans(self.analyzer, text, terms, phrases)
        with self._token_lock:
            tokens = self._tokens.pop(pid, None)
        if tokens is None:
            tokens = self.analyzer.tokens(text, "index")
        with self._token_lock:
            self._tokens[pid] = tokens
            while len(self._tokens) > TOKEN_CACHE:
                self._tokens.pop(next(iter(self._tokens)))
        return highlight_spans(self.analyzer, text, terms, phrases, tokens)

    def spans(self, text: str, result: SearchResult) -> list[tuple[int, int]]:
        """Match spans of a result's query in any text (the reader highlights open documents)."""
        return highlight_spans(self.analyzer, text, result.terms, result.phrases)
