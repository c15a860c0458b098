"""Passage kinds: content, or the furniture around it (headings, datelines, signatory lists,
transcript markers, publication notices), told apart by measurable features of the text.

Why: official statements as published carry their title, a dateline, "Begin Text:", a list of
the forty governments that sign and "This was published under ...". Such passages make no
claim, yet they are what different statements share most exactly, so they became the
strongest links of a corpus. A passage that is not content gets no automatic link (it stays
searchable and readable).

The features, not phrase lists: how many words; how many of them are lower-case content words
(a claim needs verbs and common nouns; a title, a date or a list of countries has few); the
share of capitalised words that are not the first of a sentence (names); whether the passage
ends like a sentence; whether it holds a date or a time; how many documents repeat it exactly.
Text without letter case (Korean, Chinese) is judged by its length and ending only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..analysis import STOP_WORDS
from ..analysis.dates import MONTH_PATTERN

CONTENT = "content"
HEADING = "heading"
DATELINE = "dateline"
SIGNATORIES = "signatories"
MARKER = "transcript_marker"
NOTICE = "notice"
KINDS = (CONTENT, HEADING, DATELINE, SIGNATORIES, MARKER, NOTICE)
"""Every kind, in the order of their codes in the link table (0 is content)."""

SHORT_WORDS = 12
"""At most this many words and a passage is too short to make a claim of its own to link
("Good afternoon. Let me start today's briefing.", "Begin Text:", "London, 28 March 2024")."""
SHORT_CLAIM_WORDS = 3
"""A short passage repeated word for word in several documents with fewer lower-case content
words than this is a marker ("End Text"); one with more is a repeated claim. A short sentence
of its own is content unless it has no content word at all ("Thank you."): "The DPRK
launched a missile." is a claim, and telling "Good afternoon." from it would take a list of
phrases."""
HEADING_WORDS = 40
"""A passage that does not end like a sentence and has at most this many words is a heading."""
NAME_SHARE = 0.6
"""Names among the capitalised and lower-case content words at or above which, with fewer
than LIST_WORDS lower-case content words, a passage is a list of names (signatories)."""
LIST_WORDS = 6
TITLE_SHARE = 0.5
"""A passage of at most HEADING_WORDS words with this share of its words in its document's
title is a subtitle (it restates the title: "Joint statement on ... ballistic missiles.")."""
INTRODUCED_WITHIN = 8
"""A begin marker ("Begin Text:") among a document's first passages makes the passage before
it the note that introduces the text ("The following text was released by ...")."""
ENOUGH_CONTENT = 8
REPEATED_DOCUMENTS = 2
"""A short passage found word for word in this many documents is a marker or a notice."""

PARAMETERS = (
    SHORT_WORDS,
    SHORT_CLAIM_WORDS,
    HEADING_WORDS,
    NAME_SHARE,
    LIST_WORDS,
    TITLE_SHARE,
    INTRODUCED_WITHIN,
    ENOUGH_CONTENT,
    REPEATED_DOCUMENTS,
)
"""What the kinds depend on besides the text (part of the link cache key)."""

_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_UNCASED = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af]")
_DATE = re.compile(
    rf"\b(?:\d{{1,2}}\.?\s+(?:{MONTH_PATTERN})\b|(?:{MONTH_PATTERN})\.?\s+\d{{1,2}}\b|"
    rf"\d{{4}}-\d\d-\d\d|"
    rf"\d{{1,2}}:\d\d|\d{{1,2}}/\d{{1,2}}/\d{{2,4}})",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?。？！][\"'”’)\]]*\s*$")
_LOWER = re.compile(r"(?<![\w'’\-])[^\W\d_A-Z\u00c0-\u00de][\w'’\-]{2,}")
"""Lower-case words of three letters or more (a word starting lower-case: not a name)."""
_NAME = re.compile(r"\s(?<=[^\s.!?:;\"“‘'(—–•\-]\s)\s*([A-Z\u00c0-\u00de][\w'’\-]*)")
"""Capitalised words that do not start a sentence (the character before the space is not
an end of sentence, a colon, an opening quote or bracket, a dash or a bullet). Starting with
the space, not with a look-behind, lets the regex engine skip to spaces: 0.58 -> 0.33 s for
50,000 passages, the same matches."""


@dataclass(frozen=True, slots=True)
class TextFeatures:
    """The measurable features a passage's kind is decided on."""

    words: int
    content_words: int
    """Lower-case words that are not stop words, what claims are made of: counted up to
    ENOUGH_CONTENT (every rule compares with less)."""
    names: int
    """Capitalised words that do not start a sentence."""
    ends_sentence: bool
    ends_colon: bool
    has_date: bool
    cased: bool
    """False for text without letter case (Korean, Chinese): the case features say nothing."""
    name_words: tuple[str, ...] = ()
    """The capitalised words that do not start a sentence, as written (names, mostly)."""

    @property
    def name_share(self) -> float:
        total = self.names + self.content_words
        return self.names / total if total else 0.0


