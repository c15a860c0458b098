"""The corpus model: documents split into numbered passages, and why a file was not used.

A passage is the unit everything else points at (search hits, links, themes, the reader's
cursor), so its identifier `DOC-ID:N` must be stable for a given file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from .cleaning import printable


class Passage(NamedTuple):
    """One paragraph of a document: what search hits, links and the cursor point at.

    A named tuple, not a frozen dataclass: as immutable and hashable, and built three times
    faster, which is a third of loading a 30,000-paragraph document."""

    id: str
    document_id: str
    number: int
    text: str
    offset: int
    """Character offset of the paragraph in the cleaned text of the source file."""
    line: int
    """1-based line of the paragraph's first line in the source file."""


@dataclass(slots=True)
class Document:
    """A statement with its metadata and passages, as read from one file."""

    id: str
    title: str
    path: Path
    passages: Sequence[Passage]
    """A tuple, or passages decoded from the document cache on first use."""
    issuer: str | None = None
    date: str | None = None
    source: str | None = None
    language: str = "en"
    extra: dict[str, Any] = field(default_factory=dict)
    digest: str = ""
    """SHA-256 of the file's bytes: part of the index fingerprint."""
    id_line: int | None = None
    """Line of the `id:` key in the file (None when the id comes from the file name), so a
    duplicate id is reported where it was written."""

    def citation(self, number: int) -> str:
        """How an analyst cites a paragraph: 'Title (Issuer, 2024-01-23), para. 2'."""
        details = ", ".join(part for part in (self.issuer, self.date) if part)
        where = f" ({details})" if details else ""
        return f"{self.title}{where}, para. {number}"

    def full_citation(self, number: int) -> str:
        """The citation with the source URL when the document has one, so a reader of a
        memo or a copied paragraph can check it: '..., para. 2, https://...'."""
        citation = self.citation(number)
        return f"{citation}, {self.source}" if self.source else citation

    def passage(self, number: int) -> Passage:
        """Paragraph `number` (1-based); KeyError with its passage id if there is none."""
        if not 1 <= number <= len(self.passages):
            raise KeyError(f"{self.id}:{number}")
        return self.passages[number - 1]


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a file (or a rule in it) was not used, for a one-line report."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return printable(f"{where}: {self.message}")


class DocumentError(Exception):
    """Why one document file cannot be used, with the line of the cause when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class Corpus:
    """Documents in a stable order (date, then id), with lookup by passage id."""

    def __init__(
        self,
        documents: Iterable[Document],
        problems: Iterable[Problem] = (),
        folders: Sequence[Path] = (),
    ) -> None:
        self.documents: list[Document] = sorted(
            documents, key=lambda d: (d.date is None, d.date or "", d.id)
        )
        self.problems: list[Problem] = list(problems)
        self.folders: list[Path] = list(folders)
        """Folders the documents came from: where aliases.yaml and themes.yaml are looked up."""
        self._by_id = {d.id: d for d in self.documents}

    def __iter__(self) -> Iterator[Passage]:
        for document in self.documents:
            yield from document.passages

    def __len__(self) -> int:
        return sum(len(d.passages) for d in self.documents)

    def document(self, document_id: str) -> Document:
        """The document with this id; KeyError if there is none."""
        return self._by_id[document_id]

    def passage(self, passage_id: str) -> Passage:
        """Look up `DOC-ID:N`; KeyError with the id if there is no such passage."""
        doc_id, sep, number = passage_id.rpartition(":")
        # ASCII digits only: '²'.isdigit() is True but int('²') fails; 5000 digits too.
        digits = number.isascii() and number.isdigit() and len(number) <= 9
        if not sep or not digits or doc_id not in self._by_id:
            raise KeyError(passage_id)
        try:
            return self._by_id[doc_id].passage(int(number))
        except KeyError:
            raise KeyError(passage_id) from None

    def document_of(self, passage: Passage) -> Document:
        """The document a passage belongs to."""
        return self._by_id[passage.document_id]

    def citation(self, passage: Passage) -> str:
        """How an analyst cites a passage (see Document.citation)."""
        return self.document_of(passage).citation(passage.number)

    def full_citation(self, passage: Passage) -> str:
        """The citation with the source URL when known (see Document.full_citation)."""
        return self.document_of(passage).full_citation(passage.number)
