"""Automatic links between passages of different documents, with the evidence of each.

The flow: `kinds` tells content passages from headings, datelines, signatory lists and
notices; `build` compares content passages (TF-IDF cosine, names weighing less, similar
wording from `vocabulary` at a lower weight) into a `table` (saved as links.npz), `store`
caches it beside the search index and opens it (`open_links`), `evidence` works out what two
linked passages share (with `sentences`: the best sentence pair of long paragraphs),
`cross_references` puts the table and the evidence together for commands and the reader, and
`theme_suggestions` turns recurring shared wording into candidate themes.

The names below are loaded on first use, so the session can read the vocabulary
(`links.vocabulary`) without importing NumPy.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {
    "MAX_DF": "build",
    "MAX_LINKS": "build",
    "NEIGHBOUR_BOOST": "build",
    "STRONG_SCORE": "build",
    "THRESHOLD": "build",
    "TOP_K": "build",
    "Progress": "build",
    "build_links": "build",
    "corpus_terms": "build",
    "links_key": "build",
    "CrossReferences": "cross_references",
    "LinkDetail": "evidence",
    "Shared": "evidence",
    "common_runs": "evidence",
    "link_detail": "evidence",
    "rare_filter": "evidence",
    "shared_wording": "evidence",
    "KINDS": "kinds",
    "passage_kinds": "kinds",
    "SentencePair": "sentences",
    "KEEP_UNINDEXED": "store",
    "index_location": "store",
    "links_current": "store",
    "load_or_build_links": "store",
    "open_links": "store",
    "unindexed_location": "store",
    "LINKS_FILE": "table",
    "Link": "table",
    "LinkTable": "table",
    "Suggestion": "theme_suggestions",
    "best_pairs": "theme_suggestions",
    "suggest_themes": "theme_suggestions",
    "PARAPHRASES_FILE": "vocabulary",
    "Vocabulary": "vocabulary",
    "load_vocabulary_for": "vocabulary",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
