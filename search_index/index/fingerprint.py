"""The index's fingerprint: a digest of everything it depends on, naming its cache folder.

Document bytes, aliases (through the analyser's version), theme tags, and the schema and
analysis versions: any change means a new index in a new folder, never a stale one reused.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from ..analysis import Analyzer
from ..corpus import Corpus
from ..whoosh.schema import SCHEMA_VERSION

Tags = Mapping[str, Sequence[str]] | Any
"""Theme tags: a mapping passage id -> theme ids, or a themes.ThemeSet (tags computed only
when the index is built; its `version` stands in for them in the fingerprint)."""


def is_theme_set(tags: Any) -> bool:
    """Whether `tags` is a ThemeSet (tagged lazily) rather than a mapping of tags."""
    return hasattr(tags, "version") and hasattr(tags, "themes") and not isinstance(tags, Mapping)


def _tags_digest(tags: Tags | None) -> str:
    if is_theme_set(tags):
        return f"set:{tags.version}"
    if not tags:
        return "-"
    items = sorted((str(k), sorted(str(t) for t in v)) for k, v in tags.items())
    return hashlib.sha256(json.dumps(items, ensure_ascii=False).encode()).hexdigest()


def fingerprint(corpus: Corpus, analyzer: Analyzer, tags: Tags | None = None) -> str:
    """A digest of everything the index depends on; any change means a new index."""
    h = hashlib.sha256()
    h.update(f"schema={SCHEMA_VERSION}\nanalysis={analyzer.version}\n".encode())
    h.update(f"tags={_tags_digest(tags)}\n".encode())
    h.update(f"documents={corpus.digest}\n".encode())  # kept by the document cache
    return h.hexdigest()[:32]
