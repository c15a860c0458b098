"""Opening only a cached index (the reader's early open while its child builds the links): a
sound index opens and searches; a missing or damaged one gives None and nothing is written,
built or discarded (the normal open after the child deals with it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from search_index import load_corpus
from search_index.index import open_cached
from search_index.paths import cache_dir
from search_index.session import Session
from tests.engine.test_index import (
    damage_marker,
    damage_missing_marker,
    damage_truncate_segment,
    hits,
    make_texts,
    snapshot,
)


def _built(texts: Path):  # type: ignore[no-untyped-def]
    """The index a session builds (its theme set is part of the fingerprint)."""
    session = Session.open(load_corpus([texts]))
    session.open_index()
    info = session.index_info
    session.close()
    return info


def test_a_sound_cached_index_opens_and_searches(tmp_path: Path) -> None:
    texts = make_texts(tmp_path / "texts")
    info = _built(texts)
    corpus = load_corpus([texts])
    session = Session.open(corpus)
    assert session.open_cached_index()
    assert session.index_info is not None and session.index_info.reused
    assert session.index_info.location == info.location
    assert hits(session.index, "DPRK") == {"one:1", "two:1"}
    session.close()


def test_no_index_yet_gives_none_and_builds_nothing(tmp_path: Path) -> None:
    texts = make_texts(tmp_path / "texts")
    corpus = load_corpus([texts])
    before = snapshot(cache_dir())
    assert open_cached(corpus, Session.open(corpus).analyzer) is None
    assert not (cache_dir() / "index").exists() or snapshot(cache_dir() / "index") == {}
    assert {k: v for k, v in snapshot(cache_dir()).items() if "index" in k} == {
        k: v for k, v in before.items() if "index" in k
    }


@pytest.mark.parametrize("damage", [damage_truncate_segment, damage_marker, damage_missing_marker])
def test_a_damaged_index_gives_none_and_is_left_for_the_full_open(tmp_path: Path, damage) -> None:
    texts = make_texts(tmp_path / "texts")
    info = _built(texts)
    assert info.location is not None
    damage(info.location)
    left = snapshot(info.location)
    corpus = load_corpus([texts])
    session = Session.open(corpus)
    assert not session.open_cached_index() and session.index is None
    assert snapshot(info.location) == left  # not discarded, not rebuilt
    index = session.open_index()  # the full open rebuilds it, as before
    assert hits(index, "DPRK") == {"one:1", "two:1"}
    session.close()
