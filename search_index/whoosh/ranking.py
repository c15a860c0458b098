"""What both evaluations of a query (evaluation.py with NumPy, plain.py without) share:
Whoosh's BM25F constants and idf, the ranked result, and reading one term's postings."""

from __future__ import annotations

import math
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
    """The term's postings in one segment, or None where it has none or they cannot be read
    (the caller then counts nothing from that segment)."""
    try:
        if (fieldname, text) not in leaf:
            return None
        return leaf.postings(fieldname, text)
    except Exception:
        return None
