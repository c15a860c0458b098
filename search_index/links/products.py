"""Candidate pairs: every content passage's best partners in other documents, from the product
of the passages' vectors with their transpose.

Two ways to the same pairs. With sparse_dot_topn (a default dependency: C++, OpenMP threads),
the product and each row's best are one pass that never stores the weak products: at 100,000
passages 1.5 s on two cores, where scipy's product block by block, its filtering and the
per-row selection took 5.9 s on one core (about 3 s in two processes). It keeps each row's
2 x `keep` + 1 best at `floor` or more, over every document; the passage's own document is then
left out, and a row whose best cannot be told from those alone (too many partners in its own
document, or ties at the cut) is computed again exactly. Without the package (not installed,
or failing to import) the same pairs come from scipy: blocks of rows, from MIN_PASSAGES the
second half of them in a forked child (forked.in_halves), which sends its pairs back as three
arrays; if the child fails or is killed, the parent computes that half itself.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from typing import Any

import numpy as np

from .. import forked
from .selection import _top_in_rows

BLOCK_ROWS = 2048
FUSED_BLOCK_ROWS = 8192
"""Rows per call of sparse_dot_topn, at least: the same time as one call for all rows (1.50 s
against 1.53 s at 100,000 passages), with progress and a bounded result per call. Each call
copies the transpose's indices to int32, so a big corpus takes at most FUSED_CALLS calls."""
FUSED_CALLS = 16
MIN_PASSAGES = 20_000
"""Below this many passages the product takes well under a second: no child, no threads."""

Pairs = tuple[np.ndarray, np.ndarray, np.ndarray]
"""(src, dst, score) of candidate pairs, grouped by src in row order."""

_threads_started_in: int | None = None
"""The process that started OpenMP threads, if any: libgomp's threads do not survive fork,
and a parallel region in a forked child of that process can hang."""


def candidate_pairs(
    x: Any,
    x_t: Any,
    doc_of: np.ndarray,
    floor: float,
    keep: int,
    progress: Callable[[int, int], None] | None = None,
    *,
    min_passages: int | None = None,
    fused: bool = True,
) -> Pairs:
    """The best `keep` pairs of each row of `x @ x_t` scoring `floor` or more, between
    passages of different documents (`doc_of`); equal scores at a row's cut are chosen by
    `_tie`. With sparse_dot_topn unless `fused` is False; else scipy, from `min_passages`
    rows (default MIN_PASSAGES) the second half of the blocks in a forked child.
    `progress(done, total)` after each block."""
    multiply = _sparse_dot_topn() if fused else None
    if multiply is not None:
        return _fused(multiply, x, x_t, doc_of, floor, keep, progress)
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


def _sparse_dot_topn() -> Callable[..., Any] | None:
    """sp_matmul_topn, or None when the package is missing or does not import (its import
    asks psutil for the physical cores, which some machines do not report)."""
    try:
        from sparse_dot_topn import sp_matmul_topn
    except Exception:
        return None
    return sp_matmul_topn


def _threads(rows: int) -> int:
    """Threads for sparse_dot_topn: the cores this process may run on; 1 below MIN_PASSAGES
    rows (well under a second on one) and in a process forked from one that started OpenMP
    threads."""
    if rows < MIN_PASSAGES:
        return 1
    if _threads_started_in is not None and _threads_started_in != os.getpid():
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, cores)


def _below(floor: float) -> float:
    """The float32 just below every float32 score >= `floor`: sparse_dot_topn keeps the
    products greater than its threshold, the scipy path those at `floor` or more."""
    bound = np.float32(floor)
    if float(bound) >= floor:
        bound = np.nextafter(bound, np.float32(-np.inf))
    return float(bound)


