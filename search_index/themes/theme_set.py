"""The themes that apply to a corpus, and each passage's tags, computed only when asked."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..analysis import Analyzer
from ..corpus import Corpus, Problem
from .model import Theme
from .tagging import CompiledThemes, compile_themes, passage_themes, tag_passages


@dataclass(slots=True)
class ThemeSet:
    """The themes that apply to a corpus, their problems, and (lazily) each passage's tags."""

    themes: list[Theme]
    problems: list[Problem]
    sources: list[Path] = field(default_factory=list)
    corpus: Corpus | None = None
    analyzer: Analyzer | None = None
    _tags: dict[str, list[str]] | None = None
    _one: dict[str, list[str]] = field(default_factory=dict)
    """Passages tagged one at a time (tags_of) before the whole corpus was."""
    _rules: CompiledThemes | None = None

    @property
    def version(self) -> str:
        """A digest of the theme definitions: changes when tags could change."""
        data = [(t.id, t.match, t.include, t.exclude) for t in self.themes]
        digest = hashlib.sha256(json.dumps(data).encode()).hexdigest()[:16]
        analyzer = self.analyzer.version if self.analyzer else ""
        return f"themes-1-{digest}-{analyzer}"

    @property
    def tags(self) -> dict[str, list[str]]:
        """Passage id -> theme ids (in theme order); only tagged passages appear.

        Computed on first use, so a warm start that never asks pays nothing."""
        if self._tags is None:
            self._tags = self.compute_tags()
        return self._tags

    @property
    def is_tagged(self) -> bool:
        """Whether every passage has been tagged (a warm start should not have needed to)."""
        return self._tags is not None

    @property
    def lazy_tags(self) -> Mapping[str, Sequence[str]]:
        """`tags` as a mapping that tags a passage only when it is looked up: link evidence
        needs two passages' tags, and tagging a large corpus for them took seconds."""
        return _LazyTags(self)

    def tags_of(self, passage_id: str) -> list[str]:
        """The themes of one passage (in theme order), tagging only that passage if the
        corpus has not been tagged; [] for an unknown passage."""
        if self._tags is not None:
            return self._tags.get(passage_id, [])
        found = self._one.get(passage_id)
        if found is None:
            if self.corpus is None or self.analyzer is None or not self.themes:
                return []
            try:
                passage = self.corpus.passage(passage_id)
            except KeyError:
                return []
            if self._rules is None:
                self._rules = compile_themes(self.analyzer, self.themes)
            found = passage_themes(passage, self.analyzer.terms(passage.text), self._rules)
            self._one[passage_id] = found
        return found

    def compute_tags(self, passage_terms: Sequence[Sequence[str]] | None = None) -> dict:
        """Tag every passage; `passage_terms` (query-mode terms in corpus order) saves
        re-analysing when the caller already has them."""
        if self.corpus is None or self.analyzer is None or not self.themes:
            self._tags = {}
            return self._tags
        self._tags = tag_passages(self.corpus, self.analyzer, self.themes, passage_terms)
        return self._tags

    def theme(self, theme_id: str) -> Theme:
        """The theme with this id; KeyError if there is none."""
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(theme_id)

    def passages_of(self, theme_id: str) -> list[str]:
        """Passage ids tagged with a theme, in corpus order."""
        return [pid for pid, ids in self.tags.items() if theme_id in ids]


class _LazyTags(Mapping):
    """ThemeSet.lazy_tags: lookups tag one passage; iterating tags them all."""

    def __init__(self, themes: ThemeSet) -> None:
        self._themes = themes

    def __getitem__(self, passage_id: str) -> list[str]:
        found = self._themes.tags_of(passage_id)
        if not found:
            raise KeyError(passage_id)  # as in `tags`, only tagged passages appear
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._themes.tags)

    def __len__(self) -> int:
        return len(self._themes.tags)
