"""What the reader remembers between runs: per corpus, open documents and passages (the state
folder); for every corpus, the person's preferences such as the colour theme (the config folder).

Positions are passage ids (stable for a given file), not scroll offsets, so a resized terminal
or a changed wrap width returns to the same paragraph. The file is written atomically.

Both files are read like rules files (search_index.yamlfile.read_rule_file): a regular file
only (a FIFO blocked the reader before its first frame, a link to /dev/zero read until
MemoryError), at most 1 MB; JSON nested too deep is "not valid JSON", not a RecursionError, and
lists or objects deeper than the reader writes are dropped. Each field's type is checked where
it is used (tui/features/place.py, XrefApp's colour theme).
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

from search_index import Problem
from search_index.yamlfile import read_rule_file

STATE_FILE = "reader-state.json"
MAX_CORPORA = 50
SETTINGS_FILE = "settings.json"
MAX_DEPTH = 5
"""Nesting kept when a file is read: the state file's own is corpora > entry > panes > pane.
Deeper junk would otherwise be written back on every save (and could hit the recursion limit)."""


def corpus_key(paths: Sequence[Path | str]) -> str:
    """A stable key for the corpus named by its --texts paths."""
    resolved = sorted(os.path.realpath(str(p)) for p in paths)
    return hashlib.sha256("\n".join(resolved).encode()).hexdigest()[:24]


def _path(folder: Path | None, create: bool = False) -> Path:
    if folder is None:
        from search_index.paths import state_dir

        folder = state_dir(create=create)
    return folder / STATE_FILE


def read_json(path: Path, problems: list[Problem] | None = None) -> dict[str, Any]:
    """A JSON object from `path` ({} if there is none or it cannot be used; then why, as one
    Problem appended to `problems`, unless the file is just missing)."""
    try:
        data = json.loads(read_rule_file(path).decode("utf-8"))
    except (FileNotFoundError, NotADirectoryError):
        return {}
    except OSError as error:
        return _unused(path, error.strerror or str(error) or type(error).__name__, problems)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return _unused(path, "not valid JSON", problems)
    return _pruned(data, MAX_DEPTH) if isinstance(data, dict) else {}


def _unused(path: Path, reason: str, problems: list[Problem] | None) -> dict[str, Any]:
    if problems is not None:
        problems.append(Problem(str(path), f"{reason}: not read, the reader starts afresh"))
    return {}


_DROPPED = object()


def _pruned(value: Any, depth: int) -> Any:
    """`value` without the lists and objects nested more than `depth` deep."""
    if isinstance(value, dict | list):
        if depth == 0:
            return _DROPPED
        if isinstance(value, list):
            return [v for v in (_pruned(v, depth - 1) for v in value) if v is not _DROPPED]
        kept = ((k, _pruned(v, depth - 1)) for k, v in value.items())
        return {k: v for k, v in kept if v is not _DROPPED}
    return value


def load_all(folder: Path | None = None, problems: list[Problem] | None = None) -> dict[str, Any]:
    return read_json(_path(folder), problems)


def load_state(
    key: str, folder: Path | None = None, problems: list[Problem] | None = None
) -> dict[str, Any]:
    """The remembered state of one corpus ({} if none or unreadable: why goes to `problems`)."""
    data = load_all(folder, problems)
    corpora = data.get("corpora")
    entry = corpora.get(key) if isinstance(corpora, dict) else None
    return entry if isinstance(entry, dict) else {}


def save_state(key: str, entry: dict[str, Any], folder: Path | None = None) -> str | None:
    """Store one corpus's state (atomically, see write_json). Returns why it could not be
    stored (for a one-line notice), or None."""
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
    return write_json(path, data)


def write_json(path: Path, data: dict[str, Any]) -> str | None:
    """Write `data` to a temp file and rename it over `path`, so a crash never leaves a
    half-written file. Returns why it could not be written, or None."""
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


def settings_path(create: bool = False) -> Path:
    """Preferences for every corpus (the colour theme): `config_dir()/settings.json`."""
    from search_index.paths import config_dir

    return config_dir(create=create) / SETTINGS_FILE


def load_settings() -> dict[str, Any]:
    """The person's preferences ({} if none or unreadable)."""
    try:
        return read_json(settings_path())
    except OSError:
        return {}


def save_settings(changes: dict[str, Any]) -> str | None:
    """Store preferences (merged into the file's others); why it could not be, or None."""
    try:
        path = settings_path(create=True)
    except OSError as error:
        return f"{error.filename or 'the config folder'}: {error.strerror or error}"
    return write_json(path, {**read_json(path), **changes})
