"""Translation links: which paragraph of a Korean document says what a paragraph of its English
version says. Pure functions; versions.py decides which documents are versions of one text
and makes the link build's translation links from them.

A Korean release and its English version share few words, but they share anchors: the names
of things (an alias group crosses languages: 북한 / North Korea, 보렐 / Borrell), numbers and
dates written either way (27개 회원국 / 27 EU member states, 1.23(화) / Tuesday, January 23),
a few words every translation keeps (미사일 / missile, 인권 / human rights) and, when the two
run in parallel, the order of their paragraphs. Each pair of paragraphs is scored on the
anchors it shares, weighted by how rare each anchor is in the two documents, plus how close
the two paragraphs sit in their documents; every shared anchor keeps its span in both texts,
so the reader can highlight the aligned terms in both panes.

    candidates = align(ko_passages, en_passages, analyzer)
    best = best_matches(candidates, "ko")   # {ko passage id: Candidate}
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from ..analysis import ALIAS_PREFIX, Analyzer
from ..analysis.dates import KOREAN_WEEKDAYS, MONTH_PATTERN, MONTHS, WEEKDAYS

ORDER_WEIGHT_PARALLEL = 0.35
"""Share of a score given to paragraph order when the two documents have about as many
paragraphs (they run in parallel); measured by tests/bench/translation_links.py."""
ORDER_WEIGHT = 0.1
"""The same when they do not (a summary, an excerpt): order says little then."""

_NUMBER_WORDS = {
    w: i
    for i, group in enumerate(
        [
            (),
            ("one", "first", "once"),
            ("two", "second", "twice"),
            ("three", "third"),
            ("four", "fourth"),
            ("five", "fifth"),
            ("six", "sixth"),
            ("seven", "seventh"),
            ("eight", "eighth"),
            ("nine", "ninth"),
            ("ten", "tenth"),
        ]
    )
    for w in group
}
_KOREAN_ORDINALS = {"첫": 1, "두": 2, "세": 3, "네": 4, "다섯": 5}
_GLOSSARY: dict[str, tuple[str, ...]] = {
    "nuclear": ("핵",),
    "missile": ("미사일",),
    "cyber": ("사이버",),
    "briefing": ("브리핑",),
    "hacking": ("해킹",),
    "human-rights": ("인권", "human rights"),
    "sanctions": ("제재", "sanction", "sanctions"),
    "partnership": ("파트너십", "partnership"),
    "strategic-dialogue": ("전략대화", "strategic dialogue"),
    "summit": ("정상회담", "summit"),
    "munitions": ("무기", "munitions", "arms", "weapons"),
    "troops": ("파병", "북한군", "troops"),
    "maritime": ("해양안보", "maritime security"),
    "defense-industry": ("방산", "defense industry", "defence industry"),
    "headquarters": ("본부", "headquarters"),
    "deputy-secretary-general": ("사무차장", "deputy secretary general"),
    "managing-director": ("아태실장", "managing director"),
    "special-representative": ("한반도평화교섭본부장", "special representative"),
    "non-proliferation": ("비확산", "nonproliferation", "non-proliferation"),
    "principal-enemy": ("주적", "principal enemy"),
}
"""Words a translation keeps, in both languages (a key, then its written forms); a form of
Latin letters is matched as whole words, case folded."""
_COMPOUNDS: dict[str, tuple[str, ...]] = {
    "러북": ("§russia", "§dprk"),
    "북러": ("§russia", "§dprk"),
    "북·러": ("§russia", "§dprk"),
    "러·북": ("§russia", "§dprk"),
    "북핵": ("§dprk", "nuclear"),
    "한미": ("§rok", "§usa"),
}
"""Korean abbreviations that name two things at once (러북: Russia and North Korea)."""
_GLOSSARY_FORMS = sorted(
    ((form, key) for key, forms in _GLOSSARY.items() for form in forms),
    key=lambda item: -len(item[0]),
)
"""Longest forms first: 한반도평화교섭본부장 is one anchor, not 본부 (headquarters) inside it."""

_EN_DATE = re.compile(
    r"\b(?P<month>" + MONTH_PATTERN + r")\.?\s+(?P<day>\d{1,2})\b",
    re.IGNORECASE,
)
_EN_MONTH = re.compile(
    r"\b(?P<month>" + "|".join(n for n in MONTHS if len(n) > 3) + r")\b", re.IGNORECASE
)
_EN_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
_KO_DATE = re.compile(r"(?P<month>\d{1,2})월\s*(?P<day>\d{1,2})일")
_KO_DOTTED = re.compile(
    r"(?<![\d.])(?P<month>\d{1,2})\.\s?(?P<day>\d{1,2})\.?\s?\((?P<wd>["
    + "".join(KOREAN_WEEKDAYS)
    + r"])\)"
)
_KO_MONTH = re.compile(r"(?P<month>\d{1,2})월(?!\s*\d{1,2}일)")
_KO_ORDINAL = re.compile(r"(" + "|".join(_KOREAN_ORDINALS) + r")\s?번째")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_LIST_MARK = re.compile(r"^\s*\d{1,2}\.\s")
_WORD = re.compile(r"[A-Za-z]+")


class _Passage(Protocol):
    id: str
    text: str


@dataclass(frozen=True, slots=True)
class Anchor:
    """Something a paragraph names that its translation names too: kind ('alias', 'date',
    'number', 'weekday', 'word'), a key written the same in both languages, and its span."""

    kind: str
    key: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SharedAnchor:
    """An anchor both paragraphs have, with where it is written in each."""

    kind: str
    key: str
    ko_span: tuple[int, int]
    en_span: tuple[int, int]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A Korean paragraph, an English paragraph that may translate it, and why."""

    ko: str
    en: str
    score: float
    anchors: tuple[SharedAnchor, ...]


