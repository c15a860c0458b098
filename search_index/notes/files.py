"""Writing the user's own files (notes, reports) so a crash never leaves half of one.

A temporary file beside the target, flushed to disk, then renamed over it: a reader of the
target sees the old file or the new one, never a mixture.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def atomic_write_text(path: Path, text: str, *, replace: bool = True, private: bool = True) -> None:
    """Write `text` (UTF-8) to `path` atomically; with replace=False, FileExistsError if
    something is already there (checked again at the last moment: os.link refuses to replace).
    `private` (notes) keeps mkstemp's 0600; otherwise (a report to share) the file gets the
    mode any file the user saves gets (0666 less the umask)."""
    folder = path.parent
    # The name cut: a 250-character target is a valid name, with 20 more it would not be.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:64]}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            if not private:
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(tmp, 0o666 & ~umask)
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)  # FileExistsError if the path appeared meanwhile
            os.unlink(tmp)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
