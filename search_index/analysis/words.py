"""Words and their indexed forms: what a word is, stop words, spelling folds, stemming, CJK.

Shared by the analyser and the alias matcher, so a word is split and folded the same way
wherever it is read.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

SOFT_HYPHEN = "\u00ad"
"""An invisible hyphenation hint (non\u00adproliferation): part of the word, never a break."""
INVISIBLE = SOFT_HYPHEN + "\u200b\u200c\u200d\u2060\ufeff"
"""Characters that show nothing inside a word: the soft hyphen, zero-width space, non-joiner
and joiner, word joiner and a BOM left mid-text. Part of the word and dropped from its term,
so sanc\u200btions is found by sanctions (and the other way round)."""
_DROP_INVISIBLE = str.maketrans("", "", INVISIBLE)

# A word: an acronym with dots (U.N., U.S.), or letters/digits joined by apostrophes and
# hyphens (Korea's, non-proliferation, Indo-Pacific); invisible characters inside a run are kept.
_RUN = rf"[^\W_]+(?:[{INVISIBLE}]+[^\W_]+)*"
WORD = re.compile(
    rf"(?:[^\W\d_]\.){{2,}}(?![^\W_])|{_RUN}(?:['’]{_RUN})*(?:[-‐‑]{_RUN}(?:['’]{_RUN})*)*"
)
HYPHENS = re.compile(r"[-‐‑]")

STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up us very was we
    were
    what when where which while who whom why will with would you your yours yourself yourselves
    also may shall""".split()
)

# British spellings folded to American before stemming, so that programme/program and
# jeopardise/jeopardize meet. Rule-based -ise folding skips words where -ise is not a suffix.
_SPELLING = {
    "programme": "program",
    "programmes": "programs",
    "defence": "defense",
    "defences": "defenses",
    "centre": "center",
    "centres": "centers",
    "offence": "offense",
    "licence": "license",
    "honour": "honor",
    "labour": "labor",
    "favour": "favor",
    "neighbour": "neighbor",
    "neighbours": "neighbors",
    "behaviour": "behavior",
    "endeavour": "endeavor",
    "endeavours": "endeavors",
    "catalogue": "catalog",
    "dialogue": "dialog",
    "dialogues": "dialogs",
}
_ISE = re.compile(r"^(\w{3,}?)is(e|es|ed|ing|ation|ations)$")
_ISE_KEEP = frozenset(
    """advertise advise apprise arise chastise comprise compromise concise demise despise devise
    disguise enterprise excise exercise expertise franchise improvise incise merchandise otherwise
    paradise praise precise premise promise raise revise supervise surmise surprise televise
    treatise wise rise""".split()
)


@lru_cache(maxsize=1)
def _cjk() -> re.Pattern[str]:
    """The characters of is_cjk, compiled when a word that is not ASCII is first read: the
    class spans 50,000 code points, and compiling it cost every start 5 ms."""
    return re.compile(
        "[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f\u4e00-\u9fff\u3400-\u4dbf\u3040-\u30ff\uf900-\ufaff]"
    )


def is_cjk(ch: str) -> bool:
    """Whether a character is Hangul, a CJK ideograph or kana: split into bigrams, not words."""
    code = ord(ch)
    return (
        0xAC00 <= code <= 0xD7A3  # Hangul syllables
        or 0x1100 <= code <= 0x11FF  # Hangul jamo
        or 0x3130 <= code <= 0x318F  # Hangul compatibility jamo
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0x3400 <= code <= 0x4DBF
        or 0x3040 <= code <= 0x30FF  # Hiragana, Katakana
        or 0xF900 <= code <= 0xFAFF
    )


@lru_cache(maxsize=1)
def _stemmer() -> Callable[[str], str]:
    """The Snowball English stemmer that ships with Whoosh, imported when first needed.

    Whoosh's default Porter stemmer never undoubles consonants (running -> runn); Snowball
    does (running -> run). The one Whoosh import outside search_index/whoosh/: stemming is
    analysis, used by links and themes too, not the index."""
    from whoosh.lang import stemmer_for_language

    return stemmer_for_language("en")


def _folded(word: str) -> str:
    """A word folded as both its forms start: invisible characters gone, NFKC, casefolded,
    one apostrophe, no possessive."""
    word = unicodedata.normalize("NFKC", word.translate(_DROP_INVISIBLE)).casefold()
    word = word.replace("’", "'")
    return word[:-2] if word.endswith("'s") else word


@lru_cache(maxsize=200_000)
def normalise_word(word: str) -> str:
    """The indexed form of one word: folded, possessive and spelling variants removed, stemmed."""
    word = _folded(word).replace("'", "").replace(".", "")
    if not word:
        return word
    if word in _SPELLING:
        word = _SPELLING[word]
    else:
        match = _ISE.match(word)
        if match and (match.group(1) + "ise") not in _ISE_KEEP and word not in _ISE_KEEP:
            word = f"{match.group(1)}iz{match.group(2)}"
    if word.isascii() and word.isalpha():
        return _stemmer()(word)
    return word


@lru_cache(maxsize=200_000)
def surface(word: str) -> str:
    """The form alias names are matched on: folded, no possessive, no dots or hyphens."""
    return HYPHENS.sub("", _folded(word).replace(".", "").replace("'", ""))


@lru_cache(maxsize=200_000)
def word_shape(raw: str) -> tuple[str, bool, bool]:
    """(surface form, is an acronym such as US or U.N., has CJK) of a word, cached."""
    bare = raw.replace(".", "")
    cjk = not raw.isascii() and _cjk().search(raw) is not None
    return surface(raw), bare.isupper() and len(bare) > 1, cjk


@lru_cache(maxsize=200_000)
def simple_term(raw: str) -> str | None:
    """The term of a plain word ('' for a stop word), or None when it needs the full path
    (hyphens, CJK). Cached: most words of a corpus repeat."""
    if "-" in raw or "‐" in raw or "‑" in raw:
        return None
    surface_form, acronym, cjk = word_shape(raw)
    if cjk:
        return None
    if surface_form in STOP_WORDS and not acronym:
        return ""
    return normalise_word(raw)
