"""The index's words as written (surface-words.txt), for prefixes and wildcards.

Patterns are matched against the words the user would have typed, folded, not against stems;
each written word carries the term it is indexed as.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .errors import EngineError, describe
from .schema import fold

MAX_SCAN_WORDS = 64 * 4096
"""At most this many written words (most frequent first) are tested against one pattern or
word range; a compiled pattern tests them at C speed, about 30 ms for the whole budget."""
SURFACE_FILE = "surface-words.txt"
"""Words as written (folded) with their indexed terms, most frequent first; written into the
index folder by build(), so it is part of the atomic build and of the file-size check."""
_SURFACE_HEADER = "xref-surface-words 1"
_CHUNK = 4096
_CHUNKS = re.compile(f"(?:\n[^\n]*){{1,{_CHUNK}}}")
"""Runs of _CHUNK vocabulary lines: a scan checks for cancellation between them."""


def surface_pairs(pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """(folded word, term): how a pattern sees a word; a possessive also without its 's."""
    out = set()
    for raw, term in pairs:
        word = fold(raw)
        if word:
            out.add((word, term))
        if raw[-2:] in ("'s", "’s") and len(raw) > 2:
            out.add((fold(raw[:-2]), term))
    return out


def write_surface_words(ix: Any, pairs: set[tuple[str, str]]) -> None:
    """Write SURFACE_FILE: the indexed words as written, most frequent term first."""
    with ix.reader() as reader:
        freq = {
            (b.decode("utf-8") if isinstance(b, bytes) else b): info.doc_frequency()
            for b, info in reader.iter_field("text")
        }
    lines = sorted(
        (-freq[term], word, term)
        for word, term in surface_pairs(pairs)
        if term in freq and not term.startswith("§")
    )
    body = "".join(f"{word}\t{term}\n" for _f, word, term in lines)
    data = f"{_SURFACE_HEADER} {len(lines)}\n{body}".encode("utf-8", "surrogatepass")
    handle = ix.storage.create_file(SURFACE_FILE)
    try:
        handle.write(data)
    finally:
        handle.close()


def check_surface_file(ix: Any) -> None:
    """The word list must at least start as one (its whole content is read on first use)."""
    handle = ix.storage.open_file(SURFACE_FILE)
    try:
        if not handle.read(len(_SURFACE_HEADER)) == _SURFACE_HEADER.encode():
            raise EngineError(f"the file {SURFACE_FILE} is not a word list")
    finally:
        handle.close()


class SurfaceWords:
    """The vocabulary as written: folded words and their indexed terms, most frequent first.

    Prefixes and wildcards are matched against words as the user wrote them, not against
    stems (`*ined` must find intertwined, indexed as intertwin). The words are kept as one
    string of lines so a pattern is tested by the regex engine, not a Python loop, and in
    frequency order, so a scan stops as soon as it has the most frequent terms it needs."""

    def __init__(self, lines: Iterable[tuple[str, str]] = (), *, blob: str | None = None) -> None:
        self._blob = blob if blob is not None else "".join(f"\n{w}\t{t}" for w, t in lines)
        """Lines '\\nword\\tterm', most frequent term first."""
        self._chunks = [m.span() for m in _CHUNKS.finditer(self._blob)]
        self.count = self._blob.count("\n")

    @classmethod
    def load(cls, ix: Any) -> SurfaceWords:
        """Read the index's vocabulary file; EngineError if it is missing or damaged."""
        try:
            handle = ix.storage.open_file(SURFACE_FILE)
            try:
                data = handle.read()
            finally:
                handle.close()
            text = data.decode("utf-8", "surrogatepass")
        except Exception as error:
            raise EngineError(f"the word list is unreadable ({describe(error)})") from None
        header, _, body = text.partition("\n")
        name, _, count = header.rpartition(" ")
        lines = body.split("\n")[:-1]
        if name != _SURFACE_HEADER or not count.isdigit() or int(count) != len(lines):
            raise EngineError("the word list is damaged")
        return cls(blob="\n" + body[:-1] if lines else "")

    def scan(
        self, pattern: re.Pattern[str], limit: int, check: Callable[[], None] | None = None
    ) -> tuple[list[str], bool]:
        """The `limit` most frequent terms of the words matching a line pattern (as made by
        line_pattern), and whether more were left out (more terms, or words not scanned)."""
        blob = self._blob

        def terms(start: int, end: int) -> Iterator[str]:
            return (match.group(1) for match in pattern.finditer(blob, start, end))

        return self._collect(terms, limit, check)

    def select(
        self, keep: Callable[[str], bool], limit: int, check: Callable[[], None] | None = None
    ) -> tuple[list[str], bool]:
        """Like scan, for a test on the term itself (a range of terms), in Python."""
        blob = self._blob

        def terms(start: int, end: int) -> Iterator[str]:
            for line in blob[start + 1 : end].split("\n"):
                term = line.partition("\t")[2]
                if keep(term):
                    yield term

        return self._collect(terms, limit, check)

    def _collect(
        self,
        terms_in: Callable[[int, int], Iterable[str]],
        limit: int,
        check: Callable[[], None] | None,
    ) -> tuple[list[str], bool]:
        """Distinct terms, most frequent words first, chunk by chunk within the scan budget."""
        found: dict[str, None] = {}
        for n, (start, end) in enumerate(self._chunks):
            if n * _CHUNK >= MAX_SCAN_WORDS:
                return list(found), True
            if check is not None:
                check()
            for term in terms_in(start, end):
                if term not in found:
                    if len(found) >= limit:
                        return list(found), True
                    found[term] = None
        return list(found), False


def _literal(piece: str) -> str:
    return "".join("[^\t\n]" if ch == "?" else re.escape(ch) for ch in piece)


def line_pattern(glob: str) -> re.Pattern[str]:
    """A regex for the vocabulary lines whose word matches a folded `*`/`?` pattern.

    Each middle piece is found leftmost inside an atomic group, which is always enough for
    `*` and never backtracks, so a hostile pattern costs time linear in the word."""
    pieces = glob.split("*")
    if len(pieces) == 1:
        body = _literal(glob)
    else:
        head, *middle, tail = pieces
        inner = "".join(f"(?>[^\t\n]*?{_literal(m)})" for m in middle if m)
        body = f"{_literal(head)}{inner}[^\t\n]*{_literal(tail)}"
    return re.compile(f"\n{body}\t([^\n]*)")
