"""Candidate pairs: every content passage's best partners in other documents, from the product
of the passages' vectors with their transpose, block by block of rows.

Why two processes: the product is the links build's biggest stage (about 3 s of 9 at 100,000
passages) and its blocks are independent. When the links are built alongside the index
(links.alongside) the index is finished before they are, leaving a core idle; after the
index (or in `xref links`) the second core idles all along. From MIN_PASSAGES a child made by
fork (which shares the matrices without copying) computes the second half of the blocks and
sends its pairs back as three arrays, a few MB (forked.in_halves). The pairs are those of one
process, in the same order: the child runs the very function the parent runs on its half. If
the child fails or is killed, the parent computes that half itself.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import numpy as np

from .. import forked
from .selection import _top_in_rows

BLOCK_ROWS = 2048
MIN_PASSAGES = 20_000
"""Below this many passages the product takes well under a second: no child."""

Pairs = tuple[np.ndarray, np.ndarray, np.ndarray]
"""(src, dst, score) of candidate pairs, grouped by src in row order."""


def candidate_pairs(
    x: Any,
    x_t: Any,
    doc_of: np.ndarray,
    floor: float,
    keep: int,
    progress: Callable[[int, int], None] | None = None,
    *,
    min_passages: int | None = None,
) -> Pairs:
    """The best `keep` pairs of each row of `x @ x_t` scoring `floor` or more, between
    passages of different documents (`doc_of`). From `min_passages` rows (default
    MIN_PASSAGES) the second half of the blocks in a forked child. `progress(done, total)`
    after each block."""
    n = x.shape[0]
    least = MIN_PASSAGES if min_passages is None else min_passages
    middle = ((n // 2) // BLOCK_ROWS) * BLOCK_ROWS
    if middle == 0 or not forked.can_fork(n, least):
        return _rows(x, x_t, doc_of, floor, keep, 0, n, progress)
    scaled = None if progress is None else (lambda done, total: progress(done * n // total, n))
    first, second = forked.in_halves(
        lambda: _rows(x, x_t, doc_of, floor, keep, 0, middle, scaled),
        lambda: _rows(x, x_t, doc_of, floor, keep, middle, n, None),
        _encoded,
        _decoded,
    )
    if progress is not None:
        progress(n, n)
    return _concatenated([first, second])


def _rows(
    x: Any,
    x_t: Any,
    doc_of: np.ndarray,
    floor: float,
    keep: int,
    start: int,
    stop: int,
    progress: Callable[[int, int], None] | None,
) -> Pairs:
    """The pairs of rows [start, stop), block by block."""
    found_src, found_dst, found_score = [], [], []
    for r0 in range(start, stop, BLOCK_ROWS):
        r1 = min(stop, r0 + BLOCK_ROWS)
        block = x[r0:r1] @ x_t  # CSR: row-major, so rows stay contiguous below
        strong = np.flatnonzero(block.data >= floor)  # most products are weak: drop first
        rows = np.searchsorted(block.indptr, strong, side="right").astype(np.int64) + (r0 - 1)
        cols = block.indices[strong].astype(np.int64)
        data = block.data[strong]
        ok = doc_of[rows] != doc_of[cols]
        s, d, sc = _top_in_rows(rows[ok], cols[ok], data[ok], keep)
        found_src.append(s)
        found_dst.append(d)
        found_score.append(sc)
        if progress is not None:
            progress(r1 - start, stop - start)
    return _concatenated(list(zip(found_src, found_dst, found_score, strict=True)))


def _concatenated(parts: list[Pairs]) -> Pairs:
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.float32)
    src, dst, score = zip(*parts, strict=True)
    return np.concatenate(src), np.concatenate(dst), np.concatenate(score)


def _encoded(pairs: Pairs) -> bytes:
    out = io.BytesIO()
    np.savez(out, src=pairs[0], dst=pairs[1], score=pairs[2])
    return out.getvalue()


def _decoded(data: bytes) -> Pairs:
    with np.load(io.BytesIO(data), allow_pickle=False) as found:
        return found["src"], found["dst"], found["score"]
