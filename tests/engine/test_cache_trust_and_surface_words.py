"""Faults found reviewing the attack-run changes to the engine (issue 16), one test each."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from search_index import load_corpus
from search_index.corpus import cache as cache_module
from search_index.paths import cache_dir
from search_index.session import Session
from tests.engine.test_index import make_texts


@pytest.fixture
def umask_002() -> Iterator[None]:
    """The umask of Debian and Ubuntu users with a group of their own (USERGROUPS_ENAB)."""
    old = os.umask(0o002)
    try:
        yield
    finally:
        os.umask(old)


def test_an_index_built_under_umask_002_is_reused(tmp_path: Path, umask_002: None) -> None:
    """Files Whoosh writes get 0664 there; inside the 0700 index folder nobody else can reach
    them, yet they were 'written by other users' and the index was rebuilt on every start."""
    texts = make_texts(tmp_path / "texts")
    first = Session.open(load_corpus([texts]))
    first.open_index()
    first.index.close()
    again = Session.open(load_corpus([texts]))
    again.open_index()
    again.index.close()
    assert again.index_info.notices == []
    assert again.index_info.reused


def test_a_prefix_finds_a_word_with_a_zero_width_space(tmp_path: Path) -> None:
    """sanc\u200btions is found by sanctions, so by sanct* too (a soft hyphen already was)."""
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "zw.md").write_text(
        "---\ntitle: Zero width\n---\n\nThe sanc\u200btions were imposed.\n", encoding="utf-8"
    )
    session = Session.open(load_corpus([texts]))
    session.open_index()
    try:
        for query in ("sanct*", "sanctio*", "sanc\u200bt*"):
            assert [h.passage for h in session.index.search(query).hits] == ["zw:1"], query
    finally:
        session.index.close()


def test_a_documents_cache_others_can_write_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the index and the links (README: 'a file in the cache ... is read only if it is yours
    and nobody else can write to it'): a world-writable documents cache could hold any text."""
    monkeypatch.setattr(cache_module, "RACY_NS", 0)  # trust files written a moment ago
    texts = make_texts(tmp_path / "texts")
    load_corpus([texts])
    (file,) = (cache_dir() / "documents").glob("*.json")
    data = file.read_bytes()
    assert b"missile" in data
    file.write_bytes(data.replace(b"missile", b"rocketz"))
    file.chmod(0o666)
    texts_read = [p.text for d in load_corpus([texts]).documents for p in d.passages]
    assert any("missile" in t for t in texts_read)
    assert not any("rocketz" in t for t in texts_read)
