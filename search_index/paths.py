"""Where xref-reader keeps its files: private per-user cache, state and config folders.

The index holds pickles, so it lives only in the user's own cache folder (mode 0700), never
beside the documents. Environment variables override the folders for tests and scripts.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "xref-reader"


def _private_dir(env: str, default: str, create: bool = True) -> Path:
    path = Path(os.environ.get(env) or default).expanduser()
    if create:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def cache_dir() -> Path:
    """The per-user cache folder (XREF_CACHE_DIR overrides), created private."""
    return _private_dir("XREF_CACHE_DIR", platformdirs.user_cache_dir(APP_NAME))


def state_dir(create: bool = True) -> Path:
    """Where the reader remembers open documents and positions (XREF_STATE_DIR overrides).

    Reading needs no folder (create=False), so an unusable home never stops the reader."""
    return _private_dir("XREF_STATE_DIR", platformdirs.user_state_dir(APP_NAME), create)


def config_dir(create: bool = False) -> Path:
    """Where users put keys.yaml (XREF_CONFIG_DIR overrides); only read, so not created."""
    return _private_dir("XREF_CONFIG_DIR", platformdirs.user_config_dir(APP_NAME), create)
