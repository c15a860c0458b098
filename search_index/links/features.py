"""What the link build compares beyond words: which terms are names, and similar wording.

Names (countries, people, "Korean Peninsula", "Security Council") are what statements on one
subject all share, so they say little about whether two passages make the same claim; they
weigh less in a passage's vector and none in a link's score, and a run of names alone is no
evidence. A term is a name when nearly all its occurrences in content passages are capitalised
words that do not start a sentence, or when it is an alias group whose names are all
capitalised (DPRK / North Korea; not WMD / weapons of mass destruction).

Similar wording (vocabulary.py) becomes one feature per near-synonym group, counted from the
unigram and adjacent-pair features the build already has, in one sparse product.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..analysis import ALIAS_PREFIX, Analyzer
from .kinds import CONTENT, TextFeatures

NAME_SHARE = 0.85
"""Share of a term's occurrences (in content passages) written as a mid-sentence capitalised
word at or above which the term is a name: nearly always ("Security" of "Security Council"
is also the word of "the security of Europe", and stays a word)."""


def alias_names(analyzer: Analyzer) -> set[str]:
    """Alias terms that are proper names: every name of the group starts upper-case (or is
    written in a script without case)."""
    out = set()
    for group_id, names in analyzer.aliases.groups.items():
        if all(not name[:1].islower() for name in names):
            out.add(ALIAS_PREFIX + group_id)
    return out


def name_terms(
    analyzer: Analyzer,
    features: Sequence[TextFeatures],
    kinds: Sequence[str],
    term_counts: Mapping[str, int],
) -> set[str]:
    """The terms that are names in this corpus (see the module docstring).

    `term_counts`: occurrences of each unigram term in content passages."""
    capitalised: dict[str, int] = {}
    cache: dict[str, list[str]] = {}
    for f, kind in zip(features, kinds, strict=True):
        if kind != CONTENT:
            continue
        for word in f.name_words:
            terms = cache.get(word)
            if terms is None:
                terms = cache[word] = analyzer.terms(word)
            for term in terms:
                capitalised[term] = capitalised.get(term, 0) + 1
    out = alias_names(analyzer)
    for term, count in capitalised.items():
        total = term_counts.get(term, 0)
        if total and count >= NAME_SHARE * total:
            out.add(term)
    return out


def similar_columns(
    vocab: Mapping[str, int],
    pair_vocab: np.ndarray,
    compiled: Mapping[tuple[str, ...], Sequence[str]],
) -> tuple[list[str], Any]:
    """The near-synonym groups met in this corpus and the sparse matrix from the build's
    features (unigrams, then adjacent pairs) to them: counts @ matrix = group counts."""
    import scipy.sparse as sp

    v = len(vocab)
    group_ids: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for terms, groups in compiled.items():
        if len(terms) == 1:
            feature = vocab.get(terms[0])
        else:
            a, b = vocab.get(terms[0]), vocab.get(terms[1])
            feature = None
            if a is not None and b is not None:
                k = int(np.searchsorted(pair_vocab, a * v + b))
                if k < len(pair_vocab) and int(pair_vocab[k]) == a * v + b:
                    feature = v + k
        if feature is None:
            continue
        for group in groups:
            rows.append(feature)
            cols.append(group_ids.setdefault(group, len(group_ids)))
    matrix = sp.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)),
        shape=(v + len(pair_vocab), len(group_ids)),
    )
    return list(group_ids), matrix
