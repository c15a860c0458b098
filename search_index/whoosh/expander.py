"""Prefix, wildcard, fuzzy and range words of a query tree replaced by a bounded number of the
most frequent matching terms."""

from __future__ import annotations

import heapq
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from whoosh import query as wq

from ..analysis import Analyzer, normalise_word
from .docfields import DocFields
from .errors import Cancelled, QuerySyntaxError
from .querytree import has_hangul, korean_word_query
from .schema import ALL_DOC_FIELDS, DEFAULT_FIELD, DOC_FIELDS, fold
from .surface_words import SurfaceWords, line_pattern

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


def _cjk(text: str) -> bool:
    return any(0xAC00 <= ord(c) <= 0xD7A3 or 0x4E00 <= ord(c) <= 0x9FFF for c in text)


def _lone_cjk(q: Any) -> bool:
    """A word or prefix of one CJK character in a text field (not in a phrase)."""
    if not isinstance(q, wq.Term | wq.Prefix) or q.fieldname not in (DEFAULT_FIELD, *DOC_FIELDS):
        return False
    text = q.text
    return isinstance(text, str) and len(text) == 1 and _cjk(text)


def in_range(q: Any) -> Callable[[str], bool]:
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
        if fieldname in ALL_DOC_FIELDS:
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
            if has_hangul(text) and len(text) >= 2:
                # Hangul is indexed as pairs, so a word being typed is already a prefix of
                # every word it starts; read it as the word (its particle left out).
                found = korean_word_query(self.analyzer, fieldname, text, q.boost)
                return wq.NullQuery if found is None else found
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
                terms, cut = words.select(in_range(q), self.limit, self._check)
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
        if fieldname in ALL_DOC_FIELDS:
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
        if fieldname in ALL_DOC_FIELDS:
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
        inside = in_range(q)
        if fieldname in ALL_DOC_FIELDS:
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
        if fieldname in ALL_DOC_FIELDS:
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
