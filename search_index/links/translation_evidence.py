"""The evidence of a translation link: the anchors a Korean paragraph and its English version
both write (names, numbers, dates), as Shared items with their spans in each passage.

Apart from versions.py, which the link build imports: evidence imports the build's constants.
"""

from __future__ import annotations

from ..analysis import Analyzer
from ..corpus import Corpus
from .build import STRONG_SCORE
from .evidence import LinkDetail
from .shared import Shared
from .table import Link
from .versions import script, shared_anchors


def translation_detail(link: Link, corpus: Corpus, analyzer: Analyzer) -> LinkDetail:
    """A translation link with its evidence: the anchors both passages write, each a Shared
    item of kind 'translation' whose group is the anchor's key (§dprk, 01-23, 27)."""
    source, target = corpus.passage(link.source), corpus.passage(link.target)
    korean = script(corpus.document_of(source)) == "ko"
    ko, en = (source, target) if korean else (target, source)
    shared = []
    for anchor in shared_anchors(ko.text, en.text, analyzer):
        s_span, t_span = (
            (anchor.ko_span, anchor.en_span) if korean else (anchor.en_span, anchor.ko_span)
        )
        words, target_words = source.text[slice(*s_span)], target.text[slice(*t_span)]
        alias = words.casefold() != target_words.casefold()
        shared.append(
            Shared(words, s_span, target_words, t_span, 1, alias, "translation", anchor.key)
        )
    if not korean:
        shared.sort(key=lambda s: s.source_span)
    return LinkDetail(
        link.source,
        link.target,
        link.score,
        ("translation",),
        (),
        tuple(shared),
        "strong" if link.score >= STRONG_SCORE else "related",
    )
