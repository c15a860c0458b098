"""A big corpus's second half is analysed by a forked child (analysis.second_half): the index
must be byte for byte the one a single process writes, and a child that fails, is killed or
meets a word-cache divergence must leave a correct build and no process behind."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from search_index.analysis import Analyzer, second_half
from search_index.analysis.aliases import load_aliases_for
from search_index.analysis.cache import Analysed
from search_index.corpus import Corpus
from search_index.index import passage_rows
from search_index.session import Session
from search_index.whoosh.writer import build
from tests.engine.test_bulk_writer import _corpus, _segment_files


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return _corpus(tmp_path_factory.mktemp("halves"), 900)


def _children() -> list[int]:
    """Processes whose parent is this one (Linux /proc)."""
    me, found = os.getpid(), []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == me:
                found.append(int(entry.name))
    return found


def _build(folder: Path, corpus: Corpus, two_cores_from: int | None) -> tuple[dict, list, dict]:
    session = Session.open(corpus)
    rows = list(passage_rows(corpus, session.themes.tags))
    folder.mkdir()
    timings: dict[str, float] = {}
    terms: list[list[str]] = []
    ix = build(
        folder,
        session.analyzer,
        rows,
        total=len(rows),
        timings=timings,
        terms_out=terms,
        two_cores_from=two_cores_from,
    )
    ix.close()
    beside = {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.endswith(".seg")}
    beside = {k: v for k, v in beside.items() if not k.startswith("_")}  # Whoosh's TOC
    return {**_segment_files(folder), **beside}, terms, timings


def test_two_halves_write_the_index_one_process_writes(corpus: Corpus, tmp_path: Path) -> None:
    assert os.cpu_count() and os.cpu_count() >= 2, "this test needs two cores"
    one, one_terms, one_timings = _build(tmp_path / "one", corpus, None)
    two, two_terms, two_timings = _build(tmp_path / "two", corpus, 1)
    assert "analyse_wait" in two_timings and "analyse_wait" not in one_timings
    assert "phrase-positions.bin" in two and "surface-words.txt" in two
    assert sorted(two) == sorted(one)
    for name, data in one.items():
        assert two[name] == data, name
    assert two_terms == one_terms
    assert _children() == []


def _analyse_in(parent: int, fail: str):  # type: ignore[no-untyped-def]
    def analyse(i: int) -> Analysed:
        if os.getpid() != parent:
            if fail == "error":
                raise RuntimeError("broken")
            if fail == "diverged":
                raise second_half.Diverged(f"passage {i}")
            if fail == "hang":
                time.sleep(60)
        return Analysed([f"w{i}"], [0])

    return analyse


def test_a_child_that_fails_gives_its_half_back_to_be_analysed_here() -> None:
    half = second_half.start(_analyse_in(os.getpid(), "error"), set(), 5, 10)
    assert half.take() is None
    assert _children() == []


def test_a_killed_child_gives_its_half_back_to_be_analysed_here() -> None:
    half = second_half.start(_analyse_in(os.getpid(), "hang"), set(), 5, 10)
    os.kill(half.pid, signal.SIGKILL)
    assert half.take() is None
    assert _children() == []


def test_a_divergence_in_the_child_reaches_the_build() -> None:
    half = second_half.start(_analyse_in(os.getpid(), "diverged"), set(), 5, 10)
    with pytest.raises(second_half.Diverged, match="passage 5"):
        half.take()


def test_the_child_s_half_and_word_pairs_come_back_in_order() -> None:
    pairs = {("North", "north")}

    def analyse(i: int) -> Analysed:
        pairs.add((f"W{i}", f"w{i}"))
        return Analysed([f"w{i}", "x"], [0, i])

    half = second_half.start(analyse, pairs, 3, 7)
    found = half.take()
    assert found is not None
    analysed, child_pairs = found
    assert [(a.terms, a.positions) for a in analysed] == [
        ([f"w{i}", "x"], [0, i]) for i in range(3, 7)
    ]
    assert child_pairs == {("North", "north")} | {(f"W{i}", f"w{i}") for i in range(3, 7)}
    assert pairs == {("North", "north")}  # the parent's own set is not touched by the child


def test_an_interrupted_build_leaves_no_child(corpus: Corpus, tmp_path: Path) -> None:
    session = Session.open(corpus)
    rows = list(passage_rows(corpus, session.themes.tags))

    def progress(stage: str, done: int, total: int) -> None:
        raise KeyboardInterrupt

    (tmp_path / "ix").mkdir()
    with pytest.raises(KeyboardInterrupt):
        build(
            tmp_path / "ix",
            session.analyzer,
            rows,
            total=len(rows),
            progress=progress,
            two_cores_from=1,
        )
    assert _children() == []


@pytest.mark.parametrize("two_cores_from", [None, 1], ids=["one process", "two halves"])
def test_an_analyser_changed_without_the_word_cache_builds_with_the_analyser(
    corpus: Corpus, tmp_path: Path, two_cores_from: int | None
) -> None:
    """An analyser whose tokens differ from the word cache's (a rule changed in one and not
    the other) is found by the build's spot checks: the index is built again with the
    analyser alone, and searches find what it indexes."""
    session = Session.open(corpus)

    class Changed(Analyzer):
        def tokens(self, text, mode="index", **kw):  # type: ignore[no-untyped-def]
            out = super().tokens(text, mode, **kw)
            if mode == "index" and out:
                last = out[-1]
                out.append(last._replace(term="zzchanged", pos=last.pos + 1, kind="word"))
            return out

    analyzer = Changed(load_aliases_for(corpus).table)
    rows = list(passage_rows(corpus, session.themes.tags))
    terms: list[list[str]] = []
    (tmp_path / "ix").mkdir()
    ix = build(
        tmp_path / "ix",
        analyzer,
        rows,
        total=len(rows),
        terms_out=terms,
        two_cores_from=two_cores_from,
    )
    try:
        with ix.searcher() as searcher:
            assert searcher.doc_frequency("text", "zzchanged") == len(rows)
    finally:
        ix.close()
    assert len(terms) == len(rows)
    assert _children() == []
