"""Damage to an index that only a search reaches: the postings of the searched term destroyed
in place, with the file's size and time put back, where the checks on opening cannot see
them. Shared by the command line and reader tests that show such an index is rebuilt, not a
dead end."""

from __future__ import annotations

import os
from pathlib import Path

from search_index import Corpus
from search_index.index import open_index
from search_index.search import IndexUnreadable, SearchIndex
from search_index.session import Session
from search_index.whoosh.storage import leaf_readers


def _postings_offset(index: SearchIndex, query: str) -> tuple[Path, int]:
    """The segment file holding the postings of the query's first text term, and the offset
    in it where those postings begin (Whoosh's 4-byte block tag)."""
    terms = [text for field, text in index.expanded(query).iter_all_terms() if field == "text"]
    assert terms, f"{query!r} has no text term"
    term = terms[0] if isinstance(terms[0], bytes) else terms[0].encode("utf-8")
    with index.searchers.checkout() as searcher:
        for leaf, _first in leaf_readers(searcher.reader()):
            if ("text", term) in leaf:
                info = leaf._terms.term_info("text", term)
                assert info._inlined is None, "the term's postings are inlined: no block"
                subfile = leaf._terms._postfile.file  # the postings inside the .seg file
                return Path(subfile._file.name), subfile._offset + info._offset
    raise AssertionError(f"{query!r} is not in the index")


def damage_only_a_search_finds(corpus: Corpus, query: str) -> int:
    """Damage the corpus's cached index (built if needed) so that opening it still passes
    its checks but searching `query` cannot read it: the block tag of the query term's
    postings is overwritten in place, with the file's size and time put back. Returns the
    offset damaged."""
    session = Session.open(corpus)  # the index the commands and the reader open
    analyzer, tags = session.analyzer, session.themes
    index, _built = open_index(corpus, analyzer, tags=tags)
    try:
        seg, offset = _postings_offset(index, query)
    finally:
        index.close()
    info = seg.stat()
    data = bytearray(seg.read_bytes())
    data[offset : offset + 4] = b"\xff" * 4
    seg.write_bytes(bytes(data))
    os.utime(seg, ns=(info.st_atime_ns, info.st_mtime_ns))
    index, opened = open_index(corpus, analyzer, tags=tags)
    try:
        assert opened.reused, "the checks on opening saw the damage"
        try:
            index.search(query)
        except IndexUnreadable:
            return offset
        raise AssertionError(f"searching {query!r} read the damaged postings without error")
    finally:
        index.close()
