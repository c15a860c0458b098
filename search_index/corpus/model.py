"""The corpus model: documents split into numbered passages, and why a file was not used.

A passage is the unit everything else points at (search hits, links, themes, the reader's
cursor), so its identifier `DOC-ID:N` must be stable for a given file.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, Protocol

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


class Problem(NamedTuple):
    """Why a file (or a rule in it) was not used, for a one-line report. A named tuple: as
    immutable as a frozen dataclass, and one costs every command 1.5 ms to define."""

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


class DocumentSource(Protocol):
    """Documents made when first asked for (a warm load from the document cache), with
    what a search needs to know of the corpus without making them."""

    ids: Sequence[str]
    """Document ids in corpus order."""
    passages: int
    digest: str
    """documents_digest of the documents, computed when they were last parsed."""

    def load(self, document_id: str) -> Document: ...

    def load_all(self) -> list[Document]: ...


def _order(document: Document) -> tuple[bool, str, str]:
    return (document.date is None, document.date or "", document.id)


def documents_digest(documents: Iterable[Document]) -> str:
    """A digest of what the index holds of each document (id, file digest, metadata,
    passage count; the text of a document made in memory): part of the index fingerprint,
    and kept in the document cache so a warm search need not make the documents."""
    import hashlib
    import json

    documents = list(documents)
    lines = [
        [d.id, d.digest, d.title, d.issuer, d.date, d.language, len(d.passages)] for d in documents
    ]
    h = hashlib.sha256(json.dumps(lines, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    for document in documents:
        if not document.digest:
            # A document built in memory (tests, scripts): its text stands in for its bytes.
            h.update(document.id.encode("utf-8", "surrogatepass") + b"\x00")
            for passage in document.passages:
                h.update(passage.text.encode("utf-8", "surrogatepass") + b"\x00")
    return h.hexdigest()


class Corpus:
    """Documents in a stable order (date, then id), with lookup by passage id.

    Given a DocumentSource instead of documents, a document is made when first looked up and
    all of them when `documents` is first read: a warm search makes only its hits'."""

    def __init__(
        self,
        documents: Iterable[Document] = (),
        problems: Iterable[Problem] = (),
        folders: Sequence[Path] = (),
        source: DocumentSource | None = None,
    ) -> None:
        self.problems: list[Problem] = list(problems)
        self.folders: list[Path] = list(folders)
        """Folders the documents came from: where aliases.yaml and themes.yaml are looked up."""
        self._source = source
        self._lock = threading.Lock()
        self._documents: list[Document] | None = None
        self._by_id: dict[str, Document] = {}
        self._digest: str | None = None
        if source is None:
            self._documents = sorted(documents, key=_order)
            self._by_id = {d.id: d for d in self._documents}
        else:
            self._known = frozenset(source.ids)

    @property
    def documents(self) -> list[Document]:
        """Every document, in corpus order."""
        found = self._documents
        if found is None:
            assert self._source is not None
            with self._lock:
                if self._documents is None:
                    made = self._by_id
                    loaded = self._source.load_all()
                    self._documents = [made.get(d.id, d) for d in loaded]
                    self._by_id = {d.id: d for d in self._documents}
                found = self._documents
        return found

    @property
    def document_count(self) -> int:
        """How many documents (without making them)."""
        if self._documents is None and self._source is not None:
            return len(self._source.ids)
        return len(self.documents)

    @property
    def digest(self) -> str:
        """documents_digest of the documents (without making them, on a warm load)."""
        if self._digest is None:
            if self._documents is None and self._source is not None:
                self._digest = self._source.digest
            else:
                self._digest = documents_digest(self.documents)
        return self._digest

    def __iter__(self) -> Iterator[Passage]:
        for document in self.documents:
            yield from document.passages

    def __len__(self) -> int:
        if self._documents is None and self._source is not None:
            return self._source.passages
        return sum(len(d.passages) for d in self.documents)

    def document(self, document_id: str) -> Document:
        """The document with this id; KeyError if there is none."""
        found = self._by_id.get(document_id)
        if found is not None:
            return found
        if self._documents is not None or document_id not in self._known:
            raise KeyError(document_id)
        assert self._source is not None
        with self._lock:
            found = self._by_id.get(document_id)
            if found is None:
                found = self._by_id[document_id] = self._source.load(document_id)
        return found

    def passage(self, passage_id: str) -> Passage:
        """Look up `DOC-ID:N`; KeyError with the id if there is no such passage."""
        doc_id, sep, number = passage_id.rpartition(":")
        # ASCII digits only: '²'.isdigit() is True but int('²') fails; 5000 digits too.
        digits = number.isascii() and number.isdigit() and len(number) <= 9
        if not sep or not digits:
            raise KeyError(passage_id)
        try:
            return self.document(doc_id).passage(int(number))
        except KeyError:
            raise KeyError(passage_id) from None

    def document_of(self, passage: Passage) -> Document:
        """The document a passage belongs to."""
        return self.document(passage.document_id)

    def citation(self, passage: Passage) -> str:
        """How an analyst cites a passage (see Document.citation)."""
        return self.document_of(passage).citation(passage.number)

    def full_citation(self, passage: Passage) -> str:
        """The citation with the source URL when known (see Document.full_citation)."""
        return self.document_of(passage).full_citation(passage.number)
