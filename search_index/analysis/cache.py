"""One analysis of each passage per build, shared by the index and the links.

The index build analyses every passage in index mode (terms, alias and hyphen-part variants
at the same position). The links and the theme tags compare query-mode terms: one term per
position, the first the index mode gives there (the alias of an alias phrase, the joined form
of a hyphenated word). So the build derives them from the index tokens instead of analysing
the corpus a second time (about 8 s at 100,000 passages), and hands them to the links stage
of the same process through `remember` / `take`.
"""

from __future__ import annotations

import weakref
from typing import Any

from .analyzer import ALIAS_PREFIX, STEM_PREFIX
from .words import WORD, simple_term

_memo: dict[tuple[int, str], tuple[Any, list[list[str]]]] = {}


def remember(corpus: Any, version: str, terms: list[list[str]]) -> None:
    """Keep the query terms of every passage of `corpus` (in corpus order) for `take`; held
    only while the corpus object lives, and only the last corpus's."""
    _memo.clear()
    try:
        ref = weakref.ref(corpus)
    except TypeError:
        return
    _memo[(id(corpus), version)] = (ref, terms)


def take(corpus: Any, version: str) -> list[list[str]] | None:
    """The terms `remember` kept for this very corpus object and analyser version (then
    forgotten: the links are built once), or None."""
    found = _memo.pop((id(corpus), version), None)
    if found is None:
        return None
    ref, terms = found
    if ref() is not corpus or len(terms) != len(corpus):
        return None
    return terms


_PLAIN, _ALIAS_START, _COMPLEX, _DROPPED = 0, 1, 2, 4


class Analysed:
    """One passage as the index build uses it: terms and positions in the analyser's token
    order (alias, hyphen-part and Korean particle variants included), and the query-mode
    terms."""

    __slots__ = ("positions", "terms")

    def __init__(self, terms: list[str], positions: list[int]) -> None:
        self.terms = terms
        self.positions = positions

    def query_terms(self) -> list[str]:
        """Analyzer.terms(text): the first term at each new position. Pairs crossing into a
        Korean particle sit at an earlier position (skipped); a lone one-syllable word is
        indexed as the marked term then its character, and a query keeps the character."""
        out: list[str] = []
        terms, poss = self.terms, self.positions
        last = -1
        for k, pos in enumerate(poss):
            if pos > last:
                term = terms[k]
                if (
                    term.startswith(STEM_PREFIX)
                    and k + 1 < len(terms)
                    and poss[k + 1] == pos
                    and terms[k + 1] == term[1:]
                ):
                    term = term[1:]
                out.append(term)
                last = pos
        return out


class WordCache:
    """Analyzer.tokens(text, 'index') for the index build, each distinct written word
    analysed once.

    A corpus has far fewer distinct words than tokens: a word's term, its (written word,
    term) pair for the surface-word list, and whether it is dropped (Korean grammar words),
    may start an alias phrase or needs the full path (hyphens, CJK) are worked out the first
    time it is seen, then read from a dict. A word that may start an alias or needs the full
    path goes through the analyser's own code (Analyzer.word_record, its alias trie and word
    rules) exactly as Analyzer.tokens does; its offsets are never needed here.
    tests/engine/test_bulk_writer.py and test_word_cache_korean.py compare passages with
    Analyzer.tokens, and `build` compares a sample as it goes (any difference or error: the
    plain analyser builds again)."""

    LIMIT = 500_000

    def __init__(self, analyzer: Any, pairs: set[tuple[str, str]]) -> None:
        self.analyzer = analyzer
        self.pairs = pairs
        """(word as written, term) of every token but aliases, as schema.record_words."""
        self._trie = analyzer._trie
        self._record = analyzer.word_record
        self._dropped = analyzer.dropped
        self._words: dict[str, tuple[str | None, int]] = {}
        self._records: dict[str, Any] = {}
        self._full_words: dict[tuple[str, bool, bool], tuple[list[str], list[int], int]] = {}
        self._findall = WORD.findall

    def _classify(self, raw: str) -> tuple[str | None, int]:
        if len(self._words) > self.LIMIT:
            self._words.clear()
            self._records.clear()
            self._full_words.clear()
        word = self._word(raw)
        if self._dropped(word):
            found = self._words[raw] = ("", _DROPPED)
            return found
        flag = _PLAIN
        if self._trie.longest and self._trie.starts(word):
            flag |= _ALIAS_START
        term = simple_term(raw)
        if term is None:
            flag |= _COMPLEX
        elif term:
            self.pairs.add((raw, term))
        found = self._words[raw] = (term, flag)
        return found

    def _word(self, raw: str) -> Any:
        """The analyser's word record, with offsets within the word itself (cached)."""
        found = self._records.get(raw)
        if found is None:
            found = self._records[raw] = self._record(raw, 0)
        return found

    def _full(self, word: Any, pos: int, terms: list[str], poss: list[int], **kw: Any) -> int:
        """The analyser's tokens of one word (worked out once per word and way of asking),
        their terms and written forms recorded; returns the next position. The particle
        pairs of a Korean word that opens a passage differ (no earlier position to join), so
        a word is worked out once at position 0 and once later (at 1, shifted)."""
        parts_only = bool(kw.get("parts_only"))
        later = pos > 0
        key = (word.text, parts_only, later)
        found = self._full_words.get(key)
        if found is None:
            out: list[Any] = []
            base = 1 if later else 0
            after = self.analyzer._word_tokens(word, base, out, **kw)
            raw = word.text
            for token in out:
                if token.kind != "alias":
                    self.pairs.add((raw[token.start : token.end], token.term))
            found = ([t.term for t in out], [t.pos - base for t in out], after - base)
            self._full_words[key] = found
        found_terms, found_poss, after = found
        terms.extend(found_terms)
        poss.extend([p + pos for p in found_poss] if pos else found_poss)
        return pos + after

    def analyse(self, text: str) -> Analysed:
        """The terms and positions Analyzer.tokens(text, 'index') gives."""
        terms: list[str] = []
        poss: list[int] = []
        add_term = terms.append
        add_pos = poss.append
        known = self._words
        words = self._findall(text)
        count = len(words)
        pos = 0
        i = 0
        while i < count:
            raw = words[i]
            term, flag = known.get(raw) or self._classify(raw)
            if flag == _PLAIN:
                if term:
                    add_term(term)
                    add_pos(pos)
                    pos += 1
                i += 1
                continue
            if flag & _DROPPED:
                i += 1
                continue
            if flag & _ALIAS_START:
                word = self._word
                window = [word(w) for w in words[i : i + self._trie.longest]]
                alias = self._trie.match(window, 0)
                if alias is not None:
                    group_id, j = alias[0], alias[1]
                    add_term(ALIAS_PREFIX + group_id)
                    add_pos(pos)
                    for part in window[:j]:
                        self._full(part, pos, terms, poss, parts_only=True)
                    pos += 1
                    i += j
                    continue
            if term is None:
                pos = self._full(self._word(raw), pos, terms, poss, query=False)
            elif term:
                add_term(term)
                add_pos(pos)
                pos += 1
            i += 1
        return Analysed(terms, poss)


def same_as_analyzer(analyzer: Any, text: str, analysed: Analysed) -> bool:
    """Whether `analysed` is what Analyzer.tokens gives for `text` (the build's spot check)."""
    tokens = analyzer.tokens(text, "index")
    return analysed.terms == [t.term for t in tokens] and analysed.positions == [
        t.pos for t in tokens
    ]
