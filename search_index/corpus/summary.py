"""The summary of a load kept in the document cache: which files it found, in what state,
and what it made of them, so that a warm load finding the same files makes nothing."""

from __future__ import annotations

import hashlib
import os
from array import array
from collections.abc import Sequence
from typing import Any, NamedTuple


def stat_key(info: os.stat_result) -> list[int]:
    """What must match for a cached entry to stand for the file as it is now."""
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev]


def stats_digest(files: Sequence[str], infos: Sequence[os.stat_result | None]) -> str:
    """A digest of the files a load found and their stat keys: the same digest, the same
    files as when the cache's summary was written (racily recent ones aside)."""
    h = hashlib.sha256("\x00".join(files).encode("utf-8", "surrogatepass"))
    try:  # the numbers as machine words: writing 20,000 of them out as text took 5 ms
        h.update(array("q", [n for i in infos for n in (_key(i) if i else _MISSING)]))
    except OverflowError:  # an inode number past 2**63
        h.update(",".join(" ".join(map(str, _key(i) if i else "-")) for i in infos).encode())
    return h.hexdigest()


_MISSING = (-1, -1, -1, -1, -1)


def _key(info: os.stat_result) -> tuple[int, int, int, int, int]:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


class Summary(NamedTuple):
    """What a load made of its files, for a warm load that finds them all unchanged: the
    stats digest, the problems the files gave (the walk's own are found again), the
    documents in corpus order (id, index of the file in `files`), passages and digest."""

    stats: str
    files: Sequence[str]
    problems: list[tuple[str, str, int | None]]
    documents: list[tuple[str, int]]
    passages: int
    digest: str

    def head(self) -> dict[str, Any]:
        """The part compared with the summary in the file (where entries lie aside)."""
        return {
            "stats": self.stats,
            "problems": [list(p) for p in self.problems],
            "ids": [doc_id for doc_id, _index in self.documents],
            "passages": self.passages,
            "digest": self.digest,
        }
