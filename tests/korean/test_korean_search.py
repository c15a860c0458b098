"""Korean search through the engine and the command line: particles, fragments, aliases."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from search_index import load_corpus
from search_index.session import Session

XREF = Path(sys.executable).with_name("xref")

STATUTE = """---
title: "조문"
language: ko
id: statute
---

공무원은 국민전체에 대한 봉사자이며, 국민에 대하여 책임을 진다.

공무원이 국가의 직무를 이탈하게 된 때에는 휴직을 명하여야 한다.

경찰공무원의 직무에 관하여 필요한 사항은 대통령령으로 정한다.

법원은 헌법재판소에 제청한다. 국회의원은 청렴의 의무가 있다. 국토와 자원은 국가의 보호를 받는다.

대통령은 국가의 원수이며, 외국에 대하여 국가를 대표한다.
"""

RELEASE = """---
title: "보도자료"
language: ko
id: release
---

김 본부장은 북한의 핵·미사일 위협과 러시아와의 협력을 지적하였다.

북한인권 문제에 대해 의견을 교환하였다.
"""

ENGLISH = """---
title: "Statement"
id: statement
---

The DPRK continued its unlawful arms transfers to Russia.

North Korea's missile program threatens peace on the Korean Peninsula.

Nothing about that country here.
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "statute.md").write_text(STATUTE, encoding="utf-8")
    (texts / "release.md").write_text(RELEASE, encoding="utf-8")
    (texts / "statement.md").write_text(ENGLISH, encoding="utf-8")
    return texts


@pytest.fixture
def index(folder: Path):
    session = Session.open(load_corpus([folder]))
    found = session.open_index()
    yield found
    session.close()


def found(index, query: str) -> set[str]:
    return {h.passage for h in index.search(query, limit=50).hits}


def test_a_word_with_any_particle_finds_what_the_bare_word_finds(index) -> None:
    bare = found(index, "공무원")
    assert bare == {"statute:1", "statute:2", "statute:3"}  # 경찰공무원 by its part
    for form in ("공무원은", "공무원이", "공무원의", "공무원을", "공무원*"):
        assert found(index, form) == bare, form
    assert found(index, "대통령은") == found(index, "대통령") == {"statute:3", "statute:5"}


def test_the_end_of_other_words_is_not_found_as_a_word(index) -> None:
    for fragment in ("원은", "원이", "원의"):
        assert found(index, fragment) == set(), fragment


def test_a_quoted_phrase_matches_whatever_particles_the_text_uses(index) -> None:
    assert found(index, '"공무원은 국가"') == {"statute:2"}
    assert found(index, '"국가 원수"') == {"statute:5"}


def test_highlights_cover_the_word_not_its_particle(index) -> None:
    hit = index.search("공무원은").hits
    text = {h.passage: h for h in hit}["statute:1"]
    passage = index.corpus.passage("statute:1").text
    assert [passage[a:b] for a, b in text.matches] == ["공무원"]


def test_bukhan_finds_dprk_and_north_korea_and_highlights_the_words_written(index) -> None:
    for query in ("북한", "북한의", "북한은"):
        hits = {h.passage: h for h in index.search(query, limit=50).hits}
        assert set(hits) == {"release:1", "release:2", "statement:1", "statement:2"}, query
        words = {
            index.corpus.passage(pid).text[a:b] for pid, h in hits.items() for a, b in h.matches
        }
        assert {"DPRK", "North Korea's", "북한"} <= words
    # And the other way: DPRK finds the Korean release.
    assert {"release:1", "statement:1"} <= found(index, "DPRK")


def test_xref_search_bukhan_json_finds_the_english_names(folder: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [str(XREF), "search", "북한", "--texts", str(folder), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        check=True,
    )
    data = json.loads(done.stdout)
    texts = {
        "statement:1": "The DPRK continued its unlawful arms transfers to Russia.",
        "statement:2": "North Korea's missile program threatens peace on the Korean Peninsula.",
    }
    hits = {h["passage"]: h for h in data["hits"]}
    assert {"statement:1", "statement:2", "release:1"} <= set(hits)
    for pid, text in texts.items():
        assert [text[a:b] for a, b in hits[pid]["matches"]] in (["DPRK"], ["North Korea's"])
