"""Parsed documents remembered between runs, so a warm start reads no document twice.

Decoding, cleaning and splitting 400 files (or one 5 MB one) took ~90 ms of a start that
should cost nothing. Each file's result is kept under its size, inode, modification and
change times; a file whose times are too close to when the cache was written to tell two
edits apart (timestamps are coarse, as in git's "racily clean" case) is parsed again. A
document's passages are decoded only when something reads them, so the first screen pays
for the two documents it shows. The cache is plain JSON in the private cache folder: a
damaged or foreign file is ignored and replaced, never trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from types import ModuleType
from typing import Any, overload

from ..yamlfile import load_yaml
from .cleaning import clean_text
from .model import Document, Passage
from .parsing import load_document

CACHE_VERSION = 4
RACY_NS = 2_000_000_000
"""A file modified within this long before the cache was written is parsed again."""
CODE_MODULES: tuple[ModuleType, ...] = tuple(
    sys.modules[name]
    for name in (
        Document.__module__,
        load_document.__module__,
        clean_text.__module__,
        load_yaml.__module__,
        __name__,
    )
)
"""The modules whose code decides what a cached entry holds: the model, the parsing and
cleaning rules, the YAML reader and this file format. Found from what this module imports,
not from file names, so a module moved or renamed is still covered (the old `_SOURCES` names
silently stopped counting when a file moved)."""


def code_version() -> str:
    """Parsing rules change with the code: a cache written by other code is not used.

    A digest of CACHE_VERSION and the files CODE_MODULES were loaded from; a file that cannot
    be read raises (OSError) instead of leaving its code out of the digest."""
    h = hashlib.sha256(f"v{CACHE_VERSION}".encode())
    for module in CODE_MODULES:
        if not module.__file__:
            raise FileNotFoundError(f"no source file for {module.__name__}")
        h.update(Path(module.__file__).read_bytes())
    return h.hexdigest()[:16]


def stat_key(info: os.stat_result) -> list[int]:
    """What must match for a cached entry to stand for the file as it is now."""
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev]


class _CacheFile:
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


@dataclass(frozen=True, slots=True)
class _Slice:
    """Where a document's passages line lies in the cache file, and the document itself
    (read again if the line cannot be)."""

    file: _CacheFile
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

    def __init__(self, doc_id: str, count: int, where: _Slice) -> None:
        self._doc_id = doc_id
        self._count = count
        self._where: _Slice | None = where
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


def _encode(document: Document) -> dict[str, Any] | None:
    entry = {
        "id": document.id,
        "title": document.title,
        "issuer": document.issuer,
        "date": document.date,
        "source": document.source,
        "language": document.language,
        "extra": document.extra,
        "digest": document.digest,
        "id_line": document.id_line,
        "count": len(document.passages),
    }
    try:
        json.dumps(document.extra)
    except (TypeError, ValueError):
        return None  # front matter with values JSON cannot hold (dates): parse it each time
    return entry


def _passages_line(document: Document) -> str:
    passages = document.passages
    return json.dumps(
        {
            "texts": [p.text for p in passages],
            "offsets": [p.offset for p in passages],
            "lines": [p.line for p in passages],
        },
        ensure_ascii=False,
    )


def _decode(path: Path, entry: dict[str, Any], passages: _Slice) -> Document:
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


class DocumentCache:
    """The remembered documents of one corpus (one set of --texts paths)."""

    def __init__(self, file: Path | None) -> None:
        self.file = file
        self.version = code_version()
        self._old: dict[str, Any] = {}
        self._new: dict[str, Any] = {}
        self._written_ns = 0
        self._dirty = False
        self._racy: dict[str, Any] = {}
        self._source: _CacheFile | None = None
        if file is not None:
            self._read(file)

    @classmethod
    def for_paths(cls, paths: Sequence[Path]) -> DocumentCache:
        """The cache of a corpus in the private cache folder, or a no-op one if unusable."""
        from ..paths import cache_folder

        key = hashlib.sha256(
            "\n".join(sorted(os.path.realpath(p) for p in paths)).encode("utf-8", "surrogatepass")
        ).hexdigest()[:24]
        try:
            folder = cache_folder("documents")
        except OSError:
            return cls(None)
        return cls(folder / f"{key}.json")

    def _read(self, file: Path) -> None:
        """A header line, then per file a JSON line; a document's line is followed by its
        passages line, skipped here (its place is kept), read when first used."""
        from ..paths import foreign_file

        files: dict[str, Any] = {}
        if foreign_file(file) is not None:  # another user's, or theirs to write: parsed again
            return
        try:
            fd = os.open(file, os.O_RDONLY)
        except OSError:
            return
        source = _CacheFile(fd)
        try:
            size = os.fstat(fd).st_size
            with os.fdopen(os.dup(fd), "rb") as handle:
                header = json.loads(handle.readline())
                if not (
                    isinstance(header, dict)
                    and header.get("version") == self.version
                    and isinstance(header.get("written_ns"), int)
                ):
                    return
                for line in iter(handle.readline, b""):
                    path, entry = json.loads(line)
                    if isinstance(entry, dict) and "document" in entry:
                        length = int(entry["passages_bytes"])
                        offset = handle.tell()
                        if length < 0 or offset + length > size:
                            return  # cut short: not used at all
                        entry["at"] = (offset, length)
                        handle.seek(length, os.SEEK_CUR)
                    files[str(path)] = entry
        except (OSError, ValueError, TypeError, KeyError):
            return
        self._old, self._written_ns, self._source = files, header["written_ns"], source

    def get(self, path: Path, info: os.stat_result) -> Document | tuple[str, int | None] | None:
        """The cached document (or problem: message, line) for a file, if still current."""
        entry = self._old.get(str(path))
        if not isinstance(entry, dict) or entry.get("key") != stat_key(info):
            return None
        trusted_before = self._written_ns - RACY_NS
        if info.st_mtime_ns >= trusted_before or info.st_ctime_ns >= trusted_before:
            self._racy[str(path)] = entry  # parsed again; rewritten once it can be trusted
            return None
        try:
            if "problem" in entry:
                message, line = entry["problem"]
                result: Document | tuple[str, int | None] = (str(message), line)
            else:
                offset, length = entry["at"]
                result = _decode(
                    path, entry["document"], _Slice(self._source, offset, length, path)
                )
        except (KeyError, TypeError, ValueError):
            return None
        self._new[str(path)] = entry
        return result

    def put_document(self, path: Path, info: os.stat_result, document: Document) -> None:
        """Remember a parsed document (unless its front matter cannot be written as JSON)."""
        encoded = _encode(document)
        if encoded is not None:
            entry = {"key": stat_key(info), "document": encoded}
            entry["passages"] = (_passages_line(document) + "\n").encode("utf-8")
            self._put(path, info, entry)

    def put_problem(self, path: Path, info: os.stat_result, message: str, line: int | None) -> None:
        """Remember why a file is unusable, so an unchanged bad file is not read again."""
        self._put(path, info, {"key": stat_key(info), "problem": [message, line]})

    def _put(self, path: Path, info: os.stat_result, entry: dict[str, Any]) -> None:
        self._new[str(path)] = entry
        racy = self._racy.pop(str(path), None)
        unchanged = racy is not None and _meta(racy) == _meta(entry)
        trustable_now = time.time_ns() - RACY_NS > max(info.st_mtime_ns, info.st_ctime_ns)
        if not unchanged or trustable_now:
            self._dirty = True  # (an unchanged recent file rewritten now would stay racy)

    def save(self) -> None:
        """Write the cache if anything changed (a warm start writes nothing)."""
        if self.file is None or not (self._dirty or self._new.keys() != self._old.keys()):
            return
        header = {"version": self.version, "written_ns": time.time_ns()}
        try:
            fd, tmp = tempfile.mkstemp(prefix=".documents-", dir=self.file.parent)
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(json.dumps(header).encode() + b"\n")
                for path, entry in self._new.items():
                    passages = self._passages_of(entry)
                    meta = _meta(entry)
                    if passages is not None:
                        meta["passages_bytes"] = len(passages)
                    line = _json_line([path, meta])
                    handle.write(line + b"\n" + (passages or b""))
            os.replace(tmp, self.file)
        except (OSError, TypeError, ValueError):
            with contextlib.suppress(OSError):
                os.unlink(tmp)

    def _passages_of(self, entry: dict[str, Any]) -> bytes | None:
        if "passages" in entry:
            return entry["passages"]
        if "at" in entry and self._source is not None:  # an entry kept from the old file
            return self._source.read(*entry["at"])
        return None


def _json_line(value: Any) -> bytes:
    """One JSON line as UTF-8; with \\u escapes when it holds a file name that is not UTF-8
    (an undecodable byte is a lone surrogate, which UTF-8 cannot encode: one such name made
    every save fail, so the cache was never rewritten)."""
    try:
        return json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value).encode("ascii")  # json.loads gives the same surrogates back


def _meta(entry: dict[str, Any]) -> dict[str, Any]:
    """An entry without where its passages are (what is compared and written as its line)."""
    return {k: v for k, v in entry.items() if k not in ("at", "passages", "passages_bytes")}
