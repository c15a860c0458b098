"""Whoosh's own segment writer with the one rule bulk.py adds (posting blocks of fewer than
COMPRESS_FROM postings uncompressed): the reference the bulk writer's bytes are checked
against."""

from __future__ import annotations

from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3PostingsWriter

from search_index.whoosh.bulk import COMPRESS_FROM


class _SmallBlocksPlain(W3PostingsWriter):
    def _write_block(self, last: bool = False) -> None:
        self._compression = 3 if len(self._ids) >= COMPRESS_FROM else 0
        super()._write_block(last)


class ReferenceCodec(W3Codec):
    """W3Codec whose postings writer leaves small blocks uncompressed."""

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> Any:
        return _SmallBlocksPlain(
            dbfile, self._blocklimit, byteids, self._compression, self._inlinelimit
        )
