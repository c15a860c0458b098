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


def highlight_spans(
    analyzer: Analyzer,
    text: str,
    terms: Iterable[str],
    phrases: Iterable[list[str]] = (),
    tokens: list[Any] | None = None,
) -> list[tuple[int, int]]:
    """Character spans of `text` that carry the given terms, or phrases in sequence."""
    terms = set(terms)
    phrases = [p for p in phrases if p]
    if tokens is None:
        tokens = analyzer.tokens(text, "index")
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
    return merge_spans(spans)


def make_snippet(
    text: str, spans: list[tuple[int, int]], length: int = SNIPPET_LENGTH
) -> tuple[str, int]:
    """(snippet, offset): the sentence around the first match, cut at word boundaries."""
    if len(text) <= length:
        return text, 0
    first, last = (spans[0][0], spans[0][1]) if spans else (0, 0)
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, first):
        start = m.end()
    end = len(text)
    m = _SENTENCE_END.search(text, last)
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
