"""Documents and passages read from the document cache file when first used.

A warm load keeps only where things lie in the cache file: a document's passages are decoded
when something reads them, and on a warm load whose files all match the cache's summary
(CachedDocuments) a document is made only when it is looked up, so a search makes its
hits' documents and no others.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections.abc import Iterator, Sequence
from itertools import repeat
from pathlib import Path
from typing import Any, NamedTuple, overload

from .model import Document, Passage
from .parsing import load_document


class CacheFile:
    """The cache file one load read, kept open: passages are read from it when first used,
    even after another process has replaced it (the old file stays readable while open)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._lock = threading.Lock()

    def read(self, offset: int, length: int) -> bytes:
        with self._lock:
            os.lseek(self.fd, offset, os.SEEK_SET)
            chunks, left = [], length
            while left > 0:
                chunk = os.read(self.fd, left)
                if not chunk:
                    break
                chunks.append(chunk)
                left -= len(chunk)
            return b"".join(chunks)

    def __del__(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.fd)


class Slice(NamedTuple):
    """Where a document's passages line lies in the cache file, and the document itself
    (read again if the line cannot be). A named tuple: made for every document of a warm
    load, and a frozen dataclass is three times slower to make."""

    file: CacheFile
    offset: int
    length: int
    path: Path

    def load(self, doc_id: str) -> tuple[Passage, ...]:
        try:
            data = json.loads(self.file.read(self.offset, self.length))
            texts = data["texts"]
            numbers = range(1, len(texts) + 1)
            ids = [f"{doc_id}:{n}" for n in numbers]
            return tuple(
                map(Passage, ids, repeat(doc_id), numbers, texts, data["offsets"], data["lines"])
            )
        except (OSError, ValueError, KeyError, TypeError):
            return tuple(load_document(self.path).passages)  # the line unreadable: read again


class LazyPassages(Sequence[Passage]):
    """A document's passages, read from the cache on first use (len() is free).

    Only their place in the cache file is kept until then: holding their text as read
    would keep it twice at 100,000 passages (the line, then the passages made from it)."""

    __slots__ = ("_count", "_doc_id", "_items", "_where")

    def __init__(self, doc_id: str, count: int, where: Slice) -> None:
        self._doc_id = doc_id
        self._count = count
        self._where: Slice | None = where
        self._items: tuple[Passage, ...] | None = None

    def _all(self) -> tuple[Passage, ...]:
        items = self._items
        if items is None:
            where = self._where
            if where is None:  # another thread (the engine worker) has just read them
                return self._items or ()
            items = where.load(self._doc_id)
            self._items, self._where, self._count = items, None, len(items)  # items first
        return items

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Passage: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Passage, ...]: ...
    def __getitem__(self, index: int | slice) -> Passage | tuple[Passage, ...]:
        return self._all()[index]

    def __iter__(self) -> Iterator[Passage]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._all())

    def __repr__(self) -> str:
        return f"LazyPassages({self._doc_id!r}, {self._count} passages)"


def decode(path: Path, entry: dict[str, Any], passages: Slice) -> Document:
    """The document of a cache entry, its passages left in the cache file."""
    return Document(
        id=entry["id"],
        title=entry["title"],
        path=path,
        passages=LazyPassages(entry["id"], int(entry["count"]), passages),
        issuer=entry["issuer"],
        date=entry["date"],
        source=entry["source"],
        language=entry["language"],
        extra=dict(entry["extra"]),
        digest=entry["digest"],
        id_line=entry["id_line"],
    )


class CachedDocuments:
    """The documents of a warm load whose files all match the cache's summary (a
    DocumentSource): each made from its entry when first asked for.

    `ids` are the documents in corpus order, `where` the place of each one's file in
    `files` and of its entry in the cache file (index, offset, length), read only when a
    document is first looked up; an entry that cannot be read any more makes the document
    from its file instead."""

    def __init__(
        self,
        file: CacheFile,
        entries: tuple[int, int],
        passages_base: int,
        files: Sequence[str],
        ids: Sequence[str],
        where: Sequence[Sequence[int]],
        passages: int,
        digest: str,
    ) -> None:
        self._file = file
        self._entries = entries
        self._passages_base = passages_base
        self._files = files
        self._raw = where
        self._positions: dict[str, int] | None = None
        self.ids = ids
        self.passages = passages
        self.digest = digest

    def _place(self, document_id: str) -> tuple[str, int, int]:
        """(path, entry offset, entry length) of a document; KeyError if it is not here."""
        if self._positions is None:
            self._positions = dict(zip(self.ids, range(len(self.ids)), strict=True))
        index, at, length = self._raw[self._positions[document_id]]
        return self._files[index], int(at), int(length)

    def _make(self, path: str, item: Any) -> Document:
        _path, meta = item
        entry = meta["document"]
        offset, length = meta["passages_at"]
        where = Path(path)
        return decode(where, entry, Slice(self._file, self._passages_base + offset, length, where))

    def load(self, document_id: str) -> Document:
        path, at, length = self._place(document_id)
        try:
            return self._make(path, json.loads(self._file.read(self._entries[0] + at, length)))
        except (OSError, ValueError, KeyError, TypeError):
            return load_document(Path(path))  # unchanged, per its stat: parsed again

    def load_all(self) -> list[Document]:
        try:
            items = json.loads(self._file.read(*self._entries))
            by_path = {item[0]: item for item in items}
            paths = [self._place(doc_id)[0] for doc_id in self.ids]
            return [self._make(path, by_path[path]) for path in paths]
        except (OSError, ValueError, KeyError, TypeError):
            return [self.load(doc_id) for doc_id in self.ids]
