"""The index build's word cache (analysis.cache.WordCache) must give exactly the analyser's
tokens for Korean as for English: particles split off, particle pairs at the word's position,
grammar words dropped, alias names written with a particle (북한의). And when the cache cannot
follow the analyser (an error, not only other terms), the build falls back to the analyser."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage

from search_index import load_corpus
from search_index.analysis import Analyzer
from search_index.analysis.cache import WordCache
from search_index.analysis.words import WORD
from search_index.corpus import Corpus
from search_index.index import passage_rows
from search_index.session import Session
from search_index.whoosh.schema import INDEX_NAME, make_schema, record_words
from search_index.whoosh.writer import build
from tests.engine.reference_writer import ReferenceCodec

ROOT = Path(__file__).resolve().parents[2]
EXTRA = (
    "북한의 핵 개발. 북한은 유엔 안보리의 결의를 위반하고 있다. 원은 원을 원 자원은 법원은 "
    "공무원은 국가공무원이 EU가 EU의 한-EU 협력을 DPRK-Russia 수 있다 하여야 한다. "
    "North Korea's U.N. obligations and the Republic of Korea (ROK); 북핵 핵 핵무기 "
    "Democratic People's Republic of Korea 조선민주주의인민공화국의 유엔의 유엔 안전보장이사회는"
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    folder = tmp_path_factory.mktemp("cache_ko")
    (folder / "mixed.md").write_text(
        "---\ntitle: 혼합\nlanguage: ko\n---\n\n" + EXTRA + "\n\n" + EXTRA[40:] + "\n",
        encoding="utf-8",
    )
    return load_corpus([ROOT / "tests/data/korean", ROOT / "texts", folder])


def test_cached_tokens_are_the_analysers_for_korean_english_and_aliases(corpus: Corpus) -> None:
    analyzer = Session.open(corpus).analyzer
    pairs: set[tuple[str, str]] = set()
    expected: set[tuple[str, str]] = set()
    cache = WordCache(analyzer, pairs)
    texts = [p.text for p in corpus] + [EXTRA, " ".join(reversed(EXTRA.split()))]
    assert any("§" in t.term for t in analyzer.tokens(EXTRA))  # aliases are exercised
    for _ in range(2):  # the second pass reads every word from the cache
        for text in texts:
            tokens = analyzer.tokens(text, "index")
            analysed = cache.analyse(text)
            assert analysed.terms == [t.term for t in tokens], text[:60]
            assert analysed.positions == [t.pos for t in tokens], text[:60]
            assert analysed.query_terms() == analyzer.terms(text), text[:60]
            record_words(expected, text, tokens)
    assert pairs == expected


class _ChangedAnalyzer(Analyzer):
    """An analyser whose internals the cache relies on have changed (the hook is gone)."""

    def _words(self, text: str, alternative: bool = False) -> list:
        record = Analyzer.word_record
        return [record(self, m[0], m.start(), alternative) for m in WORD.finditer(text)]

    def word_record(self, raw: str, start: int = 0, alternative: bool = False) -> object:
        raise RuntimeError("word_record is gone")


def _segment(folder: Path) -> dict[str, bytes]:
    storage = FileStorage(str(folder))
    (segment,) = storage.open_index(indexname=INDEX_NAME)._segments()
    inner = segment.open_compound_file(storage) if segment.is_compound() else storage
    return {n.replace(segment.segment_id(), "SEG"): inner.open_file(n).read() for n in inner.list()}


def test_an_error_in_the_cached_path_falls_back_to_the_analyser(
    corpus: Corpus, tmp_path: Path
) -> None:
    session = Session.open(corpus)
    changed = _ChangedAnalyzer(session.analyzer.aliases)
    rows = list(passage_rows(corpus, session.themes.tags))
    terms: list[list[str]] = []
    (tmp_path / "ours").mkdir()
    build(tmp_path / "ours", changed, rows, total=len(rows), terms_out=terms).close()
    assert terms == [changed.terms(row.text) for row in rows]
    storage = FileStorage(str(tmp_path / "whoosh"))
    storage.create()
    ix = storage.create_index(make_schema(changed), indexname=INDEX_NAME)
    writer = ix.writer(codec=ReferenceCodec())  # Whoosh's writer with bulk.py's block rule
    for row in rows:
        fields = {"pid": row.pid, "doc": row.doc, "text": row.text}
        if row.themes:
            fields["theme"] = " ".join(row.themes)
        writer.add_document(**fields)
    writer.commit()
    assert _segment(tmp_path / "ours") == _segment(tmp_path / "whoosh")
