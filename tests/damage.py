"""Damage to an index that only a search reaches: bytes destroyed in place, with the file's
size and time put back, where the checks on opening cannot see them. Shared by the command
line and reader tests that show such an index is rebuilt, not a dead end."""

from __future__ import annotations

import os
from pathlib import Path

from search_index import Corpus
from search_index.index import open_index
from search_index.search import IndexUnreadable
from search_index.session import Session


def damage_only_a_search_finds(corpus: Corpus, query: str) -> int:
    """Damage the corpus's cached index (built if needed) so that opening it still passes
    its checks but searching `query` cannot read it; the offset damaged."""
    session = Session.open(corpus)  # the index the commands and the reader open
    analyzer, tags = session.analyzer, session.themes

    def build() -> tuple[Path, bytes, os.stat_result]:
        index, built = open_index(corpus, analyzer, tags=tags)
        index.close()
        assert built.location is not None
        seg = max(built.location.glob("*.seg"), key=lambda p: p.stat().st_size)
        return seg, seg.read_bytes(), seg.stat()

    def put(seg: Path, data: bytes, info: os.stat_result) -> None:
        seg.write_bytes(data)
        os.utime(seg, ns=(info.st_atime_ns, info.st_mtime_ns))

    seg, original, info = build()
    for offset in range(0, len(original) - 8, 29):
        data = bytearray(original)
        data[offset : offset + 8] = b"\xff" * 8
        put(seg, bytes(data), info)
        index, opened = open_index(corpus, analyzer, tags=tags)
        try:
            if not opened.reused:  # the open checks saw it and rebuilt: start from that build
                seg, original, info = build()
                continue
            index.search(query)
        except IndexUnreadable:
            return offset
        finally:
            index.close()
        put(seg, original, info)
    raise AssertionError("no damage that only a search finds")
