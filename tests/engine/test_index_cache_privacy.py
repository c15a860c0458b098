"""The index's cache folder is private (0700, made so if it was not), and an index or cache
folder another user owns is never opened: a fresh index of our own, or one in memory. Tests
that give files away run as root."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from search_index import load_corpus
from search_index.paths import cache_dir
from tests.engine.test_index import hits, make_texts, open_untagged


def test_cache_folder_is_private(tmp_path: Path) -> None:
    corpus = load_corpus([make_texts(tmp_path / "texts")])
    index, info = open_untagged(corpus)
    index.close()
    assert (cache_dir() / "index").stat().st_mode & 0o077 == 0
    assert info.location is not None and info.location.parent == cache_dir() / "index"


def test_an_existing_cache_folder_open_to_others_is_made_private(tmp_path: Path) -> None:
    (cache_dir() / "index").mkdir(parents=True)
    for folder in (cache_dir(), cache_dir() / "index"):
        folder.chmod(0o777)
    index, _info = open_untagged(load_corpus([make_texts(tmp_path / "texts")]))
    assert hits(index, "DPRK") == {"one:1", "two:1"}
    index.close()
    for folder in (cache_dir(), cache_dir() / "index"):
        assert folder.stat().st_mode & 0o077 == 0, folder


needs_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give files away"
)


@needs_root
def test_an_index_planted_by_another_user_is_never_opened(tmp_path: Path) -> None:
    """Someone who could write into the cache (before it was made private) left an index
    for this corpus there: it is never unpickled, and a fresh one of our own replaces it."""
    texts = make_texts(tmp_path / "texts")
    index, info = open_untagged(load_corpus([texts]))
    index.close()
    assert info.location is not None
    for path in [info.location, *info.location.iterdir()]:
        os.chown(path, 65534, 65534)
    index, again = open_untagged(load_corpus([texts]))
    assert again.reused is False
    assert any("another user" in notice for notice in again.notices), again.notices
    assert hits(index, "DPRK") == {"one:1", "two:1"}
    index.close()
    assert info.location.stat().st_uid == os.geteuid()


@needs_root
def test_a_cache_folder_of_another_user_keeps_the_index_in_memory(tmp_path: Path) -> None:
    cache_dir().chmod(0o700)
    os.chown(cache_dir(), 65534, 65534)
    index, info = open_untagged(load_corpus([make_texts(tmp_path / "texts")]))
    assert info.location is None
    assert any("another user" in n and "memory" in n for n in info.notices), info.notices
    assert hits(index, "DPRK") == {"one:1", "two:1"}
    index.close()
    assert not (cache_dir() / "index").exists()
