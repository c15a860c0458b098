"""Why two passages are linked: the wording they share, as character spans in each, and kinds.

Computed on demand for the links a user looks at (two passages: microseconds), so the link
cache stays small and a warm start does nothing. Runs are compared on query-mode terms, so
"North Korea" in one passage pairs with "DPRK" in the other and "non-proliferation" with
"nonproliferation".
Each run also says whether it is an alias match (different words for one name) or shared
wording, so the reader can highlight them differently.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..analysis import Analyzer, Token
from ..corpus import Corpus
from .table import Link, LinkTable

VERBATIM_RUN = 5
"""A run of this many shared terms (stop words not counted) makes a link 'verbatim'."""
MAX_EVIDENCE_CHARS = 100_000
"""Evidence looks at this much of each passage: a 10 MB one-paragraph file stays instant."""
RUN_BUDGET = 300_000
"""Comparisons spent looking for runs before settling for the ones found (repetitive text)."""
KeepSingle = Callable[[str], bool]
"""Whether a run of one term is evidence (rare words and aliases are, common ones noise)."""

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
    alias: bool = False
    """An alias match: the two passages use different words for it and those words are an
    alias name ("North Korea" / "DPRK"). Different forms of one word ("attack" / "attacking")
    are shared wording, not an alias match."""


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
    a: Sequence[str],
    b: Sequence[str],
    keep_single: KeepSingle | None = None,
    budget: int = RUN_BUDGET,
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


def _normalised(text: str) -> str:
    """Text compared for "the same words": case, curly apostrophes and spacing ignored."""
    return " ".join(text.casefold().replace("’", "'").split())


def _has_alias(analyzer: Analyzer, text: str) -> bool:
    return any(token.kind == "alias" for token in analyzer.tokens(text, mode="query"))


def is_alias_match(source_words: str, target_words: str, analyzer: Analyzer) -> bool:
    """Whether a run pairs different words that are an alias name (see `Shared.alias`)."""
    return _normalised(source_words) != _normalised(target_words) and (
        _has_alias(analyzer, source_words) or _has_alias(analyzer, target_words)
    )


def shared_wording(
    source_text: str,
    target_text: str,
    analyzer: Analyzer,
    keep_single: KeepSingle | None = None,
) -> list[Shared]:
    """The runs two texts share, with character spans into each."""
    ta: list[Token] = analyzer.tokens(source_text[:MAX_EVIDENCE_CHARS], mode="query")
    tb: list[Token] = analyzer.tokens(target_text[:MAX_EVIDENCE_CHARS], mode="query")
    out = []
    for i, j, size in common_runs([t.term for t in ta], [t.term for t in tb], keep_single):
        s0, s1 = ta[i].start, ta[i + size - 1].end
        t0, t1 = tb[j].start, tb[j + size - 1].end
        words, target_words = source_text[s0:s1], target_text[t0:t1]
        alias = is_alias_match(words, target_words, analyzer)
        out.append(Shared(words, (s0, s1), target_words, (t0, t1), size, alias))
    return out


def rare_filter(table: LinkTable | None) -> KeepSingle:
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
