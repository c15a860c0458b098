"""Building the links: TF-IDF cosine between passages of different documents.

For corpora nobody has curated: passages are compared by TF-IDF cosine over the same terms
search uses (stems, stop words, aliases), unigrams and adjacent pairs. Candidates come from
sparse matrix products computed in row blocks (never all pairs in Python), each passage keeps
its best links above a threshold, and passage order is evidence too: where k links to m,
k+1 likely belongs with m+1. Links are symmetric and bounded: no passage has more than
MAX_LINKS, so boilerplate repeated in many documents does not become a hub.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..analysis import Analyzer
from ..corpus import Corpus
from .table import LINKS_FORMAT, LinkTable

# Tuned on tests/bench/paraphrase_links.py (see the README section on links).
TOP_K = 5
MAX_LINKS = 2 * TOP_K
"""No passage has more links than this. A passage keeps its TOP_K best and gets the links of
passages that pick it, up to this cap: without one, a paragraph repeated in 300 documents
would list 299 links."""
THRESHOLD = 0.04
NEIGHBOUR_BOOST = 0.6
"""Share of the best neighbouring pair's score added to a pair: (k-1, m-1) or (k+1, m+1)."""
CANDIDATE_FLOOR = 0.5
"""Pairs down to THRESHOLD * CANDIDATE_FLOOR are candidates, since a neighbour boost can lift
them over the threshold. Only below SMALL_CORPUS passages: in a large corpus this found no
better links on the benchmark (twins hidden in 10,000 passages) and took twice as long."""
SMALL_CORPUS = 20_000
BLOCK_ROWS = 2048
MAX_DF = 500
"""Terms in more passages than this weigh in the cosine norms but are left out of the candidate
product: each such term would add df^2 pairs, and a cap that grows with the corpus makes the
build quadratic. Pairs that share only such common terms are weak links anyway."""

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total)."""


def links_key(corpus: Corpus, analyzer: Analyzer) -> str:
    """What the links depend on: the documents' bytes and ids, the analysis and the parameters."""
    h = hashlib.sha256()
    h.update(
        json.dumps(
            [
                LINKS_FORMAT,
                analyzer.version,
                [TOP_K, MAX_LINKS, THRESHOLD, NEIGHBOUR_BOOST, CANDIDATE_FLOOR],
                [SMALL_CORPUS, MAX_DF],
            ]
        ).encode()
    )
    for document in corpus.documents:
        h.update(f"\n{document.id}\t{document.digest}\t{len(document.passages)}".encode())
        if not document.digest:  # built in memory (scripts, tests): its text stands in
            for passage in document.passages:
                h.update(passage.text.encode("utf-8", "surrogatepass") + b"\x00")
    return h.hexdigest()


def corpus_terms(
    corpus: Corpus, analyzer: Analyzer, progress: Progress | None = None
) -> list[list[str]]:
    """Query-mode terms of every passage, in corpus order (what themes and links compare)."""
    if progress is None:
        return [analyzer.terms(p.text) for p in corpus]
    total = len(corpus)
    out = []
    for i, passage in enumerate(corpus):
        if i % 2000 == 0:
            progress("terms", i, total)
        out.append(analyzer.terms(passage.text))
    progress("terms", total, total)
    return out


