"""The analyser shared by indexing, querying, themes and links.

One analyser everywhere means a query, a theme rule and a link see the same terms: case
folded, stop words dropped, stemmed with Snowball, spelling and hyphen variants folded, alias
phrases ("North Korea", "DPRK") mapped to one alias term, and Hangul/CJK split into character
bigrams, so a Korean word is found inside compounds (공무원 in 국가공무원).

Korean attaches particles and endings to words (공무원은, 공무원이): korean.py says where the
content of a word ends. A query asks for the content only; the index keeps the pairs that
cross into the particle at the position of the word's last content pair, so a phrase matches
whatever particles the text uses. A word of one syllable with a particle (원은) is indexed
as a marked term of its own (".원"), so it is not found inside 법원은 or 자원은. Words that are
grammar only (수, 있다, 하여야) are dropped like English stop words.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cached_property, lru_cache
from typing import NamedTuple

from . import korean as ko
from .aliases import AliasTable
from .words import (
    HYPHENS,
    STOP_WORDS,
    WORD,
    is_cjk,
    normalise_word,
    simple_term,
    surface,
    word_shape,
)

ANALYSIS_VERSION = "4"
"""4: Korean particles and endings (korean.py), marked one-syllable stems, function words."""
ALIAS_PREFIX = "§"
JOIN_PREFIX = "~"
"""Marks a character pair that crosses from a Korean word into its particle (the ~원은 of
공무원은): indexed for a search of one character (원 finds it), never met by a word."""
STEM_PREFIX = "."
"""Marks the term of a one-syllable Korean word (".원" for 원은, 원을, 원): no written word
gives a term starting with a dot, so it never meets a character pair."""


class Token(NamedTuple):
    """A term with the characters of the text it came from (a tuple: made by the million)."""

    term: str
    start: int
    end: int
    pos: int
    kind: str
    """'word', 'alias' (a whole alias phrase), 'part' (of a hyphenated word), 'gram' (CJK) or
    'stem' (a one-syllable Korean word, STEM_PREFIX + the syllable)."""


class _Word(NamedTuple):
    text: str
    start: int
    end: int
    surface: str
    acronym: bool
    cjk: bool
    content: int = 0
    """Characters of the word before its Korean particle or ending (len(text) if none)."""
    bare: str = ""
    """The surface of those characters (alias names are matched on it too: 북한의 -> 북한)."""


class _AliasTrie:
    """Alias names as word sequences; case-sensitive for acronyms that are English words."""

    CASE_KEY = "\x00"

    def __init__(self, table: AliasTable) -> None:
        self.root: dict = {}
        self.longest = 0
        """Most words in one name (2 or more: some alias is a phrase)."""
        self.by_name: dict[str, str] = {}
        for group_id, names in table.groups.items():
            for name in names:
                words = [m.group() for m in WORD.finditer(name)]
                if not words:
                    continue
                keys = [self._key(w) for w in words]
                node = self.root
                for key in keys:
                    node = node.setdefault(key, {})
                node[None] = group_id
                self.longest = max(self.longest, len(keys))
                self.by_name[" ".join(surface(w) for w in words)] = group_id

    def _key(self, word: str) -> str:
        bare = word.replace(".", "")
        folded = surface(word)
        if bare.isupper() and len(bare) <= 5 and folded in STOP_WORDS | {"it", "us", "who"}:
            return self.CASE_KEY + bare
        return folded

    def match(self, words: list[_Word], i: int) -> tuple[str, int, int] | None:
        """Longest alias starting at words[i]: (group id, index after the match, end of the
        words written). A Korean word may end the match without its particle (북한의)."""
        node = self.root
        best = None
        j = i
        while j < len(words) and j - i < self.longest:
            word = words[j]
            child = node.get(word.surface)
            if child is None and word.acronym:
                child = node.get(self.CASE_KEY + word.text.replace(".", ""))
            if child is None and word.bare and word.bare != word.surface:
                child = node.get(word.bare)
                if child is not None and None in child:
                    best = (child[None], j + 1, word.start + word.content)
                break
            if child is None:
                break
            node = child
            j += 1
            if None in node:
                best = (node[None], j, word.end)
        return best

    def starts(self, word: _Word) -> bool:
        """Whether an alias name can start with this word: the cheap test before match()."""
        return (
            word.surface in self.root
            or (word.acronym and (self.CASE_KEY + word.text.replace(".", "")) in self.root)
            or (bool(word.bare) and word.bare in self.root)
        )


class Analyzer:
    """Turns text into positioned terms; the same rules for documents and queries."""

    def __init__(
        self, aliases: AliasTable | None = None, korean: ko.KoreanStemmer | None = None
    ) -> None:
        self.aliases = aliases or AliasTable()
        self.korean = korean or ko.LIGHT
        """Where a Korean word's content ends: the light rules, or another KoreanStemmer
        (tests/bench/korean_kiwi.py measures Kiwi against them)."""
        self._trie = _AliasTrie(self.aliases)
        self.has_phrase_aliases = self._trie.longest > 1
        """Whether some alias name has several words (alias_regex is not None)."""
        digest = hashlib.sha256(repr(sorted(self.aliases.groups.items())).encode()).hexdigest()
        flavour = "" if self.korean.name == "light" else f"-{self.korean.name}"
        self.version = f"analysis-{ANALYSIS_VERSION}{flavour}-{digest[:16]}"

    @cached_property
    def alias_regex(self) -> re.Pattern[str] | None:
        """Alias names of several words, for query parsers that split on spaces; compiled
        on first use (a query of one word never needs it, and compiling it was a tenth of
        a one-off search)."""
        patterns = []
        for names in self.aliases.groups.values():
            for name in names:
                words = [m.group() for m in WORD.finditer(name)]
                if len(words) > 1:
                    parts = [re.escape(w).replace(r"\-", "[-‐‑]?") for w in words]
                    patterns.append(r"\s+".join(parts))
        if not patterns:
            return None
        patterns.sort(key=len, reverse=True)
        # A Korean name may carry a particle (유엔 안보리의): up to three syllables after Hangul.
        return re.compile(
            r"(?<![\w'’])(?:" + "|".join(patterns) + r")"
            r"(?:['’]s|(?<=[\uac00-\ud7a3])[\uac00-\ud7a3]{1,3})?(?![\w'’-])",
            re.IGNORECASE,
        )

    def alias_term(self, name: str) -> str | None:
        """The alias term of a name ('North Korea' -> '§dprk'), or None if it is no alias."""
        words = [m.group() for m in WORD.finditer(name)]
        group = self._trie.by_name.get(" ".join(surface(w) for w in words))
        return ALIAS_PREFIX + group if group else None

    def _words(self, text: str, alternative: bool = False) -> list[_Word]:
        record = self.word_record
        return [record(m[0], m.start(), alternative) for m in WORD.finditer(text)]

    def word_record(self, raw: str, start: int = 0, alternative: bool = False) -> _Word:
        """The analyser's record of one written word (shape, Korean content): what tokens()
        works from; analysis.cache.WordCache builds each distinct word's record once."""
        shape = word_shape(raw)
        if shape[2] and ko.is_hangul(raw[-1]):
            korean = self.korean
            keep = (korean.alternative_length if alternative else korean.content_length)(raw)
            bare = surface(raw[:keep]) if 0 < keep < len(raw) else ""
            return _Word(raw, start, start + len(raw), *shape, keep, bare)
        return _Word(raw, start, start + len(raw), *shape, len(raw))

    @staticmethod
    def dropped(word: _Word) -> bool:
        """Whether tokens() skips the word without a position (Korean grammar-only words)."""
        return word.cjk and _function_word(word.text)

    def tokens(
        self, text: str, mode: str = "index", *, aliases: bool = True, alternative: bool = False
    ) -> list[Token]:
        """Positioned tokens. 'index' adds alias and hyphen-part variants at the same position;
        'query' keeps one token per position, the most general one. aliases=False: no alias
        terms (a Korean query word is also searched as written: 북한 inside 북한군);
        alternative: Korean words read the other way where the rules cannot tell (위협의)."""
        query = mode == "query"
        out: list[Token] = []
        words = self._words(text, alternative)
        trie = self._trie
        simple = simple_term
        dropped = self.dropped
        pos = 0
        i = 0
        while i < len(words):
            word = words[i]
            if word.cjk and dropped(word):
                i += 1
                continue
            if aliases and trie.longest and trie.starts(word):
                alias = trie.match(words, i)
                if alias is not None:
                    group_id, j, end = alias
                    out.append(Token(ALIAS_PREFIX + group_id, word.start, end, pos, "alias"))
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
            return self._cjk_tokens(word, pos, out, same_pos=parts_only, query=query)
        pieces = HYPHENS.split(raw) if "-" in raw or "‐" in raw or "‑" in raw else [raw]
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
        fake = _Word(piece, part.start, part.end, *word_shape(piece), len(piece))
        found = self._trie.match([fake], 0)
        if found is not None:
            out.append(Token(ALIAS_PREFIX + found[0], part.start, part.end, part.pos, "alias"))

    def _cjk_tokens(
        self, word: _Word, pos: int, out: list[Token], *, same_pos: bool, query: bool = False
    ) -> int:
        """Split a word into script runs: CJK runs become bigrams, other runs words. Pairs
        past the word's content (the particle of 공무원은: 원은) are left out of a query and
        indexed at the position of the last content pair; a content of one syllable (원은)
        is the marked term STEM_PREFIX + 원."""
        raw = word.text
        content = word.content or len(raw)
        runs: list[tuple[int, int, bool]] = []
        start = 0
        for k in range(1, len(raw) + 1):
            if k == len(raw) or is_cjk(raw[k]) != is_cjk(raw[start]):
                runs.append((start, k, is_cjk(raw[start])))
                start = k
        step = 0 if same_pos else 1
        last = pos - 1 if pos > 0 and not same_pos else pos  # where a particle goes
        for a, b, cjk in runs:
            base = word.start + a
            if not cjk:
                for piece in re.finditer(r"[^\W_]+", raw[a:b]):
                    term = normalise_word(piece.group())
                    if term and piece.group().casefold() not in STOP_WORDS:
                        s = base + piece.start()
                        token = Token(term, s, s + len(piece.group()), pos, "word")
                        out.append(token)
                        if not query and not same_pos and len(runs) > 1:  # 한-EU: the EU
                            self._part_alias(piece.group(), token, out)
                        last = pos
                        pos += step
                continue
            inside = max(0, min(content - a, b - a))
            if inside == 0:  # a particle after Latin letters (EU가): index only, no position
                if not query:
                    self._grams(raw, a, b, base, last, out)
                continue
            if inside == 1 and ko.is_hangul(raw[a]) and (b - a > 1 or not query):
                # 원은 (a query or the index) and a lone 원 (the index): the marked term; a
                # query of one character alone stays a character (핵 finds 핵무기, 북핵).
                out.append(Token(STEM_PREFIX + raw[a], base, base + 1, pos, "stem"))
                if not query:
                    self._grams(raw, a, b, base, pos, out)
                last = pos
                pos += step
                continue
            if b - a == 1:
                chunk = unicodedata.normalize("NFKC", raw[a:b]).casefold()
                out.append(Token(chunk, base, base + 1, pos, "gram"))
                last = pos
                pos += step
                continue
            for k in range(b - a - 1):
                if k + 2 <= inside:
                    out.append(Token(raw[a + k : a + k + 2], base + k, base + k + 2, pos, "gram"))
                    last = pos
                    pos += step
                elif not query:
                    pair = JOIN_PREFIX + raw[a + k : a + k + 2]
                    out.append(Token(pair, base + k, base + k + 2, last, "gram"))
        return pos + (1 if same_pos else 0)

    @staticmethod
    def _grams(raw: str, a: int, b: int, base: int, pos: int, out: list[Token]) -> None:
        """The pairs of raw[a:b] (or its one character), all at one position, marked as
        crossing into a particle (JOIN_PREFIX)."""
        if b - a == 1:
            out.append(Token(raw[a], base, base + 1, pos, "gram"))
            return
        for k in range(b - a - 1):
            pair = JOIN_PREFIX + raw[a + k : a + k + 2]
            out.append(Token(pair, base + k, base + k + 2, pos, "gram"))

    def terms(self, text: str) -> list[str]:
        """Query-mode terms in order: what themes and links compare."""
        return [t.term for t in self.tokens(text, mode="query")]


@lru_cache(maxsize=100_000)
def _function_word(raw: str) -> bool:
    """A word of Hangul only that is grammar only (수, 있다, 하여야): dropped like a stop word."""
    return all(ko.is_hangul(ch) for ch in raw) and ko.is_function_word(raw)
