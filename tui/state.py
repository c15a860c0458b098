"""What the reader remembers between runs, per corpus: open documents, passages, colour theme.

Positions are passage ids (stable for a given file), not scroll offsets, so a resized terminal
or a changed wrap width returns to the same paragraph. The file is written atomically.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

STATE_FILE = "reader-state.json"
MAX_CORPORA = 50


def corpus_key(paths: Sequence[Path | str]) -> str:
    """A stable key for the corpus named by its --texts paths."""
    resolved = sorted(os.path.realpath(str(p)) for p in paths)
    return hashlib.sha256("\n".join(resolved).encode()).hexdigest()[:24]


def _path(folder: Path | None, create: bool = False) -> Path:
    if folder is None:
        from search_index.paths import state_dir

        folder = state_dir(create=create)
    return folder / STATE_FILE


def load_all(folder: Path | None = None) -> dict[str, Any]:
    try:
        data = json.loads(_path(folder).read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def load_state(key: str, folder: Path | None = None) -> dict[str, Any]:
    """The remembered state of one corpus ({} if none or unreadable)."""
    data = load_all(folder)
    corpora = data.get("corpora")
    entry = corpora.get(key) if isinstance(corpora, dict) else None
    return entry if isinstance(entry, dict) else {}


def save_state(key: str, entry: dict[str, Any], folder: Path | None = None) -> str | None:
    """Store one corpus's state; write a temp file and rename it, so a crash never leaves a
    half-written file. Returns why it could not be stored (for a one-line notice), or None."""
    try:
        path = _path(folder, create=True)
    except OSError as error:
        return f"{error.filename or 'the state folder'}: {error.strerror or error}"
    data = load_all(folder)
    corpora = data.get("corpora")
    if not isinstance(corpora, dict):
        corpora = {}
    corpora.pop(key, None)
    corpora[key] = entry
    while len(corpora) > MAX_CORPORA:
        corpora.pop(next(iter(corpora)))
    data["corpora"] = corpora
    try:
        fd, tmp = tempfile.mkstemp(prefix=".state-", dir=path.parent)
    except OSError as error:
        return f"{path.parent}: {error.strerror or error}"
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return f"{path}: {error.strerror or error}"
    return None
