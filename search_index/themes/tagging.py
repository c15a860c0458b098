"""Tagging passages with themes: a theme's rules, analysed like queries, matched against a
passage's query-mode terms (a word is a term, several words a phrase in sequence)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..analysis import Analyzer
from ..corpus import Corpus, Passage
from .model import Theme

CompiledThemes = list[tuple[Theme, list[tuple[str, ...]]]]
"""Each theme with its match rules as term sequences."""


def _compile_rules(analyzer: Analyzer, rules: Iterable[str]) -> list[tuple[str, ...]]:
    compiled = []
    for rule in rules:
        terms = tuple(analyzer.terms(rule))
        if terms:
            compiled.append(terms)
    return compiled


def _contains(terms: Sequence[str], present: set[str], phrase: tuple[str, ...]) -> bool:
    if len(phrase) == 1:
        return phrase[0] in present
    if not all(t in present for t in phrase):
        return False
    first, size = phrase[0], len(phrase)
    for i in range(len(terms) - size + 1):
        if terms[i] == first and tuple(terms[i : i + size]) == phrase:
            return True
    return False


def compile_themes(analyzer: Analyzer, themes: Sequence[Theme]) -> CompiledThemes:
    """Each theme's rules analysed once, for tagging many passages."""
    return [(theme, _compile_rules(analyzer, theme.match)) for theme in themes]


def passage_themes(passage: Passage, terms: Sequence[str], compiled: CompiledThemes) -> list[str]:
    """Ids of the themes that tag one passage, given its query-mode terms."""
    present = set(terms)
    found = []
    for theme, rules in compiled:
        if passage.id in theme.exclude:
            continue
        if passage.id in theme.include or any(_contains(terms, present, r) for r in rules):
            found.append(theme.id)
    return found


def tag_passages(
    corpus: Corpus,
    analyzer: Analyzer,
    themes: Sequence[Theme],
    passage_terms: Sequence[Sequence[str]] | None = None,
) -> dict[str, list[str]]:
    """Passage id -> ids of the themes whose rules match it (or that include it explicitly)."""
    compiled = compile_themes(analyzer, themes)
    tags: dict[str, list[str]] = {}
    for index, passage in enumerate(corpus):
        terms = passage_terms[index] if passage_terms is not None else analyzer.terms(passage.text)
        found = passage_themes(passage, terms, compiled)
        if found:
            tags[passage.id] = found
    return tags
