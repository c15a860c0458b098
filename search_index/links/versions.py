"""Translation links in the link build: a Korean document and its English version, paragraph
by paragraph, with the anchors both write (names, numbers, dates) as evidence.

Which documents are versions of one text, by a rule measured on tests/data/korean (36
Korean x English pairs: the 3 true versions and 33 others, one of them the joint statement
issued the same day as a Korean release on the same meeting):

- one is written in Korean (more Hangul than Latin letters) and the other in English (more
  Latin letters, language `en`);
- when both have a full date, they are at most DATE_DAYS apart (the English release of a
  Seoul statement is often dated the day before);
- the names their content paragraphs write (alias groups, which cross languages) overlap by
  at least NAME_OVERLAP (Jaccard; versions: 0.8, the others at most 0.5): a cheap first
  look, read from the terms the link build has already, so that the anchors are computed
  only for likely pairs;
- their content paragraphs share at least MIN_SHARED_ANCHORS anchors (translation.anchors),
  not all of them bare numbers, and the Jaccard overlap of the two documents' anchor sets is
  at least VERSION_OVERLAP (versions: 0.67 to 0.74; the others at most 0.42, the same-day
  joint statement 0.33).

Two such documents are aligned (translation.align: anchors and paragraph order) and each
content paragraph of either gets a "translation" link to its best counterpart in the other
(aligned_pairs says when a pair is too thin); the link's evidence is the anchors they share,
as written on each side. Translation links are added after the per-passage cap of the
similarity links (selection.py), so none is dropped for a weaker link: a passage has its
best counterpart in each version, and the paragraphs whose best counterpart it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date

import numpy as np

from ..analysis import ALIAS_PREFIX, Analyzer
from ..corpus import Corpus, Document, Passage
from . import translation

NAME_OVERLAP = 0.6
"""Jaccard overlap of two documents' names (alias terms) below which they are not versions,
without computing their anchors: versions measured 0.8, other pairs 0.0 to 0.5 (the same-day
joint statement 0.47). One undated Korean document beside 100,000 generated English
passages (DPRK, ROK, EU in most): 1 s; at 0.4, 259 documents passed and it took 5 s."""
VERSION_OVERLAP = 0.5
"""Jaccard overlap of two documents' anchor sets at or above which they are versions."""
MIN_SHARED_ANCHORS = 3
"""Anchors two versions share at least (two one-line texts that both say '2' are not)."""
DATE_DAYS = 1
"""Days two dated versions are apart at most."""
SCRIPT_SAMPLE = 4000
"""Characters of a document read to tell its script (Hangul or Latin letters)."""
PARAMETERS = (NAME_OVERLAP, VERSION_OVERLAP, MIN_SHARED_ANCHORS, DATE_DAYS, SCRIPT_SAMPLE)
"""What the translation links depend on besides the texts (part of the link cache key)."""

_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
_LATIN = re.compile(r"[A-Za-z]")


def script(document: Document) -> str | None:
    """'ko' for a document mostly in Hangul, 'en' for one in Latin letters declared English,
    None otherwise (no translation links for it)."""
    sample, size = [], 0
    for passage in document.passages:
        sample.append(passage.text)
        size += len(passage.text)
        if size >= SCRIPT_SAMPLE:
            break
    text = "\n".join(sample)[:SCRIPT_SAMPLE]
    english = (document.language or "en").lower().startswith("en")
    if not _HANGUL.search(text):  # Latin letters are counted only beside Hangul: 4,000
        return "en" if english and _LATIN.search(text) else None  # documents in 0.1 s, not 3
    hangul, latin = len(_HANGUL.findall(text)), len(_LATIN.findall(text))
    if hangul > latin:
        return "ko"
    return "en" if english and latin > hangul else None


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


