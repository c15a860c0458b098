"""Whoosh query trees without Whoosh's query parser: the tree of a query of plain words built
directly, the Korean word rule it shares with the parser, and what a tree asks for (its terms
and phrases).

Nothing here imports whoosh.qparser: importing it and making a parser (its plugins compile
some 25 patterns) and parsing took about 8 ms of a one-off `xref search WORD`, for syntax a
query of plain words does not use. parser.py (the full query language) imports from here.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from whoosh import query as wq

from ..analysis import Analyzer
from .schema import DEFAULT_FIELD

DATE_HELP = "use YYYY, YYYY-MM or YYYY-MM-DD, or a range date:[2024-01-01 TO 2024-06-30]"

_PLAIN_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
"""A word no plugin of the parser (parser.make_parser) reads as syntax: letters and digits,
joined by inner apostrophes or hyphens. Everything the query language gives a meaning to
(quotes, fields and colons, *, ?, ~, ^, + and - before a word, brackets, parentheses) falls
outside it, and so do dots, commas and slashes, which are left to the parser to be safe."""
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"})


@cache
def _hangul() -> re.Pattern[str]:
    return re.compile("[\uac00-\ud7a3]")  # compiled when first needed: 2 ms


def has_hangul(text: str) -> bool:
    """Whether a text has a Hangul syllable (read as Korean words by korean_word_query)."""
    return not text.isascii() and _hangul().search(text) is not None


def korean_word_query(analyzer: Analyzer, fieldname: str, text: str, boost: float = 1.0) -> Any:
    """The query for one word with Hangul: its content as the analyser reads it (the particle
    of 공무원은 left out), or, when that is an alias (북한 -> §dprk), the alias or the word
    as written, so 북한 still finds 북한군 and 북한인권 as the character pairs did; where the
    rules cannot tell a particle from the word's end (위협의), either reading. None when the
    word is grammar only."""
    forms: list[list[str]] = []
    for aliases, alternative in ((True, False), (False, False), (True, True), (False, True)):
        found = analyzer.tokens(text, "query", aliases=aliases, alternative=alternative)
        terms = [t.term for t in found]
        if terms and terms not in forms:
            forms.append(terms)
    subs = [
        wq.Term(fieldname, f[0], boost=boost)
        if len(f) == 1
        else wq.Phrase(fieldname, f, boost=boost)
        for f in forms
    ]
    if not subs:
        return None
    return subs[0] if len(subs) == 1 else wq.Or(subs)


def word_query(schema: Any, analyzer: Analyzer, fieldname: str, text: str) -> Any:
    """What the parser makes of one word of a text field (QueryParser.term_query with
    parser._Parser's Korean rule): the terms the field's analyser reads from it, as a Term,
    a Phrase when there are several (a hyphenated word), None for a stop word."""
    if has_hangul(text):
        return korean_word_query(analyzer, fieldname, text)
    field = schema[fieldname]
    texts = list(field.process_text(text, mode="query", tokenize=True, removestops=True))
    if len(texts) > 1:
        return wq.Phrase(fieldname, texts)
    return wq.Term(fieldname, texts[0]) if texts else None


def plain_words_query(schema: Any, analyzer: Analyzer, text: str) -> Any:
    """The tree the parser makes of a query of plain words (all must match), or None when the
    query uses anything else, or has a multi-word alias the parser keeps together ("North
    Korea"): those go to the parser. tests/engine/test_plain_words.py compares the two on
    many queries."""
    words = text.split()
    if not words or any(w in _OPERATORS or not _PLAIN_WORD.fullmatch(w) for w in words):
        return None
    if len(words) > 1 and analyzer.has_phrase_aliases:
        alias_regex = analyzer.alias_regex
        if alias_regex is not None and alias_regex.search(text):
            return None
    subs = [word_query(schema, analyzer, DEFAULT_FIELD, w) for w in words]
    q = wq.And([s for s in subs if s is not None])
    return (q or wq.NullQuery).normalize()  # as QueryParser.parse ends


def is_empty(q: Any) -> bool:
    """Whether a parsed query has nothing to search for (only stop words, say)."""
    return q is None or q is wq.NullQuery or isinstance(q, type(wq.NullQuery))


def contains_every(q: Any) -> bool:
    """Whether any part of a query would match every passage (a lone *)."""
    if isinstance(q, wq.Every):
        return True
    return (not q.is_leaf()) and any(contains_every(c) for c in q.children())


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
    """The query limited to passages whose field has the value (one document, say)."""
    return wq.And([q, wq.Term(fieldname, value)])
