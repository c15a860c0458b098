"""One corpus opened for use: its aliases, analyser, themes, search index and links.

Why one place: the reader and every command need the same pieces built the same way (the
index's fingerprint covers the analyser and the theme set), so that `xref index`, `xref search`,
`xref links` and the reader share one cache. Nothing else assembles the engine.

The index and the links are opened on request (`open_index`, `open_links`): `xref themes`
needs neither, `xref links` needs no index, and Whoosh and NumPy are imported only then.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .analysis import Analyzer
from .analysis.aliases import load_aliases_for
from .corpus import Corpus, Problem
from .themes import ThemeSet, load_themes_for

if TYPE_CHECKING:
    from .compare import WordDiff
    from .compare.drift import Drift
    from .index import IndexInfo
    from .links import CrossReferences
    from .links.alongside import LinksAlongside
    from .links.vocabulary import LoadedVocabulary, Vocabulary
    from .notes import NoteBook
    from .search import SearchIndex

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total), called from the thread that builds."""


@dataclass(slots=True)
class Session:
    """A corpus with everything built from it; open with `Session.open(corpus)`."""

    corpus: Corpus
    analyzer: Analyzer
    themes: ThemeSet
    alias_problems: list[Problem] = field(default_factory=list)
    """Bad rules in aliases.yaml (skipped; the others apply)."""
    index: SearchIndex | None = None
    index_info: IndexInfo | None = None
    links: CrossReferences | None = None
    notices: list[str] = field(default_factory=list)
    """One-line messages from opening the index and links: a damaged cache rebuilt, a cache
    kept in memory."""
    _notebook: NoteBook | None = None
    _similar: LoadedVocabulary | None = None
    _alongside: LinksAlongside | None = None

    @classmethod
    def open(cls, corpus: Corpus) -> Session:
        """The corpus's bundled and folder aliases, the analyser over them and its themes."""
        aliases = load_aliases_for(corpus)
        analyzer = Analyzer(aliases.table)
        themes = load_themes_for(corpus, analyzer)
        return cls(corpus, analyzer, themes, list(aliases.problems))

    def _similar_wording(self) -> LoadedVocabulary:
        """paraphrases.yaml, read when the links first need it (a search never does: it
        cost a one-off search 40 ms)."""
        if self._similar is None:
            from .links.vocabulary import load_vocabulary_for  # no NumPy: links/ loads lazily

            self._similar = load_vocabulary_for(self.corpus, self.analyzer)
        return self._similar

    @property
    def vocabulary(self) -> Vocabulary | None:
        """Similar wording for the links (paraphrases.yaml files)."""
        return self._similar_wording().vocabulary

    @property
    def vocabulary_problems(self) -> list[Problem]:
        """Bad rules in paraphrases.yaml (skipped; the others apply)."""
        return list(self._similar_wording().problems)

    @property
    def rule_problems(self) -> list[Problem]:
        """Problems of aliases.yaml, themes.yaml and paraphrases.yaml, aliases first."""
        return [*self.alias_problems, *self.themes.problems, *self.vocabulary_problems]

    def rule_warnings(self, *, similar_wording: bool = True) -> Iterator[str]:
        """The rule problems as one line each, naming the rule file kind: a broken rule
        silently changes what a search or a link finds, so every command says so. Without
        `similar_wording`, paraphrases.yaml is left out (and unread): it bears on links
        only, not on what a search finds."""
        for problem in self.alias_problems:
            yield f"aliases: {problem}"
        for problem in self.themes.problems:
            yield f"themes: {problem}"
        if similar_wording:
            for problem in self.vocabulary_problems:
                yield f"similar wording: {problem}"

    def open_index(
        self,
        *,
        rebuild: bool = False,
        progress: Progress | None = None,
        links_alongside: bool = False,
        min_passages: int | None = None,
    ) -> SearchIndex:
        """Open the cached index (built if missing, rebuilt if damaged or `rebuild`); its
        notices join `notices`. A second call replaces (and closes) the first index.

        `links_alongside`: when the index is built for a corpus of `min_passages` or more
        (default links.alongside.MIN_PASSAGES), the links are built meanwhile in a forked
        child from the same terms; `open_links` then waits for them. For a process that
        builds both, on a machine with two cores or more (`xref index`)."""
        from .index import open_index

        on_terms = None
        if links_alongside:
            from .links import alongside

            least = alongside.MIN_PASSAGES if min_passages is None else min_passages
            if alongside.can_fork(len(self.corpus), least):
                on_terms = self._start_links
        # The theme set itself goes in, not its tags: a warm start never tags a passage.
        try:
            index, info = open_index(
                self.corpus,
                self.analyzer,
                tags=self.themes,
                rebuild=rebuild,
                progress=progress,
                on_terms=on_terms,
            )
        except BaseException:
            if self._alongside is not None:
                self._alongside.stop()
                self._alongside = None
            raise
        if self.index is not None:
            self.index.close()
        self.index, self.index_info = index, info
        self.notices.extend(info.notices)
        return index

    def open_cached_index(self) -> bool:
        """Open the index if the cache holds it, sound, already; never build. True if opened.
        For the reader, while its child process still builds the links: search can start
        before they are done."""
        from .index import open_cached

        opened = open_cached(self.corpus, self.analyzer, self.themes)
        if opened is None:
            return False
        if self.index is not None:
            self.index.close()
        self.index, self.index_info = opened
        return True

    def _start_links(self, terms: list[list[str]]) -> None:
        from .links import alongside

        self._alongside = alongside.start(self.corpus, self.analyzer, self.vocabulary, terms)

    def open_links(self, *, progress: Progress | None = None) -> CrossReferences:
        """The links with their evidence, cached beside the index when there is one (those
        built alongside the index first waited for)."""
        from .links import open_links

        if self._alongside is not None:
            self._wait_for_links(progress)
        location = self.index_info.location if self.index_info is not None else None
        links = open_links(
            self.corpus,
            self.analyzer,
            self.themes,
            location=location,
            progress=progress,
            vocabulary=self.vocabulary,
        )
        self.links = links
        self.notices.extend(links.notices)
        return links

    def _wait_for_links(self, progress: Progress | None) -> None:
        """The child's links saved (or the one line saying why not: built here instead)."""
        import time

        from .analysis.cache import take

        child, self._alongside = self._alongside, None
        assert child is not None
        if progress is not None:
            progress("links", 0, 1)
        started = time.perf_counter()
        try:
            saved = child.wait(progress)  # the child's own stages, as it builds
        except BaseException:
            child.stop()
            raise
        if saved:
            take(self.corpus, self.analyzer.version)  # the terms kept for the links can go
            if self.index_info is not None and child.seconds is not None:
                self.index_info.timings["links"] = round(child.seconds, 4)
                self.index_info.timings["links_wait"] = round(time.perf_counter() - started, 4)
        else:
            self.notices.append(f"{child.problem}; the links were built after the index")
        self.notices.extend(child.notices)
        if progress is not None:
            progress("links", 1, 1)

    def is_built(self) -> bool:
        """Whether the index and the links of this corpus are both in the cache already (the
        links built with today's settings: similar meaning switched on or off rebuilds them)."""
        from .index import MARKER
        from .links import index_location, links_current

        folder = index_location(self.corpus, self.analyzer, self.themes)
        return (
            folder is not None
            and (folder / MARKER).is_file()
            and links_current(folder, self.corpus, self.analyzer, self.vocabulary)
        )

    def diff(self, left_id: str, right_id: str) -> WordDiff:
        """The word diff of two passages (left read as the earlier); KeyError naming the
        unknown passage id."""
        from .compare import diff_passages

        left, right = self.corpus.passage(left_id), self.corpus.passage(right_id)
        return diff_passages(left, right, self.analyzer)

    def drift(self, theme_id: str) -> Drift:
        """A theme's passages in date order, each diffed against the one before; KeyError
        if there is no such theme."""
        from .compare.drift import theme_drift

        return theme_drift(self, theme_id)

    def notebook(self) -> NoteBook:
        """The analyst's notes on this corpus (opened once, then kept)."""
        if self._notebook is None:
            from .notes import NoteBook

            self._notebook = NoteBook.open(self.corpus)
        return self._notebook

    def close(self) -> None:
        """Close the index's searchers (its files stay in the cache); a links child still
        running is stopped."""
        if self._alongside is not None:
            self._alongside.stop()
            self._alongside = None
        if self.index is not None:
            self.index.close()
            self.index = None