def dates_agree(a: Document, b: Document) -> bool:
    """Whether two documents may be versions by their dates: within DATE_DAYS when both
    have a full date; a missing or partial date decides nothing."""
    da, db = _day(a.date), _day(b.date)
    return da is None or db is None or abs((da - db).days) <= DATE_DAYS


def overlap(ko_keys: set[str], en_keys: set[str]) -> float:
    """The Jaccard overlap of two documents' anchor keys, 0 when they share too few (fewer
    than MIN_SHARED_ANCHORS, or only bare numbers)."""
    both = ko_keys & en_keys
    if len(both) < MIN_SHARED_ANCHORS or all(k.isdigit() for k in both):
        return 0.0
    return len(both) / len(ko_keys | en_keys)


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


class _Anchors:
    """Names and anchor keys of each document's content paragraphs, computed once and only
    when asked."""

    def __init__(
        self,
        analyzer: Analyzer,
        content: Callable[[Document], list[Passage]],
        terms: Callable[[Passage], Sequence[str]],
    ) -> None:
        self.analyzer = analyzer
        self.content = content
        self.terms = terms
        self._keys: dict[str, set[str]] = {}
        self._names: dict[str, set[str]] = {}

    def names(self, document: Document) -> set[str]:
        found = self._names.get(document.id)
        if found is None:
            every = set().union(*map(self.terms, self.content(document)))  # in C: 100,000
            found = {t for t in every if t[:1] == ALIAS_PREFIX}  # passages in 1 s, not 3
            self._names[document.id] = found
        return found

    def keys(self, document: Document) -> set[str]:
        found = self._keys.get(document.id)
        if found is None:
            found = {
                a.key
                for p in self.content(document)
                for a in translation.anchors(p.text, self.analyzer)
            }
            self._keys[document.id] = found
        return found


def version_pairs(
    corpus: Corpus,
    analyzer: Analyzer,
    content: Callable[[Document], list[Passage]],
    terms: Callable[[Passage], Sequence[str]] | None = None,
) -> list[tuple[Document, Document, float]]:
    """(Korean document, English document, overlap) for every pair that are versions of one
    text by the rule of this module's docstring. `content(document)`: its content
    paragraphs; `terms(passage)`: its query-mode terms (default: analysed here). Costs a
    glance at each document in a corpus without a Korean one."""
    sides: dict[str, list[Document]] = {"ko": [], "en": []}
    for document in corpus.documents:
        side = script(document)
        if side is not None:
            sides[side].append(document)
    if not sides["ko"] or not sides["en"]:
        return []
    anchors = _Anchors(analyzer, content, terms or (lambda p: analyzer.terms(p.text)))
    out = []
    for ko in sides["ko"]:
        for en in sides["en"]:
            if not dates_agree(ko, en):
                continue
            if _jaccard(anchors.names(ko), anchors.names(en)) < NAME_OVERLAP:
                continue
            share = overlap(anchors.keys(ko), anchors.keys(en))
            if share >= VERSION_OVERLAP:
                out.append((ko, en, share))
    return out


def aligned_pairs(
    ko: Sequence[Passage], en: Sequence[Passage], analyzer: Analyzer
) -> list[translation.Candidate]:
    """The translation links of two versions: each paragraph's best counterpart, both ways
    (a pair found from both sides is listed once). A pair each finds from the other needs one
    shared anchor; a pair found from one side only needs MIN_SHARED_ANCHORS: a Korean
    paragraph the English leaves out would otherwise link to the one that also names its
    minister (measured: the strategic dialogue's fourth paragraph)."""
    found = translation.align(ko, en, analyzer)
    best = [translation.best_matches(found, side) for side in ("ko", "en")]
    out: dict[tuple[str, str], translation.Candidate] = {}
    for candidate in [*best[0].values(), *best[1].values()]:
        mutual = best[0][candidate.ko] is best[1][candidate.en]
        if len(candidate.anchors) >= (1 if mutual else MIN_SHARED_ANCHORS):
            out.setdefault((candidate.ko, candidate.en), candidate)
    return list(out.values())


