"""Query text in the whole query language to a Whoosh query tree, with sentences for what Whoosh
cannot read. A query of plain words skips it (querytree.plain_words_query)."""

from __future__ import annotations

import re
from typing import Any

from whoosh.fields import Schema
from whoosh.qparser import AndGroup, FuzzyTermPlugin, PlusMinusPlugin, QueryParser, syntax
from whoosh.qparser.plugins import TaggingPlugin

from ..analysis import Analyzer
from .errors import QuerySyntaxError, describe
from .querytree import DATE_HELP, has_hangul, korean_word_query
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
