"""A query of plain words is turned into its Whoosh tree directly (whoosh/querytree.py), without
Whoosh's query parser; the tree, and so every hit, score and snippet, must be the parser's."""

from __future__ import annotations

import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from search_index import bundled_texts_dir, load_corpus
from search_index.search import QueryError, SearchIndex
from search_index.session import Session
from search_index.whoosh.parser import make_parser, parse
from search_index.whoosh.querytree import plain_words_query
from tests.bench import corpus_gen


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    """600 generated passages, the bundled statements and a Korean document, with the
    bundled aliases (several of them more than one word: North Korea)."""
    tmp = tmp_path_factory.mktemp("plain-words")
    folder = tmp / "texts"
    folder.mkdir()
    for name, text in corpus_gen.documents(600, seed=11):
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "ko.md").write_text(
        "---\ntitle: 북한 인권\nlanguage: ko\n---\n\n"
        "공무원은 북한의 인권 상황을 우려한다. 북한군이 러시아에 파병되었다.\n\n"
        "유엔 안보리의 제재 위반과 위협의 증대.\n",
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XREF_CACHE_DIR", str(tmp / "cache"))
        session = Session.open(load_corpus([folder, bundled_texts_dir()]))
        from search_index.index import open_index

        opened, _info = open_index(session.corpus, session.analyzer, tags=session.themes)
        yield opened
        opened.close()


WORDS = [
    "sanctions",
    "Sanctions",
    "SANCTIONS",
    "sanctions artillery",
    "  sanctions \t artillery  ",
    "DPRK",
    "dprk Russia",
    "North Korea",  # a multi-word alias: left to the parser, which keeps it together
    "north korea sanctions",
    "Korea's",
    "Korea’s",
    "non-proliferation",
    "well-known long-range",
    "the",
    "the of and",  # stop words only: no words to search for
    "and or not",  # operators are upper case only
    "sanctions and drones",
    "2024",
    "G7 2024",
    "UN",
    "café naïve",
    "Ukraine's war-time",
    "북한",
    "공무원은",
    "북한의 인권",
    "위협의",
    "유엔 안보리의",  # a multi-word alias with a particle
    "안보리",
    "제재 sanctions",
    "zebra",
    "x",
]

NOT_PLAIN = [
    "sanctions OR drones",
    "NOT sanctions",
    "sanctions AND drones",
    "-sanctions",
    "+sanctions",
    "sanct*",
    "korea~1",
    "korea^2",
    '"north korea"',
    "title:readout",
    "(sanctions)",
    "U.S.",
    "sanctions, drones",
    "a/b",
    "'sanctions'",
    "under_score",
    "sanctions-",
]


def _sampled(index: SearchIndex, n: int, seed: int) -> list[str]:
    """Runs of 1-3 words cut from passages as written (punctuation and all)."""
    rng = random.Random(seed)
    texts = [p.text for p in index.corpus]
    out = []
    for _ in range(n):
        words = rng.choice(texts).split()
        start = rng.randrange(len(words))
        out.append(" ".join(words[start : start + rng.choice((1, 2, 3))]))
    return out


def test_plain_words_make_the_parsers_tree(index: SearchIndex) -> None:
    parser = make_parser(index._schema, index.analyzer)
    plain = 0
    for text in [*WORDS, *_sampled(index, 400, seed=3)]:
        direct = plain_words_query(index._schema, index.analyzer, text)
        if direct is None:
            continue
        plain += 1
        parsed = parse(parser, text)
        assert direct == parsed and repr(direct) == repr(parsed), text
    assert plain > 250  # most runs of written words are plain words


def test_only_plain_words_skip_the_parser(index: SearchIndex) -> None:
    plain = [w for w in WORDS if plain_words_query(index._schema, index.analyzer, w) is not None]
    assert set(WORDS) - set(plain) == {"North Korea", "north korea sanctions", "유엔 안보리의"}
    for text in NOT_PLAIN:
        assert plain_words_query(index._schema, index.analyzer, text) is None, text


def _result(index: SearchIndex, query: str, plain_python: bool) -> tuple:
    index.plain_python = plain_python
    try:
        result = index.search(query, limit=30)
    except QueryError as error:
        return (str(error),)
    finally:
        index.plain_python = False
    hits = [(h.passage, h.score, h.snippet, h.matches) for h in result.hits]
    return result.total, result.truncated, sorted(result.terms), result.phrases, hits


@pytest.mark.parametrize("plain_python", [True, False])
def test_searches_of_plain_words_match_the_parsed_ones(
    index: SearchIndex, plain_python: bool
) -> None:
    """Through the search API: a query in parentheses goes through Whoosh's parser (a group
    of one is the group's contents), so it must find exactly what the words alone find."""
    for text in [*WORDS, *_sampled(index, 120, seed=5)]:
        if plain_words_query(index._schema, index.analyzer, text) is None:
            continue
        ours = _result(index, text, plain_python)
        assert ours == _result(index, f"({text})", plain_python), text


def test_a_search_of_plain_words_loads_no_query_parser(tmp_path: Path) -> None:
    code = (
        "import sys; from tui.cli import main; main(['search', 'sanctions artillery']); "
        "print('whoosh.qparser' in sys.modules, file=sys.stderr)"
    )
    for _ in range(2):  # the first builds the index; the second is a warm search
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path
        )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "False"
