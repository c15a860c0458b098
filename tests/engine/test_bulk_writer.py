"""The index build analyses each passage once and writes Whoosh's segment itself
(whoosh/bulk.py): the files must be byte for byte those Whoosh's own `add_document` writes
(with the one rule bulk.py adds: small posting blocks uncompressed), what Whoosh's reader
reads from them must be the same, and the links built from the build's terms must be those
built from a fresh analysis."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import FileStorage

from search_index import bundled_texts_dir, load_corpus
from search_index.analysis.cache import WordCache, remember, take
from search_index.corpus import Corpus
from search_index.index import passage_rows
from search_index.links import build_links, load_or_build_links
from search_index.session import Session
from search_index.whoosh.schema import INDEX_NAME, make_schema, passage_ids, record_words
from search_index.whoosh.writer import build
from tests.bench import corpus_gen
from tests.engine.reference_writer import ReferenceCodec

TRICKY = (
    "---\ntitle: 외교부 성명\nlanguage: ko\n---\n\n"
    "대한민국은 북한의 핵 개발을 규탄한다. 북한의 핵 북한의 핵.\n\n"
    "DPRK-Russia military cooperation, the DPRK's non-proliferation record and North Korea's "
    "U.N. obligations; sanctions sanctions sanctions.\n\n"
    "Indo-Pacific 협력 co-operation with the Republic of Korea (ROK) and the EU's programme.\n\n"
    "sanc\u200btions non\u00adproliferation Democratic People's Republic of Korea\n"
)


def _corpus(tmp: Path, passages: int) -> Corpus:
    folder = tmp / "texts"
    folder.mkdir()
    for name, text in corpus_gen.documents(passages, seed=5):
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "tricky.md").write_text(TRICKY, encoding="utf-8")
    return load_corpus([folder, bundled_texts_dir()])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return _corpus(tmp_path_factory.mktemp("bulk"), 1200)


def _whoosh_reference(folder: Path, session: Session, rows: list, codec: object = None) -> None:
    storage = FileStorage(str(folder))
    storage.create()
    ix = storage.create_index(make_schema(session.analyzer), indexname=INDEX_NAME)
    writer = ix.writer(codec=codec or ReferenceCodec())
    for row in rows:
        fields = {"pid": row.pid, "doc": row.doc, "text": row.text}
        if row.themes:
            fields["theme"] = " ".join(row.themes)
        writer.add_document(**fields)
    writer.commit()


def _segment_files(folder: Path) -> dict[str, bytes]:
    storage = FileStorage(str(folder))
    ix = storage.open_index(indexname=INDEX_NAME)
    (segment,) = ix._segments()
    inner = segment.open_compound_file(storage) if segment.is_compound() else storage
    return {
        name.replace(segment.segment_id(), "SEG"): inner.open_file(name).read()
        for name in inner.list()
    }


def test_the_segment_is_byte_for_byte_what_whoosh_writes(corpus: Corpus, tmp_path: Path) -> None:
    session = Session.open(corpus)
    rows = list(passage_rows(corpus, session.themes.tags))
    assert any(row.themes for row in rows)  # the theme field is written too
    _whoosh_reference(tmp_path / "whoosh", session, rows)
    (tmp_path / "ours").mkdir()
    build(tmp_path / "ours", session.analyzer, iter(rows), total=len(rows)).close()
    theirs, ours = _segment_files(tmp_path / "whoosh"), _segment_files(tmp_path / "ours")
    assert sorted(ours) == sorted(theirs)
    for name, data in theirs.items():
        assert ours[name] == data, name


def _postings(folder: Path) -> dict:
    """Every term's postings as Whoosh's reader reads them: (docnum, weight, value)."""
    ix = FileStorage(str(folder)).open_index(indexname=INDEX_NAME)
    with ix.reader() as reader:
        out = {}
        for fieldname, text in reader.all_terms():
            matcher = reader.postings(fieldname, text)
            out[fieldname, text] = [(m.id(), m.weight(), m.value()) for m in _walk(matcher)]
        stored = [reader.stored_fields(i) for i in range(reader.doc_count_all())]
        pids = passage_ids(reader)
        ids = [pids[i] for i in range(reader.doc_count_all())]
    return {"postings": out, "stored": stored, "pids": ids}


def _walk(matcher):  # type: ignore[no-untyped-def]
    while matcher.is_active():
        yield matcher
        matcher.next()


def test_small_blocks_uncompressed_read_as_whoosh_s_own_compressed_ones(
    corpus: Corpus, tmp_path: Path
) -> None:
    session = Session.open(corpus)
    rows = list(passage_rows(corpus, session.themes.tags))
    _whoosh_reference(tmp_path / "whoosh", session, rows, codec=W3Codec())  # all compressed
    (tmp_path / "ours").mkdir()
    build(tmp_path / "ours", session.analyzer, iter(rows), total=len(rows)).close()
    theirs, ours = _postings(tmp_path / "whoosh"), _postings(tmp_path / "ours")
    assert len(theirs["postings"]) > 1000
    assert theirs["pids"] == [row.pid for row in rows]  # passage ids by docnum, in a column
    assert ours == theirs


def test_each_word_analysed_once_gives_the_analysers_terms(corpus: Corpus) -> None:
    analyzer = Session.open(corpus).analyzer
    pairs: set[tuple[str, str]] = set()
    expected: set[tuple[str, str]] = set()
    cache = WordCache(analyzer, pairs)
    for passage in corpus:
        tokens = analyzer.tokens(passage.text, "index")
        analysed = cache.analyse(passage.text)
        assert analysed.terms == [t.term for t in tokens], passage.id
        assert analysed.positions == [t.pos for t in tokens], passage.id
        assert analysed.query_terms() == analyzer.terms(passage.text), passage.id
        record_words(expected, passage.text, tokens)
    assert pairs == expected  # the surface-word list


def test_links_from_the_build_terms_equal_links_from_a_fresh_analysis(corpus: Corpus) -> None:
    session = Session.open(corpus)
    terms: list[list[str]] = []
    rows = passage_rows(corpus, session.themes.tags)
    build(None, session.analyzer, rows, total=len(corpus), terms_out=terms).close()
    assert len(terms) == len(corpus)
    fresh = build_links(corpus, session.analyzer)
    remember(corpus, session.analyzer.version, terms)
    reused, _seconds = load_or_build_links(corpus, session.analyzer)
    assert take(corpus, session.analyzer.version) is None  # used once, then let go
    for name in ("src", "dst"):
        assert np.array_equal(getattr(reused, name), getattr(fresh, name)), name
    assert np.allclose(reused.score, fresh.score)
    assert reused.term_df == fresh.term_df


def test_terms_kept_for_one_corpus_are_not_used_for_another(corpus: Corpus) -> None:
    analyzer = Session.open(corpus).analyzer
    remember(corpus, analyzer.version, [["x"]] * len(corpus))
    other = Corpus(list(corpus.documents))
    assert take(other, analyzer.version) is None
    remember(corpus, analyzer.version, [["x"]] * len(corpus))
    assert take(corpus, "another analyser") is None
