"""Where xref-reader keeps its files: private per-user cache, state and config folders.

The index holds pickles, so it lives only in the user's own cache folder (mode 0700), never
beside the documents. Environment variables override the folders for tests and scripts.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

APP_NAME = "xref-reader"


def _private_dir(env: str, default: str, create: bool = True) -> Path:
    """The folder the variable `env` names, else platformdirs' `default` (user_cache_dir,
    ...): imported only then, as a search with the variables set need not pay for it."""
    given = os.environ.get(env)
    if not given:
        import platformdirs

        given = getattr(platformdirs, default)(APP_NAME)
    path = Path(given).expanduser()
    if create:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def cache_dir() -> Path:
    """The per-user cache folder (XREF_CACHE_DIR overrides), created private."""
    return _private_dir("XREF_CACHE_DIR", "user_cache_dir")


def state_dir(create: bool = True) -> Path:
    """Where the reader remembers open documents and positions (XREF_STATE_DIR overrides).

    Reading needs no folder (create=False), so an unusable home never stops the reader."""
    return _private_dir("XREF_STATE_DIR", "user_state_dir", create)


def data_dir(create: bool = True) -> Path:
    """Where the user's own work lives (imported documents, notes): XREF_DATA_DIR overrides.

    Unlike the cache, losing it loses work, so nothing here is ever rebuilt or deleted."""
    return _private_dir("XREF_DATA_DIR", "user_data_dir", create)


def library_dir(create: bool = False) -> Path:
    """Where `xref import` puts documents by default: `library/` in the data folder. The
    reader and every command read it beside the bundled statements when it exists."""
    folder = data_dir(create) / "library"
    if create:
        folder.mkdir(exist_ok=True, mode=0o700)
    return folder


def config_dir(create: bool = False) -> Path:
    """Where users put keys.yaml (XREF_CONFIG_DIR overrides); only read, so not created."""
    return _private_dir("XREF_CONFIG_DIR", "user_config_dir", create)


class UnsafeCache(OSError):
    """A cache folder someone else could write to: an index there could run their code."""


def ensure_private(folder: Path) -> None:
    """Refuse a folder another user owns or can write to, and make our own 0700.

    The index holds pickles, which run code when loaded: whoever can write into the folder
    could plant one. mkdir(mode=0o700) does nothing for a folder that already exists."""
    info = folder.stat()
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafeCache(f"{folder} is not a folder")
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        raise UnsafeCache(f"{folder} belongs to another user")
    if info.st_mode & 0o077:
        try:
            os.chmod(folder, 0o700)
        except OSError as error:
            raise UnsafeCache(
                f"{folder} is open to other users and cannot be made private"
            ) from error


def private_folder(folder: Path) -> Path:
    """`folder` made 0700 if missing, then checked by ensure_private: a folder made with
    mkdir(parents=True) gets 0755 and an existing one is whoever made it."""
    folder.mkdir(mode=0o700, exist_ok=True)
    ensure_private(folder)
    return folder


def cache_folder(*names: str) -> Path:
    """`<cache>/<names...>`, every level made and checked by private_folder: the one rule for
    the index, the links and the documents cache (UnsafeCache or OSError if unusable)."""
    folder = cache_dir()
    ensure_private(folder)
    for name in names:
        folder = private_folder(folder / name)
    return folder


def foreign_file(path: Path) -> str | None:
    """Why a cached file must not be read, or None: it is read only if it is a regular file
    (not a link), ours, and not writable by everyone; else someone could have planted it.
    Group write is allowed: Debian and Ubuntu give each user a group of their own and umask
    002, so the files Whoosh writes are 0664, and the folders they are in are 0700 anyway."""
    try:
        info = path.lstat()
    except OSError:
        return f"the file {path.name} is missing"
    if not stat.S_ISREG(info.st_mode):
        return f"the file {path.name} is not a regular file"
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        return f"the file {path.name} belongs to another user"
    if info.st_mode & 0o002:
        return f"the file {path.name} can be written by other users"
    return None
