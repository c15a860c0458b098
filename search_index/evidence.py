"""Why two passages are linked: the wording they share, as character spans in each, and kinds.

Computed on demand for the links a user looks at (two passages: microseconds), so the link
cache stays small and a warm start does nothing. Runs are compared on query-mode terms, so
"North Korea" in one passage pairs with "DPRK" in the other and "non-proliferation" with
"nonproliferation".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .analysis import Analyzer, Token
from .corpus import Corpus
from .links import Link, LinkTable

VERBATIM_RUN = 5
"""A run of this many shared terms (stop words not counted) makes a link 'verbatim'."""
RARE_SHARE = 0.3
"""A single shared word is evidence only if it is an alias or in at most this share of passages."""


@dataclass(frozen=True, slots=True)
class Shared:
    """One run of wording both passages use."""

    text: str
    """The wording as it is in the source passage: source.text[source_span[0]:source_span[1]]."""
    source_span: tuple[int, int]
    target_text: str
    """The wording as it is in the target passage (may differ: 'North Korea' / 'DPRK')."""
    target_span: tuple[int, int]
    terms: int
    """How many terms the run has."""


@dataclass(frozen=True, slots=True)
class LinkDetail:
    """A link with its evidence: what `xref links` prints and the reader highlights."""

    source: str
    target: str
    score: float
    kinds: tuple[str, ...]
    themes: tuple[str, ...]
    shared: tuple[Shared, ...]

    def to_json(self, with_source: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {"source": self.source} if with_source else {}
        data.update(
            {
                "target": self.target,
                "score": round(self.score, 4),
                "kinds": list(self.kinds),
                "themes": list(self.themes),
                "shared": [
                    {
                        "text": s.text,
                        "source_span": list(s.source_span),
                        "target_span": list(s.target_span),
                        "target_text": s.target_text,
                    }
                    for s in self.shared
                ],
            }
        )
        return data


def common_runs(
    a: Sequence[str], b: Sequence[str], keep_single: Any = None
) -> list[tuple[int, int, int]]:
    """Longest common runs of two term sequences, greedy longest first, non-overlapping.

    Returns (start in a, start in b, length) in the order of a. A run of one term is kept only
    if `keep_single(term)` says so (rare words and aliases are evidence, common ones noise)."""
    positions: dict[str, list[int]] = {}
    for j, term in enumerate(b):
        positions.setdefault(term, []).append(j)
    runs: list[tuple[int, int, int]] = []
    na, nb = len(a), len(b)
    for i, term in enumerate(a):
        for j in positions.get(term, ()):
            if i and j and a[i - 1] == b[j - 1]:
                continue  # not the start of a maximal run
            length = 1
            while i + length < na and j + length < nb and a[i + length] == b[j + length]:
                length += 1
            runs.append((length, i, j))
    runs.sort(key=lambda r: (-r[0], r[1], r[2]))
    used_a = [False] * na
    used_b = [False] * nb
    chosen: list[tuple[int, int, int]] = []
    for length, i, j in runs:
        # Trim the run to the part not already taken (a shorter run may still be worth it).
        start, end = 0, length
        while start < end and (used_a[i + start] or used_b[j + start]):
            start += 1
        while end > start and (used_a[i + end - 1] or used_b[j + end - 1]):
            end -= 1
        if end <= start or any(used_a[i + start : i + end]) or any(used_b[j + start : j + end]):
            continue
        size = end - start
        if size == 1 and keep_single is not None and not keep_single(a[i + start]):
            continue
        for k in range(start, end):
            used_a[i + k] = used_b[j + k] = True
        chosen.append((i + start, j + start, size))
    chosen.sort()
    return chosen


def shared_wording(
    source_text: str,
    target_text: str,
    analyzer: Analyzer,
    keep_single: Any = None,
) -> list[Shared]:
    """The runs two texts share, with character spans into each."""
    ta: list[Token] = analyzer.tokens(source_text, mode="query")
    tb: list[Token] = analyzer.tokens(target_text, mode="query")
    out = []
    for i, j, size in common_runs([t.term for t in ta], [t.term for t in tb], keep_single):
        s0, s1 = ta[i].start, ta[i + size - 1].end
        t0, t1 = tb[j].start, tb[j + size - 1].end
        out.append(Shared(source_text[s0:s1], (s0, s1), target_text[t0:t1], (t0, t1), size))
    return out


def rare_filter(table: LinkTable | None) -> Any:
    """keep_single for a corpus: aliases, and words in few passages (not bare numbers)."""
    n = table.passage_count if table is not None else 0
    df = table.term_df if table is not None else {}
    limit = max(2, RARE_SHARE * n)

    def keep(term: str) -> bool:
        if term.startswith("§"):
            return True
        if term.isdigit():
            return False
        return df.get(term, 0) <= limit

    return keep


def link_detail(
    link: Link,
    corpus: Corpus,
    analyzer: Analyzer,
    table: LinkTable | None = None,
    tags: Mapping[str, Sequence[str]] | None = None,
) -> LinkDetail:
    """A link with the wording and themes its two passages share."""
    source = corpus.passage(link.source)
    target = corpus.passage(link.target)
    shared = shared_wording(source.text, target.text, analyzer, rare_filter(table))
    tags = tags or {}
    target_tags = set(tags.get(link.target, ()))
    themes = tuple(t for t in tags.get(link.source, ()) if t in target_tags)
    kinds = []
    if any(s.terms >= VERBATIM_RUN for s in shared):
        kinds.append("verbatim")
    elif link.score > 0:
        kinds.append("paraphrase")
    if themes:
        kinds.append("theme")
    return LinkDetail(link.source, link.target, link.score, tuple(kinds), themes, tuple(shared))


class CrossReferences:
    """A corpus's link table with what evidence needs: the one object commands and the reader
    use. Evidence is worked out per link when asked and remembered."""

    def __init__(
        self,
        table: LinkTable,
        corpus: Corpus,
        analyzer: Analyzer,
        themes: Any = None,
        build_seconds: float | None = None,
    ) -> None:
        self.table = table
        self.corpus = corpus
        self.analyzer = analyzer
        self.themes = themes
        self.build_seconds = build_seconds
        """Seconds spent building the links, or None when they came from the cache."""
        self._details: dict[tuple[str, str], LinkDetail] = {}

    def __len__(self) -> int:
        return len(self.table)

    @property
    def tags(self) -> Mapping[str, Sequence[str]]:
        return self.themes.tags if self.themes is not None else {}

    def detail(self, link: Link) -> LinkDetail:
        key = (link.source, link.target)
        found = self._details.get(key)
        if found is None:
            found = link_detail(link, self.corpus, self.analyzer, self.table, self.tags)
            self._details[key] = found
        return found

    def links_of(self, passage_id: str, limit: int | None = None) -> list[LinkDetail]:
        """A passage's links with evidence, best first."""
        return [self.detail(link) for link in self.table.links_of(passage_id, limit)]

    def all_links(self) -> list[LinkDetail]:
        """Every link (both directions), by source in corpus order, best first."""
        return [self.detail(link) for link in self.table]