def text_features(text: str) -> TextFeatures:
    """Count what `passage_kind` decides on (a few regex passes over the text, in C)."""
    words = len(text.split())
    content = 0
    for match in _LOWER.finditer(text):  # the rules compare with small numbers: stop there
        if match.group().casefold() not in STOP_WORDS:
            content += 1
            if content >= ENOUGH_CONTENT:
                break
    name_words = tuple(w for w in _NAME.findall(text) if w.casefold() not in STOP_WORDS)
    stripped = text.rstrip()
    tail = stripped[-12:]
    return TextFeatures(
        words=words,
        content_words=content,
        names=len(name_words),
        ends_sentence=_SENTENCE_END.search(tail) is not None,
        ends_colon=tail.endswith((":", "：")),
        has_date=words <= SHORT_WORDS and _DATE.search(text) is not None,
        cased=_UNCASED.search(text) is None,
        name_words=name_words,
    )


FEATURES_IN_HALVES = 20_000
"""From this many passages half of the text features are counted by a forked child (1.5 s of
the links' 8 s at 100,000 passages, on one core; the index is finished by then and its core
idle), sent back with marshal (plain tuples: 0.06 s to write, 0.08 s to read at 50,000)."""


def all_text_features(
    texts: Sequence[str], *, min_passages: int | None = None
) -> list[TextFeatures]:
    """`text_features` of every text, in order; half of them in a forked child from
    `min_passages` texts (default FEATURES_IN_HALVES; forked.in_halves: the same features,
    a failed child costs time)."""
    from .. import forked

    least = FEATURES_IN_HALVES if min_passages is None else min_passages
    middle = len(texts) // 2
    if middle == 0 or not forked.can_fork(len(texts), least):
        return [text_features(t) for t in texts]
    first, second = forked.in_halves(
        lambda: [text_features(t) for t in texts[:middle]],
        lambda: [text_features(t) for t in texts[middle:]],
        _encoded,
        _decoded,
    )
    return first + second


def _encoded(features: list[TextFeatures]) -> bytes:
    import marshal

    return marshal.dumps([_as_tuple(f) for f in features])


def _as_tuple(f: TextFeatures) -> tuple:
    return (f.words, f.content_words, f.names, f.ends_sentence, f.ends_colon, f.has_date,
            f.cased, f.name_words)  # fmt: skip


def _decoded(data: bytes) -> list[TextFeatures]:
    import marshal

    return [TextFeatures(*fields) for fields in marshal.loads(data)]


