"""Query text to a Whoosh query tree, with sentences for what Whoosh cannot read, and what a
parsed tree asks for (its terms and phrases)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from whoosh import query as wq
from whoosh.fields import Schema
from whoosh.qparser import AndGroup, FuzzyTermPlugin, PlusMinusPlugin, QueryParser, syntax
from whoosh.qparser.plugins import TaggingPlugin

from ..analysis import Analyzer
from .errors import QuerySyntaxError, describe
from .schema import DEFAULT_FIELD


class _AliasPlugin(TaggingPlugin):
    """Keeps a multi-word alias such as North Korea together in an unquoted query.

    A multi-word alias has a space inside, so where no space follows the alias pattern is
    not tried (nor compiled: a query of one word never compiles it)."""

    priority = -5

    def __init__(self, analyzer: Analyzer) -> None:
        self._analyzer = analyzer
        self._text: str | None = None
        self._last_space = -1

    @property
    def expr(self) -> Any:  # type: ignore[override]
        return self._analyzer.alias_regex

    def match(self, parser: Any, text: str, pos: int) -> Any:
        if text is not self._text:
            self._text = text
            self._last_space = max((i for i, c in enumerate(text) if c.isspace()), default=-1)
        if pos >= self._last_space:
            return None
        return super().match(parser, text, pos)

    def create(self, parser: Any, match: re.Match[str]) -> Any:
        return syntax.WordNode(match.group(0))


class _FuzzyPlugin(FuzzyTermPlugin):
    """Whoosh's fuzzy syntax with any number of digits: its own takes one, so `korea~10` was
    `korea~1` and a word "0" that matched nothing. The distance is capped by the expander."""

    expr = re.compile(r"(?<=\S)~(?P<maxdist>[0-9]+)?(/(?P<prefix>[1-9][0-9]*))?")


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


class _Parser(QueryParser):
    """Whoosh's parser with Korean words read by korean_word_query."""

    def __init__(self, *args: Any, analyzer: Analyzer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.analyzer = analyzer

    def term_query(  # type: ignore[override]
        self,
        fieldname: str,
        text: str,
        termclass: Any,
        boost: float = 1.0,
        tokenize: bool = True,
        removestops: bool = True,
    ) -> Any:
        if (
            tokenize
            and isinstance(text, str)
            and has_hangul(text)
            and self.schema is not None
            and fieldname in self.schema
            and getattr(self.schema[fieldname], "multitoken_query", None) == "phrase"
        ):
            return korean_word_query(self.analyzer, fieldname, text, boost)
        return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)


def make_parser(schema: Schema, analyzer: Analyzer) -> QueryParser:
    """A parser for one thread (Whoosh parsers are not safe to share): AND between words,
    fuzzy words, +/- at the start of a word, and multi-word aliases kept together."""
    parser = _Parser(DEFAULT_FIELD, schema, group=AndGroup, analyzer=analyzer)
    parser.add_plugin(_FuzzyPlugin())
    # -word excludes and +word requires, but only at the start of a word (not non-proliferation).
    parser.add_plugin(PlusMinusPlugin(r"(?<![^\s(])\+(?=[^\s+-])", r"(?<![^\s(])-(?=[^\s+-])"))
    if analyzer.has_phrase_aliases:
        parser.add_plugin(_AliasPlugin(analyzer))
    return parser


def parse(parser: QueryParser, text: str) -> Any:
    """Whoosh's parse, with silent error nodes turned into QuerySyntaxError."""
    try:
        q = parser.parse(text)
    except Exception as error:
        if _is_date_problem(str(error)):
            raise QuerySyntaxError(f"a date in the query is not valid: {DATE_HELP}") from None
        raise QuerySyntaxError(f"the query could not be read ({describe(error)})") from None
    problem = _find_error(q)
    if problem:
        raise QuerySyntaxError(problem)
    return q


DATE_HELP = "use YYYY, YYYY-MM or YYYY-MM-DD, or a range date:[2024-01-01 TO 2024-06-30]"
_DATE_PROBLEMS = ("parseable date", "must be in", "day is out", "invalid literal for int()")


def _is_date_problem(message: str) -> bool:
    """Whoosh's date parsing fails with Python's own words; the checks in search.query catch the
    usual cases first, this is the net under them."""
    return any(problem in message for problem in _DATE_PROBLEMS)


def _find_error(q: Any) -> str | None:
    error = getattr(q, "error", None)
    if error:
        message = str(error).strip().rstrip(".")
        if _is_date_problem(message) or getattr(q, "fieldname", None) == "date":
            return f"a date in the query is not valid: {DATE_HELP}"
        return f"part of the query could not be read: {message}"
    if not q.is_leaf():
        for child in q.children():
            found = _find_error(child)
            if found:
                return found
    return None


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
