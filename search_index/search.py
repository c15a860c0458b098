"""The search API the command line and the reader call: queries in, ranked highlighted hits out.

Safe to call from any thread (a search borrows one of a few pooled Whoosh searchers) and
cancellable with a threading.Event, so the reader can drop a stale query while the user types.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from . import engine
from .analysis import Analyzer
from .corpus import Corpus

DEFAULT_LIMIT = 20
MAX_QUERY_LENGTH = 1000
SNIPPET_LENGTH = 240
TOKEN_CACHE = 1024
"""Passages whose analysed tokens are kept for highlighting the next keystroke's hits."""

_FIELD_NAMES = (*engine.FILTER_FIELDS, engine.DEFAULT_FIELD)
_FIELD_USE = re.compile(r"(?<![\w:])([^\W\d]\w*):(?!//)")
_LAST_WORD = re.compile(r"(?<![\w'’\-:~*])([^\W_][\w'’\-]*)$")
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"})
_SENTENCE_END = re.compile(r"(?<=[.!?;])(?<!\b[^\W\d_]\.)[\"'”’)]*\s+")
"""Where a sentence ends; not after a single letter and a dot (the U.N. and U.S. of dotted
acronyms, an initial as in J. Smith)."""
_DATE_USE = re.compile(r"(?<![\w:])date:")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\*?")
_DATE_RANGE = re.compile(r"[\[{]([^\]}]*)[\]}]")
_RANGE_TO = re.compile(r"^\s*(.*?)\s*\bTO\b\s*(.*?)\s*$", re.IGNORECASE | re.DOTALL)
DATE_HELP = engine.DATE_HELP


def _date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None


class QueryError(ValueError):
    """A query that cannot be searched; str(error) is one sentence naming the problem."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SearchCancelled(Exception):
    """The caller's cancel event was set while the search ran."""


class IndexUnreadable(Exception):
    """The index files failed while searching (damaged after opening); rebuild with --rebuild."""


class Hit:
    """One matching passage; `matches` are (start, end) offsets into the passage's text.

    The snippet and match spans are worked out on first access, so a caller that shows only
    the first screen of hits pays only for those."""

    __slots__ = (
        "_details",
        "_owner",
        "_phrases",
        "_terms",
        "document",
        "passage",
        "score",
        "title",
    )

    def __init__(
        self,
        passage: str,
        document: str,
        title: str,
        score: float,
        owner: SearchIndex,
        terms: frozenset[str],
        phrases: list[list[str]],
    ) -> None:
        self.passage = passage
        self.document = document
        self.title = title
        self.score = score
        self._owner = owner
        self._terms = terms
        self._phrases = phrases
        self._details: tuple[list[tuple[int, int]], str, int] | None = None

    def _work_out(self) -> tuple[list[tuple[int, int]], str, int]:
        if self._details is None:
            text = self._owner.corpus.passage(self.passage).text
            spans = self._owner._spans_of(self.passage, text, self._terms, self._phrases)
            snippet, offset = make_snippet(text, spans)
            self._details = (spans, snippet, offset)
        return self._details

    @property
    def matches(self) -> list[tuple[int, int]]:
        return self._work_out()[0]

    @property
    def snippet(self) -> str:
        return self._work_out()[1]

    @property
    def snippet_start(self) -> int:
        """Offset of the snippet in the passage text (a leading '…' is not counted)."""
        return self._work_out()[2]

    def __repr__(self) -> str:
        return f"Hit({self.passage!r}, score={self.score:.3f})"

    def to_json(self) -> dict[str, Any]:
        return {
            "passage": self.passage,
            "document": self.document,
            "title": self.title,
            "score": round(self.score, 4),
            "snippet": self.snippet,
            "matches": [[s, e] for s, e in self.matches],
        }


