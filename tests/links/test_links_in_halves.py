"""The links' text features and candidate products split between this process and a forked
child (forked.in_halves, issue 17): the links must be exactly those of one process, and a
child that fails, is killed or answers garbage, or a build interrupted meanwhile, must leave
the right answer and no process behind."""

from __future__ import annotations

import json
import os
import signal

import numpy as np
import pytest

from search_index import forked
from search_index.corpus import Corpus, load_corpus
from search_index.links import kinds, products
from search_index.links.build import build_links
from search_index.session import Session
from tests.bench import corpus_gen
from tests.engine.test_analysis_halves import _children


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    folder = tmp_path_factory.mktemp("link-halves")
    return load_corpus([corpus_gen.write_documents(folder, 1200, seed=5)])


def _links(corpus: Corpus, monkeypatch: pytest.MonkeyPatch, least: int) -> tuple:
    monkeypatch.setattr(products, "_sparse_dot_topn", lambda: None)  # scipy's product
    monkeypatch.setattr(products, "MIN_PASSAGES", least)
    monkeypatch.setattr(kinds, "FEATURES_IN_HALVES", least)
    monkeypatch.setattr(products, "BLOCK_ROWS", 128)  # several blocks on each side
    table = build_links(corpus, Session.open(corpus).analyzer)
    return table.src, table.dst, table.score, table.kinds, table.link_kinds, table.names


def test_links_built_in_halves_are_the_links_of_one_process(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (os.cpu_count() or 1) >= 2, "this test needs two cores"
    forks = []
    real_fork = forked.fork_child

    def counted() -> tuple[int, int]:
        pid, pipe = real_fork()
        if pid:
            forks.append(pid)
        return pid, pipe

    monkeypatch.setattr(forked, "fork_child", counted)
    one = _links(corpus, monkeypatch, 10**9)
    assert forks == []
    two = _links(corpus, monkeypatch, 0)
    assert len(forks) == 2  # the text features, then the products
    assert len(one[0]) > 1000
    for a, b in zip(one[:5], two[:5], strict=True):
        assert np.array_equal(a, b)
    assert one[5] == two[5]
    assert _children() == []


def test_the_features_of_both_halves_come_back_in_order() -> None:
    texts = [
        f"Passage {i} says the Minister met Ms Kim in Seoul on {i % 28 + 1} May." for i in range(41)
    ]
    texts[7] = "Begin Text:"
    texts[30] = "공동 언론 발표문"
    halves = kinds.all_text_features(texts, min_passages=0)
    assert halves == [kinds.text_features(t) for t in texts]
    assert _children() == []


def _in_child(action: str):  # type: ignore[no-untyped-def]
    parent = os.getpid()

    def second() -> list[int]:
        if os.getpid() != parent:
            if action == "error":
                raise RuntimeError("broken")
            if action == "kill":
                os.kill(os.getpid(), signal.SIGKILL)
        return [4, 5, 6]

    return second


@pytest.mark.parametrize("action", ["error", "kill", "garbage"])
def test_a_child_that_fails_gives_its_half_back_to_be_computed_here(action: str) -> None:
    def encode(found: list[int]) -> bytes:
        return b"\x00not json" if action == "garbage" else json.dumps(found).encode()

    first, second = forked.in_halves(lambda: [1, 2, 3], _in_child(action), encode, json.loads)
    assert (first, second) == ([1, 2, 3], [4, 5, 6])
    assert _children() == []


def test_a_build_interrupted_meanwhile_stops_the_child() -> None:
    def first() -> list[int]:
        raise KeyboardInterrupt

    def second() -> list[int]:
        import time

        time.sleep(60)
        return []

    with pytest.raises(KeyboardInterrupt):
        forked.in_halves(first, second, lambda f: b"", lambda d: [])
    assert _children() == []
