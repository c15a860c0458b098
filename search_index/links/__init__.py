"""Automatic links between passages of different documents, with the evidence of each.

The flow: `build` compares passages (TF-IDF cosine) into a `table` (saved as links.npz),
`store` caches it beside the search index and opens it (`open_links`), `evidence` works out
what two linked passages share, `cross_references` puts the table and the evidence together
for commands and the reader, and `theme_suggestions` turns recurring shared wording into
candidate themes.
"""

from .build import (
    MAX_DF,
    MAX_LINKS,
    NEIGHBOUR_BOOST,
    THRESHOLD,
    TOP_K,
    Progress,
    build_links,
    corpus_terms,
    links_key,
)
from .cross_references import CrossReferences
from .evidence import LinkDetail, Shared, common_runs, link_detail, rare_filter, shared_wording
from .store import (
    KEEP_UNINDEXED,
    index_location,
    load_or_build_links,
    open_links,
    unindexed_location,
)
from .table import LINKS_FILE, Link, LinkTable
from .theme_suggestions import Suggestion, best_pairs, suggest_themes

__all__ = [
    "KEEP_UNINDEXED",
    "LINKS_FILE",
    "MAX_DF",
    "MAX_LINKS",
    "NEIGHBOUR_BOOST",
    "THRESHOLD",
    "TOP_K",
    "CrossReferences",
    "Link",
    "LinkDetail",
    "LinkTable",
    "Progress",
    "Shared",
    "Suggestion",
    "best_pairs",
    "build_links",
    "common_runs",
    "corpus_terms",
    "index_location",
    "link_detail",
    "links_key",
    "load_or_build_links",
    "open_links",
    "rare_filter",
    "shared_wording",
    "suggest_themes",
    "unindexed_location",
]
