"""Aligning two texts word by word: the units compared and how changed stretches pair up.

The reasons for each rule are in word_diff's docstring; this module holds the mechanics, so
the diff's data (Piece, WordDiff) and its renderers stay short.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, NamedTuple

from ..analysis import Analyzer
from ..analysis.words import HYPHENS, STOP_WORDS, WORD, normalise_word, surface

MAX_DIFF_WORDS = 20_000
"""Words of each passage compared; a longer passage's tail is left out (`WordDiff.truncated`)
so a one-paragraph 10 MB file cannot hang a command."""
SMALL_CHANGE = 3
"""A changed stretch with at most this many words on its shorter side is paired word by word."""
MIN_PREFIX_STEM = 4
"""A stem this long or longer may match a longer stem it starts ("europ" / "european")."""

CLAUSE_BREAKS = frozenset(".,;:!?")
CHANCE_RUN = 2
BIG_CHANGE = 2
"""Runs of at most CHANCE_RUN function words between two changes of BIG_CHANGE words or more
are folded into the change: "the" or "that" in two rewritten sentences match by chance."""

KINDS = ("equal", "match", "delete", "insert", "replace")


@dataclass(frozen=True, slots=True)
class Piece:
    """One stretch of the diff: text in each passage and exact character spans into it."""

    kind: str
    """'equal', 'match' (alias, stem or similar wording: counted equal but written
    differently), 'delete' (left only), 'insert' (right only) or 'replace' (changed)."""
    left: str
    right: str
    left_span: tuple[int, int] | None
    right_span: tuple[int, int] | None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "left": self.left,
            "right": self.right,
            "left_span": list(self.left_span) if self.left_span else None,
            "right_span": list(self.right_span) if self.right_span else None,
        }


class _Unit(NamedTuple):
    """A word, or a whole alias phrase, with what it is compared on."""

    key: str
    stem: str
    start: int
    end: int
    stop: bool


def _marks_end(text: str, end: int) -> int:
    """The end of a word taken past the combining marks after it ("e" + U+0301), so a span
    never cuts a letter from its accent."""
    while end < len(text) and unicodedata.category(text[end]) in ("Mn", "Mc", "Me"):
        end += 1
    return end


def _key(word: str) -> str:
    """What a word is compared on: its surface form, composed (NFC), so "café" written with a
    combining accent is the same word."""
    return surface(unicodedata.normalize("NFC", word))


def _units(text: str, analyzer: Analyzer, limit: int) -> tuple[list[_Unit], bool]:
    """The words of a text; alias phrases joined into one unit keyed by their alias term."""
    aliases = {
        t.start: (t.end, t.term) for t in analyzer.tokens(text, mode="query") if t.kind == "alias"
    }
    units: list[_Unit] = []
    alias_end = -1
    for match in WORD.finditer(text):
        start, end = match.span()
        if start < alias_end:
            continue  # inside an alias phrase already taken
        if start in aliases:
            alias_end, term = aliases[start]
            # The stem of the words written, so "Europe" (an alias) and "European" (none)
            # can still pair as similar wording.
            stem = " ".join(normalise_word(w) for w in WORD.findall(text[start:alias_end]))
            units.append(_Unit(term, stem or term, start, alias_end, False))
        else:
            end = _marks_end(text, end)
            word = unicodedata.normalize("NFC", text[start:end])
            key = _key(word)
            units.append(_Unit(key, normalise_word(word), start, end, key in STOP_WORDS))
        if len(units) > limit:
            units.pop()
            return units, True
    return units, False


def _stem_like(a: _Unit, b: _Unit) -> bool:
    """One stem, or one stem starting the other (Europe / European): similar wording.
    Content words only: "the" and "to" are everywhere."""
    if a.stop or b.stop:
        return False
    if a.stem == b.stem:
        return bool(a.stem)
    short, long = sorted((a.stem, b.stem), key=len)
    return len(short) >= MIN_PREFIX_STEM and long.startswith(short)


class _Builder:
    """Collects pieces, joining neighbours of one kind into one run."""

    def __init__(self, left: str, right: str) -> None:
        self.left, self.right = left, right
        self.pieces: list[Piece] = []

    def add(self, kind: str, lu: list[_Unit], ru: list[_Unit]) -> None:
        if not lu and not ru:
            return
        last = self.pieces[-1] if self.pieces else None
        ls = (lu[0].start, lu[-1].end) if lu else None
        rs = (ru[0].start, ru[-1].end) if ru else None
        if last is not None and last.kind == kind and kind != "match":
            ls = (last.left_span[0], ls[1]) if ls and last.left_span else ls or last.left_span
            rs = (last.right_span[0], rs[1]) if rs and last.right_span else rs or last.right_span
            self.pieces.pop()
        self.pieces.append(
            Piece(
                kind,
                self.left[ls[0] : ls[1]] if ls else "",
                self.right[rs[0] : rs[1]] if rs else "",
                ls,
                rs,
            )
        )


def _same_words(text_a: str, text_b: str) -> bool:
    return [_key(w) for w in WORD.findall(text_a)] == [_key(w) for w in WORD.findall(text_b)]


def _equal_run(out: _Builder, lu: list[_Unit], ru: list[_Unit]) -> None:
    """Units with one key: equal, except alias names written differently (a match)."""
    for a, b in zip(lu, ru, strict=True):
        alias = a.key.startswith("§")
        if alias and not _same_words(out.left[a.start : a.end], out.right[b.start : b.end]):
            out.add("match", [a], [b])
        else:
            out.add("equal", [a], [b])


def _leftover(out: _Builder, lu: list[_Unit], ru: list[_Unit]) -> None:
    """Words nothing matched. A few words against a few: paired kind with kind (function /
    content), the rest inserted or deleted ("is" -> "regions are more": "are" for "is",
    "regions" and "more" inserted). Longer stretches are one change: pairing a rewritten
    sentence word by word only scatters noise."""
    if not lu or not ru:
        out.add("delete", lu, [])
        out.add("insert", [], ru)
        return
    if min(len(lu), len(ru)) > SMALL_CHANGE:
        out.add("replace", lu, ru)
        return
    if len(lu) == len(ru):
        _pairwise(out, lu, ru)
        return
    matcher = SequenceMatcher(None, [u.stop for u in lu], [u.stop for u in ru], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            _pairwise(out, lu[i1:i2], ru[j1:j2])
        else:
            out.add("delete", lu[i1:i2], [])
            out.add("insert", [], ru[j1:j2])


def _pairwise(out: _Builder, lu: list[_Unit], ru: list[_Unit]) -> None:
    """Words paired one to one: changed, unless one word is paired with itself ("and" beside
    two changes is the same "and", never [-and-]{+and+})."""
    for a, b in zip(lu, ru, strict=True):
        if a.key == b.key:
            _equal_run(out, [a], [b])
        else:
            out.add("replace", [a], [b])


MAX_PARTS = 4
"""A hyphenated word matches up to this many words written apart ("state-of-the-art")."""
MAX_CANDIDATES = 50
"""Places one hyphenated word is looked for on the other side (a word repeated 10,000 times
in a long stretch must not make 10,000 x 10,000 pairs)."""


def _hyphen_pairs(
    out: _Builder, lu: list[_Unit], ru: list[_Unit]
) -> list[tuple[int, int, int, int]]:
    """(i1, i2, j1, j2), in order: a hyphenated word on one side written as separate words on
    the other ("Indo-Pacific" / "Indo Pacific", "state-of-the-art" / "state of the art"): a
    hyphen is punctuation, not a change. Looked up by the words as written, joined, so a long
    stretch costs a few dictionary look-ups per word; the single word must have a hyphen
    ("into" is not "in to")."""

    def written(unit: _Unit, text: str) -> str:
        return _key(text[unit.start : unit.end]).replace(" ", "")

    def runs(units: list[_Unit], text: str) -> dict[str, list[tuple[int, int]]]:
        keys = [written(u, text) for u in units]
        found: dict[str, list[tuple[int, int]]] = {}
        for j in range(len(units)):
            for k in range(1, MAX_PARTS + 1):
                if j + k <= len(units):
                    found.setdefault("".join(keys[j : j + k]), []).append((j, k))
        return found

    def hyphenated(unit: _Unit, text: str) -> bool:
        return bool(HYPHENS.search(text[unit.start : unit.end]))

    right_runs, left_runs = runs(ru, out.right), runs(lu, out.left)
    candidates: list[tuple[int, int, int, int]] = []
    for i, unit in enumerate(lu):
        if hyphenated(unit, out.left):
            found = right_runs.get(written(unit, out.left), ())[:MAX_CANDIDATES]
            candidates.extend((i, i + 1, a, a + k) for a, k in found)
    for j, unit in enumerate(ru):
        if hyphenated(unit, out.right):
            found = left_runs.get(written(unit, out.right), ())[:MAX_CANDIDATES]
            candidates.extend((a, a + k, j, j + 1) for a, k in found)
    pairs: list[tuple[int, int, int, int]] = []
    end_i = end_j = 0
    for pair in sorted(candidates):  # in order on both sides, first come first taken
        if pair[0] >= end_i and pair[2] >= end_j:
            pairs.append(pair)
            end_i, end_j = pair[1], pair[3]
    return pairs


def _changed(out: _Builder, lu: list[_Unit], ru: list[_Unit]) -> None:
    """A stretch whose words differ: hyphenated words written apart, then stem matches (in
    order), then the leftovers."""
    pairs = _hyphen_pairs(out, lu, ru)
    i = j = 0
    for i1, i2, j1, j2 in pairs:
        _changed_words(out, lu[i:i1], ru[j:j1])
        out.add("match", lu[i1:i2], ru[j1:j2])
        i, j = i2, j2
    _changed_words(out, lu[i:], ru[j:])


def _changed_words(out: _Builder, lu: list[_Unit], ru: list[_Unit]) -> None:
    """Stem matches first (in order), then the leftovers."""
    # Longest in-order pairing of similar words (an LCS), only in a short stretch, so the
    # rest of the run around it matched: a rewritten sentence shares stems by chance.
    n, m = len(lu), len(ru)
    if min(n, m) > SMALL_CHANGE:
        _leftover(out, lu, ru)
        return
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below = best[i], best[i + 1]
        for j in range(m - 1, -1, -1):
            if _stem_like(lu[i], ru[j]):
                row[j] = below[j + 1] + 1
            else:
                row[j] = max(below[j], row[j + 1])
    i = j = 0
    li = lj = 0
    while i < n and j < m:
        if _stem_like(lu[i], ru[j]) and best[i][j] == best[i + 1][j + 1] + 1:
            _leftover(out, lu[li:i], ru[lj:j])
            out.add("match", [lu[i]], [ru[j]])
            i += 1
            j += 1
            li, lj = i, j
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    _leftover(out, lu[li:], ru[lj:])


def _breaks(text: str) -> bool:
    """Whether the text between two words ends a clause (a full stop, comma, colon...)."""
    return any(ch in CLAUSE_BREAKS for ch in text)


def _clause_head(units: list[_Unit], text: str) -> int:
    """How many units open the stretch before its first clause break."""
    for k in range(1, len(units)):
        if _breaks(text[units[k - 1].end : units[k].start]):
            return k
    return len(units)


def _blocks(lu: list[_Unit], ru: list[_Unit]) -> list[tuple[bool, int, int, int, int]]:
    """difflib's opcodes as (equal?, i1, i2, j1, j2), with short runs of function words
    between two changes ("the", "that") folded into the change: they are chance matches."""
    matcher = SequenceMatcher(None, [u.key for u in lu], [u.key for u in ru], autojunk=False)
    merged: list[tuple[bool, int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        code = (tag == "equal", i1, i2, j1, j2)
        if not code[0] and len(merged) >= 2 and merged[-1][0] and not merged[-2][0]:
            _, e1, e2, _, _ = merged[-1]
            chance = e2 - e1 <= CHANCE_RUN and all(u.stop for u in lu[e1:e2])
            if chance and _size(merged[-2]) >= BIG_CHANGE and _size(code) >= BIG_CHANGE:
                merged.pop()
        if merged and not code[0] and not merged[-1][0]:
            last = merged.pop()
            code = (False, last[1], code[2], last[3], code[4])
        merged.append(code)
    return merged


def _size(code: tuple[bool, int, int, int, int]) -> int:
    return max(code[2] - code[1], code[4] - code[3])


def align(left: str, right: str, analyzer: Analyzer) -> tuple[tuple[Piece, ...], bool]:
    """The pieces of the word diff of two texts, and whether a text was cut (too long)."""
    lu, cut_left = _units(left, analyzer, MAX_DIFF_WORDS)
    ru, cut_right = _units(right, analyzer, MAX_DIFF_WORDS)
    out = _Builder(left, right)
    previous: tuple[int, int] | None = None
    for equal, i1, i2, j1, j2 in _blocks(lu, ru):
        a, b = lu[i1:i2], ru[j1:j2]
        if equal:
            _equal_run(out, a, b)
            previous = (a[-1].end, b[-1].end)
            continue
        if previous is not None and a and b:
            # One side ends a sentence where the other goes on ("intertwined. He said" /
            # "intertwined than ever, and"): the words that go on are an insertion (or a
            # deletion), and only the rest is a change.
            left_break = _breaks(left[previous[0] : a[0].start])
            right_break = _breaks(right[previous[1] : b[0].start])
            if left_break and not right_break:
                head = _clause_head(b, right)
                out.add("insert", [], b[:head])
                b = b[head:]
            elif right_break and not left_break:
                head = _clause_head(a, left)
                out.add("delete", a[:head], [])
                a = a[head:]
        _changed(out, a, b)
    return tuple(out.pieces), cut_left or cut_right
