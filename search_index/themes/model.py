"""A curated theme: a named topic, the wording that raises it, and passages named by hand."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Theme:
    """One curated theme: what it is called and which wording (or passages) raise it."""

    id: str
    label: str
    description: str = ""
    match: tuple[str, ...] = ()
    """The rules as written: a word is a term, several words a phrase (terms in sequence)."""
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    source: str = ""
    line: int | None = None
