"""The cached search index: fingerprinted, built atomically, reused, rebuilt when damaged.

The index is disposable: it lives in the user's private cache folder under a fingerprint of
everything it depends on (document bytes, aliases, theme tags, schema and analysis versions).
A build writes into a temporary folder that is renamed into place only when complete, so a
build killed at any moment leaves the old index or none, never half of one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import engine
from .analysis import Analyzer
from .corpus import Corpus
from .paths import cache_dir, ensure_private

MARKER = "complete.json"
"""Written last into a build folder: fingerprint, counts and file sizes."""

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total), called from the building thread."""


@dataclass(slots=True)
class IndexInfo:
    """What `open_index` did, for `xref index` and the reader's status line."""

    documents: int
    passages: int
    location: Path | None
    """The per-fingerprint folder (None when the index is in memory); others may store
    derived caches (such as links) beside the index in it."""
    fingerprint: str
    reused: bool
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds per stage; later stages (links) add their own entries."""
    notices: list[str] = field(default_factory=list)
    """One-line messages for the user: a damaged index rebuilt, a cache kept in memory."""

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "passages": self.passages,
            "location": str(self.location) if self.location else None,
            "fingerprint": self.fingerprint,
            "reused": self.reused,
            "timings": {k: round(v, 4) for k, v in self.timings.items()},
        }


Tags = Mapping[str, Sequence[str]] | Any
"""Theme tags: a mapping passage id -> theme ids, or a themes.ThemeSet (tags computed only
when the index is built; its `version` stands in for them in the fingerprint)."""


def _is_theme_set(tags: Any) -> bool:
    return hasattr(tags, "version") and hasattr(tags, "themes") and not isinstance(tags, Mapping)


def _tag_map(tags: Tags | None) -> Mapping[str, Sequence[str]] | None:
    if tags is None:
        return None
    return tags.tags if _is_theme_set(tags) else tags


def _tags_digest(tags: Tags | None) -> str:
    if _is_theme_set(tags):
        return f"set:{tags.version}"
    if not tags:
        return "-"
    items = sorted((str(k), sorted(str(t) for t in v)) for k, v in tags.items())
    return hashlib.sha256(json.dumps(items, ensure_ascii=False).encode()).hexdigest()


def fingerprint(corpus: Corpus, analyzer: Analyzer, tags: Tags | None = None) -> str:
    """A digest of everything the index depends on; any change means a new index."""
    h = hashlib.sha256()
    h.update(f"schema={engine.SCHEMA_VERSION}\nanalysis={analyzer.version}\n".encode())
    h.update(f"tags={_tags_digest(tags)}\n".encode())
    for document in corpus.documents:
        line = json.dumps(
            [
                document.id,
                document.digest,
                document.title,
                document.issuer,
                document.date,
                document.language,
                len(document.passages),
            ],
            ensure_ascii=False,
        )
        h.update(line.encode())
        h.update(b"\n")
        if not document.digest:
            # A document built in memory (tests, scripts): its text stands in for its bytes.
            for passage in document.passages:
                h.update(passage.text.encode("utf-8", "surrogatepass"))
                h.update(b"\x00")
    return h.hexdigest()[:32]


def _date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None


def _resolve_tags(tags: Tags | None, timings: dict[str, float]) -> Any:
    """Theme tags as a mapping; tagging a ThemeSet's passages is its own 'themes' stage."""
    if not _is_theme_set(tags):
        return tags
    started = time.perf_counter()
    resolved = _tag_map(tags)
    timings["themes"] = round(time.perf_counter() - started, 4)
    return resolved


def _rows(corpus: Corpus, tags: Tags | None) -> Iterator[engine.Row]:
    tags = _tag_map(tags)
    for document in corpus.documents:
        date = _date(document.date)
        for passage in document.passages:
            yield engine.Row(
                pid=passage.id,
                doc=document.id,
                title=document.title,
                issuer=document.issuer,
                date=date,
                lang=document.language.lower(),
                themes=tuple(tags.get(passage.id, ())) if tags else (),
                text=passage.text,
            )


def _index_root() -> Path:
    cache = cache_dir()
    ensure_private(cache)
    root = cache / "index"
    root.mkdir(mode=0o700, exist_ok=True)
    ensure_private(root)
    return root


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def _discard(folder: Path) -> None:
    """Move a folder out of the way first, so nobody sees it half deleted, then delete it."""
    trash = folder.with_name(f".trash-{folder.name}-{os.getpid()}-{time.monotonic_ns()}")
    try:
        os.rename(folder, trash)
    except OSError:
        _remove(folder)
        return
    _remove(trash)


