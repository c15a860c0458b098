"""Theme suggestions (`xref themes --suggest`): wording that recurs in the links of a corpus,
grouped into candidate themes a user can paste into themes.yaml.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from .cross_references import CrossReferences
from .table import Link, LinkTable


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
    slug = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    if len(slug) > 40:
        slug = slug[:41].rsplit("-", 1)[0] if "-" in slug[:41] else slug[:40]
    return slug.strip("-") or "theme"


MAX_SUGGEST_PAIRS = 5000
"""Suggestions look at the strongest links only: evidence for every link of a large corpus
would take minutes, and weak links make poor themes anyway."""


def best_pairs(table: LinkTable, limit: int) -> list[Link]:
    """The strongest similarity links, each pair once, best first (a translation link's
    evidence is names and numbers in two languages: no theme)."""
    once = np.flatnonzero((table.src < table.dst) & (table.link_kinds == 0))
    order = once[np.argsort(-table.score[once], kind="stable")][:limit]
    ids = table.passage_ids
    return [
        Link(ids[int(table.src[i])], ids[int(table.dst[i])], float(table.score[i])) for i in order
    ]


CURATED_OVERLAP = 0.5
"""A suggestion whose passages overlap a curated theme's this much (Jaccard) repeats it."""
_WORD = re.compile(r"[^\W_][\w'’\-]*")
_OPEN, _CLOSE = "([{“‘", ")]}”’"


def whole_phrase(text: str, stop: Any) -> str:
    """`text` cut to a whole phrase: starting and ending on a content word (not a stop word),
    brackets balanced; "" if nothing of the kind is left."""
    pieces = [p for p in re.split(r"\s[–—-]\s|[;:]", text) if p.strip()]
    if len(pieces) > 1:  # a label is one clause: "... programs, – would violate multiple"
        text = max(pieces, key=lambda p: len(_WORD.findall(p)))
    words = list(_WORD.finditer(text))
    while words and words[0].group().casefold() in stop:
        words.pop(0)
    while words and words[-1].group().casefold() in stop:
        words.pop()
    if not words:
        return ""
    phrase = text[words[0].start() : words[-1].end()]
    depth = 0
    for ch in phrase:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth < 0:
                return ""
    if depth:
        phrase = re.split(r"[(\[{]", phrase)[0] if phrase[0] not in "([{" else ""
        return whole_phrase(phrase, stop) if phrase and phrase != text else ""
    return " ".join(phrase.split())


def _short(title: str, limit: int = 60) -> str:
    title = " ".join(title.split())
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def _describe(label: str, others: list[str], documents: list[str], titles: dict[str, str]) -> str:
    """What the passages share and which documents raise it."""
    shown = [_short(titles.get(d, d)) for d in documents[:3]]
    more = f" and {len(documents) - 3} more" if len(documents) > 3 else ""
    also = f" (also {', '.join(f'“{o}”' for o in others[:2])})" if others else ""
    return f"Passages that say “{label}”{also}, raised by {'; '.join(shown)}{more}."


def suggest_themes(xrefs: CrossReferences, limit: int = 20) -> list[Suggestion]:
    """Group the phrases that links share into candidate themes.

    A phrase (two or more terms in a row, in both passages of a link, not all names) counts
    once per link; phrases whose passages mostly coincide are merged, and each group is
    labelled by its most distinctive phrase (the rarest words), cut to a whole phrase. A
    group whose passages overlap a curated theme's by CURATED_OVERLAP or more is not
    suggested again. Only content passages have links, so titles, datelines and signatory
    lists never become themes."""
    from ..analysis import STOP_WORDS

    n = max(xrefs.table.passage_count, 1)
    df = xrefs.table.term_df
    names = xrefs.table.names
    corpus, analyzer = xrefs.corpus, xrefs.analyzer
    phrases: dict[tuple[str, ...], dict[str, Any]] = {}
    for link in best_pairs(xrefs.table, MAX_SUGGEST_PAIRS):
        detail = xrefs.detail(link)
        for shared in detail.shared:
            if shared.terms < 2 or shared.kind == "similar":
                continue
            text = whole_phrase(shared.text, STOP_WORDS)
            terms = tuple(analyzer.terms(text)) if text else ()
            content = [t for t in terms if not t.startswith("§") and t not in names]
            if len(content) < 2:
                continue  # "DPRK to take", "High Representative": names are no theme
            entry = phrases.setdefault(terms, {"text": text, "links": 0, "passages": set()})
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
    curated: list[frozenset[str]] = []
    if xrefs.themes is not None:
        for theme in xrefs.themes.themes:
            curated.append(frozenset(xrefs.themes.passages_of(theme.id)))
    order = {p.id: i for i, p in enumerate(corpus)}
    titles = {d.id: d.title for d in corpus.documents}
    out: list[Suggestion] = []
    used_ids: set[str] = set()
    for group in groups:
        members = frozenset(group["passages"])
        if any(len(members & c) / len(members | c) >= CURATED_OVERLAP for c in curated if c):
            continue
        _terms, best = max(group["phrases"], key=lambda te: (rarity(te[0]), te[1]["links"]))
        label = best["text"]
        base = _slug(label)
        theme_id, k = base, 2
        while theme_id in used_ids:
            theme_id, k = f"{base}-{k}", k + 1
        used_ids.add(theme_id)
        passages = sorted(group["passages"], key=lambda p: order.get(p, 0))
        documents = list(dict.fromkeys(p.rpartition(":")[0] for p in passages))
        match = []
        for _, entry in sorted(group["phrases"], key=lambda te: -rarity(te[0]))[:5]:
            if entry["text"] not in match:
                match.append(entry["text"])
        others = [m for m in match if m != label]
        description = _describe(label, others, documents, titles)
        out.append(Suggestion(theme_id, label, description, match, passages, documents))
    out.sort(key=lambda s: (-len(s.documents), -len(s.passages)))
    return out[:limit]
