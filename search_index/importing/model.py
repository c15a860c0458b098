"""What every reader of a source hands on: the article found in it, or why there is none."""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_INPUT_BYTES = 64 * 1024 * 1024
"""The largest page, PDF or text copy read (the loader's own limit for documents)."""


class Refused(Exception):
    """An input that cannot become a document; the message is the reason, in one line."""


@dataclass
class Article:
    """The statement found in an input: its metadata and its paragraphs, in order."""

    title: str
    paragraphs: list[str]
    date: str | None = None
    issuer: str | None = None
    language: str | None = None
    source: str | None = None
    notes: list[str] = field(default_factory=list)
