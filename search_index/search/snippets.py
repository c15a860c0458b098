"""Where a query matches in a passage (character spans) and the snippet shown for a hit."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from ..analysis import Analyzer

SNIPPET_LENGTH = 240
_SENTENCE_END = re.compile(r"(?<=[.!?;])(?<!\b[^\W\d_]\.)[\"'”’)]*\s+")
"""Where a sentence ends; not after a single letter and a dot (the U.N. and U.S. of dotted
acronyms, an initial as in J. Smith)."""


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with the overlapping ones joined (highlighting draws each once)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


MAX_SPANS = 1000
"""Match spans worked out for one passage: what a hit's snippet, its --json "matches" and the
reader's highlights use. A 50 MB paragraph has millions; listing them all wrote 71 MB."""
LONG_TEXT = 200_000
"""Passages longer than this are analysed a window at a time, stopping at MAX_SPANS spans,
instead of all at once (35 s and gigabytes of tokens for a 50 MB paragraph)."""
WINDOW = 65_536
OVERLAP = 4_096
"""Each window is analysed this much further, so a phrase or alias name that crosses its end
(a query is at most 1,000 characters) is seen whole by the window where it starts."""


def highlight_spans(
    analyzer: Analyzer,
    text: str,
    terms: Iterable[str],
    phrases: Iterable[list[str]] = (),
    tokens: list[Any] | None = None,
    *,
    limit: int = MAX_SPANS,
) -> list[tuple[int, int]]:
    """Character spans of `text` that carry the given terms, or phrases in sequence: the
    first `limit` of them."""
    terms = set(terms)
    phrases = [p for p in phrases if p]
    if tokens is not None or len(text) <= LONG_TEXT:
        if tokens is None:
            tokens = analyzer.tokens(text, "index")
        return merge_spans(_token_spans(tokens, terms, phrases))[:limit]
    spans: list[tuple[int, int]] = []
    for start, end in windows(text):
        stop = _word_end(text, end + OVERLAP)
        found = _token_spans(analyzer.tokens(text[start:stop], "index"), terms, phrases)
        spans.extend((a + start, b + start) for a, b in found if a + start < end)
        if len(spans) >= limit:
            break
    return merge_spans(spans)[:limit]


def windows(text: str, size: int = WINDOW) -> list[tuple[int, int]]:
    """(start, end) pieces of a long text, cut at white space so no word is split."""
    out = []
    start = 0
    while start < len(text):
        end = _word_end(text, start + size)
        out.append((start, end))
        start = end
    return out


def _word_end(text: str, at: int) -> int:
    """The first white space at or after `at` (the text's end if there is none soon)."""
    if at >= len(text):
        return len(text)
    match = _SPACE.search(text, at, at + 1000)
    return match.start() if match else min(len(text), at + 1000)


_SPACE = re.compile(r"\s")


def _token_spans(tokens: list[Any], terms: set[str], phrases: list[list[str]]) -> list:
    spans = [(t.start, t.end) for t in tokens if t.term in terms]
    if phrases:
        by_pos: dict[int, list[Any]] = defaultdict(list)
        for token in tokens:
            by_pos[token.pos].append(token)
        for words in phrases:
            for pos in list(by_pos):
                chain = []
                for i, word in enumerate(words):
                    found = [t for t in by_pos.get(pos + i, ()) if t.term == word]
                    if not found:
                        break
                    chain.append(max(found, key=lambda t: t.end - t.start))
                else:
                    # A phrase is one span, stop words between its terms included.
                    spans.append((chain[0].start, max(t.end for t in chain)))
    return spans


def make_snippet(
    text: str, spans: list[tuple[int, int]], length: int = SNIPPET_LENGTH
) -> tuple[str, int]:
    """(snippet, offset): the sentence around the first match, cut at word boundaries."""
    if len(text) <= length:
        return text, 0
    first, last = (spans[0][0], spans[0][1]) if spans else (0, 0)
    # Sentence ends are looked for near the match only: from the passage's start, a match at
    # the end of a 50 MB paragraph cost a scan of all of it (and the cut below is the same).
    start = near = max(0, first - 4 * length)
    for m in _SENTENCE_END.finditer(text, near, first):
        start = m.end()
    end = len(text)
    m = _SENTENCE_END.search(text, last, last + 4 * length)
    if m:
        end = m.start()
    if end - start > length:
        if first - start > length // 3:
            start = max(start, first - length // 3)
            space = text.find(" ", start, first)
            start = space + 1 if space != -1 else start
        end = min(end, start + length)
        if end < len(text):
            space = text.rfind(" ", max(first, start), end)
            end = space if space > start else end
    snippet = text[start:end].strip()
    lead = len(text[start:end]) - len(text[start:end].lstrip())
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return f"{prefix}{snippet}{suffix}", start + lead
