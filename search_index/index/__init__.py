"""The cached search index: fingerprinted, built atomically, reused, rebuilt when damaged.

- fingerprint: the digest of everything the index depends on (its cache folder's name)
- rows: what is indexed for each passage
- store: the cache folder (leftovers, pruning, the completion marker, moving into place)
- open: open_index, which reuses a sound index or builds one; open_cached, which only reuses
"""

from typing import Any

from .fingerprint import Tags, fingerprint
from .open import IndexInfo, Progress, open_cached, open_index
from .store import KEEP_INDEXES, MARKER, index_root


def __getattr__(name: str) -> Any:
    """passage_rows on first use: it imports the index writer, which opening never needs."""
    if name == "passage_rows":
        from .rows import passage_rows

        return passage_rows
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "KEEP_INDEXES",
    "MARKER",
    "IndexInfo",
    "Progress",
    "Tags",
    "fingerprint",
    "index_root",
    "open_cached",
    "open_index",
    "passage_rows",
]
