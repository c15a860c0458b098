"""Text analysis shared by indexing, querying, themes and links.

One analyser everywhere means a query, a theme rule and a link see the same terms: case
folded, stop words dropped, stemmed with Snowball, spelling and hyphen variants folded, alias
phrases ("North Korea", "DPRK") mapped to one alias term, and Hangul/CJK split into character
bigrams because Korean attaches particles to words (대한민국은 must match 대한민국).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from .aliases import AliasTable

ANALYSIS_VERSION = "2"
ALIAS_PREFIX = "§"
SOFT_HYPHEN = "\u00ad"
"""An invisible hyphenation hint (non\u00adproliferation): part of the word, never a break."""

# A word: an acronym with dots (U.N., U.S.), or letters/digits joined by apostrophes and
# hyphens (Korea's, non-proliferation, Indo-Pacific); soft hyphens inside a run are kept.
_RUN = r"[^\W_]+(?:\u00ad+[^\W_]+)*"
_WORD = re.compile(
    rf"(?:[^\W\d_]\.){{2,}}(?![^\W_])|{_RUN}(?:['’]{_RUN})*(?:[-‐‑]{_RUN}(?:['’]{_RUN})*)*"
)
_HYPHENS = re.compile(r"[-‐‑]")

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


_CJK = re.compile(
    "[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f\u4e00-\u9fff\u3400-\u4dbf\u3040-\u30ff\uf900-\ufaff]"
)


def _is_cjk(ch: str) -> bool:
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
def _stemmer():
    from .engine_stemmer import english_stemmer

    return english_stemmer()


@lru_cache(maxsize=200_000)
def normalise_word(word: str) -> str:
    """The indexed form of one word: folded, possessive and spelling variants removed, stemmed."""
    word = unicodedata.normalize("NFKC", word.replace(SOFT_HYPHEN, "")).casefold()
    word = word.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    word = word.replace("'", "").replace(".", "")
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
def _surface(word: str) -> str:
    """The form alias names are matched on: folded, no possessive, no dots or hyphens."""
    word = unicodedata.normalize("NFKC", word.replace(SOFT_HYPHEN, "")).casefold()
    word = word.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    return _HYPHENS.sub("", word.replace(".", "").replace("'", ""))


@lru_cache(maxsize=200_000)
def _word_shape(raw: str) -> tuple[str, bool, bool]:
    """(surface form, is an acronym such as US or U.N., has CJK) of a word, cached."""
    bare = raw.replace(".", "")
    return _surface(raw), bare.isupper() and len(bare) > 1, _CJK.search(raw) is not None


class Token(NamedTuple):
    """A term with the characters of the text it came from (a tuple: made by the million)."""

    term: str
    start: int
    end: int
    pos: int
    kind: str
    """'word', 'alias' (a whole alias phrase), 'part' (of a hyphenated word) or 'gram' (CJK)."""


@lru_cache(maxsize=200_000)
def _simple_term(raw: str) -> str | None:
    """The term of a plain word ('' for a stop word), or None when it needs the full path
    (hyphens, CJK). Cached: most words of a corpus repeat."""
    if "-" in raw or "‐" in raw or "‑" in raw:
        return None
    surface, acronym, cjk = _word_shape(raw)
    if cjk:
        return None
    if surface in STOP_WORDS and not acronym:
        return ""
    return normalise_word(raw)


class _Word(NamedTuple):
    text: str
    start: int
    end: int
    surface: str
    acronym: bool
    cjk: bool


class _AliasTrie:
    """Alias names as word sequences; case-sensitive for acronyms that are English words."""

    CASE_KEY = "\x00"

    def __init__(self, table: AliasTable) -> None:
        self.root: dict = {}
        self.longest = 0
        self.by_name: dict[str, str] = {}
        for group_id, names in table.groups.items():
            for name in names:
                words = [m.group() for m in _WORD.finditer(name)]
                if not words:
                    continue
                keys = [self._key(w) for w in words]
                node = self.root
                for key in keys:
                    node = node.setdefault(key, {})
                node[None] = group_id
                self.longest = max(self.longest, len(keys))
                self.by_name[" ".join(_surface(w) for w in words)] = group_id

    def _key(self, word: str) -> str:
        bare = word.replace(".", "")
        surface = _surface(word)
        if bare.isupper() and len(bare) <= 5 and surface in STOP_WORDS | {"it", "us", "who"}:
            return self.CASE_KEY + bare
        return surface

    def match(self, words: list[_Word], i: int) -> tuple[str, int] | None:
        """Longest alias starting at words[i]: (group id, index after the match)."""
        node = self.root
        best = None
        j = i
        while j < len(words) and j - i < self.longest:
            word = words[j]
            child = node.get(word.surface)
            if child is None and word.acronym:
                child = node.get(self.CASE_KEY + word.text.replace(".", ""))
            if child is None:
                break
            node = child
            j += 1
            if None in node:
                best = (node[None], j)
        return best

    def starts(self, raw: str, surface: str, acronym: bool) -> bool:
        """Whether an alias name can start with this word: the cheap test before match()."""
        return surface in self.root or (
            acronym and (self.CASE_KEY + raw.replace(".", "")) in self.root
        )


class Analyzer:
    """Turns text into positioned terms; the same rules for documents and queries."""

    def __init__(self, aliases: AliasTable | None = None) -> None:
        self.aliases = aliases or AliasTable()
        self._trie = _AliasTrie(self.aliases)
        digest = hashlib.sha256(repr(sorted(self.aliases.groups.items())).encode()).hexdigest()
        self.version = f"analysis-{ANALYSIS_VERSION}-{digest[:16]}"
        self.alias_regex = self._build_alias_regex()

    def _build_alias_regex(self) -> re.Pattern[str] | None:
        """Alias names of several words, for query parsers that split on spaces."""
        patterns = []
        for names in self.aliases.groups.values():
            for name in names:
                words = [m.group() for m in _WORD.finditer(name)]
                if len(words) > 1:
                    parts = [re.escape(w).replace(r"\-", "[-‐‑]?") for w in words]
                    patterns.append(r"\s+".join(parts))
        if not patterns:
            return None
        patterns.sort(key=len, reverse=True)
        return re.compile(
            r"(?<![\w'’])(?:" + "|".join(patterns) + r")(?:['’]s)?(?![\w'’-])", re.IGNORECASE
        )

    def alias_term(self, name: str) -> str | None:
        """The alias term of a name ('North Korea' -> '§dprk'), or None if it is no alias."""
        words = [m.group() for m in _WORD.finditer(name)]
        group = self._trie.by_name.get(" ".join(_surface(w) for w in words))
        return ALIAS_PREFIX + group if group else None

    def _words(self, text: str) -> list[_Word]:
        return [_Word(m[0], m.start(), m.end(), *_word_shape(m[0])) for m in _WORD.finditer(text)]

    def tokens(self, text: str, mode: str = "index") -> list[Token]:
        """Positioned tokens. 'index' adds alias and hyphen-part variants at the same position;
        'query' keeps one token per position, the most general one."""
        query = mode == "query"
        out: list[Token] = []
        words = self._words(text)
        trie = self._trie
        simple = _simple_term
        pos = 0
        i = 0
        while i < len(words):
            word = words[i]
            if trie.longest and trie.starts(word.text, word.surface, word.acronym):
                alias = trie.match(words, i)
                if alias is not None:
                    group_id, j = alias
                    out.append(
                        Token(ALIAS_PREFIX + group_id, word.start, words[j - 1].end, pos, "alias")
                    )
                    if not query:
                        for part in words[i:j]:
                            self._word_tokens(part, pos, out, parts_only=True)
                    pos += 1
                    i = j
                    continue
            term = simple(word.text)
            if term is None:
                pos = self._word_tokens(word, pos, out, query=query)
            elif term:
                out.append(Token(term, word.start, word.end, pos, "word"))
                pos += 1
            i += 1
        return out

    def _word_tokens(
        self,
        word: _Word,
        pos: int,
        out: list[Token],
        *,
        query: bool = False,
        parts_only: bool = False,
    ) -> int:
        """Append the tokens of one word; return the next position."""
        raw = word.text
        if word.cjk:
            return self._cjk_tokens(word, pos, out, same_pos=parts_only)
        pieces = _HYPHENS.split(raw) if "-" in raw or "‐" in raw or "‑" in raw else [raw]
        if len(pieces) > 1:
            joined = normalise_word("".join(pieces))
            if joined and not (parts_only and joined in STOP_WORDS):
                out.append(Token(joined, word.start, word.end, pos, "word"))
            if not query:
                offset = word.start
                for piece in pieces:
                    term = normalise_word(piece)
                    if term and piece.casefold() not in STOP_WORDS:
                        part = Token(term, offset, offset + len(piece), pos, "part")
                        out.append(part)
                        self._part_alias(piece, part, out)
                    offset += len(piece) + 1
            return pos + 1
        if word.surface in STOP_WORDS and not word.acronym:
            return pos
        term = normalise_word(raw)
        if not term:
            return pos
        out.append(Token(term, word.start, word.end, pos, "word"))
        return pos + 1

    def _part_alias(self, piece: str, part: Token, out: list[Token]) -> None:
        """A hyphen part that is itself an alias (the DPRK of DPRK-Russia) also gets its alias."""
        fake = _Word(piece, part.start, part.end, *_word_shape(piece))
        found = self._trie.match([fake], 0)
        if found is not None:
            out.append(Token(ALIAS_PREFIX + found[0], part.start, part.end, part.pos, "alias"))

    def _cjk_tokens(self, word: _Word, pos: int, out: list[Token], *, same_pos: bool) -> int:
        """Split a word into script runs: CJK runs become bigrams, other runs words."""
        raw = word.text
        runs: list[tuple[int, int, bool]] = []
        start = 0
        for k in range(1, len(raw) + 1):
            if k == len(raw) or _is_cjk(raw[k]) != _is_cjk(raw[start]):
                runs.append((start, k, _is_cjk(raw[start])))
                start = k
        for a, b, cjk in runs:
            chunk = unicodedata.normalize("NFKC", raw[a:b]).casefold()
            base = word.start + a
            if not cjk:
                for piece in re.finditer(r"[^\W_]+", raw[a:b]):
                    term = normalise_word(piece.group())
                    if term and piece.group().casefold() not in STOP_WORDS:
                        s = base + piece.start()
                        out.append(Token(term, s, s + len(piece.group()), pos, "word"))
                        pos += 0 if same_pos else 1
                continue
            if len(chunk) == 1 or b - a == 1:
                out.append(Token(chunk, base, base + (b - a), pos, "gram"))
                pos += 0 if same_pos else 1
                continue
            for k in range(b - a - 1):
                out.append(Token(raw[a + k : a + k + 2], base + k, base + k + 2, pos, "gram"))
                pos += 0 if same_pos else 1
        return pos + (1 if same_pos else 0)

    def terms(self, text: str) -> list[str]:
        """Query-mode terms in order: what themes and links compare."""
        return [t.term for t in self.tokens(text, mode="query")]
