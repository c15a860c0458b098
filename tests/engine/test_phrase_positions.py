"""Phrases checked with the index's own positions file (whoosh.phrases.PhraseIndex) find
exactly what the check on Whoosh's pickled positions finds, in one segment or several."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
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
from search_index.whoosh.schema import make_schema
from search_index.whoosh.storage import leaf_readers, open_existing, verify
from search_index.whoosh.vectors import vector_for
from search_index.whoosh.writer import build
from tests.bench import corpus_gen

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


def _both(searcher, q) -> tuple[tuple[list[int], list[float]], tuple[list[int], list[float]]]:
    vector = vector_for(searcher)
    assert vector.phrases is not None
    fast = Evaluator(vector, None, None).run(q)
    saved, vector.phrases = vector.phrases, None
    try:
        slow = Evaluator(vector, None, None).run(q)
    finally:
        vector.phrases = saved
    return (fast[0].tolist(), fast[1].tolist()), (slow[0].tolist(), slow[1].tolist())


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
        index, _info = open_index(corpus, Session.open(corpus).analyzer)
        yield index, corpus
        index.close()


def _queries(index, corpus, n: int) -> list:
    texts = [p.text for p in corpus]
    out = []
    for text in FIXED + _sampled(texts, n):
        try:
            out.append((text, index.expanded(text)))
        except Exception:  # only stop words, say
            continue
    return out


def test_positions_file_finds_what_whoosh_positions_find(generated) -> None:
    index, corpus = generated
    queries = _queries(index, corpus, 400)
    assert len(queries) > 300
    matched = 0
    with index.searchers.checkout() as searcher:
        for text, q in queries:
            fast, slow = _both(searcher, q)
            assert fast[0] == slow[0], text
            assert fast[1] == pytest.approx(slow[1]), text
            matched += bool(fast[0])
    assert matched > 200


def test_positions_file_agrees_with_whoosh_phrase_matcher(generated) -> None:
    index, corpus = generated
    with index.searchers.checkout() as searcher:
        for text, q in _queries(index, corpus, 60):
            reference = {n for n in searcher.docs_for_query(q)}
            fast, _slow = _both(searcher, q)
            assert set(fast[0]) == reference, text


def test_positions_file_in_a_multi_segment_index(tmp_path: Path) -> None:
    corpus = load_corpus([_corpus_folder(tmp_path, 1200)], cache=False)
    analyzer = Session.open(corpus).analyzer
    folder = tmp_path / "ix"
    folder.mkdir()
    ix = build(folder, analyzer, passage_rows(corpus, None), total=len(corpus), procs=2)
    ix.close()
    ix = open_existing(folder, analyzer)
    verify(ix, len(corpus))
    parser = make_parser(make_schema(analyzer, for_queries=True), analyzer)
    texts = [p.text for p in corpus]
    with ix.searcher() as searcher:
        assert len(leaf_readers(searcher.reader())) > 1
        for text in FIXED + _sampled(texts, 150, seed=11):
            q = parse(parser, text)
            if is_empty(q):
                continue
            fast, slow = _both(searcher, q)
            assert fast[0] == slow[0], text
            assert set(fast[0]) == set(searcher.docs_for_query(q)), text
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


def test_an_index_without_positions_file_uses_whoosh_positions(tmp_path: Path) -> None:
    corpus = load_corpus([bundled_texts_dir()], cache=False)
    analyzer = Session.open(corpus).analyzer
    folder = tmp_path / "ix"
    folder.mkdir()
    build(folder, analyzer, passage_rows(corpus, None), total=len(corpus)).close()
    (folder / PHRASE_FILE).unlink()
    ix = open_existing(folder, analyzer)
    verify(ix, len(corpus))
    parser = make_parser(make_schema(analyzer, for_queries=True), analyzer)
    with ix.searcher() as searcher:
        assert vector_for(searcher).phrases is None
        q = parse(parser, '"Security Council resolutions"')
        ranked = run_vectorised(searcher, q, 10)
        assert ranked.total == len(set(searcher.docs_for_query(q))) > 0
    ix.close()
