"""Building the links: TF-IDF cosine between content passages of different documents.

For corpora nobody has curated: passages are compared by TF-IDF cosine over the same terms
search uses (stems, stop words, aliases), unigrams and adjacent pairs, plus one feature per
near-synonym group (vocabulary.py, at SIMILAR_WEIGHT); names weigh NAME_WEIGHT (features.py).
Headings, datelines, signatory lists, markers and notices (kinds.py) get no links. Candidates
come from sparse matrix products computed in row blocks (never all pairs in Python); a
candidate is kept only if the passages share something the evidence can show (not names or
numbers alone). Passage order counts only inside runs of strong in-order links (versions of
one text). Links are symmetric and bounded (MAX_LINKS), so boilerplate repeated in many
documents does not become a hub, and the cap never drops a pair for a weaker one. A Korean
document and its English version also get "translation" links, paragraph to paragraph, from
their alignment on names, numbers and dates (versions.py), on top of the cap.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..analysis import Analyzer
from ..corpus import Corpus
from . import features as _features
from . import kinds as _kinds
from . import meaning as _meaning
from . import selection as _selection
from . import translation as _translation
from . import versions as _versions
from .features import name_terms, similar_columns
from .kinds import KINDS, all_text_features, analyse_passages
from .products import candidate_pairs
from .selection import _bounded_links, _symmetric, neighbour_boost_runs
from .table import LINKS_FORMAT, LinkTable
from .vocabulary import Vocabulary, load_vocabulary_for

KIND_CODES = {kind: code for code, kind in enumerate(KINDS)}

# Tuned on tests/bench/paraphrase_links.py (see the README section on links).
TOP_K = 5
MAX_LINKS = 2 * TOP_K
"""The cap of links per passage: a passage keeps its best and gets the links of passages that
pick it, up to this cap (and up to MAX_LINKS + TOP_K for the TOP_K best of passages that
still lack theirs); without one, a paragraph repeated in 300 documents would list 299 links.
A pair is dropped only when one of its passages is full of stronger links (selection.py)."""
THRESHOLD = 0.04
STRONG_SCORE = 0.1
"""Links at or above this score are labelled "strong", the others "related": scores are
cosines of whole passages' vectors, so they mean the same thing for every passage."""
ALIGNED_SCORE = 0.25
"""A neighbouring pair this strong is part of a run of aligned passages (versions or
translations of one text, see selection.VERSION_SHARE): only inside such runs does the
neighbour boost apply."""
NAME_WEIGHT = 0.5
"""Weight of a name's feature in a passage's vector (it scores nothing in a link: see
features.py); not 0, so a passage that is mostly names does not look like its few words."""
COMMON_NAME_SHARE = 0.05
"""Names in more than this share of passages weigh NAME_WEIGHT; rarer ones (the envoy of one
visit) count as any rare word."""
SIMILAR_WEIGHT = 0.55
"""Weight of a near-synonym group's feature: similar wording counts less than the same word."""
PAIR_WEIGHT = 1.0
"""Weight of an adjacent pair of terms ("closely intertwined") beside its two words."""
RARE_SHARE = 0.02
"""A single shared word is evidence if it is a claim word (in the vocabulary) or in at most
this share of passages (the evidence uses the same rule: evidence.rare_filter)."""
NEIGHBOUR_BOOST = 0.6
"""Share of the best neighbouring pair's score added to a pair: (k-1, m-1) or (k+1, m+1)."""
CANDIDATE_FLOOR = 0.5
"""Pairs down to THRESHOLD * CANDIDATE_FLOOR are candidates, since a neighbour boost can lift
them over the threshold. Only below SMALL_CORPUS passages: in a large corpus this found no
better links on the benchmark (twins hidden in 10,000 passages) and took twice as long."""
SMALL_CORPUS = 20_000
MAX_DF = 500
"""Terms in more passages than this weigh in the cosine norms but are left out of the candidate
product: each such term would add df^2 pairs, and a cap that grows with the corpus makes the
build quadratic. Pairs that share only such common terms are weak links anyway."""

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total)."""


def links_key(corpus: Corpus, analyzer: Analyzer, vocabulary: Vocabulary | None = None) -> str:
    """What the links depend on: the documents' bytes, ids and titles, the analysis, the
    similar wording and the parameters."""
    if vocabulary is None:
        vocabulary = load_vocabulary_for(corpus).vocabulary
    h = hashlib.sha256()
    h.update(
        json.dumps(
            [
                LINKS_FORMAT,
                analyzer.version,
                [TOP_K, MAX_LINKS, THRESHOLD, NEIGHBOUR_BOOST, CANDIDATE_FLOOR],
                [
                    SMALL_CORPUS,
                    MAX_DF,
                    STRONG_SCORE,
                    NAME_WEIGHT,
                    SIMILAR_WEIGHT,
                    PAIR_WEIGHT,
                    RARE_SHARE,
                ],
                vocabulary.digest,
                [COMMON_NAME_SHARE, ALIGNED_SCORE, _features.NAME_SHARE, _kinds.PARAMETERS],
                _selection.VERSION_SHARE,
                [
                    _versions.PARAMETERS,
                    _translation.ORDER_WEIGHT_PARALLEL,
                    _translation.ORDER_WEIGHT,
                ],
            ]
        ).encode()
    )
    h.update(json.dumps(_meaning.meaning_fingerprint()).encode())  # similar meaning on/off
    for document in corpus.documents:
        h.update(f"\n{document.id}\t{document.digest}\t{len(document.passages)}".encode())
        h.update(document.title.encode("utf-8", "surrogatepass"))
        if not document.digest:  # built in memory (scripts, tests): its text stands in
            for passage in document.passages:
                h.update(passage.text.encode("utf-8", "surrogatepass") + b"\x00")
    return h.hexdigest()


def corpus_terms(
    corpus: Corpus, analyzer: Analyzer, progress: Progress | None = None
) -> list[list[str]]:
    """Query-mode terms of every passage, in corpus order (what themes and links compare)."""
    if progress is None:
        return [analyzer.terms(p.text) for p in corpus]
    total = len(corpus)
    out = []
    for i, passage in enumerate(corpus):
        if i % 2000 == 0:
            progress("terms", i, total)
        out.append(analyzer.terms(passage.text))
    progress("terms", total, total)
    return out


def build_links(
    corpus: Corpus,
    analyzer: Analyzer,
    *,
    passage_terms: Sequence[Sequence[str]] | None = None,
    vocabulary: Vocabulary | None = None,
    top_k: int = TOP_K,
    max_links: int = MAX_LINKS,
    threshold: float | None = None,
    neighbour_boost: float | None = None,
    max_df: int = MAX_DF,
    progress: Progress | None = None,
) -> LinkTable:
    """Link every content passage to its most similar content passages in other documents.

    `vocabulary`: the similar wording (default: the bundled paraphrases.yaml and the corpus
    folders' own). Every link kept shares something the evidence shows: a run of two terms
    or more, a rare or claim word (one of the vocabulary's), or similar wording; a pair
    lifted by the neighbour boost alone sits inside a run of strong in-order links."""
    import scipy.sparse as sp

    threshold = THRESHOLD if threshold is None else threshold
    neighbour_boost = NEIGHBOUR_BOOST if neighbour_boost is None else neighbour_boost
    passages = list(corpus)
    n = len(passages)
    ids = [p.id for p in passages]
    if vocabulary is None:
        vocabulary = load_vocabulary_for(corpus).vocabulary
    key = links_key(corpus, analyzer, vocabulary)
    compiled = vocabulary.compile(analyzer)
    if passage_terms is None:
        passage_terms = corpus_terms(corpus, analyzer, progress)
    texts = [p.text for p in passages]
    if progress is not None:
        progress("kinds", 0, 0)
    kinds, text_features = analyse_passages(
        texts,
        [p.document_id for p in passages],
        {d.id: d.title for d in corpus.documents},
        all_text_features(texts),
    )
    kind_codes = np.asarray([KIND_CODES[k] for k in kinds], dtype=np.uint8)
    empty = np.zeros(0, dtype=np.int32)
    if n == 0:
        return LinkTable(ids, empty, empty, np.zeros(0, np.float32), {}, key, kinds=kind_codes)
    content = kind_codes == 0
    # Similar meaning (optional extra, meaning.py): with embeddings, candidates down to
    # MEANING_FLOOR and up to MEANING_MAX_LINKS a passage, ranked by the blended score.
    embedded = content
    if _meaning.meaning_status()[0] is not None:  # the model reads English only
        english = {d.id for d in corpus.documents if _versions.script(d) == "en"}
        embedded = content & np.asarray([p.document_id in english for p in passages])
    vectors, meaning_note = _meaning.meaning_vectors(texts, embedded, progress)
    link_floor = threshold if vectors is None else min(threshold, _meaning.MEANING_FLOOR)
    max_links = max_links if vectors is None else max(max_links, _meaning.MEANING_MAX_LINKS)

    # Unigram ids in Python (one dict lookup per term); pairs in numpy.
    vocab: dict[str, int] = defaultdict(itertools.count().__next__)
    lookup = vocab.__getitem__  # a new term gets the next id, all in C
    flat: list[int] = []
    lengths = np.empty(n, dtype=np.int64)
    for i, terms in enumerate(passage_terms):
        flat.extend(map(lookup, terms))
        lengths[i] = len(terms)
    uni = np.asarray(flat, dtype=np.int64)
    rows = np.repeat(np.arange(n, dtype=np.int64), lengths)
    v = len(vocab)
    same = rows[1:] == rows[:-1] if len(uni) > 1 else np.zeros(0, dtype=bool)
    pair_keys = (uni[:-1] * v + uni[1:])[same] if len(uni) > 1 else np.zeros(0, np.int64)
    pair_rows = rows[1:][same] if len(uni) > 1 else np.zeros(0, np.int64)
    pair_vocab, pair_cols = np.unique(pair_keys, return_inverse=True)
    cols = np.concatenate([uni, v + pair_cols.reshape(-1)])
    all_rows = np.concatenate([rows, pair_rows])
    words = v + len(pair_vocab)
    counts = sp.csr_matrix(
        (np.ones(len(cols), dtype=np.float32), (all_rows, cols)), shape=(n, words)
    )
    counts.sum_duplicates()

    # Names: weigh less, never score; similar wording: one feature per group.
    in_content = np.bincount(uni[content[rows]], minlength=v) if len(uni) else np.zeros(v)
    terms_of = list(vocab)
    names = name_terms(
        analyzer,
        text_features,
        kinds,
        {t: int(c) for t, c in zip(terms_of, in_content, strict=True)},
    )
    name_uni = np.zeros(v, dtype=bool)
    for term in names:
        if term in vocab:
            name_uni[vocab[term]] = True
    pair_name = name_uni[pair_vocab // v] & name_uni[pair_vocab % v] if v else np.zeros(0, bool)
    groups, to_groups = similar_columns(vocab, pair_vocab, compiled)
    if groups:
        group_counts = (counts @ to_groups).tocsr()
        group_counts.data = np.minimum(group_counts.data, 3.0)  # "weapons" x 9 is one idea
        counts = sp.hstack([counts, group_counts], format="csr")
    features = counts.shape[1]
    is_name = np.concatenate([name_uni, pair_name, np.zeros(len(groups), dtype=bool)])
    is_group = np.zeros(features, dtype=bool)
    is_group[words:] = True
    df = np.bincount(counts.indices, minlength=features)

    # TF-IDF, L2-normalised over every feature (names and groups at their weights); the
    # product only uses features shared by 2+ passages, not near-universal and not names.
    idf = (np.log((n + 1) / (df + 1)) + 1.0).astype(np.float32)
    common_name = is_name & (df > COMMON_NAME_SHARE * n)  # a rare name is a distinctive word
    weight = np.where(common_name, NAME_WEIGHT, np.where(is_group, SIMILAR_WEIGHT, 1.0))
    weight[v:words] *= PAIR_WEIGHT
    x = counts.copy()
    x.data = (1.0 + np.log(x.data)) * (idf * weight.astype(np.float32))[x.indices]
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).reshape(-1))
    norms[norms == 0] = 1.0
    x = sp.csr_matrix(sp.diags((1.0 / norms) * content).astype(np.float32) @ x)
    useful = (df >= 2) & (df <= max_df)
    x_c = x[:, np.flatnonzero(useful)].tocsr()
    x_c.eliminate_zeros()
    x_t = x_c.T.tocsr()
    evident = _evidence_features(useful & ~is_name, v, terms_of)
    evident = np.flatnonzero(np.isin(np.flatnonzero(useful), evident))

    doc_index = {d.id: k for k, d in enumerate(corpus.documents)}
    doc_of = np.asarray([doc_index[p.document_id] for p in passages], dtype=np.int32)
    floor = threshold * (CANDIDATE_FLOOR if neighbour_boost > 0 and n <= SMALL_CORPUS else 1.0)
    floor = min(floor, link_floor)
    keep_per_row = max(max_links, 2 * top_k)  # candidates beyond the cap: see _bounded_links
    links_progress = (
        None if progress is None else (lambda done, total: progress("links", done, total))
    )
    src, dst, score = candidate_pairs(x_c, x_t, doc_of, floor, keep_per_row, links_progress)
    score = score.astype(np.float32)
    if progress is not None:
        progress("choosing", 0, 0)
    src, dst, score = _symmetric(src, dst, score, n)
    ordered = np.zeros(len(src), dtype=bool)
    if neighbour_boost > 0 and len(src):
        score, ordered = neighbour_boost_runs(
            src, dst, score, n, doc_of, neighbour_boost, threshold, ALIGNED_SCORE
        )
    if vectors is None:
        keep = score >= threshold
    else:  # the lower floor only for pairs the model can rank: both passages embedded
        keep = score >= np.where(embedded[src] & embedded[dst], link_floor, threshold)
    src, dst, score, ordered = src[keep], dst[keep], score[keep], ordered[keep]
    keep = ordered | _has_evidence(x_c[:, evident].tocsr(), src, dst)
    src, dst, score = src[keep], dst[keep], score[keep]
    if vectors is not None:  # similar meaning: only pairs that share wording are blended
        score = _meaning.blend(vectors, src, dst, score)
    src, dst, score = _bounded_links(src, dst, score, top_k, max_links)
    translated = _versions.translation_links(corpus, analyzer, kinds, passage_terms)
    src, dst, score, link_kinds = _versions.merge((src, dst, score), translated, n)

    meaning = None
    if vectors is not None:  # a translation link is aligned on anchors, not by meaning
        meaning = _meaning.cosines(vectors, src, dst)
        meaning[link_kinds != 0] = np.nan
    term_df = {t: int(df[i]) for t, i in vocab.items()}
    return LinkTable(
        ids,
        src,
        dst,
        np.minimum(score, 1.0),
        term_df,
        key,
        kinds=kind_codes,
        names=names,
        similar=compiled,
        link_kinds=link_kinds,
        meaning=meaning,
        meaning_note=meaning_note,
    )


def _evidence_features(useful: np.ndarray, v: int, terms_of: Sequence[str]) -> np.ndarray:
    """Features whose sharing the evidence can show, among `useful` (names already left out):
    every word but bare numbers, adjacent pairs, similar-wording groups. A pair sharing none
    (only names or numbers) is no link."""
    ok = useful.copy()
    ok[:v] &= ~np.asarray([t.isdigit() for t in terms_of], dtype=bool)
    return np.flatnonzero(ok)


def _has_evidence(e: Any, src: np.ndarray, dst: np.ndarray, chunk: int = 65_536) -> np.ndarray:
    """Whether passages src[i] and dst[i] share a column of `e` (rows: passages)."""
    out = np.zeros(len(src), dtype=bool)
    e = e.copy()
    e.data[:] = 1.0
    for a in range(0, len(src), chunk):
        b = min(len(src), a + chunk)
        both = e[src[a:b]].multiply(e[dst[a:b]])
        out[a:b] = np.asarray(both.sum(axis=1)).reshape(-1) > 0
    return out