def _free(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return all(end <= a or start >= b for a, b in taken)


def anchors(text: str, analyzer: Analyzer) -> list[Anchor]:
    """The anchors of one paragraph, in either language, in the order they are written."""
    out: list[Anchor] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, key: str, start: int, end: int) -> None:
        out.append(Anchor(kind, key, start, end))
        taken.append((start, end))

    for pattern in (_EN_DATE, _KO_DATE, _KO_DOTTED):
        for m in pattern.finditer(text):
            month = m.group("month")
            number = MONTHS.get(month.lower().rstrip(".")) if month.isalpha() else int(month)
            if number and 1 <= number <= 12 and 1 <= int(m.group("day")) <= 31:
                add("date", f"{number:02d}-{int(m.group('day')):02d}", m.start(), m.end())
                if "wd" in pattern.groupindex and m.group("wd"):
                    add("weekday", f"wd{KOREAN_WEEKDAYS[m.group('wd')]}", *m.span("wd"))
    for pattern in (_EN_MONTH, _KO_MONTH):
        for m in pattern.finditer(text):
            if _free(taken, m.start(), m.end()):
                month = m.group("month")
                number = MONTHS.get(month.lower()) if month.isalpha() else int(month)
                if number and 1 <= number <= 12:
                    add("date", f"{number:02d}", m.start(), m.end())
    for m in _EN_WEEKDAY.finditer(text):
        add("weekday", f"wd{WEEKDAYS[m.group(1).lower()]}", m.start(), m.end())
    for token in analyzer.tokens(text, "index"):
        if token.kind == "alias" and _free(taken, token.start, token.end):
            add("alias", token.term, token.start, token.end)
    mark = _LIST_MARK.match(text)
    for m in _NUMBER.finditer(text):
        if (mark is None or m.start() >= mark.end()) and _free(taken, m.start(), m.end()):
            add("number", m.group().replace(",", ""), m.start(), m.end())
    for m in _WORD.finditer(text):
        value = _NUMBER_WORDS.get(m.group().lower())
        if value is not None and _free(taken, m.start(), m.end()):
            add("number", str(value), m.start(), m.end())
    for m in _KO_ORDINAL.finditer(text):
        add("number", str(_KOREAN_ORDINALS[m.group(1)]), m.start(), m.end())
    folded = text.casefold()
    for form, key in _GLOSSARY_FORMS:
        for m in _form_pattern(form).finditer(folded):
            if _free(taken, m.start(), m.end()):
                add("word", key, m.start(), m.end())
    for form, keys in _COMPOUNDS.items():
        for m in re.finditer(re.escape(form), text):
            for key in keys:
                kind = "alias" if key.startswith(ALIAS_PREFIX) else "word"
                out.append(Anchor(kind, key, m.start(), m.end()))
    out.sort(key=lambda a: (a.start, a.end, a.key))
    return out


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _form_pattern(form: str) -> re.Pattern[str]:
    found = _PATTERNS.get(form)
    if found is None:
        if form.isascii():
            body = r"\s+".join(re.escape(w) for w in form.split())
            found = re.compile(rf"(?<![a-z]){body}(?![a-z])")
        else:
            found = re.compile(re.escape(form))
        _PATTERNS[form] = found
    return found


