"""Checks on query text before Whoosh reads it, and the search-as-you-type rewrite.

Whoosh silently papers over unbalanced quotes, unknown fields and impossible dates; these
checks name the problem in a sentence instead (a QueryError).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from ..whoosh.querytree import DATE_HELP
from ..whoosh.schema import DEFAULT_FIELD, FILTER_FIELDS
from .errors import QueryError

MAX_QUERY_LENGTH = 1000

_FIELD_NAMES = (*FILTER_FIELDS, DEFAULT_FIELD)
_FIELD_USE = re.compile(r"(?<![\w:])([^\W\d]\w*):(?!//)")
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"})
_BINARY = _OPERATORS - {"NOT"}
_QUERY_PARTS = re.compile(r'"[^"]*"|[()]|[^\s()"]+')
_DATE_USE = re.compile(r"(?<![\w:])date:")


@cache
def _date_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A date, a [range] or {range}, and a range's two ends: compiled for the first query
    with date: (these and _last_word were 0.7 ms of a search that needs none of them)."""
    return (
        re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\*?"),
        re.compile(r"[\[{]([^\]}]*)[\]}]"),
        re.compile(r"^\s*(.*?)\s*\bTO\b\s*(.*?)\s*$", re.IGNORECASE | re.DOTALL),
    )


@cache
def _last_word() -> re.Pattern[str]:
    """The word being typed (search as you type only)."""
    return re.compile(r"(?<![\w'’\-:~*])([^\W_][\w'’\-]*)$")


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
            known = ", ".join(f"{n}:" for n in FILTER_FIELDS)
            raise QueryError(f"unknown field '{name}:'; the fields are {known}")
    _check_dates(bare)
    _check_operators(text)
    stripped = bare.strip()
    if stripped in ("*", "?") or re.fullmatch(r"[*?\s]+", stripped or "x"):
        raise QueryError("a lone * or ? would match every passage: put some letters before it")


def _check_operators(text: str) -> None:
    """AND, OR, ANDNOT and ANDMAYBE need a word on each side, NOT one after it: Whoosh reads
    'korea AND' as a search that finds nothing and fails on 'NOT NOT korea' with an
    IndexError, so both are said in a sentence here."""
    wanted: str | None = ""  # the operator still waiting for its word; "" at a start
    for part in [*_QUERY_PARTS.findall(text), ")"]:
        if part in _BINARY:
            if wanted:
                raise QueryError(f"'{wanted} {part}': put a word between the two operators")
            if wanted is not None:
                raise QueryError(
                    f"'{part}' needs a word before it, not the start of the query or of a ( group"
                )
            wanted = part
        elif part == "NOT":
            if wanted == "NOT":
                raise QueryError("'NOT NOT' cancels out: write NOT once, or leave both out")
            wanted = "NOT"
        elif part == ")":
            if wanted:
                raise QueryError(f"'{wanted}' has no word after it: add one or remove it")
            wanted = None
        elif part == "(":
            wanted = ""
        else:
            wanted = None


def _bad_date(value: str) -> QueryError:
    return QueryError(f"a date in the query is not valid ('{value}'): {DATE_HELP}")


def _check_date(value: str) -> None:
    """A date literal must be a real YYYY, YYYY-MM or YYYY-MM-DD (Whoosh's own errors for
    anything else read like Python: "invalid literal for int()", "month must be in 1..12")."""
    bare = value.strip("'")
    match = _date_patterns()[0].fullmatch(bare)
    try:
        if match is None:
            raise ValueError(value)
        dt.date(int(match[1]), int(match[2] or 1), int(match[3] or 1))
    except ValueError:
        raise _bad_date(value) from None


def _check_date_range(inner: str, written: str) -> None:
    ends = _date_patterns()[2].match(inner)
    if ends is None:
        raise _bad_date(written)
    for end in ends.groups():
        if end:
            _check_date(end)


def _check_dates(bare: str) -> None:
    """Every value given to date: (a date, a range, or a group of them) is a valid date."""
    for use in _DATE_USE.finditer(bare):
        date_range = _date_patterns()[1]
        rest = bare[use.end() :]
        if rest[:1] in ("[", "{"):
            found = date_range.match(rest)
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
            for found in date_range.finditer(group):
                _check_date_range(found.group(1), found.group(0))
            for word in date_range.sub(" ", group).replace("(", " ").replace(")", " ").split():
                if word not in _OPERATORS:
                    _check_date(word)
            continue
        value = re.match(r"[^\s()]*", rest).group()
        if value:
            _check_date(value)


def with_typed_prefix(text: str, alias_regex: re.Pattern[str] | None) -> str:
    """Make the word being typed a prefix (unless it ends a quote, an alias or a field)."""
    if text != text.rstrip() or text.count('"') % 2:
        return text
    match = _last_word().search(text)
    if not match or match.group(1) in _OPERATORS:
        return text
    if alias_regex is not None:
        for alias in alias_regex.finditer(text):
            if alias.end() == len(text):
                return text
    return text + "*"
