"""Phrases checked with the index's own positions file (whoosh.phrases.PhraseIndex) find
exactly what Whoosh's phrase matcher finds in an index Whoosh wrote itself with positions, in
one segment or several, consecutive or with slop ("a b"~3). The engine's own index keeps no
positions in Whoosh's postings, so without the file a phrase is an unreadable index."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest

from search_index import bundled_texts_dir, load_corpus
from search_index.index import open_index, passage_rows
from search_index.session import Session
from search_index.whoosh.errors import EngineError
from search_index.whoosh.evaluation import Evaluator, run_vectorised
from search_index.whoosh.parser import make_parser, parse
from search_index.whoosh.phrases import PHRASE_FILE
from search_index.whoosh.querytree import is_empty
from search_index.whoosh.schema import make_schema, passage_ids
from search_index.whoosh.storage import leaf_readers, open_existing, verify
from search_index.whoosh.vectors import vector_for
from search_index.whoosh.writer import build
from tests.bench import corpus_gen
from tests.engine.whoosh_reference import positions_index, whoosh_pids

FIXED = [
    '"North Korea"',
    '"North Korea" sanctions',
    '"Security Council resolutions"',
    '"Security Council resolutions" -"human rights"',
    '"human rights situation"',
    '"ballistic missile programs"',
    '"war of aggression"',
    '"dispatch of IT workers"',
    '"Republic of Korea"',
    '"Democratic People\'s Republic of Korea"',
    '"European Union"',
    '"closely intertwined"',
    '"intertwined closely"',
    '"sanctions sanctions"',
    '"missile missile missile"',
    '"대한민국은 북한의"',
    '"북한의 핵"',
    '"유럽연합은 협력한다"',
    '"대한민국"',
    '"민국은"',
    'sanctions OR "illicit cyber"',
    '"nonexistentword sanctions"',
]

EXTRA = (
    "---\ntitle: 외교부 성명\nlanguage: ko\n---\n\n"
    "대한민국은 북한의 핵 개발을 규탄한다. 북한의 핵 북한의 핵.\n\n"
    "대한민국의 안보는 유럽과 연결되어 있다.\n\n"
    "한국과 유럽연합은 협력한다.\n\n"
    "Sanctions sanctions and missile missile missile launches by North Korea, the DPRK.\n"
)


def _sampled(texts: list[str], n: int, seed: int = 7) -> list[str]:
    """Quoted runs of 2 to 4 written words from the passages (and some reversed)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        words = re.findall(r"[\w'’-]+", rng.choice(texts))
        if len(words) < 2:
            continue
        size = rng.randint(2, min(4, len(words)))
        start = rng.randrange(len(words) - size + 1)
        run = words[start : start + size]
        if rng.random() < 0.15:
            run = run[::-1]
        out.append('"' + " ".join(run).replace('"', "") + '"')
    return out


def _ours(searcher, q) -> tuple[set[str], list[int], list[float]]:
    """Passages the engine's evaluation finds (pids), their docnums and scores."""
    ids, scores = Evaluator(vector_for(searcher), None, None).run(q)
    ids_of = passage_ids(searcher.reader())
    pids = {ids_of[int(n)] for n in ids}
    return pids, ids.tolist(), scores.tolist()


