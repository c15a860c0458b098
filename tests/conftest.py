"""Shared fixtures: every test runs with private, empty cache, state, config and data folders."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def private_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point XREF_CACHE_DIR, XREF_STATE_DIR, XREF_CONFIG_DIR and XREF_DATA_DIR at fresh folders."""
    base = tmp_path_factory.mktemp("xref-home")
    for name in ("CACHE", "STATE", "CONFIG", "DATA"):
        folder = base / name.lower()
        monkeypatch.setenv(f"XREF_{name}_DIR", str(folder))
    return base


@pytest.fixture(autouse=True, scope="session")
def lexical_links() -> Iterator[None]:
    """XREF_EMBEDDINGS=0: the links every test expects are the lexical ones, whether or not
    the optional model is installed (session scope: module fixtures build links too); tests
    of similar meaning turn it back on."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XREF_EMBEDDINGS", "0")
        yield
