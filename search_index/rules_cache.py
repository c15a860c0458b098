"""Rule files parsed once: what parsing a file's text gave, kept in the private cache.

Every command reads the bundled aliases.yaml, and parsing it meant importing PyYAML and
running its parser: about a tenth of a one-off `xref search`. The result is kept under a
digest of the text and of the code that parses it, one cache file per rule file, and used
only when both match; a damaged or foreign cache file is parsed again, never trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any


def _digest(kind: str, text: str, code: Sequence[ModuleType]) -> str:
    h = hashlib.sha256(kind.encode() + b"\x00")
    for module in (*code, sys.modules[__name__]):
        name = getattr(module, "__file__", None)
        if not name:
            raise FileNotFoundError(f"no source file for {module.__name__}")
        h.update(Path(name).read_bytes())
    h.update(b"\x00" + text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def remembered(
    kind: str, source: str, text: str, code: Sequence[ModuleType], parse: Callable[[], Any]
) -> Any:
    """parse()'s result (JSON data) for this text of the rule file `source`, taken from the
    cache when an earlier run parsed the same text with the same `code` (the modules whose
    source decides the result); written there otherwise."""
    from .paths import cache_folder, foreign_file

    try:
        digest = _digest(kind, text, code)
        name = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()[:24]
        file = cache_folder("rules") / f"{kind}-{name}.json"
    except OSError:
        return parse()
    try:
        if foreign_file(file) is None:
            data = json.loads(file.read_bytes())
            if isinstance(data, dict) and data.get("digest") == digest and "value" in data:
                return data["value"]
    except (OSError, ValueError):
        pass
    value = parse()
    _write(file, {"digest": digest, "value": value})
    return value


def _write(file: Path, data: dict[str, Any]) -> None:
    import tempfile

    try:
        line = json.dumps(data, ensure_ascii=True).encode("ascii")
        fd, tmp = tempfile.mkstemp(prefix=f".{file.stem}-", dir=file.parent)
    except (OSError, TypeError, ValueError):
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(line)
        os.replace(tmp, file)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
