"""The best-matching sentence pair of two long paragraphs: which sentence says what.

A paragraph of 1,300 characters making three claims links as a whole; the reader needs to see
which of its sentences matches which of the other's. Sentences are compared as the link build
compares passages (terms weighted by their rarity in the corpus, names less, near-synonym
groups at a lower weight) and the best pair is part of the link's evidence.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..analysis import Analyzer, Token

LONG_PARAGRAPH = 280
"""Characters from which a passage of several sentences gets a sentence pair."""
MIN_SENTENCE_SCORE = 0.12
"""Below this the best pair is no match worth pointing at."""
_END = re.compile(r"(?<=[.!?;])[\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9\u1100-\u11ff\uac00-\ud7af])")


@dataclass(frozen=True, slots=True)
class SentencePair:
    """The sentences of the two passages that match best, as spans of each passage's text."""

    source_span: tuple[int, int]
    target_span: tuple[int, int]
    score: float
    source_text: str
    target_text: str

    def to_json(self) -> dict[str, object]:
        return {
            "source_span": list(self.source_span),
            "target_span": list(self.target_span),
            "score": round(self.score, 4),
            "source_text": self.source_text,
            "target_text": self.target_text,
        }


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, without the spaces between them."""
    spans = []
    start = 0
    for match in _END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text.rstrip())))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        if b - a > 1:
            out.append((a, b))
    return out


def _vectors(
    tokens: Sequence[Token],
    spans: Sequence[tuple[int, int]],
    weight: Mapping[str, float],
    similar: Mapping[tuple[str, ...], Sequence[str]],
    similar_weight: float,
) -> list[dict[str, float]]:
    out: list[dict[str, float]] = [{} for _ in spans]
    k = 0
    for i, token in enumerate(tokens):
        while k < len(spans) and token.start >= spans[k][1]:
            k += 1
        if k >= len(spans):
            break
        vector = out[k]
        vector[token.term] = weight.get(token.term, 1.0)
        keys = [(token.term,)]
        if i + 1 < len(tokens) and tokens[i + 1].start < spans[k][1]:
            keys.append((token.term, tokens[i + 1].term))
        for key in keys:
            for group in similar.get(key, ()):
                vector["≈" + group] = similar_weight
    return out


def _cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(w * b[t] for t, w in a.items() if t in b)
    if not dot:
        return 0.0
    return dot / math.sqrt(sum(w * w for w in a.values()) * sum(w * w for w in b.values()))


def best_sentence_pair(
    source_text: str,
    target_text: str,
    analyzer: Analyzer,
    weight: Mapping[str, float],
    similar: Mapping[tuple[str, ...], Sequence[str]] | None = None,
    similar_weight: float = 0.5,
    source_tokens: Sequence[Token] | None = None,
    target_tokens: Sequence[Token] | None = None,
) -> SentencePair | None:
    """The best sentence pair of two passages if one of them is a long paragraph of several
    sentences and the pair matches well enough; None otherwise.

    `weight`: each term's weight (its rarity; names weigh less)."""
    a_spans, b_spans = sentence_spans(source_text), sentence_spans(target_text)
    long_a = len(source_text) >= LONG_PARAGRAPH and len(a_spans) > 1
    long_b = len(target_text) >= LONG_PARAGRAPH and len(b_spans) > 1
    if not (long_a or long_b):
        return None
    if source_tokens is None:
        source_tokens = analyzer.tokens(source_text, mode="query")
    if target_tokens is None:
        target_tokens = analyzer.tokens(target_text, mode="query")
    similar = similar or {}
    va = _vectors(source_tokens, a_spans, weight, similar, similar_weight)
    vb = _vectors(target_tokens, b_spans, weight, similar, similar_weight)
    best = (0.0, -1, -1)
    for i, x in enumerate(va):
        for j, y in enumerate(vb):
            score = _cosine(x, y)
            if score > best[0]:
                best = (score, i, j)
    score, i, j = best
    if i < 0 or score < MIN_SENTENCE_SCORE:
        return None
    (s0, s1), (t0, t1) = a_spans[i], b_spans[j]
    return SentencePair((s0, s1), (t0, t1), score, source_text[s0:s1], target_text[t0:t1])