def _weights(keysets: Iterable[set[str]]) -> dict[str, float]:
    """How telling each key is: rare in the two documents weighs more (idf)."""
    sets = list(keysets)
    df: dict[str, int] = {}
    for keys in sets:
        for key in keys:
            df[key] = df.get(key, 0) + 1
    n = len(sets)
    return {key: math.log((n + 1) / (count + 0.5)) for key, count in df.items()}


def _first(found: list[Anchor], key: str) -> Anchor:
    return next(a for a in found if a.key == key)


def align(ko: Sequence[_Passage], en: Sequence[_Passage], analyzer: Analyzer) -> list[Candidate]:
    """Every pair (Korean paragraph, English paragraph) that may be a translation, best first:
    the anchors they share (cosine over idf weights) and how close they sit in order."""
    ko_anchors = [anchors(p.text, analyzer) for p in ko]
    en_anchors = [anchors(p.text, analyzer) for p in en]
    ko_keys = [{a.key for a in found} for found in ko_anchors]
    en_keys = [{a.key for a in found} for found in en_anchors]
    weight = _weights([*ko_keys, *en_keys])
    parallel = len(ko) > 1 and len(en) > 1 and abs(len(ko) - len(en)) <= max(1, len(en) // 5)
    order_weight = ORDER_WEIGHT_PARALLEL if parallel else ORDER_WEIGHT
    norms_ko = [math.sqrt(sum(weight[k] ** 2 for k in keys)) for keys in ko_keys]
    norms_en = [math.sqrt(sum(weight[k] ** 2 for k in keys)) for keys in en_keys]
    out: list[Candidate] = []
    for i, passage in enumerate(ko):
        for j, other in enumerate(en):
            shared = ko_keys[i] & en_keys[j]
            sim = 0.0
            if shared and norms_ko[i] and norms_en[j]:
                sim = sum(weight[k] ** 2 for k in shared) / (norms_ko[i] * norms_en[j])
            order = 1.0 - abs(_place(i, len(ko)) - _place(j, len(en)))
            score = (1 - order_weight) * sim + order_weight * order
            found = tuple(
                SharedAnchor(
                    a.kind,
                    key,
                    (a.start, a.end),
                    (b.start, b.end),
                )
                for key in sorted(shared, key=lambda k: _first(ko_anchors[i], k).start)
                for a, b in [(_first(ko_anchors[i], key), _first(en_anchors[j], key))]
            )
            out.append(Candidate(passage.id, other.id, round(score, 4), found))
    out.sort(key=lambda c: (-c.score, c.ko, c.en))
    return out


def _place(i: int, n: int) -> float:
    """Where a paragraph sits in its document, 0 (first) to 1 (last)."""
    return i / (n - 1) if n > 1 else 0.5


def best_matches(candidates: Iterable[Candidate], side: str = "ko") -> dict[str, Candidate]:
    """The best candidate for each paragraph of one side ('ko' or 'en')."""
    best: dict[str, Candidate] = {}
    for candidate in candidates:
        key = candidate.ko if side == "ko" else candidate.en
        if key not in best or candidate.score > best[key].score:
            best[key] = candidate
    return best