def _fused(
    multiply: Callable[..., Any],
    x: Any,
    x_t: Any,
    doc_of: np.ndarray,
    floor: float,
    keep: int,
    progress: Callable[[int, int], None] | None,
) -> Pairs:
    global _threads_started_in
    n = x.shape[0]
    if n == 0 or keep <= 0:
        return _concatenated([])
    threads = _threads(n)
    if threads > 1:
        _threads_started_in = os.getpid()
    x_t = x_t.astype(np.float32) if x_t.dtype != np.float32 else x_t
    parts, doubtful = [], []
    step = max(FUSED_BLOCK_ROWS, -(-n // FUSED_CALLS))
    for r0 in range(0, n, step):
        r1 = min(n, r0 + step)
        rows = x[r0:r1]
        rows = rows.astype(np.float32) if rows.dtype != np.float32 else rows
        best = multiply(
            rows, x_t, top_n=_room(keep), threshold=_below(floor), sort=True, n_threads=threads
        )
        pairs, again = _best_of_sorted(best, r0, doc_of, keep)
        parts.append(pairs)
        doubtful.append(again)
        if progress is not None:
            progress(r1, n)
    again = np.concatenate(doubtful) if doubtful else np.zeros(0, dtype=np.int64)
    for a in range(0, len(again), BLOCK_ROWS):  # in blocks: a full product row is big
        some = again[a : a + BLOCK_ROWS]
        parts.append(_exact(x[some], x_t, some, doc_of, floor, keep))
    src, dst, score = _concatenated(parts)
    if len(again):  # back in row order, as the scipy path gives them
        order = np.argsort(src, kind="stable")
        src, dst, score = src[order], dst[order], score[order]
    return src, dst, score


def _room(keep: int) -> int:
    """Entries asked for per row: the `keep` best, the passage itself and as many partners
    in its own document (left out afterwards) as it keeps."""
    return 2 * keep + 1


def _best_of_sorted(best: Any, r0: int, doc_of: np.ndarray, keep: int) -> tuple[Pairs, Any]:
    """The `keep` best pairs of each row of `best` (rows r0..., each row's entries sorted by
    score, at most _room(keep) of them) in other documents; and the rows (as passage numbers)
    whose best these entries cannot settle, to compute again exactly."""
    want = _room(keep)
    counts = np.diff(best.indptr)
    height = len(counts)
    rows = np.repeat(np.arange(r0, r0 + height, dtype=np.int64), counts)
    cols = best.indices.astype(np.int64)
    data = best.data
    lowest = np.full(height, np.inf, dtype=np.float32)
    filled = counts > 0
    lowest[filled] = data[best.indptr[1:][filled] - 1]
    other = doc_of[rows] != doc_of[cols]
    rows, cols, data = rows[other], cols[other], data[other]
    kept = np.bincount(rows - r0, minlength=height)
    rank = np.arange(len(rows)) - (np.cumsum(kept) - kept)[rows - r0]
    cut = np.full(height, -np.inf, dtype=np.float32)
    cut[rows[rank == keep - 1] - r0] = data[rank == keep - 1]
    after = np.full(height, -np.inf, dtype=np.float32)
    after[rows[rank == keep] - r0] = data[rank == keep]
    # A full row may have more entries at or below its lowest; a tie at the cut is decided
    # by _tie over every tied pair: either way, the row is computed again.
    full = counts >= want
    doubt = (full & ((kept < keep) | (cut <= lowest))) | ((kept > keep) & (cut == after))
    take = (rank < keep) & ~doubt[rows - r0]
    return (rows[take], cols[take], data[take]), np.flatnonzero(doubt) + r0


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
    found = []
    for r0 in range(start, stop, BLOCK_ROWS):
        r1 = min(stop, r0 + BLOCK_ROWS)
        found.append(_exact(x[r0:r1], x_t, np.arange(r0, r1), doc_of, floor, keep))
        if progress is not None:
            progress(r1 - start, stop - start)
    return _concatenated(found)


def _exact(
    x_rows: Any, x_t: Any, row_ids: np.ndarray, doc_of: np.ndarray, floor: float, keep: int
) -> Pairs:
    """The best `keep` pairs of each of the rows `x_rows` (passages `row_ids`), from scipy's
    full product of those rows."""
    block = x_rows @ x_t  # CSR: row-major, so rows stay contiguous below
    strong = np.flatnonzero(block.data >= floor)  # most products are weak: drop first
    local = np.searchsorted(block.indptr, strong, side="right") - 1
    rows = np.asarray(row_ids, dtype=np.int64)[local]
    cols = block.indices[strong].astype(np.int64)
    data = block.data[strong]
    ok = doc_of[rows] != doc_of[cols]
    return _top_in_rows(rows[ok], cols[ok], data[ok], keep)


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
