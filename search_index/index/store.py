"""The index cache folder: one folder per fingerprint, leftovers of killed builds cleaned,
old folders pruned, a completion marker checked, a finished build moved into place atomically.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..analysis import Analyzer
from ..paths import cache_folder, ensure_private, foreign_file
from ..whoosh.errors import EngineError
from ..whoosh.storage import open_existing, verify

MARKER = "complete.json"
"""Written last into a build folder: fingerprint, counts and file sizes."""


def index_root() -> Path:
    """The private cache folder that holds one index folder per fingerprint (made if
    missing; OSError if it cannot be used)."""
    return cache_folder("index")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def remove_folder(path: Path) -> None:
    """Delete a folder and everything in it, ignoring what is already gone."""
    import shutil  # here: opening an index deletes nothing

    shutil.rmtree(path, ignore_errors=True)


def discard(folder: Path) -> None:
    """Move a folder out of the way first, so nobody sees it half deleted, then delete it."""
    trash = folder.with_name(f".trash-{folder.name}-{os.getpid()}-{time.monotonic_ns()}")
    try:
        os.rename(folder, trash)
    except OSError:
        remove_folder(folder)
        return
    remove_folder(trash)


def clean_leftovers(root: Path) -> None:
    """Delete build folders of processes that died (killed builds) and old trash."""
    try:
        entries = list(root.iterdir())
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if name.startswith(".trash-"):
            remove_folder(entry)
        elif name.startswith(".build-"):
            parts = name.split("-")
            pid = int(parts[1]) if len(parts) > 2 and parts[1].isdigit() else None
            if pid is None or not _pid_alive(pid):
                remove_folder(entry)


KEEP_INDEXES = 8
"""Index folders kept in the cache (one per corpus version); older ones are deleted."""


def prune_old(root: Path, current: Path) -> None:
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
        discard(entry)


def _read_marker(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EngineError("it was never completed (no completion marker)") from None
    except (OSError, ValueError) as error:
        raise EngineError(f"its completion marker is unreadable ({error})") from None
    if not isinstance(data, dict):
        raise EngineError("its completion marker is not a JSON object")
    return data


def file_times(folder: Path, names: Iterable[str]) -> dict[str, int]:
    """Modification times (ns) of the index files when the build finished: a file written
    afterwards (damage that keeps its size) no longer matches, at the cost of a stat."""
    return {name: (folder / name).stat().st_mtime_ns for name in names}


def _check_files(
    folder: Path, expected: Mapping[str, int], times: Mapping[str, int] | None = None
) -> None:
    try:
        ensure_private(folder)
    except OSError as error:
        raise EngineError(str(error)) from None
    for name, size in expected.items():
        problem = foreign_file(folder / name)
        if problem is not None:
            raise EngineError(problem)
        try:
            info = (folder / name).lstat()
        except OSError:
            raise EngineError(f"the file {name} is missing") from None
        if info.st_size != size:
            raise EngineError(f"the file {name} has {info.st_size} bytes, expected {size}")
        if times is not None and times.get(name) != info.st_mtime_ns:
            raise EngineError(f"the file {name} was changed after the index was built")


def open_checked(
    folder: Path, analyzer: Analyzer, fp: str, passages: int
) -> tuple[Any, dict[str, Any]]:
    """Open an index folder only if its marker, files and contents check out: (Whoosh
    index, marker); EngineError naming the first problem otherwise."""
    marker = _read_marker(folder)
    if marker.get("fingerprint") != fp:
        raise EngineError("its completion marker names another fingerprint")
    if marker.get("passages") != passages:
        raise EngineError("it holds a different number of passages")
    files = marker.get("files")
    times = marker.get("mtimes")
    if not isinstance(files, dict):
        raise EngineError("its completion marker lists no files")
    if not isinstance(times, dict):
        raise EngineError("it was built by an older version (no file times)")
    _check_files(folder, files, times)
    ix = open_existing(folder, analyzer)
    verify(ix, passages)
    return ix, marker


def fsync_folder(folder: Path) -> None:
    """Flush every file of a folder and the folder itself, so the rename that follows
    never exposes a build whose data is still in the page cache."""
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


def move_into_place(tmp: Path, final: Path, analyzer: Analyzer, fp: str, passages: int) -> Any:
    """Rename a finished build into place and open it; None if another process kept
    replacing it meanwhile (two `--rebuild`s at once), so the caller builds in memory."""
    for _attempt in range(3):
        try:
            os.rename(tmp, final)
        except OSError:
            # Another process finished the same index first: use theirs if it is sound.
            try:
                ix, _marker = open_checked(final, analyzer, fp, passages)
            except EngineError:
                discard(final)
                continue
            remove_folder(tmp)
            return ix
        try:
            return open_existing(final, analyzer)
        except EngineError:
            break  # ours was moved aside by a concurrent rebuild after the rename
    remove_folder(tmp)
    return None
