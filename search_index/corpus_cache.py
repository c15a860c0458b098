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
import tempfile
import time
from collections.abc import Iterator, Sequence
from itertools import repeat
from pathlib import Path
from typing import Any, overload

from .corpus import Document, Passage

CACHE_VERSION = 3
RACY_NS = 2_000_000_000
"""A file modified within this long before the cache was written is parsed again."""
_SOURCES = ("corpus.py", "cleaning.py", "yamlfile.py", "corpus_cache.py")


def _code_version() -> str:
    """Parsing rules change with the code: a cache written by other code is not used."""
    here = Path(__file__).resolve().parent
    h = hashlib.sha256(f"v{CACHE_VERSION}".encode())
    for name in _SOURCES:
        with contextlib.suppress(OSError):
            h.update((here / name).read_bytes())
    return h.hexdigest()[:16]


def stat_key(info: os.stat_result) -> list[int]:
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev]


class LazyPassages(Sequence[Passage]):
    """A document's passages, built from the cache on first use (len() is free)."""

    __slots__ = ("_count", "_doc_id", "_items", "_raw")

    def __init__(self, doc_id: str, count: int, raw: str | dict[str, Any]) -> None:
        self._doc_id = doc_id
        self._count = count
        self._raw: str | dict[str, Any] | None = raw
        """The cache's line for these passages, parsed on first use."""
        self._items: tuple[Passage, ...] | None = None

    def _all(self) -> tuple[Passage, ...]:
        items = self._items
        if items is None:
            raw, doc_id = self._raw or {}, self._doc_id
            if isinstance(raw, str):
                raw = json.loads(raw)
            texts = raw["texts"]
            numbers = range(1, len(texts) + 1)
            ids = [f"{doc_id}:{n}" for n in numbers]
            items = tuple(
                map(Passage, ids, repeat(doc_id), numbers, texts, raw["offsets"], raw["lines"])
            )
            if len(items) != self._count:
                raise ValueError(f"the cache holds {len(items)} passages of {doc_id}")
            self._items, self._raw = items, None
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


def _decode(path: Path, entry: dict[str, Any], passages: str) -> Document:
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
        self.version = _code_version()
        self._old: dict[str, Any] = {}
        self._new: dict[str, Any] = {}
        self._written_ns = 0
        self._dirty = False
        self._racy: dict[str, Any] = {}
        if file is not None:
            self._read(file)

    @classmethod
    def for_paths(cls, paths: Sequence[Path]) -> DocumentCache:
        """The cache of a corpus in the private cache folder, or a no-op one if unusable."""
        from .paths import cache_dir, ensure_private

        key = hashlib.sha256(
            "\n".join(sorted(os.path.realpath(p) for p in paths)).encode("utf-8", "surrogatepass")
        ).hexdigest()[:24]
        try:
            root = cache_dir()
            ensure_private(root)
            folder = root / "documents"
            folder.mkdir(mode=0o700, exist_ok=True)
            ensure_private(folder)
        except OSError:
            return cls(None)
        return cls(folder / f"{key}.json")

    def _read(self, file: Path) -> None:
        """One JSON line per file after a header line: read a line at a time, so loading
        holds one document's text twice at most (a single JSON value was the whole cache
        twice over: 38 MB each at 100,000 passages)."""
        files: dict[str, Any] = {}
        try:
            with open(file, encoding="utf-8") as handle:
                header = json.loads(handle.readline())
                if not (
                    isinstance(header, dict)
                    and header.get("version") == self.version
                    and isinstance(header.get("written_ns"), int)
                ):
                    return
                for line in handle:
                    path, entry = json.loads(line)
                    if isinstance(entry, dict) and "document" in entry:
                        # the next line holds its passages: kept as text until they are read
                        entry["passages"] = handle.readline()
                        if not entry["passages"].endswith("\n"):
                            return  # cut short
                    files[str(path)] = entry
        except (OSError, ValueError, TypeError):
            return
        self._old, self._written_ns = files, header["written_ns"]

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
                result = _decode(path, entry["document"], entry["passages"])
        except (KeyError, TypeError, ValueError):
            return None
        self._new[str(path)] = entry
        return result

    def put_document(self, path: Path, info: os.stat_result, document: Document) -> None:
        encoded = _encode(document)
        if encoded is not None:
            entry = {"key": stat_key(info), "document": encoded}
            self._put(path, info, entry, _passages_line(document) + "\n")

    def put_problem(self, path: Path, info: os.stat_result, message: str, line: int | None) -> None:
        self._put(path, info, {"key": stat_key(info), "problem": [message, line]})

    def _put(
        self, path: Path, info: os.stat_result, entry: dict[str, Any], passages: str = ""
    ) -> None:
        if passages:
            entry["passages"] = passages
        self._new[str(path)] = entry
        unchanged = self._racy.pop(str(path), None) == entry
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
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(json.dumps(header) + "\n")
                for path, entry in self._new.items():
                    passages = entry.pop("passages", None)
                    handle.write(json.dumps([path, entry], ensure_ascii=False) + "\n")
                    if passages is not None:
                        handle.write(passages)
                        entry["passages"] = passages
            os.replace(tmp, self.file)
        except (OSError, TypeError, ValueError):
            with contextlib.suppress(OSError):
                os.unlink(tmp)
