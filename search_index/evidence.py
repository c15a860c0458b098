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
MAX_EVIDENCE_CHARS = 100_000
"""Evidence looks at this much of each passage: a 10 MB one-paragraph file stays instant."""
RUN_BUDGET = 300_000
"""Comparisons spent looking for runs before settling for the ones found (repetitive text)."""
RARE_SHARE = 0.02
"""A single shared word is evidence only if it is an alias or in at most this share of passages.

So in a corpus under 100 passages only aliases count alone: there any word two passages share
is in "few" passages ("states" = "State", "attack" = "attacking" in the bundled statements),
and it says nothing about why they are linked. Runs of two or more terms always count."""


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
    a: Sequence[str], b: Sequence[str], keep_single: Any = None, budget: int = RUN_BUDGET
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
        if budget <= 0:
            break
        for j in positions.get(term, ()):
            budget -= 1
            if i and j and a[i - 1] == b[j - 1]:
                continue  # not the start of a maximal run
            length = 1
            while i + length < na and j + length < nb and a[i + length] == b[j + length]:
                length += 1
            budget -= length
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
    ta: list[Token] = analyzer.tokens(source_text[:MAX_EVIDENCE_CHARS], mode="query")
    tb: list[Token] = analyzer.tokens(target_text[:MAX_EVIDENCE_CHARS], mode="query")
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
    limit = RARE_SHARE * n

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
    tags = {} if tags is None else tags  # not `or`: a lazy mapping's len() tags everything
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
        lazy = getattr(self.themes, "lazy_tags", None)
        return lazy if lazy is not None else self.themes.tags

    def detail(self, link: Link) -> LinkDetail:
        key = (link.source, link.target)
        found = self._details.get(key)
        if found is None:
            found = link_detail(link, self.corpus, self.analyzer, self.table, self.tags)
            self._details[key] = found
        return found

    def count(self, passage_id: str) -> int:
        """How many links a passage has, without working out their evidence."""
        return self.table.count(passage_id)

    def links_of(self, passage_id: str, limit: int | None = None) -> list[LinkDetail]:
        """A passage's links with evidence, best first."""
        return [self.detail(link) for link in self.table.links_of(passage_id, limit)]

    def all_links(self) -> list[LinkDetail]:
        """Every link (both directions), by source in corpus order, best first."""
        return [self.detail(link) for link in self.table]


@dataclass(slots=True)
class Suggestion:
    """A candidate theme: wording that recurs in links across documents."""

    id: str
    label: str
    description: str
    match: list[str]
    passages: list[str]
    documents: list[str]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "description": self.description,
            "match": list(self.match),
            "passages": list(self.passages),
            "documents": list(self.documents),
        }


def _slug(text: str) -> str:
    import re

    slug = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    if len(slug) > 40:
        slug = slug[:41].rsplit("-", 1)[0] if "-" in slug[:41] else slug[:40]
    return slug.strip("-") or "theme"


MAX_SUGGEST_PAIRS = 5000
"""Suggestions look at the strongest links only: evidence for every link of a large corpus
would take minutes, and weak links make poor themes anyway."""


def best_pairs(table: LinkTable, limit: int) -> list[Link]:
    """The strongest links, each pair once, best first."""
    import numpy as np

    once = np.flatnonzero(table.src < table.dst)
    order = once[np.argsort(-table.score[once], kind="stable")][:limit]
    ids = table.passage_ids
    return [
        Link(ids[int(table.src[i])], ids[int(table.dst[i])], float(table.score[i])) for i in order
    ]


def suggest_themes(xrefs: CrossReferences, limit: int = 20) -> list[Suggestion]:
    """Group the phrases that links share into candidate themes.

    A phrase (two or more terms in a row, in both passages of a link) counts once per link;
    phrases whose passages mostly coincide are merged, and each group is labelled by its most
    distinctive phrase (the rarest words). Passages already tagged by one curated theme with
    exactly the same passages are not suggested again."""
    import math

    n = max(xrefs.table.passage_count, 1)
    df = xrefs.table.term_df
    corpus, analyzer = xrefs.corpus, xrefs.analyzer
    phrases: dict[tuple[str, ...], dict[str, Any]] = {}
    for link in best_pairs(xrefs.table, MAX_SUGGEST_PAIRS):
        detail = xrefs.detail(link)
        for shared in detail.shared:
            if shared.terms < 2:
                continue
            terms = tuple(analyzer.terms(shared.text))
            if sum(not t.startswith("§") for t in terms) < 2:
                continue  # "DPRK to take": a name and a common word is no theme
            entry = phrases.setdefault(terms, {"text": shared.text, "links": 0, "passages": set()})
            entry["links"] += 1
            entry["passages"].update((link.source, link.target))
    if not phrases:
        return []

    def rarity(terms: tuple[str, ...]) -> float:
        return sum(math.log((n + 1) / (df.get(t, 1) + 1)) + 1 for t in terms)

    ranked = sorted(
        phrases.items(),
        key=lambda kv: (-len(kv[1]["passages"]), -kv[1]["links"], -rarity(kv[0]), kv[0]),
    )
    groups: list[dict[str, Any]] = []
    for terms, entry in ranked:
        passages = entry["passages"]
        for group in groups:
            overlap = len(passages & group["passages"]) / len(passages | group["passages"])
            if overlap >= 0.5:
                group["phrases"].append((terms, entry))
                group["passages"] |= passages
                break
        else:
            groups.append({"phrases": [(terms, entry)], "passages": set(passages)})
    curated = set()
    if xrefs.themes is not None:
        for theme in xrefs.themes.themes:
            curated.add(frozenset(xrefs.themes.passages_of(theme.id)))
    order = {p.id: i for i, p in enumerate(corpus)}
    out: list[Suggestion] = []
    used_ids: set[str] = set()
    for group in groups:
        if frozenset(group["passages"]) in curated:
            continue
        _terms, best = max(group["phrases"], key=lambda te: (rarity(te[0]), te[1]["links"]))
        label = " ".join(best["text"].split())
        base = _slug(label)
        theme_id, k = base, 2
        while theme_id in used_ids:
            theme_id, k = f"{base}-{k}", k + 1
        used_ids.add(theme_id)
        passages = sorted(group["passages"], key=lambda p: order.get(p, 0))
        documents = list(dict.fromkeys(p.rpartition(":")[0] for p in passages))
        links = sum(e["links"] for _, e in group["phrases"])
        match = []
        for _, entry in sorted(group["phrases"], key=lambda te: -rarity(te[0]))[:5]:
            text = " ".join(entry["text"].split())
            if text not in match:
                match.append(text)
        out.append(
            Suggestion(
                theme_id,
                label,
                f"Suggested: shared wording in {links} link{'s' * (links != 1)} across "
                f"{len(documents)} documents",
                match,
                passages,
                documents,
            )
        )
    out.sort(key=lambda s: (-len(s.documents), -len(s.passages)))
    return out[:limit]
