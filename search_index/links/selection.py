"""Choosing the links from candidate pairs: the best per row, symmetric pairs, the neighbour
boost inside runs of aligned passages, and the per-passage cap that respects scores."""

from __future__ import annotations

import numpy as np


def _tie(src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """A pseudo-random order for equal scores, the same from either end of a pair.

    Ties going to the lowest ids made the first copies of a repeated paragraph the targets
    of every other copy; a hash spreads them."""
    lo = np.minimum(src, dst).astype(np.uint64)
    hi = np.maximum(src, dst).astype(np.uint64)
    h = lo * np.uint64(0x9E3779B97F4A7C15) ^ (hi + np.uint64(1)) * np.uint64(0xC2B2AE3D27D4EB4F)
    return h ^ (h >> np.uint64(31))


def _bounded_links(
    src: np.ndarray, dst: np.ndarray, score: np.ndarray, k: int, cap: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Symmetric links, at most `cap + k` per passage, from symmetric candidate pairs.

    Greedy, best pair first: a pair is kept while both its passages have fewer than
    `cap - 1` links, or while one of them has fewer than `k` (its best links come first: a
    partner may then go up to `cap + k`). A passage that had to refuse a pair for being
    full is closed: it takes no weaker pair afterwards. So a pair is dropped only when one of
    its passages is full of stronger links, never while that passage keeps a weaker one (the
    rule the links panel relies on: a passage's list is its best partners). The last place
    of each passage goes, in a second pass, to a passage that would otherwise have no link
    at all (60 copies of one paragraph), never at a score below a pair that passage was
    refused. Loops over the candidates: at most 2 x MAX_LINKS per passage."""
    empty = np.zeros(0, dtype=np.int64)
    once = src < dst  # candidates come in both directions with the same score
    a, b, v = src[once].astype(np.int64), dst[once].astype(np.int64), score[once]
    if len(a) == 0:
        return empty, empty, np.zeros(0, dtype=np.float32)
    order = np.lexsort((_tie(a, b), -v))
    a, b, v = a[order], b[order], v[order]
    n = int(max(a.max(), b.max())) + 1
    degree = [0] * n
    dropped = [0.0] * n  # the best score of a pair dropped at each passage
    closed = [False] * n  # refused a pair for being full: takes nothing weaker afterwards
    xs, ys, vs = a.tolist(), b.tolist(), v.tolist()
    taken = bytearray(len(xs))
    full = cap - 1  # one place kept for a passage whose candidates are all taken
    most = cap + k
    # The loop that costs (1.7 million candidates at 100,000 passages): plain ints, no
    # tuples, min/max or or-chains per pair (1.5-1.9 s -> 0.8-0.9 s, the same links).
    for i, x in enumerate(xs):
        y = ys[i]
        dx = degree[x]
        dy = degree[y]
        lo, hi = (dx, dy) if dx < dy else (dy, dx)
        room = hi < full or (lo < k and hi < most)
        if room and not closed[x] and not closed[y]:
            degree[x] = dx + 1
            degree[y] = dy + 1
            taken[i] = 1
            continue
        score = vs[i]
        if score > dropped[x]:
            dropped[x] = score
        if score > dropped[y]:
            dropped[y] = score
        if not room:
            if dx >= full:
                closed[x] = True
            if dy >= full:
                closed[y] = True
    kept = np.frombuffer(bytes(taken), dtype=np.uint8).astype(bool)
    for i in np.flatnonzero(~kept).tolist():  # then a first link for those left with none,
        x, y, score = xs[i], ys[i], vs[i]  # never weaker than a pair the other was refused
        if (degree[x] == 0 or degree[y] == 0) and degree[x] < cap and degree[y] < cap:
            other = y if degree[x] == 0 else x
            if score >= dropped[other]:
                degree[x] += 1
                degree[y] += 1
                kept[i] = True
    a, b, v = a[kept], b[kept], v[kept]
    return np.concatenate([a, b]), np.concatenate([b, a]), np.concatenate([v, v])


def _top_in_rows(
    src: np.ndarray, dst: np.ndarray, score: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The k best pairs of each src, for pairs already grouped by src (a product block).

    A partial selection per crowded row is far cheaper than sorting every candidate, which
    was the hot spot at 100,000 passages."""
    if len(src) == 0:
        return src, dst, score
    starts = np.flatnonzero(np.r_[True, src[1:] != src[:-1]])
    ends = np.r_[starts[1:], len(src)]
    crowded = np.flatnonzero(ends - starts > k)
    if len(crowded) == 0:
        return src, dst, score
    keep = np.ones(len(src), dtype=bool)
    for row in crowded.tolist():
        a, b = int(starts[row]), int(ends[row])
        part = score[a:b]
        cut = np.partition(part, b - a - k)[b - a - k]  # the k-th best score of the row
        mask = part >= cut
        if int(mask.sum()) > k:  # ties at the cut: spread (see _tie), not the lowest ids
            above = np.flatnonzero(part > cut)
            tied = np.flatnonzero(part == cut)
            order = np.argsort(_tie(src[a:b][tied], dst[a:b][tied]), kind="stable")
            tied = tied[order][: k - len(above)]
            mask[:] = False
            mask[above] = True
            mask[tied] = True
        keep[a:b] = mask
    return src[keep], dst[keep], score[keep]


def _symmetric(
    src: np.ndarray, dst: np.ndarray, score: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Add (b, a) for every (a, b); a pair listed twice keeps its higher score."""
    s = np.concatenate([src, dst]).astype(np.int64)
    d = np.concatenate([dst, src]).astype(np.int64)
    v = np.concatenate([score, score])
    if len(s) == 0:
        return s, d, v
    keys = s * n + d
    order = np.argsort(keys)
    keys, v = keys[order], v[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    v = np.maximum.reduceat(v, starts)
    keys = keys[starts]
    return keys // n, keys % n, v


VERSION_SHARE = 0.3
"""Share of the shorter document's passages with a strong link into the other (and at least
two of them: a run) at or above which two documents are versions of one text. Heavily
reworded copies of generated documents measured 0.3 to 0.7 (paraphrase_links.py --scale);
every pair of the 26 real statements of tests/data/links_* at most 0.25 (one strong pair:
two Security Council press statements on one matter share set phrases, and before this rule
the boost made 'importance' / 'important' a strong link between them)."""


def _versions_of_one_text(
    src: np.ndarray, dst: np.ndarray, score: np.ndarray, doc_of: np.ndarray, strong: float
) -> np.ndarray:
    """For each pair, whether its two documents are versions of one text: at least two and
    a share of VERSION_SHARE of the shorter one's passages have a strong link into the other."""
    if not len(src):
        return np.zeros(0, dtype=bool)
    sizes = np.bincount(doc_of)
    docs = len(sizes)
    pair_doc = doc_of[src].astype(np.int64) * docs + doc_of[dst]
    hot = score >= strong
    linked = np.unique(np.stack([pair_doc[hot], src[hot].astype(np.int64)]), axis=1)[0]
    keys, counts = np.unique(linked, return_counts=True)
    shorter = np.minimum(sizes[keys // docs], sizes[keys % docs])
    good = keys[(counts >= 2) & (counts >= VERSION_SHARE * shorter)]
    return np.isin(pair_doc, good)


def neighbour_boost_runs(
    src: np.ndarray,
    dst: np.ndarray,
    score: np.ndarray,
    n: int,
    doc_of: np.ndarray,
    boost: float,
    threshold: float,
    strong: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Lift (k, m) by a share of the better of (k-1, m-1) and (k+1, m+1), only inside runs
    of strong in-order links (two versions or translations of one text).

    A pair is lifted when it is a link on its own and a neighbouring pair is strong
    (>= `strong`), or when both neighbouring pairs are strong: then it is the passage
    between two aligned ones, and that is its named reason ("ordered"). In unrelated
    statements order is no evidence: a neighbour of a weak link lifts nothing."""
    keys = src * n + dst  # sorted and unique (from _symmetric)
    near = []
    for step in (-1, 1):
        ns, nd = src + step, dst + step
        ok = (ns >= 0) & (ns < n) & (nd >= 0) & (nd < n)
        ok[ok] = (doc_of[ns[ok]] == doc_of[src[ok]]) & (doc_of[nd[ok]] == doc_of[dst[ok]])
        nkeys = ns * n + nd
        where = np.searchsorted(keys, nkeys[ok])
        where = np.minimum(where, len(keys) - 1)
        hit = keys[where] == nkeys[ok]
        neighbour = np.zeros(len(src), dtype=np.float32)
        idx = np.flatnonzero(ok)[hit]
        neighbour[idx] = score[where[hit]]
        near.append(neighbour)
    before, after = near
    versions = _versions_of_one_text(src, dst, score, doc_of, strong)
    strong_before, strong_after = (before >= strong) & versions, (after >= strong) & versions
    between = strong_before & strong_after
    lifted = between | ((score >= threshold) & (strong_before | strong_after))
    best = np.maximum(before, after)
    new = score + boost * best * lifted * (score > 0)
    ordered = between & (score < threshold) & (new >= threshold)
    return new.astype(np.float32), ordered
