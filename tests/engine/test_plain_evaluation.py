"""The command line ranks in plain Python (whoosh/plain.py) to spare NumPy's import; it must
give the very hits and scores the reader's NumPy evaluation gives, not close ones."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from search_index import bundled_texts_dir, load_corpus
from search_index.search import QueryError, SearchIndex
from search_index.session import Session
from search_index.whoosh.plain import run_plain
from tests.bench import corpus_gen

K = "kim-gunn-eu-psc"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    """1,500 generated passages and the bundled statements, built on two cores (several
    segments), with the bundled themes."""
    tmp = tmp_path_factory.mktemp("plain")
    folder = tmp / "texts"
    folder.mkdir()
    for name, text in corpus_gen.documents(1500, seed=7):
        (folder / name).write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XREF_CACHE_DIR", str(tmp / "cache"))
        session = Session.open(load_corpus([folder, bundled_texts_dir()]))
        from search_index.index import open_index

        index, _info = open_index(session.corpus, session.analyzer, tags=session.themes, procs=2)
        yield index
        index.close()


FIXED = [
    "sanctions",
    "North Korea",
    "DPRK Russia",
    "sanctions OR artillery OR drones",
    "sanctions -Russia",
    "sanctions NOT missile",
    "+DPRK Russia",
    "NOT sanctions",
    "sanct*",
    "*ation",
    "korea~1",
    "intertw*",
    "title:readout sanctions",
    "issuer:mission",
    "date:[2018-01-01 TO 2020-12-31] artillery",
    "date:2019* drones",
    "lang:en munitions",
    "theme:dprk-russia-arms",
    "theme:nonproliferation OR theme:human-rights",
    "doc:" + K,
    "(sanctions OR drones) AND (Korea OR Russia)",
    '"North Korea" sanctions',  # an alias: one term, not a phrase
    '"arms transfers" sanctions',  # a phrase: NumPy's evaluation ranks it
    '"military cooperation"',
    "zebra",
]


def _sampled(index: SearchIndex, n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = [p.text for p in index.corpus]
    out = []
    for _ in range(n):
        words = [w.strip(".,;:()'\"") for w in rng.choice(texts).split()]
        words = [w for w in words if w.isalpha()]
        if words:
            start = rng.randrange(len(words))
            out.append(" ".join(words[start : start + rng.choice((1, 2, 3))]))
    return out


def _ranked(index: SearchIndex, query: str, limit: int, plain: bool) -> tuple:
    index.plain_python = plain
    try:
        result = index.search(query, limit=limit)
    except QueryError as error:
        return (str(error),)
    finally:
        index.plain_python = False
    return result.total, [(h.passage, h.score) for h in result.hits]


@pytest.mark.parametrize("limit", [3, 50])
def test_plain_python_gives_numpys_hits_and_scores_exactly(
    generated: SearchIndex, limit: int
) -> None:
    for query in FIXED + _sampled(generated, 120, seed=limit):
        assert _ranked(generated, query, limit, True) == _ranked(generated, query, limit, False), (
            query
        )


def test_plain_python_restricted_to_one_document(generated: SearchIndex) -> None:
    generated.plain_python = True
    try:
        plain = generated.search("Korea", doc=K, limit=20)
    finally:
        generated.plain_python = False
    numpy = generated.search("Korea", doc=K, limit=20)
    assert [(h.passage, h.score) for h in plain.hits] == [(h.passage, h.score) for h in numpy.hits]
    assert {h.document for h in plain.hits} == {K}


def test_only_phrases_and_the_like_leave_plain_python(generated: SearchIndex) -> None:
    """Words, their combinations and the document fields are ranked without NumPy."""
    with generated.searchers.checkout() as searcher:
        for query in FIXED:
            q = generated.expanded(query)
            ranked = run_plain(searcher, q, 10, None, generated._docfields)
            phrase = query in ('"arms transfers" sanctions', '"military cooperation"')
            assert (ranked is None) == phrase, query


def test_a_cli_search_imports_no_numpy(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from tui.cli import main; main(['search', 'sanctions']); "
        "print('numpy' in sys.modules, file=sys.stderr)"
    )
    for _ in range(2):  # the first builds the index; the second is a warm search
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path
        )
    assert done.returncode == 0, done.stderr
    assert "kim-gunn-eu-psc:5" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "False"
