"""Searching the index: query text checked, run through the Whoosh adapter, ranked hits with
snippets and match spans out.

- query: checks on the query text (sentences for what Whoosh would paper over)
- searcher: SearchIndex, the object the command line and the reader search with
- results: Hit and SearchResult
- snippets: match spans and the snippet of a hit
- errors: QueryError, SearchCancelled, IndexUnreadable
"""

from .errors import IndexUnreadable, QueryError, SearchCancelled
from .query import DATE_HELP, MAX_QUERY_LENGTH, check_syntax
from .results import Hit, SearchResult
from .searcher import DEFAULT_LIMIT, TOKEN_CACHE, SearchIndex
from .snippets import SNIPPET_LENGTH, highlight_spans, make_snippet, merge_spans

__all__ = [
    "DATE_HELP",
    "DEFAULT_LIMIT",
    "MAX_QUERY_LENGTH",
    "SNIPPET_LENGTH",
    "TOKEN_CACHE",
    "Hit",
    "IndexUnreadable",
    "QueryError",
    "SearchCancelled",
    "SearchIndex",
    "SearchResult",
    "check_syntax",
    "highlight_spans",
    "make_snippet",
    "merge_spans",
]
