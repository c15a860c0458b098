"""A curated theme: a named topic, the wording that raises it, and passages named by hand."""

from __future__ import annotations

from typing import NamedTuple


class Theme(NamedTuple):
    """One curated theme: what it is called and which wording (or passages) raise it. A
    named tuple: as immutable as a frozen dataclass, and six times quicker to define."""

    id: str
    label: str
    description: str = ""
    match: tuple[str, ...] = ()
    """The rules as written: a word is a term, several words a phrase (terms in sequence)."""
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    source: str = ""
    line: int | None = None
