"""Word diff of two passages: what was inserted, deleted or changed, and what both say.

Why difflib and no diff library: the passages are paragraphs, a few hundred words, and
`difflib.SequenceMatcher` on word keys aligns the two bundled passages (86 and 36 words) in
90 µs; the whole diff, with the Analyzer's alias lookups any library would need too, takes
0.8 ms, and 6 ms for two 400-word texts. A library could only shave the 90 µs.

The words are compared as an analyst reads them, not as bytes:
- case and punctuation are not word changes: a word's key is its surface form (casefolded, no
  apostrophes, dots or hyphens), and the punctuation between words is never compared;
- the names of one thing are one word: an alias phrase ("North Korea", "DPRK") found by the
  Analyzer's alias table is one unit keyed by its alias term, so the two names pair as a
  "match" (counted as equal, written differently);
- within a changed stretch, words with one stem ("attack" / "attacking") or where one stem
  starts the other ("Europe" / "European") pair as a "match" too, the rest of the run around
  them having matched already;
- what is left is paired kind with kind (function words with function words, content words
  with content words) so "is" -> "are" is a change and "more" beside it an insertion.

Stop words are kept (unlike the index): "more" and "than ever" are the news in a statement.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..analysis import Analyzer
from ..analysis.words import WORD
from .align import CLAUSE_BREAKS, KINDS, MAX_DIFF_WORDS, Piece, align

if TYPE_CHECKING:
    from ..corpus import Passage

__all__ = [
    "KINDS",
    "MAX_DIFF_WORDS",
    "Piece",
    "WordDiff",
    "diff_passages",
    "diff_segments",
    "diff_texts",
    "render_wdiff",
]


def _count(text: str) -> int:
    return sum(1 for _ in WORD.finditer(text))


@dataclass(frozen=True, slots=True)
class WordDiff:
    """The diff of two passages, left (older, first) to right (newer, second)."""

    left_id: str
    right_id: str
    pieces: tuple[Piece, ...]
    truncated: bool = False
    """Whether a passage was longer than MAX_DIFF_WORDS words and its tail left out."""

    def _words(self, kinds: tuple[str, ...], side: str) -> int:
        return sum(_count(getattr(p, side)) for p in self.pieces if p.kind in kinds)

    @property
    def inserted(self) -> int:
        """Words only the right passage has (inserted pieces)."""
        return self._words(("insert",), "right")

    @property
    def deleted(self) -> int:
        """Words only the left passage has (deleted pieces)."""
        return self._words(("delete",), "left")

    @property
    def changed(self) -> int:
        """Words of the left passage replaced by other words in the right one."""
        return self._words(("replace",), "left")

    @property
    def changed_right(self) -> int:
        """Words of the right passage that replace them: 80 words may be rewritten as 23, and
        a summary naming one side only misleads (wdiff -s counts both)."""
        return self._words(("replace",), "right")

    @property
    def shared(self) -> int:
        """Words of the left passage both say (equal and match pieces)."""
        return self._words(("equal", "match"), "left")

    def to_json(self) -> dict[str, Any]:
        return {
            "left": self.left_id,
            "right": self.right_id,
            "counts": {
                "shared": self.shared,
                "inserted": self.inserted,
                "deleted": self.deleted,
                "changed": self.changed,
                "changed_right": self.changed_right,
            },
            "truncated": self.truncated,
            "pieces": [p.to_json() for p in self.pieces],
        }


def diff_texts(left: str, right: str, analyzer: Analyzer) -> tuple[Piece, ...]:
    """The pieces of the word diff of two texts, in order on both sides."""
    return align(left, right, analyzer)[0]


def diff_passages(left: Passage, right: Passage, analyzer: Analyzer) -> WordDiff:
    """The word diff of two passages (left read as the earlier)."""
    pieces, truncated = align(left.text, right.text, analyzer)
    return WordDiff(left.id, right.id, pieces, truncated)


def diff_segments(
    diff: WordDiff, right_text: str, left_text: str | None = None
) -> list[tuple[str, str]]:
    """The diff in reading order as (kind, text): the right passage's text cut into 'plain'
    (between words, and equal runs), 'match', 'insert' and, where the left had words the
    right has not, 'delete' (and 'delete' + 'insert' for a replace). A deletion gets a space
    of its own so it reads as a word. What every renderer (terminal, Markdown, HTML) walks.

    With `left_text`, a deletion that followed a full stop or a comma in the left passage
    comes after that punctuation when the right has it too ("sat. [-The dog ran-]", not
    "sat [-The dog ran-]."), where wdiff and `git diff --word-diff` place it."""
    out: list[tuple[str, str]] = []
    cursor = 0
    left_end = 0
    pieces = diff.pieces
    for k, piece in enumerate(pieces):
        if piece.right_span is None:  # a deletion: marked where it was, spaced like a word
            if left_text is not None and piece.left_span is not None:
                before = left_text[left_end : piece.left_span[0]]
                following = (p.right_span for p in pieces[k + 1 :] if p.right_span is not None)
                gap = right_text[cursor : next(following, (len(right_text),))[0]]
                lead = gap.rstrip()
                if lead.strip() == before.strip() and CLAUSE_BREAKS & set(lead):
                    out.append(("plain", lead))
                    cursor += len(lead)
            if out:
                out.append(("plain", " "))
            out.append(("delete", piece.left))
            if len(out) == 1 and right_text:
                out.append(("plain", " "))
            if piece.left_span is not None:
                left_end = piece.left_span[1]
            continue
        if piece.left_span is not None:
            left_end = piece.left_span[1]
        start, end = piece.right_span
        if start > cursor:
            out.append(("plain", right_text[cursor:start]))
        if piece.kind == "replace":
            out.append(("delete", piece.left))
            out.append(("insert", piece.right))
        elif piece.kind in ("insert", "match"):
            out.append((piece.kind, piece.right))
        else:
            out.append(("plain", piece.right))
        cursor = end
    if cursor < len(right_text):
        out.append(("plain", right_text[cursor:]))
    return out


ANSI = {
    "delete": ("\033[9;31m", "\033[0m"),
    "insert": ("\033[1;32m", "\033[0m"),
    "match": ("\033[4;36m", "\033[0m"),
}
PLAIN = {"delete": ("[-", "-]"), "insert": ("{+", "+}"), "match": ("", "")}


def render_wdiff(diff: WordDiff, left_text: str, right_text: str, *, ansi: bool = False) -> str:
    """The right passage with deletions and insertions marked in place: `[-deleted-]
    {+inserted+}` as wdiff and `git diff --word-diff` write them, or in colour (`ansi`:
    deleted red and struck through, inserted green and bold, matches underlined). Controls
    and escape sequences in the text never reach the terminal."""
    from ..corpus.cleaning import strip_controls

    marks = ANSI if ansi else PLAIN
    out = []
    for kind, text in diff_segments(diff, right_text, left_text):
        before, after = marks.get(kind, ("", ""))
        out.append(before + strip_controls(text) + after)
    return "".join(out)