def _clean_leftovers(root: Path) -> None:
    """Delete build folders of processes that died (killed builds) and old trash."""
    try:
        entries = list(root.iterdir())
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if name.startswith(".trash-"):
            _remove(entry)
        elif name.startswith(".build-"):
            parts = name.split("-")
            pid = int(parts[1]) if len(parts) > 2 and parts[1].isdigit() else None
            if pid is None or not _pid_alive(pid):
                _remove(entry)


KEEP_INDEXES = 8
"""Index folders kept in the cache (one per corpus version); older ones are deleted."""


def _prune_old(root: Path, current: Path) -> None:
    """Delete all but the most recently built index folders, so the cache does not grow
    with every edit of a document."""
    folders = []
    try:
        for entry in root.iterdir():
            if entry.name.startswith(".") or entry == current or not entry.is_dir():
                continue
            marker = entry / MARKER
            built = marker.stat().st_mtime if marker.exists() else 0.0
            folders.append((built, entry))
    except OSError:
        return
    folders.sort(reverse=True)
    for _built, entry in folders[KEEP_INDEXES - 1 :]:
        _discard(entry)


def _read_marker(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise engine.EngineError("it was never completed (no completion marker)") from None
    except (OSError, ValueError) as error:
        raise engine.EngineError(f"its completion marker is unreadable ({error})") from None
    if not isinstance(data, dict):
        raise engine.EngineError("its completion marker is not a JSON object")
    return data


def _file_times(folder: Path, names: Iterable[str]) -> dict[str, int]:
    """Modification times (ns) of the index files when the build finished: a file written
    afterwards (damage that keeps its size) no longer matches, at the cost of a stat."""
    return {name: (folder / name).stat().st_mtime_ns for name in names}


def _check_files(
    folder: Path, expected: Mapping[str, int], times: Mapping[str, int] | None = None
) -> None:
    try:
        ensure_private(folder)
    except OSError as error:
        raise engine.EngineError(str(error)) from None
    uid = os.geteuid() if hasattr(os, "geteuid") else None
    for name, size in expected.items():
        try:
            info = (folder / name).lstat()
        except OSError:
            raise engine.EngineError(f"the file {name} is missing") from None
        if not stat.S_ISREG(info.st_mode) or (uid is not None and info.st_uid != uid):
            raise engine.EngineError(f"the file {name} is not a file of yours")
        if info.st_size != size:
            raise engine.EngineError(f"the file {name} has {info.st_size} bytes, expected {size}")
        if times is not None and times.get(name) != info.st_mtime_ns:
            raise engine.EngineError(f"the file {name} was changed after the index was built")


def _open_checked(
    folder: Path, analyzer: Analyzer, fp: str, passages: int
) -> tuple[Any, dict[str, Any]]:
    marker = _read_marker(folder)
    if marker.get("fingerprint") != fp:
        raise engine.EngineError("its completion marker names another fingerprint")
    if marker.get("passages") != passages:
        raise engine.EngineError("it holds a different number of passages")
    files = marker.get("files")
    times = marker.get("mtimes")
    if not isinstance(files, dict):
        raise engine.EngineError("its completion marker lists no files")
    if not isinstance(times, dict):
        raise engine.EngineError("it was built by an older version (no file times)")
    _check_files(folder, files, times)
    ix = engine.open_existing(folder, analyzer)
    engine.verify(ix, passages)
    return ix, marker


def _fsync_folder(folder: Path) -> None:
    for entry in folder.iterdir():
        if entry.is_file():
            with open(entry, "rb") as handle:
                os.fsync(handle.fileno())
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _build_on_disk(
    root: Path,
    fp: str,
    corpus: Corpus,
    analyzer: Analyzer,
    tags: Tags | None,
    progress: Progress | None,
    timings: dict[str, float],
    procs: int,
) -> Path:
    """Build into a private temporary folder and return it, complete and synced."""
    tmp = Path(tempfile.mkdtemp(prefix=f".build-{os.getpid()}-{fp[:12]}-", dir=root))
    try:
        ix = engine.build(
            tmp,
            analyzer,
            _rows(corpus, _resolve_tags(tags, timings)),
            total=len(corpus),
            progress=progress,
            procs=procs,
            timings=timings,
        )
        ix.close()
        files = engine.index_files(tmp)
        marker = {
            "fingerprint": fp,
            "documents": len(corpus.documents),
            "passages": len(corpus),
            "files": files,
            "mtimes": _file_times(tmp, files),
            "timings": timings,
        }
        (tmp / MARKER).write_text(json.dumps(marker, indent=1), encoding="utf-8")
        _fsync_folder(tmp)
    except BaseException:
        _remove(tmp)
        raise
    return tmp


def _move_into_place(tmp: Path, final: Path, analyzer: Analyzer, fp: str, passages: int) -> Any:
    """Rename a finished build into place and open it; None if another process kept
    replacing it meanwhile (two `--rebuild`s at once), so the caller builds in memory."""
    for _attempt in range(3):
        try:
            os.rename(tmp, final)
        except OSError:
            # Another process finished the same index first: use theirs if it is sound.
            try:
                ix, _marker = _open_checked(final, analyzer, fp, passages)
            except engine.EngineError:
                _discard(final)
                continue
            _remove(tmp)
            return ix
        try:
            return engine.open_existing(final, analyzer)
        except engine.EngineError:
            break  # ours was moved aside by a concurrent rebuild after the rename
    _remove(tmp)
    return None


def load_analyzer(corpus: Corpus, notices: list[str] | None = None) -> Analyzer:
    """The analyser for a corpus: bundled aliases plus each corpus folder's aliases.yaml."""
    from .aliases import load_aliases_for

    loaded = load_aliases_for(corpus)
    if notices is not None:
        notices.extend(f"aliases: {problem}" for problem in loaded.problems)
    return Analyzer(loaded.table)


def open_index(
    corpus: Corpus,
    analyzer: Analyzer | None = None,
    tags: Tags | None = None,
    rebuild: bool = False,
    progress: Progress | None = None,
    procs: int = 1,
):
    """Open the cached index for this corpus, building it if needed.

    Returns (SearchIndex, IndexInfo). Never raises for a damaged or unwritable cache: a
    damaged index is rebuilt, an unwritable cache folder gives an index in memory, and
    IndexInfo.notices says so.
    """
    from .search import SearchIndex

    notices: list[str] = []
    if analyzer is None:
        analyzer = load_analyzer(corpus, notices)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    fp = fingerprint(corpus, analyzer, tags)
    timings["fingerprint"] = round(time.perf_counter() - started, 4)
    passages = len(corpus)
    documents = len(corpus.documents)

    try:
        root = _index_root()
    except OSError as error:
        root = None
        notices.append(
            f"the cache folder cannot be used ({error.strerror or error}); "
            "the index is kept in memory for this session"
        )

    if root is not None:
        final = root / fp
        if not rebuild and final.exists():
            started = time.perf_counter()
            try:
                ix, _marker = _open_checked(final, analyzer, fp, passages)
            except engine.EngineError as error:
                notices.append(f"the search index at {final} is damaged ({error}); rebuilt it")
                _discard(final)
            else:
                timings["open"] = round(time.perf_counter() - started, 4)
                info = IndexInfo(documents, passages, final, fp, True, timings, notices)
                return SearchIndex(ix, corpus, analyzer), info
        try:
            _clean_leftovers(root)
            tmp = _build_on_disk(root, fp, corpus, analyzer, tags, progress, timings, procs)
        except OSError as error:
            notices.append(
                f"the index cannot be written to {root} ({error.strerror or error}); "
                "it is kept in memory for this session"
            )
        else:
            started = time.perf_counter()
            if rebuild and final.exists():
                _discard(final)
            ix = _move_into_place(tmp, final, analyzer, fp, passages)
            if ix is not None:
                timings["open"] = round(time.perf_counter() - started, 4)
                _prune_old(root, final)
                info = IndexInfo(documents, passages, final, fp, False, timings, notices)
                return SearchIndex(ix, corpus, analyzer), info
            notices.append(
                f"another process replaced the index at {final} while it was being opened; "
                "it is kept in memory for this session"
            )

    ix = engine.build(
        None,
        analyzer,
        _rows(corpus, _resolve_tags(tags, timings)),
        total=passages,
        progress=progress,
        timings=timings,
    )
    info = IndexInfo(documents, passages, None, fp, False, timings, notices)
    return SearchIndex(ix, corpus, analyzer), info
