"""One rule for every file under the cache, the links as the index: a folder another user owns
is not used, folders we make are 0700, and a file is read only if it is a regular file of ours
that nobody else can write (a planted links.npz is rebuilt, never read or moved beside the
index). Tests that give files away run as root, as in tests/engine/test_index_cache_privacy.py."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from search_index import load_corpus
from search_index.links import LINKS_FILE
from search_index.paths import cache_dir
from search_index.session import Session
from tests.engine.test_index_cache_privacy import needs_root

NOBODY = 65534


def make_texts(folder: Path) -> Path:
    """Two statements that make one claim in shared content words, so they have links to
    cache (a name alone, "North Korea" / "DPRK", is no evidence and gives none)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "one.md").write_text(
        "---\ntitle: One\ndate: 2024-03-01\n---\n\n"
        "The DPRK launched a ballistic missile in flagrant violation of Security Council "
        "resolutions.\n\nSanctions were discussed.\n",
        encoding="utf-8",
    )
    (folder / "two.md").write_text(
        "---\ntitle: Two\n---\n\nNorth Korea and Russia cooperate in flagrant violation "
        "of Security Council resolutions.\n",
        encoding="utf-8",
    )
    return folder


def session(tmp_path: Path) -> Session:
    return Session.open(load_corpus([make_texts(tmp_path / "texts")]))


def test_the_two_statements_share_a_claim(tmp_path: Path) -> None:
    """The texts below exercise the links cache only if they do link."""
    refs = session(tmp_path).open_links()
    (detail,) = refs.links_of("one:1")
    assert detail.target == "two:1"
    assert "flagrant violation of Security Council resolutions" in [s.text for s in detail.shared]


def unindexed_file(tmp_path: Path) -> Path:
    """Links cached before the index exists (`xref links` first): their file."""
    refs = session(tmp_path).open_links()
    assert refs.build_seconds is not None and not refs.notices, refs.notices
    (path,) = (cache_dir() / "links").glob(f"*/{LINKS_FILE}")
    return path


def test_links_folders_are_private(tmp_path: Path) -> None:
    path = unindexed_file(tmp_path)
    for folder in (cache_dir() / "links", path.parent):
        assert folder.stat().st_mode & 0o077 == 0, folder
    assert path.stat().st_mode & 0o022 == 0


def test_a_links_file_others_can_write_is_rebuilt_not_read_or_moved(tmp_path: Path) -> None:
    path = unindexed_file(tmp_path)
    path.chmod(0o666)
    again = session(tmp_path)
    refs = again.open_links()
    assert refs.build_seconds is not None, "a links.npz others could write was read"
    assert any("rebuilt" in n for n in refs.notices), refs.notices
    assert path.stat().st_mode & 0o022 == 0
    path.chmod(0o666)
    indexed = session(tmp_path)
    indexed.open_index()
    refs = indexed.open_links()
    assert refs.build_seconds is not None, "a links.npz others could write was adopted"
    beside = indexed.index_info.location / LINKS_FILE
    assert beside.stat().st_uid == os.geteuid() and beside.stat().st_mode & 0o022 == 0
    indexed.index.close()


@needs_root
def test_a_links_file_planted_by_another_user_is_never_read_or_moved(tmp_path: Path) -> None:
    path = unindexed_file(tmp_path)
    os.chown(path, NOBODY, NOBODY)
    path.chmod(0o666)
    indexed = session(tmp_path)
    indexed.open_index()
    refs = indexed.open_links()
    assert refs.build_seconds is not None, "another user's links.npz was read"
    beside = indexed.index_info.location / LINKS_FILE
    assert beside.stat().st_uid == os.geteuid(), "another user's links.npz was moved in"
    indexed.index.close()


@needs_root
def test_a_cache_root_of_another_user_keeps_the_links_in_memory(tmp_path: Path) -> None:
    cache_dir().chmod(0o700)
    os.chown(cache_dir(), NOBODY, NOBODY)
    refs = session(tmp_path).open_links()
    assert len(refs.table) > 0
    assert any("another user" in n and "memory" in n for n in refs.notices), refs.notices
    assert not (cache_dir() / "links").exists()


@needs_root
def test_a_links_folder_of_another_user_is_not_written_into(tmp_path: Path) -> None:
    """Planted while the cache root was open to others: the root is made private, as for the
    index, but a folder in it that another user made is not used."""
    cache_dir().chmod(0o777)
    planted = cache_dir() / "links"
    planted.mkdir(mode=0o777)
    planted.chmod(0o777)
    os.chown(planted, NOBODY, NOBODY)
    refs = session(tmp_path).open_links()
    assert len(refs.table) > 0
    assert any("another user" in n and "memory" in n for n in refs.notices), refs.notices
    assert list(planted.iterdir()) == []
    assert cache_dir().stat().st_mode & 0o077 == 0
    shutil.rmtree(planted)


@pytest.mark.parametrize("name", ["links", "index"])
def test_links_cache_folder_that_is_a_file_is_one_notice(tmp_path: Path, name: str) -> None:
    (cache_dir() / name).write_text("not a folder")
    refs = session(tmp_path).open_links()
    assert len(refs.table) > 0
    if name == "links":
        assert any("memory" in n for n in refs.notices), refs.notices
