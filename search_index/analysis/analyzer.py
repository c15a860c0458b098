"""The analyser shared by indexing, querying, themes and links.

One analyser everywhere means a query, a theme rule and a link see the same terms: case
folded, stop words dropped, stemmed with Snowball, spelling and hyphen variants folded, alias
phrases ("North Korea", "DPRK") mapped to one alias term, and Hangul/CJK split into character
bigrams because Korean attaches particles to words (대한민국은 must match 대한민국).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import NamedTuple

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

ANALYSIS_VERSION = "3"
ALIAS_PREFIX = "§"


class Token(NamedTuple):
    """A term with the characters of the text it came from (a tuple: made by the million)."""

    term: str
    start: int
    end: int
    pos: int
    kind: str
    """'word', 'alias' (a whole alias phrase), 'part' (of a hyphenated word) or 'gram' (CJK)."""


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
                words = [m.group() for m in WORD.finditer(name)]
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
        words = [m.group() for m in WORD.finditer(name)]
        group = self._trie.by_name.get(" ".join(surface(w) for w in words))
        return ALIAS_PREFIX + group if group else None

    def _words(self, text: str) -> list[_Word]:
        return [_Word(m[0], m.start(), m.end(), *word_shape(m[0])) for m in WORD.finditer(text)]

    def tokens(self, text: str, mode: str = "index") -> list[Token]:
        """Positioned tokens. 'index' adds alias and hyphen-part variants at the same position;
        'query' keeps one token per position, the most general one."""
        query = mode == "query"
        out: list[Token] = []
        words = self._words(text)
        trie = self._trie
        simple = simple_term
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
        fake = _Word(piece, part.start, part.end, *word_shape(piece))
        found = self._trie.match([fake], 0)
        if found is not None:
            out.append(Token(ALIAS_PREFIX + found[0], part.start, part.end, part.pos, "alias"))

    def _cjk_tokens(self, word: _Word, pos: int, out: list[Token], *, same_pos: bool) -> int:
        """Split a word into script runs: CJK runs become bigrams, other runs words."""
        raw = word.text
        runs: list[tuple[int, int, bool]] = []
        start = 0
        for k in range(1, len(raw) + 1):
            if k == len(raw) or is_cjk(raw[k]) != is_cjk(raw[start]):
                runs.append((start, k, is_cjk(raw[start])))
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