def _corpus_folder(tmp: Path, passages: int) -> Path:
    folder = tmp / "texts"
    folder.mkdir()
    for name, text in corpus_gen.documents(passages, seed=3):
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "ko.md").write_text(EXTRA, encoding="utf-8")
    for name in ("aliases.yaml",):
        source = bundled_texts_dir() / name
        if source.exists():
            (folder / name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    tmp = tmp_path_factory.mktemp("phrases")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XREF_CACHE_DIR", str(tmp / "cache"))
        corpus = load_corpus([_corpus_folder(tmp, 1500), bundled_texts_dir()])
        analyzer = Session.open(corpus).analyzer
        index, _info = open_index(corpus, analyzer)
        (tmp / "reference").mkdir()
        reference = positions_index(tmp / "reference", analyzer, passage_rows(corpus, None))
        with reference.searcher() as whoosh:
            yield index, corpus, whoosh
        index.close()


def _queries(index, texts: list[str], wanted: list[str]) -> list:
    out = []
    for text in wanted:
        try:
            out.append((text, index.expanded(text)))
        except Exception:  # only stop words, say
            continue
    return out


SLOPPY = [
    '"North Korea"~2',
    '"Korea sanctions"~4',
    '"Russia DPRK"~3',
    '"DPRK Russia cooperation"~5',
    '"intertwined closely"~3',
    '"missile missile"~2',
    '"sanctions missile"~9',
    '"대한민국은 핵"~3',
]


def _sloppy(texts: list[str], n: int, seed: int = 5) -> list[str]:
    """Two or three written words a few words apart in a passage, with a slop that reaches
    them or falls one short."""
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        words = re.findall(r"[\w'’-]+", rng.choice(texts))
        if len(words) < 4:
            continue
        picked = sorted(rng.sample(range(len(words)), rng.randint(2, 3)))
        gap = max(b - a for a, b in pairwise(picked))
        slop = max(2, gap + rng.choice((-1, 0, 0, 1)))
        out.append('"' + " ".join(words[i] for i in picked).replace('"', "") + f'"~{slop}')
    return out


def test_positions_file_finds_what_whoosh_phrase_matcher_finds(generated) -> None:
    index, corpus, whoosh = generated
    texts = [p.text for p in corpus]
    queries = _queries(index, texts, FIXED + SLOPPY + _sampled(texts, 400) + _sloppy(texts, 300))
    assert len(queries) > 600
    matched = sloppy = 0
    with index.searchers.checkout() as searcher:
        for text, q in queries:
            pids, _ids, _scores = _ours(searcher, q)
            assert pids == whoosh_pids(whoosh, q), text
            matched += bool(pids)
            sloppy += bool(pids) and "~" in text
    assert matched > 400 and sloppy > 150


def test_a_sloppy_phrase_is_scored_as_its_words(generated) -> None:
    """A phrase's score is its words' BM25F, with or without slop: a sloppy phrase ranks its
    passages as the plain words would, among the passages it keeps."""
    index, _corpus, _whoosh = generated
    with index.searchers.checkout() as searcher:
        _pids, ids, scores = _ours(searcher, index.expanded('"Korea sanctions"~4'))
        words_ids, words_scores = Evaluator(vector_for(searcher), None, None).run(
            index.expanded("Korea sanctions")
        )
    assert 0 < len(ids) < len(words_ids)
    by_doc = dict(zip(words_ids.tolist(), words_scores.tolist(), strict=True))
    assert scores == pytest.approx([by_doc[n] for n in ids])


def test_slop_reaches_exactly_as_far_as_asked(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.md").write_text(
        "---\ntitle: A\n---\n\n"
        "Sanctions were imposed. Later, after long talks, new missile launches came.\n\n"
        "Missile launches and sanctions.\n",
        encoding="utf-8",
    )
    corpus = load_corpus([folder], cache=False)
    assert [p.id for p in corpus] == ["a:1", "a:2"]
    analyzer = Session.open(corpus).analyzer
    (tmp_path / "ix").mkdir()
    build(tmp_path / "ix", analyzer, passage_rows(corpus, None), total=len(corpus)).close()
    ix = open_existing(tmp_path / "ix", analyzer)
    parser = make_parser(make_schema(analyzer, for_queries=True), analyzer)
    # terms: sanction impos later long talk new missil launch (stop words dropped)
    with ix.searcher() as searcher:
        hits = {
            text: _ours(searcher, parse(parser, text))[0]
            for text in ('"sanctions missile"~5', '"sanctions missile"~6', '"missile sanctions"~9')
        }
    assert hits['"sanctions missile"~5'] == set()
    assert hits['"sanctions missile"~6'] == {"a:1"}
    assert hits['"missile sanctions"~9'] == {"a:2"}  # in order only: not a:1
    ix.close()


def test_positions_file_in_a_multi_segment_index(tmp_path: Path) -> None:
    corpus = load_corpus([_corpus_folder(tmp_path, 1200)], cache=False)
    analyzer = Session.open(corpus).analyzer
    folder = tmp_path / "ix"
    folder.mkdir()
    ix = build(folder, analyzer, passage_rows(corpus, None), total=len(corpus), procs=2)
    ix.close()
    ix = open_existing(folder, analyzer)
    verify(ix, len(corpus))
    (tmp_path / "reference").mkdir()
    reference = positions_index(tmp_path / "reference", analyzer, passage_rows(corpus, None))
    parser = make_parser(make_schema(analyzer, for_queries=True), analyzer)
    texts = [p.text for p in corpus]
    with ix.searcher() as searcher, reference.searcher() as whoosh:
        assert len(leaf_readers(searcher.reader())) > 1
        for text in FIXED + SLOPPY + _sampled(texts, 150, seed=11) + _sloppy(texts, 60):
            q = parse(parser, text)
            if is_empty(q):
                continue
            assert _ours(searcher, q)[0] == whoosh_pids(whoosh, q), text
    ix.close()


def test_a_damaged_positions_file_fails_verification(tmp_path: Path) -> None:
    corpus = load_corpus([bundled_texts_dir()], cache=False)
    analyzer = Session.open(corpus).analyzer
    folder = tmp_path / "ix"
    folder.mkdir()
    build(folder, analyzer, passage_rows(corpus, None), total=len(corpus)).close()
    ix = open_existing(folder, analyzer)
    verify(ix, len(corpus))
    ix.close()
    path = folder / PHRASE_FILE
    path.write_bytes(path.read_bytes()[:-64])
    ix = open_existing(folder, analyzer)
    with pytest.raises(EngineError):
        verify(ix, len(corpus))
    ix.close()


def test_an_index_without_its_positions_file_is_unreadable(tmp_path: Path) -> None:
    """The text field keeps no positions in Whoosh's postings: an index folder that lost the
    file fails its open checks (and is rebuilt), never answering phrases without it."""
    corpus = load_corpus([bundled_texts_dir()], cache=False)
    analyzer = Session.open(corpus).analyzer
    folder = tmp_path / "ix"
    folder.mkdir()
    build(folder, analyzer, passage_rows(corpus, None), total=len(corpus)).close()
    (folder / PHRASE_FILE).unlink()
    ix = open_existing(folder, analyzer)
    with pytest.raises(EngineError, match=PHRASE_FILE):
        verify(ix, len(corpus))
    parser = make_parser(make_schema(analyzer, for_queries=True), analyzer)
    with ix.searcher() as searcher, pytest.raises(EngineError, match="missing"):
        run_vectorised(searcher, parse(parser, '"Security Council resolutions"'), 10)
    ix.close()
