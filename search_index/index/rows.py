"""What is indexed: one writer Row per passage, with its document's fields and theme tags."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ..corpus import Corpus
from ..whoosh.schema import document_date
from ..whoosh.writer import Row
from .fingerprint import Tags, is_theme_set


def _tag_map(tags: Tags | None) -> Mapping[str, Sequence[str]] | None:
    if tags is None:
        return None
    return tags.tags if is_theme_set(tags) else tags


def resolve_tags(tags: Tags | None, timings: dict[str, float]) -> Any:
    """Theme tags as a mapping; tagging a ThemeSet's passages is its own 'themes' stage."""
    if not is_theme_set(tags):
        return tags
    started = time.perf_counter()
    resolved = _tag_map(tags)
    timings["themes"] = round(time.perf_counter() - started, 4)
    return resolved


def passage_rows(corpus: Corpus, tags: Tags | None) -> Iterator[Row]:
    """The rows to index for a corpus, in corpus order (documents, then their passages)."""
    tags = _tag_map(tags)
    for document in corpus.documents:
        date = document_date(document.date)
        for passage in document.passages:
            yield Row(
                pid=passage.id,
                doc=document.id,
                title=document.title,
                issuer=document.issuer,
                date=date,
                lang=document.language.lower(),
                themes=tuple(tags.get(passage.id, ())) if tags else (),
                text=passage.text,
            )
