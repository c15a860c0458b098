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
    """The strongest links, each pair once, best first."""
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