def passage_kind(features: TextFeatures, repeated_in: int = 1, title_share: float = 0.0) -> str:
    """The kind of a passage from its features, how many documents hold it word for word and
    the share of its content words that are in its document's title."""
    f = features
    if f.words <= SHORT_WORDS:
        if f.has_date and f.content_words <= 2:
            return DATELINE
        if f.ends_colon:
            return MARKER
        if repeated_in >= REPEATED_DOCUMENTS and f.content_words < SHORT_CLAIM_WORDS:
            return MARKER  # "End Text" in every release; a repeated short claim stays content
        if not f.ends_sentence:
            return HEADING
        return MARKER if f.cased and f.content_words == 0 else CONTENT  # "Thank you."
    if f.cased and f.name_share >= NAME_SHARE and f.content_words < LIST_WORDS:
        return SIGNATORIES if f.names >= 6 else NOTICE
    if not f.ends_sentence and not f.ends_colon and f.words <= HEADING_WORDS:
        return HEADING
    if f.words <= HEADING_WORDS and title_share >= TITLE_SHARE:
        return HEADING
    if repeated_in >= REPEATED_DOCUMENTS and f.words <= 2 * SHORT_WORDS and f.content_words < 4:
        return NOTICE
    return CONTENT


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


@lru_cache(maxsize=100_000)
def _plain(word: str) -> str:
    """A word compared with the title's: case and a plural -s left out."""
    word = word.casefold().replace("’", "'")
    word = word[:-2] if word.endswith("'s") else word
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def _title_share(text: str, title_words: set[str]) -> float:
    """The share of the passage's lower-case content words that its document's title has."""
    words = {_plain(w) for w in set(_LOWER.findall(text))} - STOP_WORDS
    if len(words) < 3 or not title_words:
        return 0.0
    return len(words & title_words) / len(words)


def passage_kinds(
    texts: Sequence[str],
    documents: Sequence[object],
    titles: Mapping[object, str] | None = None,
) -> list[str]:
    """The kind of every passage (see `analyse_passages`)."""
    return analyse_passages(texts, documents, titles)[0]


def analyse_passages(
    texts: Sequence[str],
    documents: Sequence[object],
    titles: Mapping[object, str] | None = None,
    features: Sequence[TextFeatures] | None = None,
) -> tuple[list[str], list[TextFeatures]]:
    """The kind of every passage, given its text, its document (any hashable id, passages of
    a document in order), the documents' titles and (when counted already: all_text_features)
    the passages' text features.

    Only short passages are compared for repetition (longer repeated paragraphs are quotes,
    which are content and exactly what links are for). The passage just before a "Begin
    Text:"-like marker near the top of a document is the note that introduces the text."""
    keys = [_key(t) if len(t) <= 400 else "" for t in texts]
    holders: dict[str, set[object]] = {}
    for key, document in zip(keys, documents, strict=True):
        if key:
            holders.setdefault(key, set()).add(document)
    title_words: dict[object, set[str]] = {}
    for document, title in (titles or {}).items():
        title_words[document] = {_plain(w) for w in _WORD.findall(title or "")}
    kinds: list[str] = []
    counted: list[TextFeatures] = []
    position: list[int] = []
    previous, count = None, 0
    if features is not None and len(features) != len(texts):
        raise ValueError(f"{len(features)} text features for {len(texts)} passages")
    for i, (text, key, document) in enumerate(zip(texts, keys, documents, strict=True)):
        count = count + 1 if document == previous else 0
        previous = document
        f = features[i] if features is not None else text_features(text)
        repeated = len(holders[key]) if key else 1
        kind = passage_kind(f, repeated)
        if kind == CONTENT and f.words <= HEADING_WORDS:  # only then can the title decide
            share = _title_share(text, title_words.get(document, set()))
            kind = passage_kind(f, repeated, share)
        introduces_text = f.ends_colon and count < INTRODUCED_WITHIN  # "... was issued today:"
        if kind == CONTENT and introduces_text and f.words <= HEADING_WORDS:
            kind = NOTICE
        kinds.append(kind)
        counted.append(f)
        position.append(count)
    for i in range(1, len(kinds)):
        begins = kinds[i] == MARKER and counted[i].ends_colon
        near_top = documents[i - 1] == documents[i] and position[i] <= INTRODUCED_WITHIN
        if begins and near_top and kinds[i - 1] == CONTENT:
            kinds[i - 1] = NOTICE
    return kinds, counted