@dataclass(slots=True)
class SearchResult:
    query: str
    hits: list[Hit]
    total: int
    took_ms: float
    truncated: bool = False
    """A prefix, wildcard or fuzzy word had more completions than were searched."""
    terms: frozenset[str] = frozenset()
    phrases: list[list[str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "took_ms": round(self.took_ms, 2),
            "total": self.total,
            "truncated": self.truncated,
            "hits": [hit.to_json() for hit in self.hits],
        }


def _outside_quotes(text: str) -> str:
    """The query with quoted parts blanked out (same length), for syntax checks."""
    return re.sub(r'"[^"]*"', lambda m: " " * len(m.group()), text)


def check_syntax(text: str) -> None:
    """Problems Whoosh would silently paper over, reported as sentences."""
    if not text.strip():
        raise QueryError("the query is empty: type a word to search for")
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(
            f"the query is {len(text):,} characters long; the limit is {MAX_QUERY_LENGTH:,}"
        )
    if text.count('"') % 2:
        raise QueryError('a quotation mark (") is not closed: add the closing one or remove it')
    bare = _outside_quotes(text)
    for opening, closing in ("()", "[]", "{}"):
        depth = 0
        for ch in bare:
            if ch == opening:
                depth += 1
            elif ch == closing:
                depth -= 1
                if depth < 0:
                    raise QueryError(f"there is a '{closing}' without an opening '{opening}'")
        if depth > 0:
            raise QueryError(f"a '{opening}' is not closed: add '{closing}' or remove it")
    for match in _FIELD_USE.finditer(bare):
        name = match.group(1)
        if name not in _FIELD_NAMES:
            known = ", ".join(f"{n}:" for n in engine.FILTER_FIELDS)
            raise QueryError(f"unknown field '{name}:'; the fields are {known}")
    _check_dates(bare)
    stripped = bare.strip()
    if stripped in ("*", "?") or re.fullmatch(r"[*?\s]+", stripped or "x"):
        raise QueryError("a lone * or ? would match every passage: put some letters before it")


def _bad_date(value: str) -> QueryError:
    return QueryError(f"a date in the query is not valid ('{value}'): {DATE_HELP}")


def _check_date(value: str) -> None:
    """A date literal must be a real YYYY, YYYY-MM or YYYY-MM-DD (Whoosh's own errors for
    anything else read like Python: "invalid literal for int()", "month must be in 1..12")."""
    bare = value.strip("'")
    match = _DATE.fullmatch(bare)
    try:
        if match is None:
            raise ValueError(value)
        dt.date(int(match[1]), int(match[2] or 1), int(match[3] or 1))
    except ValueError:
        raise _bad_date(value) from None


def _check_date_range(inner: str, written: str) -> None:
    ends = _RANGE_TO.match(inner)
    if ends is None:
        raise _bad_date(written)
    for end in ends.groups():
        if end:
            _check_date(end)


def _check_dates(bare: str) -> None:
    """Every value given to date: (a date, a range, or a group of them) is a valid date."""
    for use in _DATE_USE.finditer(bare):
        rest = bare[use.end() :]
        if rest[:1] in ("[", "{"):
            found = _DATE_RANGE.match(rest)
            if found is None:
                raise _bad_date(rest.split()[0] if rest.split() else rest)
            _check_date_range(found.group(1), found.group(0))
            continue
        if rest[:1] == "(":
            depth, end = 0, len(rest)
            for k, ch in enumerate(rest):
                depth += (ch == "(") - (ch == ")")
                if depth == 0:
                    end = k
                    break
            group = rest[1:end]
            for found in _DATE_RANGE.finditer(group):
                _check_date_range(found.group(1), found.group(0))
            for word in _DATE_RANGE.sub(" ", group).replace("(", " ").replace(")", " ").split():
                if word not in _OPERATORS:
                    _check_date(word)
            continue
        value = re.match(r"[^\s()]*", rest).group()
        if value:
            _check_date(value)


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def highlight_spans(
    analyzer: Analyzer,
    text: str,
    terms: Iterable[str],
    phrases: Iterable[list[str]] = (),
    tokens: list[Any] | None = None,
) -> list[tuple[int, int]]:
    """Character spans of `text` that carry the given terms, or phrases in sequence."""
    terms = set(terms)
    phrases = [p for p in phrases if p]
    if tokens is None:
        tokens = analyzer.tokens(text, "index")
    spans = [(t.start, t.end) for t in tokens if t.term in terms]
    if phrases:
        by_pos: dict[int, list[Any]] = defaultdict(list)
        for token in tokens:
            by_pos[token.pos].append(token)
        for words in phrases:
            for pos in list(by_pos):
                chain = []
                for i, word in enumerate(words):
                    found = [t for t in by_pos.get(pos + i, ()) if t.term == word]
                    if not found:
                        break
                    chain.append(max(found, key=lambda t: t.end - t.start))
                else:
                    # A phrase is one span, stop words between its terms included.
                    spans.append((chain[0].start, max(t.end for t in chain)))
    return merge_spans(spans)


def make_snippet(text: str, spans: list[tuple[int, int]], length: int = SNIPPET_LENGTH):
    """(snippet, offset): the sentence around the first match, cut at word boundaries."""
    if len(text) <= length:
        return text, 0
    first, last = (spans[0][0], spans[0][1]) if spans else (0, 0)
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, first):
        start = m.end()
    end = len(text)
    m = _SENTENCE_END.search(text, last)
    if m:
        end = m.start()
    if end - start > length:
        if first - start > length // 3:
            start = max(start, first - length // 3)
            space = text.find(" ", start, first)
            start = space + 1 if space != -1 else start
        end = min(end, start + length)
        if end < len(text):
            space = text.rfind(" ", max(first, start), end)
            end = space if space > start else end
    snippet = text[start:end].strip()
    lead = len(text[start:end]) - len(text[start:end].lstrip())
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return f"{prefix}{snippet}{suffix}", start + lead


class SearchIndex:
    """An opened passage index; create it with search_index.index.open_index."""

    def __init__(self, ix: Any, corpus: Corpus, analyzer: Analyzer) -> None:
        self.corpus = corpus
        self.analyzer = analyzer
        self._ix = ix
        self._schema = engine.make_schema(analyzer, for_queries=True)
        self._docfields = engine.DocFields(
            analyzer,
            [(d.id, d.title, d.issuer) for d in corpus.documents],
            {
                "date": {d.id: _date(d.date) for d in corpus.documents},
                "lang": {d.id: (d.language or "").lower() or None for d in corpus.documents},
            },
        )
        self._searchers = engine.Searchers(ix)
        self._local = threading.local()
        self._tokens: dict[str, list[Any]] = {}
        self._token_lock = threading.Lock()
        self._words: engine.SurfaceWords | None = None
        self._words_lock = threading.Lock()

    def close(self) -> None:
        self._searchers.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _surface_words(self) -> engine.SurfaceWords:
        """The index's words as written, read on the first prefix or wildcard (EngineError
        if the file is damaged)."""
        with self._words_lock:
            if self._words is None:
                self._words = engine.SurfaceWords.load(self._ix)
            return self._words

    def _parser(self) -> Any:
        parser = getattr(self._local, "parser", None)
        if parser is None:
            parser = self._local.parser = engine.make_parser(self._schema, self.analyzer)
        return parser

    def _as_you_type(self, text: str) -> str:
        """Make the word being typed a prefix (unless it ends a quote, an alias or a field)."""
        if text != text.rstrip() or text.count('"') % 2:
            return text
        match = _LAST_WORD.search(text)
        if not match or match.group(1) in _OPERATORS:
            return text
        regex = self.analyzer.alias_regex
        if regex is not None:
            for alias in regex.finditer(text):
                if alias.end() == len(text):
                    return text
        return text + "*"

    def expanded(self, query: str, *, as_you_type: bool = False) -> Any:
        """The query as it is run: parsed, prefixes expanded (for tests and diagnostics)."""
        q = self.parse(query, as_you_type=as_you_type)
        try:
            with self._searchers.checkout() as searcher:
                return self._expander(searcher, as_you_type).rewrite(q).normalize()
        except engine.QuerySyntaxError as error:
            raise QueryError(str(error)) from None
        except engine.EngineError as error:
            raise IndexUnreadable(f"the search index could not be read ({error})") from None

    def _expander(
        self, searcher: Any, as_you_type: bool, cancel: threading.Event | None = None
    ) -> engine.Expander:
        return engine.Expander(
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
        text = self._as_you_type(query) if as_you_type else query
        try:
            q = engine.parse(self._parser(), text)
        except engine.QuerySyntaxError as error:
            raise QueryError(str(error)) from None
        if engine.is_empty(q):
            raise QueryError(
                "the query has no words to search for (only stop words, punctuation or operators)"
            )
        if engine.contains_every(q):
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
            q = engine.restrict(q, "doc", doc)
        try:
            with self._searchers.checkout() as searcher:
                expander = self._expander(searcher, as_you_type, cancel)
                q = expander.rewrite(q)
                q = q.normalize()
                if cancel is not None and cancel.is_set():
                    raise SearchCancelled
                ranked = engine.run_vectorised(searcher, q, max(0, limit), cancel, self._docfields)
        except engine.Cancelled:
            raise SearchCancelled from None
        except engine.QuerySyntaxError as error:
            raise QueryError(str(error)) from None
        except engine.EngineError as error:
            raise IndexUnreadable(f"the search index could not be read ({error})") from None
        found_terms, phrases = engine.query_terms(q)
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

    def _spans_of(
        self, pid: str, text: str, terms: frozenset[str], phrases: list[list[str]]
    ) -> list[tuple[int, int]]:
        """Match spans in a passage; its tokens are remembered for the next keystroke."""
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
