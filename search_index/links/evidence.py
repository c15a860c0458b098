"""Why two passages are linked: the wording they share, as character spans in each, and kinds.

Computed on demand for the links a user looks at (two passages: microseconds), so the link
cache stays small and a warm start does nothing. Runs are compared on query-mode terms, so
"North Korea" in one passage pairs with "DPRK" in the other and "non-proliferation" with
"nonproliferation".
Each run also says whether it is an alias match (different words for one name) or shared
wording, so the reader can highlight them differently.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..analysis import Analyzer, Token
from ..analysis.korean import KoreanStemmer, snap_span
from ..corpus import Corpus
from .build import ALIGNED_SCORE, NAME_WEIGHT, RARE_SHARE, SIMILAR_WEIGHT, STRONG_SCORE
from .meaning import MEANING_STRONG_SCORE
from .sentences import SentencePair, best_sentence_pair
from .shared import Shared
from .similar_evidence import similar_wording
from .table import Link, LinkTable

VERBATIM_RUN = 5
"""A run of this many shared terms (stop words not counted) makes a link 'verbatim'."""
MAX_EVIDENCE_CHARS = 100_000
"""Evidence looks at this much of each passage: a 10 MB one-paragraph file stays instant."""
RUN_BUDGET = 300_000
"""Comparisons spent looking for runs before settling for the ones found (repetitive text)."""
KeepSingle = Callable[[str], bool]
"""Whether a run of one term is evidence (rare words and aliases are, common ones noise)."""


@dataclass(frozen=True, slots=True)
class LinkDetail:
    """A link with its evidence: what `xref links` prints and the reader highlights."""

    source: str
    target: str
    score: float
    kinds: tuple[str, ...]
    themes: tuple[str, ...]
    shared: tuple[Shared, ...]
    strength: str = "related"
    """'strong' (score >= STRONG_SCORE) or 'related': scores mean the same for every passage."""
    sentences: SentencePair | None = None
    """For long paragraphs: the sentence of each that matches best."""
    reasons: tuple[str, ...] = ()
    """Named reasons beside the wording (a passage between two aligned ones, similar
    meaning)."""
    meaning: float | None = None
    """The embedding cosine blended into the score (meaning.py), or None: not blended."""

    @property
    def similar(self) -> tuple[Shared, ...]:
        """The similar-wording items of the evidence."""
        return tuple(s for s in self.shared if s.kind == "similar")

    def to_json(self, with_source: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {"source": self.source} if with_source else {}
        data.update(
            {
                "target": self.target,
                "score": round(self.score, 4),
                "strength": self.strength,
                "kinds": list(self.kinds),
                "themes": list(self.themes),
                "shared": [
                    {
                        "text": s.text,
                        "source_span": list(s.source_span),
                        "target_span": list(s.target_span),
                        "target_text": s.target_text,
                        "kind": s.kind,
                        **({"group": s.group} if s.group else {}),
                    }
                    for s in self.shared
                ],
                "sentences": self.sentences.to_json() if self.sentences else None,
                "reasons": list(self.reasons),
                "meaning": None if self.meaning is None else round(self.meaning, 4),
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
    names: frozenset[str] | set[str] = frozenset(),
    similar: Mapping[tuple[str, ...], Sequence[str]] | None = None,
    *,
    tokens: tuple[Sequence[Token], Sequence[Token]] | None = None,
) -> list[Shared]:
    """The runs two texts share, with character spans into each, then their similar wording.

    A run made only of names (`names`: countries, people, "Korean Peninsula") is no evidence
    and left out; each item is listed once (the same words, or the same pair of words, again
    later in the passages add nothing). `similar`: near-synonym term sequences -> groups; a
    group both passages use in different words is one 'similar' item."""
    if tokens is None:
        ta = analyzer.tokens(source_text[:MAX_EVIDENCE_CHARS], mode="query")
        tb = analyzer.tokens(target_text[:MAX_EVIDENCE_CHARS], mode="query")
    else:
        ta, tb = tokens
    a_terms, b_terms = [t.term for t in ta], [t.term for t in tb]
    out: list[Shared] = []
    seen: set[tuple[str, str]] = set()
    used_a, used_b = [False] * len(ta), [False] * len(tb)
    for i, j, size in common_runs(a_terms, b_terms, keep_single):
        if names and all(term in names for term in a_terms[i : i + size]):
            continue
        s0, s1 = ta[i].start, ta[i + size - 1].end
        t0, t1 = tb[j].start, tb[j + size - 1].end
        words, target_words = source_text[s0:s1], target_text[t0:t1]
        key = (_normalised(words), _normalised(target_words))
        if key in seen:
            continue
        seen.add(key)
        for k in range(size):
            used_a[i + k] = used_b[j + k] = True
        alias = is_alias_match(words, target_words, analyzer)
        kind = "alias" if alias else "shared"
        out.append(Shared(words, (s0, s1), target_words, (t0, t1), size, alias, kind))
    if similar:
        out.extend(similar_wording(source_text, target_text, ta, tb, used_a, used_b, similar))
    return at_word_edges(out, source_text, target_text, analyzer.korean)


def at_word_edges(
    items: Iterable[Shared], source_text: str, target_text: str, stemmer: KoreanStemmer
) -> list[Shared]:
    """The items with their spans at Korean word edges (korean.snap_span: a highlight shows
    대통령령, never 령령), each once: an item that now overlaps an earlier one on either side
    (two runs inside one compound word) adds nothing and is left out, and so does a particle
    alone (를 of 같다)를)."""
    out: list[Shared] = []
    seen: set[tuple[str, str]] = set()
    taken: list[tuple[int, int, int, int, bool]] = []  # spans, and whether they were snapped
    for item in items:
        s0, s1 = snap_span(source_text, *item.source_span, stemmer)
        t0, t1 = snap_span(target_text, *item.target_span, stemmer)
        snapped = (s0, s1) != item.source_span or (t0, t1) != item.target_span
        if s0 == s1 or t0 == t1:
            continue  # a particle alone: grammar, not shared wording
        if snapped:
            item = replace(
                item,
                text=source_text[s0:s1],
                source_span=(s0, s1),
                target_text=target_text[t0:t1],
                target_span=(t0, t1),
            )
        key = (_normalised(item.text), _normalised(item.target_text))
        if key in seen or any(
            (snapped or other) and ((s0 < b1 and b0 < s1) or (t0 < d1 and d0 < t1))
            for b0, b1, d0, d1, other in taken
        ):
            continue
        seen.add(key)
        taken.append((s0, s1, t0, t1, snapped))
        out.append(item)
    return out


def rare_filter(table: LinkTable | None) -> KeepSingle:
    """keep_single for a corpus: claim words (the vocabulary's single words) and words in
    few passages, never names or bare numbers (the build keeps a link only if its evidence
    has something by this same rule)."""
    n = table.passage_count if table is not None else 0
    df = table.term_df if table is not None else {}
    names = table.names if table is not None else frozenset()
    claim = {t[0] for t in table.similar if len(t) == 1} if table is not None else set()
    limit = RARE_SHARE * n

    def keep(term: str) -> bool:
        if term in names or term.isdigit():
            return False
        if term.startswith("§") or term in claim:
            return True
        return df.get(term, 0) <= limit

    return keep


def term_weights(table: LinkTable | None, terms: Sequence[str]) -> dict[str, float]:
    """The weight of each term for the sentence pair: its rarity, names at NAME_WEIGHT."""
    n = table.passage_count if table is not None else 0
    df = table.term_df if table is not None else {}
    names = table.names if table is not None else frozenset()
    out = {}
    for term in terms:
        w = math.log((n + 1) / (df.get(term, 0) + 1)) + 1.0
        out[term] = w * NAME_WEIGHT if term in names else w
    return out


def link_detail(
    link: Link,
    corpus: Corpus,
    analyzer: Analyzer,
    table: LinkTable | None = None,
    tags: Mapping[str, Sequence[str]] | None = None,
) -> LinkDetail:
    """A link with the wording and themes its two passages share, its strength, its best
    sentence pair (long paragraphs) and any named reason."""
    source = corpus.passage(link.source)
    target = corpus.passage(link.target)
    ta = analyzer.tokens(source.text[:MAX_EVIDENCE_CHARS], mode="query")
    tb = analyzer.tokens(target.text[:MAX_EVIDENCE_CHARS], mode="query")
    names = table.names if table is not None else frozenset()
    similar = table.similar if table is not None else {}
    shared = shared_wording(
        source.text, target.text, analyzer, rare_filter(table), names, similar, tokens=(ta, tb)
    )
    if not shared:  # no run, rare word or similar wording: the words the score came from
        common = _common_words(source.text, target.text, ta, tb, table)
        shared = at_word_edges(common, source.text, target.text, analyzer.korean)
    tags = {} if tags is None else tags  # not `or`: a lazy mapping's len() tags everything
    target_tags = set(tags.get(link.target, ()))
    themes = tuple(t for t in tags.get(link.source, ()) if t in target_tags)
    kinds = []
    if any(s.terms >= VERBATIM_RUN and s.kind != "similar" for s in shared):
        kinds.append("verbatim")
    elif link.score > 0:
        kinds.append("paraphrase")
    if themes:
        kinds.append("theme")
    weights = term_weights(table, [t.term for t in ta] + [t.term for t in tb])
    sentences = best_sentence_pair(
        source.text[:MAX_EVIDENCE_CHARS],
        target.text[:MAX_EVIDENCE_CHARS],
        analyzer,
        weights,
        similar,
        SIMILAR_WEIGHT,
        ta,
        tb,
    )
    reasons: tuple[str, ...] = ()
    if not shared and table is not None and _between_aligned(link, table):
        reasons = ("between two strong links in order: versions of one text",)
    meaning = table.meaning_of(link.source, link.target) if table is not None else None
    if meaning is not None:  # ranked by meaning too: say so beside the wording
        reasons = (*reasons, f"similar meaning {meaning:.2f}")
    blended = table is not None and table.meaning is not None
    strong_score = MEANING_STRONG_SCORE if blended else STRONG_SCORE
    strength = "strong" if link.score >= strong_score else "related"
    return LinkDetail(
        link.source,
        link.target,
        link.score,
        tuple(kinds),
        themes,
        tuple(shared),
        strength,
        sentences,
        reasons,
        meaning,
    )


COMMON_WORDS = 3
"""Shared words shown for a link that has nothing rarer to show: its most distinctive ones."""


def _common_words(
    source_text: str,
    target_text: str,
    ta: Sequence[Token],
    tb: Sequence[Token],
    table: LinkTable | None,
) -> list[Shared]:
    """The link's rarest shared single words (not names, not numbers), each once: what its
    score came from when the passages share no run, rare word or similar wording."""
    names = table.names if table is not None else frozenset()
    df = table.term_df if table is not None else {}
    first_b: dict[str, Token] = {}
    for token in tb:
        first_b.setdefault(token.term, token)
    found: dict[str, tuple[Token, Token]] = {}
    for token in ta:
        term = token.term
        if term in found or term in names or term.isdigit() or term not in first_b:
            continue
        found[term] = (token, first_b[term])
    best = sorted(found, key=lambda t: (df.get(t, 0), t))[:COMMON_WORDS]
    out = []
    for term in sorted(best, key=lambda t: found[t][0].start):
        a, b = found[term]
        words, target_words = source_text[a.start : a.end], target_text[b.start : b.end]
        out.append(Shared(words, (a.start, a.end), target_words, (b.start, b.end), 1))
    return out


def _between_aligned(link: Link, table: LinkTable) -> bool:
    """Whether the passages before and after the two are strong links of each other."""

    def neighbour(pid: str, step: int) -> str:
        doc, _, number = pid.rpartition(":")
        return f"{doc}:{int(number) + step}" if number.isdigit() else ""

    for step in (-1, 1):
        a, b = neighbour(link.source, step), neighbour(link.target, step)
        if not any(x.target == b and x.score >= ALIGNED_SCORE for x in table.links_of(a)):
            return False
    return True
