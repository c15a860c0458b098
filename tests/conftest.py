"""Shared fixtures: every test runs with private, empty cache, state, config and data folders."""

from __future__ import annotations

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


@pytest.fixture(autouse=True)
def lexical_links(monkeypatch: pytest.MonkeyPatch) -> None:
    """XREF_EMBEDDINGS=0: the links every test expects are the lexical ones, whether or not
    the optional model is installed; tests of similar meaning turn it back on."""
    monkeypatch.setenv("XREF_EMBEDDINGS", "0")
