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
import time
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from ..yamlfile import load_yaml
from . import lazy
from . import summary as summary_module
from .cleaning import clean_text
from .lazy import CachedDocuments, CacheFile, Slice, decode
from .model import Document
from .parsing import load_document
from .summary import Summary, stat_key, stats_digest

CACHE_VERSION = 5
"""5: a summary line, the entries (one JSON array), then the passages lines."""
RACY_NS = 2_000_000_000
"""A file modified within this long before the cache was written is parsed again."""
CODE_MODULES: tuple[ModuleType, ...] = tuple(
    sys.modules[name]
    for name in (
        Document.__module__,
        load_document.__module__,
        clean_text.__module__,
        load_yaml.__module__,
        lazy.__name__,
        summary_module.__name__,
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


class DocumentCache:
    """The remembered documents of one corpus (one set of --texts paths)."""

    def __init__(self, file: Path | None) -> None:
        self.file = file
        self.version = code_version()
        self._old: dict[str, Any] | None = None
        self._new: dict[str, Any] = {}
        self._written_ns = 0
        self._dirty = False
        self._racy: dict[str, Any] = {}
        self._source: CacheFile | None = None
        self._size = 0
        self._layout: dict[str, Any] = {}
        self._entries_at = 0
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
        """A header line, a layout line (the summary of the last load, where the entries
        lie), the entries as one JSON array of [path, entry] (one a line), then the
        documents' passages lines one after another. Only the first two lines are read
        here: a warm load that matches the summary needs nothing else (at 4,000 files,
        parsing every entry was most of a warm search)."""
        from ..paths import foreign_file

        if foreign_file(file) is not None:  # another user's, or theirs to write: parsed again
            return
        try:
            fd = os.open(file, os.O_RDONLY)
        except OSError:
            return
        source = CacheFile(fd)
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
                layout = json.loads(handle.readline())
                at = handle.tell()
            entries = layout["entries_bytes"]
            if not isinstance(entries, int) or entries < 0 or at + entries > size:
                return  # cut short: not used at all
        except (OSError, ValueError, TypeError, KeyError):
            return
        self._written_ns, self._source, self._size = header["written_ns"], source, size
        self._layout, self._entries_at = layout, at

    def _entries(self) -> dict[str, Any]:
        """Every file's entry, read on first use (a load that matched the summary never
        asks); {} if the file cannot be trusted."""
        if self._old is None:
            self._old = {}
            if self._source is not None:
                try:
                    self._old = self._parse_entries()
                except (OSError, ValueError, TypeError, KeyError):
                    self._old = {}
        return self._old

    def _parse_entries(self) -> dict[str, Any]:
        assert self._source is not None
        length = self._layout["entries_bytes"]
        items = json.loads(self._source.read(self._entries_at, length)) if length else []
        base = self._entries_at + length
        files: dict[str, Any] = {}
        for path, entry in items:
            if isinstance(entry, dict) and "document" in entry:
                offset, size = entry["passages_at"]
                if not (isinstance(offset, int) and isinstance(size, int)):
                    return {}
                if offset < 0 or size < 0 or base + offset + size > self._size:
                    return {}  # cut short: not used at all
                entry["at"] = (base + offset, size)
            files[str(path)] = entry
        return files

    def warm(
        self, files: Sequence[str], infos: Sequence[os.stat_result | None]
    ) -> tuple[CachedDocuments, list[tuple[str, str, int | None]]] | None:
        """The documents and file problems of the last load, if it found these very files
        unchanged and none of them is too recent to trust its times; else None."""
        summary = self._layout.get("corpus")
        where = self._layout.get("documents_at")
        if self._source is None or not isinstance(summary, dict) or not isinstance(where, list):
            return None
        if None in infos or summary.get("stats") != stats_digest(files, infos):
            return None
        trusted_before = self._written_ns - RACY_NS
        if any(max(i.st_mtime_ns, i.st_ctime_ns) >= trusted_before for i in infos if i):
            return None
        try:
            ids = summary["ids"]
            if len(ids) != len(where) or not {type(i) for i in ids} <= {str}:
                return None
            problems = [(str(p), str(m), line) for p, m, line in summary["problems"]]
            base = self._entries_at + self._layout["entries_bytes"]
            source = CachedDocuments(
                self._source,
                (self._entries_at, self._layout["entries_bytes"]),
                base,
                files,
                ids,
                where,
                int(summary["passages"]),
                str(summary["digest"]),
            )
        except (KeyError, TypeError, ValueError, IndexError):
            return None
        return source, problems

    def get(
        self, path: str | Path, info: os.stat_result
    ) -> Document | tuple[str, int | None] | None:
        """The cached document (or problem: message, line) for a file, if still current."""
        entry = self._entries().get(str(path))
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
                where = Path(path)
                at = Slice(self._source, offset, length, where)
                result = decode(where, entry["document"], at)
        except (KeyError, TypeError, ValueError):
            return None
        self._new[str(path)] = entry
        return result

    def put_document(self, path: str | Path, info: os.stat_result, document: Document) -> None:
        """Remember a parsed document (unless its front matter cannot be written as JSON)."""
        encoded = _encode(document)
        if encoded is not None:
            entry = {"key": stat_key(info), "document": encoded}
            entry["passages"] = (_passages_line(document) + "\n").encode("utf-8")
            self._put(path, info, entry)

    def put_problem(
        self, path: str | Path, info: os.stat_result, message: str, line: int | None
    ) -> None:
        """Remember why a file is unusable, so an unchanged bad file is not read again."""
        self._put(path, info, {"key": stat_key(info), "problem": [message, line]})

    def _put(self, path: str | Path, info: os.stat_result, entry: dict[str, Any]) -> None:
        self._new[str(path)] = entry
        racy = self._racy.pop(str(path), None)
        unchanged = racy is not None and _meta(racy) == _meta(entry)
        trustable_now = time.time_ns() - RACY_NS > max(info.st_mtime_ns, info.st_ctime_ns)
        if not unchanged or trustable_now:
            self._dirty = True  # (an unchanged recent file rewritten now would stay racy)

    def save(self, summary: Summary | None = None) -> None:
        """Write the cache if anything changed, the summary of this load included (a warm
        start writes nothing)."""
        if self.file is None:
            return
        head = summary.head() if summary is not None else None
        same_files = self._old is not None and self._new.keys() == self._old.keys()
        if not self._dirty and same_files and self._layout.get("corpus") == head:
            return
        header = {"version": self.version, "written_ns": time.time_ns()}
        try:
            import tempfile  # here: a warm load writes nothing

            fd, tmp = tempfile.mkstemp(prefix=".documents-", dir=self.file.parent)
        except OSError:
            return
        try:
            layout, entries, blobs = self._layout_of(summary, head)
            with os.fdopen(fd, "wb") as handle:
                handle.write(json.dumps(header).encode() + b"\n")
                handle.write(_json_line(layout) + b"\n")
                handle.write(entries)
                for entry in blobs:
                    passages = self._passages_of(entry)
                    if passages is None or len(passages) != self._passages_length(entry):
                        raise ValueError("the old cache file could not be read")
                    handle.write(passages)
            os.replace(tmp, self.file)
        except (OSError, TypeError, ValueError):
            with contextlib.suppress(OSError):
                os.unlink(tmp)

    def _layout_of(
        self, summary: Summary | None, head: dict[str, Any] | None
    ) -> tuple[dict[str, Any], bytes, list[dict[str, Any]]]:
        """(layout line, entries array, entries whose passages follow, in order)."""
        lines: list[bytes] = []
        blobs: list[dict[str, Any]] = []
        places: dict[str, tuple[int, int]] = {}
        at, offset = 2, 0  # after "[\n"
        for path, entry in self._new.items():
            meta = _meta(entry)
            length = self._passages_length(entry)
            if length is not None:
                meta["passages_at"] = [offset, length]
                offset += length
                blobs.append(entry)
            line = _json_line([path, meta])
            places[path] = (at, len(line))
            at += len(line) + 2  # ",\n"
            lines.append(line)
        entries = b"[\n" + b",\n".join(lines) + b"\n]\n" if lines else b""
        layout: dict[str, Any] = {"entries_bytes": len(entries), "corpus": None}
        if summary is not None and head is not None:
            try:
                where = []
                for _doc_id, index in summary.documents:
                    entry_at, length = places[summary.files[index]]
                    where.append([index, entry_at, length])
            except (KeyError, IndexError):
                return layout, entries, blobs  # a document not in the cache: no summary
            layout["corpus"], layout["documents_at"] = head, where
        return layout, entries, blobs

    def _passages_length(self, entry: dict[str, Any]) -> int | None:
        if "passages" in entry:
            return len(entry["passages"])
        if "at" in entry and self._source is not None:
            return int(entry["at"][1])
        return None

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
    return {k: v for k, v in entry.items() if k not in ("at", "passages", "passages_at")}
