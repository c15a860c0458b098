"""Cross-references: a corpus's link table with the evidence of each link, worked out on demand.

The one object commands and the reader use for links (`open_links` returns it): counts for
gutter markers cost nothing, and evidence is computed only for the links someone looks at.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from ..analysis import Analyzer
from ..corpus import Corpus
from .evidence import LinkDetail, link_detail
from .table import Link, LinkTable
from .translation_evidence import translation_detail

if TYPE_CHECKING:
    from ..themes import ThemeSet


class CrossReferences:
    """A corpus's link table with what evidence needs: the one object commands and the reader
    use. Evidence is worked out per link when asked and remembered."""

    def __init__(
        self,
        table: LinkTable,
        corpus: Corpus,
        analyzer: Analyzer,
        themes: ThemeSet | None = None,
        build_seconds: float | None = None,
    ) -> None:
        self.table = table
        self.corpus = corpus
        self.analyzer = analyzer
        self.themes = themes
        self.build_seconds = build_seconds
        """Seconds spent building the links, or None when they came from the cache."""
        self.notices: list[str] = []
        """One-line messages for the user: a damaged link cache rebuilt, links not saved."""
        self._details: dict[tuple[str, str], LinkDetail] = {}

    def __len__(self) -> int:
        return len(self.table)

    @property
    def tags(self) -> Mapping[str, Sequence[str]]:
        """Passage id -> theme ids, tagging only the passages looked up (a warm start that
        shows one link must not tag the whole corpus)."""
        if self.themes is None:
            return {}
        return self.themes.lazy_tags

    def detail(self, link: Link) -> LinkDetail:
        """The link with its evidence (computed once, then remembered)."""
        key = (link.source, link.target)
        found = self._details.get(key)
        if found is None:
            if link.kind == "translation":
                found = translation_detail(link, self.corpus, self.analyzer)
            else:
                found = link_detail(link, self.corpus, self.analyzer, self.table, self.tags)
            self._details[key] = found
        return found

    def count(self, passage_id: str) -> int:
        """How many links a passage has, without working out their evidence."""
        return self.table.count(passage_id)

    def counts(self, passage_ids: Iterable[str]) -> dict[str, int]:
        """How many links each passage has (e.g. a document's passages), read from the table
        in one step without working out any evidence; an unknown passage counts 0."""
        return self.table.counts(passage_ids)

    def links_of(self, passage_id: str, limit: int | None = None) -> list[LinkDetail]:
        """A passage's links with evidence, best first."""
        return [self.detail(link) for link in self.table.links_of(passage_id, limit)]

    def all_links(self) -> list[LinkDetail]:
        """Every link (both directions), by source in corpus order, best first."""
        return [self.detail(link) for link in self.table]
