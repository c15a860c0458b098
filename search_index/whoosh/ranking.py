"""What both evaluations of a query (evaluation.py with NumPy, plain.py without) share:
Whoosh's BM25F constants and idf, the ranked result, and reading one term's postings."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

B, K1 = 0.75, 1.2
SCORED_FIELDS = ("text", "title", "issuer")


def idf_of(count: int, frequency: int) -> float:
    """Whoosh's BM25F idf of a term in `frequency` of `count` passages (math.log, so that
    both evaluations give these very numbers)."""
    return math.log(count / (frequency + 1)) + 1


class Ranked(NamedTuple):
    """Top documents of a search: (passage id, score) in rank order, and how many matched."""

    hits: list[tuple[str, float]]
    total: int = 0


def lengths_column() -> Any:
    """Whoosh's column of quantised field lengths (one byte a passage)."""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN

    return LENGTHS_COLUMN


def term_matcher(leaf: Any, fieldname: str, text: str) -> Any:
    """The term's postings in one segment, or None where it has none. Postings that cannot
    be read raise (the search reports the index unreadable and it is rebuilt): counting
    nothing from them instead gave a damaged index's searches no hits and no notice."""
    from whoosh.reading import TermNotFound

    if (fieldname, text) not in leaf:
        return None
    try:
        return leaf.postings(fieldname, text)
    except TermNotFound:
        return None


def posting_blocks(
    leaves: Sequence[tuple[Any, int]], fieldname: str, text: str
) -> Iterator[tuple[int, Sequence[int], Sequence[float]]]:
    """A term's postings as (segment offset, segment docnums, weights), a block at a time
    where the matcher reads blocks (Whoosh's own format), else one posting at a time in one
    block: what both evaluations turn into their own containers."""
    for leaf, offset in leaves:
        matcher = term_matcher(leaf, fieldname, text)
        if matcher is None:
            continue
        if hasattr(matcher, "_read_ids") and hasattr(matcher, "_next_block"):
            while matcher.is_active():
                matcher._read_ids()
                matcher._read_weights()
                yield offset, matcher._ids, matcher._weights
                matcher._next_block()
        else:
            ids, weights = [], []
            while matcher.is_active():
                ids.append(matcher.id())
                weights.append(matcher.weight())
                matcher.next()
            yield offset, ids, weights