def build_links(
    corpus: Corpus,
    analyzer: Analyzer,
    *,
    passage_terms: Sequence[Sequence[str]] | None = None,
    top_k: int = TOP_K,
    max_links: int = MAX_LINKS,
    threshold: float = THRESHOLD,
    neighbour_boost: float = NEIGHBOUR_BOOST,
    max_df: int = MAX_DF,
    progress: Progress | None = None,
) -> LinkTable:
    """Link every passage to its most similar passages in other documents."""
    import scipy.sparse as sp

    passages = list(corpus)
    n = len(passages)
    ids = [p.id for p in passages]
    key = links_key(corpus, analyzer)
    if passage_terms is None:
        passage_terms = corpus_terms(corpus, analyzer, progress)
    empty = np.zeros(0, dtype=np.int32)
    if n == 0:
        return LinkTable(ids, empty, empty, np.zeros(0, np.float32), {}, key)

    # Unigram ids in Python (one dict lookup per term); pairs in numpy.
    vocab: dict[str, int] = defaultdict(itertools.count().__next__)
    lookup = vocab.__getitem__  # a new term gets the next id, all in C
    flat: list[int] = []
    lengths = np.empty(n, dtype=np.int64)
    for i, terms in enumerate(passage_terms):
        flat.extend(map(lookup, terms))
        lengths[i] = len(terms)
    uni = np.asarray(flat, dtype=np.int64)
    rows = np.repeat(np.arange(n, dtype=np.int64), lengths)
    v = len(vocab)
    same = rows[1:] == rows[:-1] if len(uni) > 1 else np.zeros(0, dtype=bool)
    pair_keys = (uni[:-1] * v + uni[1:])[same] if len(uni) > 1 else np.zeros(0, np.int64)
    pair_rows = rows[1:][same] if len(uni) > 1 else np.zeros(0, np.int64)
    pair_vocab, pair_cols = np.unique(pair_keys, return_inverse=True)
    cols = np.concatenate([uni, v + pair_cols.reshape(-1)])
    all_rows = np.concatenate([rows, pair_rows])
    features = v + len(pair_vocab)
    counts = sp.csr_matrix(
        (np.ones(len(cols), dtype=np.float32), (all_rows, cols)), shape=(n, features)
    )
    counts.sum_duplicates()
    df = np.bincount(counts.indices, minlength=features)

    # TF-IDF, L2-normalised over every term; the product only uses terms shared by 2+ passages
    # and not near-universal.
    idf = (np.log((n + 1) / (df + 1)) + 1.0).astype(np.float32)
    x = counts.copy()
    x.data = (1.0 + np.log(x.data)) * idf[x.indices]
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).reshape(-1))
    norms[norms == 0] = 1.0
    x = sp.csr_matrix(sp.diags(1.0 / norms).astype(np.float32) @ x)
    useful = (df >= 2) & (df <= max_df)
    x_c = x[:, np.flatnonzero(useful)].tocsr()
    x_t = x_c.T.tocsr()

    doc_index = {d.id: k for k, d in enumerate(corpus.documents)}
    doc_of = np.asarray([doc_index[p.document_id] for p in passages], dtype=np.int32)
    floor = threshold * (CANDIDATE_FLOOR if neighbour_boost > 0 and n <= SMALL_CORPUS else 1.0)
    keep_per_row = top_k * 2 if neighbour_boost > 0 else top_k
    found_src, found_dst, found_score = [], [], []
    for r0 in range(0, n, BLOCK_ROWS):
        r1 = min(n, r0 + BLOCK_ROWS)
        block = x_c[r0:r1] @ x_t  # CSR: row-major, so rows stay contiguous below
        strong = np.flatnonzero(block.data >= floor)  # most products are weak: drop first
        rows = np.searchsorted(block.indptr, strong, side="right").astype(np.int64) + (r0 - 1)
        cols = block.indices[strong].astype(np.int64)
        data = block.data[strong]
        ok = doc_of[rows] != doc_of[cols]
        s, d, sc = _top_in_rows(rows[ok], cols[ok], data[ok], keep_per_row)
        found_src.append(s)
        found_dst.append(d)
        found_score.append(sc)
        if progress is not None:
            progress("links", r1, n)
    src = np.concatenate(found_src)
    dst = np.concatenate(found_dst)
    score = np.concatenate(found_score).astype(np.float32)
    src, dst, score = _symmetric(src, dst, score, n)
    if neighbour_boost > 0 and len(src):
        score = _neighbour_boost(src, dst, score, n, passages, neighbour_boost)
    keep = score >= threshold
    src, dst, score = _bounded_links(src[keep], dst[keep], score[keep], top_k, max_links)

    term_df = {t: int(df[i]) for t, i in vocab.items()}
    return LinkTable(ids, src, dst, np.minimum(score, 1.0), term_df, key)


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
    """Symmetric links, at most `cap` per passage, from symmetric candidate pairs.

    Greedy, best pair first: a pair is kept while both passages have fewer than `cap - 1`
    links and one of them fewer than `k`. Uncapped, that is exactly "each passage's k best,
    plus the passages that pick it"; with the cap, a passage whose picks are full takes its
    next candidates instead. The last place of each passage goes, in a second pass, to a
    passage that would otherwise have no link at all. Loops over the candidates: at most
    2 x TOP_K per passage."""
    empty = np.zeros(0, dtype=np.int64)
    once = src < dst  # candidates come in both directions with the same score
    a, b, v = src[once].astype(np.int64), dst[once].astype(np.int64), score[once]
    if len(a) == 0:
        return empty, empty, np.zeros(0, dtype=np.float32)
    order = np.lexsort((_tie(a, b), -v))
    a, b, v = a[order], b[order], v[order]
    n = int(max(a.max(), b.max())) + 1
    degree = [0] * n
    kept = np.zeros(len(a), dtype=bool)
    pairs = list(zip(a.tolist(), b.tolist(), strict=True))
    full = cap - 1  # one place kept free for a passage whose candidates are all taken
    for i, (x, y) in enumerate(pairs):
        dx, dy = degree[x], degree[y]
        if dx < full and dy < full and (dx < k or dy < k):
            degree[x], degree[y] = dx + 1, dy + 1
            kept[i] = True
    for i in np.flatnonzero(~kept).tolist():  # then a first link for those left with none
        x, y = pairs[i]
        dx, dy = degree[x], degree[y]
        if (dx == 0 or dy == 0) and dx < cap and dy < cap:
            degree[x], degree[y] = dx + 1, dy + 1
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


def _neighbour_boost(
    src: np.ndarray,
    dst: np.ndarray,
    score: np.ndarray,
    n: int,
    passages: Sequence[Any],
    boost: float,
) -> np.ndarray:
    """Lift (k, m) by a share of the better of (k-1, m-1) and (k+1, m+1): aligned passages."""
    keys = src * n + dst  # sorted and unique (from _symmetric)
    doc_ids = [p.document_id for p in passages]
    codes = {d: i for i, d in enumerate(dict.fromkeys(doc_ids))}
    doc = np.asarray([codes[d] for d in doc_ids], dtype=np.int64)
    best = np.zeros(len(src), dtype=np.float32)
    for step in (-1, 1):
        ns, nd = src + step, dst + step
        ok = (ns >= 0) & (ns < n) & (nd >= 0) & (nd < n)
        ok[ok] = (doc[ns[ok]] == doc[src[ok]]) & (doc[nd[ok]] == doc[dst[ok]])
        nkeys = ns * n + nd
        where = np.searchsorted(keys, nkeys[ok])
        where = np.minimum(where, len(keys) - 1)
        hit = keys[where] == nkeys[ok]
        neighbour = np.zeros(len(src), dtype=np.float32)
        idx = np.flatnonzero(ok)[hit]
        neighbour[idx] = score[where[hit]]
        best = np.maximum(best, neighbour)
    return score + boost * best * (score > 0)
