"""The links' candidate pairs from sparse_dot_topn (one C++ pass, OpenMP threads) must be the
pairs scipy's product gives, ties at a row's cut and passages crowded by their own document's
partners included; and a process forked after threads were started must not hang (libgomp's
threads do not survive fork)."""

from __future__ import annotations

import os
import pickle
import signal
import sys

import numpy as np
import pytest
import scipy.sparse as sp

from search_index import forked
from search_index.corpus import Corpus, load_corpus
from search_index.links import products
from search_index.links.build import build_links
from search_index.session import Session
from tests.bench import corpus_gen

pytest.importorskip("sparse_dot_topn")


def _canonical(pairs: products.Pairs) -> list[np.ndarray]:
    order = np.lexsort((pairs[1], pairs[0]))
    return [part[order] for part in pairs]


def _crowded(seed: int = 1) -> tuple[sp.csr_matrix, np.ndarray]:
    """300 distinct rows and 900 exact copies of them (ties at every cut), in 40 documents
    (so many of a row's best partners are in its own document)."""
    rng = np.random.default_rng(seed)
    base = sp.random(300, 2000, density=0.02, format="csr", dtype=np.float32, random_state=seed)
    rows = np.concatenate([np.arange(300), rng.integers(0, 300, 900)])
    m = base[rows]
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).reshape(-1))
    m = sp.csr_matrix(sp.diags(1.0 / np.maximum(norms, 1e-9)) @ m).astype(np.float32)
    return m, rng.integers(0, 40, len(rows)).astype(np.int32)


@pytest.mark.parametrize("keep", [1, 3, 10])
def test_fused_pairs_are_scipys_with_ties_and_crowded_rows(
    keep: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    m, docs = _crowded()
    exact_rows = []
    real_exact = products._exact

    def counted(x_rows, x_t, row_ids, doc_of, floor, k):  # type: ignore[no-untyped-def]
        exact_rows.append(len(row_ids))
        return real_exact(x_rows, x_t, row_ids, doc_of, floor, k)

    scipy_pairs = products.candidate_pairs(m, m.T.tocsr(), docs, 0.04, keep, fused=False)
    monkeypatch.setattr(products, "_exact", counted)
    monkeypatch.setattr(products, "FUSED_BLOCK_ROWS", 256)  # several calls
    monkeypatch.setattr(products, "BLOCK_ROWS", 100)  # rows computed again in several blocks
    fused_pairs = products.candidate_pairs(m, m.T.tocsr(), docs, 0.04, keep)
    assert sum(exact_rows) > 0, "no row was left to the exact product: the test tests nothing"
    assert max(exact_rows) <= 100
    assert sum(exact_rows) < len(docs)
    assert len(scipy_pairs[0]) == len(docs) * keep
    for a, b in zip(_canonical(scipy_pairs), _canonical(fused_pairs), strict=True):
        assert np.array_equal(a, b)
    assert np.all(np.diff(fused_pairs[0]) >= 0)  # grouped by passage, in order


def test_the_floor_is_kept_at_exactly_the_floor() -> None:
    """sparse_dot_topn keeps products above its threshold, scipy's path those at the floor
    or more: a pair scoring exactly the floor (as float32) is a candidate either way."""
    a = sp.csr_matrix(np.array([[0.2, 0.0], [0.2, 0.0], [0.0, 1.0]], dtype=np.float32))
    floor = float(np.float32(0.2) * np.float32(0.2))
    docs = np.array([0, 1, 2], dtype=np.int32)
    for fused in (True, False):
        src, dst, _ = products.candidate_pairs(a, a.T.tocsr(), docs, floor, 5, fused=fused)
        assert sorted(zip(src.tolist(), dst.tolist(), strict=True)) == [(0, 1), (1, 0)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    folder = tmp_path_factory.mktemp("fused-links")
    return load_corpus([corpus_gen.write_documents(folder, 1200, seed=7)])


def test_links_built_with_either_product_are_the_same(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the package (here: its import fails, as when psutil cannot count the cores),
    scipy's product gives the same links."""
    analyzer = Session.open(corpus).analyzer
    fused = build_links(corpus, analyzer)
    monkeypatch.setitem(sys.modules, "sparse_dot_topn", None)  # import raises ImportError
    assert products._sparse_dot_topn() is None
    plain = build_links(corpus, analyzer)
    assert len(fused.src) > 1000
    for a, b in zip(
        (fused.src, fused.dst, fused.score, fused.link_kinds),
        (plain.src, plain.dst, plain.score, plain.link_kinds),
        strict=True,
    ):
        assert np.array_equal(a, b)


def test_a_child_forked_after_threads_started_does_not_hang(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """In the parent the product runs on threads; a forked child then computes it on one
    thread (with threads it waited forever for libgomp's pool, which fork does not copy)."""
    assert (os.cpu_count() or 1) >= 2, "this test needs two cores"
    monkeypatch.setattr(products, "MIN_PASSAGES", 0)  # threads for this small matrix
    m, docs = _crowded(seed=3)
    m_t = m.T.tocsr()
    here = products.candidate_pairs(m, m_t, docs, 0.04, 5)
    assert products._threads_started_in == os.getpid()
    parent = os.getpid()

    def in_child() -> tuple[int, products.Pairs]:
        if os.getpid() != parent:
            signal.alarm(30)  # a hang ends the child: its half is then computed here
        return os.getpid(), products.candidate_pairs(m, m_t, docs, 0.04, 5)

    (_, mine), (pid, theirs) = forked.in_halves(
        lambda: (parent, here), in_child, pickle.dumps, pickle.loads
    )
    assert pid != parent, "the child did not answer: it hung or failed"
    for a, b in zip(mine, theirs, strict=True):
        assert np.array_equal(a, b)