def translation_links(
    corpus: Corpus,
    analyzer: Analyzer,
    kinds: Sequence[str],
    passage_terms: Sequence[Sequence[str]] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(src, dst, score) of every translation link, both directions, as rows of the corpus's
    passages (corpus order); `kinds`: each passage's kind (kinds.py): only content passages
    are aligned; `passage_terms`: each passage's query-mode terms, if at hand."""
    first: dict[str, int] = {}  # the row of each document's first passage
    row = 0
    for document in corpus.documents:
        first[document.id] = row
        row += len(document.passages)

    def content(document: Document) -> list[Passage]:
        start = first[document.id]
        return [p for i, p in enumerate(document.passages) if kinds[start + i] == "content"]

    def terms(passage: Passage) -> Sequence[str]:
        if passage_terms is None:
            return analyzer.terms(passage.text)
        return passage_terms[first[passage.document_id] + passage.number - 1]

    src: list[int] = []
    dst: list[int] = []
    score: list[float] = []
    for ko, en, _share in version_pairs(corpus, analyzer, content, terms):
        for candidate in aligned_pairs(content(ko), content(en), analyzer):
            a, b = corpus.passage(candidate.ko), corpus.passage(candidate.en)
            a_row = first[a.document_id] + a.number - 1
            b_row = first[b.document_id] + b.number - 1
            src += [a_row, b_row]
            dst += [b_row, a_row]
            score += [candidate.score, candidate.score]
    return (
        np.asarray(src, dtype=np.int64),
        np.asarray(dst, dtype=np.int64),
        np.asarray(score, dtype=np.float32),
    )


def shared_anchors(
    ko_text: str, en_text: str, analyzer: Analyzer
) -> list[translation.SharedAnchor]:
    """The anchors two paragraphs share, in the order of the Korean text: each key once, at
    its first place on each side (what translation.align scores them on)."""
    ko_first: dict[str, translation.Anchor] = {}
    en_first: dict[str, translation.Anchor] = {}
    for found, text in ((ko_first, ko_text), (en_first, en_text)):
        for anchor in translation.anchors(text, analyzer):
            found.setdefault(anchor.key, anchor)
    return [
        translation.SharedAnchor(a.kind, key, (a.start, a.end), (b.start, b.end))
        for key, a in sorted(ko_first.items(), key=lambda item: (item[1].start, item[0]))
        if (b := en_first.get(key)) is not None
    ]


def merge(
    similar: tuple[np.ndarray, np.ndarray, np.ndarray],
    translated: tuple[np.ndarray, np.ndarray, np.ndarray],
    n: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Similarity links and translation links in one list (src, dst, score, kind code): a
    pair that is both is one translation link, at the better of its two scores."""
    s_src, s_dst, s_score = (np.asarray(x) for x in similar)
    t_src, t_dst, t_score = (np.asarray(x) for x in translated)
    if len(t_src) == 0:
        return s_src, s_dst, s_score, np.zeros(len(s_src), np.uint8)
    s_keys = s_src.astype(np.int64) * n + s_dst
    t_keys = t_src.astype(np.int64) * n + t_dst
    both = np.isin(s_keys, t_keys)
    if both.any():
        best = dict(zip(s_keys[both].tolist(), s_score[both].tolist(), strict=True))
        t_score = np.asarray(
            [
                max(v, best.get(k, 0.0))
                for k, v in zip(t_keys.tolist(), t_score.tolist(), strict=True)
            ],
            dtype=np.float32,
        )
    keep = ~both
    return (
        np.concatenate([s_src[keep], t_src]),
        np.concatenate([s_dst[keep], t_dst]),
        np.concatenate([s_score[keep], t_score]).astype(np.float32),
        np.concatenate([np.zeros(int(keep.sum()), np.uint8), np.ones(len(t_src), np.uint8)]),
    )
