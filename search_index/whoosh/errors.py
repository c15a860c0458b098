"""What the Whoosh adapter raises, and how a Whoosh failure is described in one line."""

from __future__ import annotations


class EngineError(Exception):
    """The index cannot be opened or read (missing, truncated or corrupted files)."""


class Cancelled(Exception):
    """A running search was cancelled through its threading.Event."""


class QuerySyntaxError(Exception):
    """Whoosh could not make sense of part of a query; the message is a sentence."""


def describe(error: BaseException) -> str:
    """An exception as "Name: first line" (at most 200 characters), for a notice."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    name = type(error).__name__
    return f"{name}: {text}"[:200] if text else name
