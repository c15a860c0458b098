"""What a search raises: each message is one sentence the user can act on."""

from __future__ import annotations


class QueryError(ValueError):
    """A query that cannot be searched; str(error) is one sentence naming the problem."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SearchCancelled(Exception):
    """The caller's cancel event was set while the search ran."""


class IndexUnreadable(Exception):
    """The index files failed while searching (damaged after opening); rebuild with --rebuild."""
