"""Review of issue 14's word diff: the bugs found by using it, one test each, and properties.

The summary names both sides of a changed stretch, deletions sit after the punctuation they
followed, accents written as combining marks and hyphenated words written apart compare
equal, a word between two changes is never changed into itself; every piece's span is its
text, and the later passage can be rebuilt from the segments.
"""

from __future__ import annotations

import json

from console import xref
from hypothesis import given, settings
from hypothesis import strategies as st

from search_index import bundled_texts_dir, load_corpus
from search_index.analysis.words import WORD
from search_index.compare import WordDiff, diff_segments, diff_texts, render_wdiff
from search_index.session import Session

PAIR = ("kim-gunn-eu-psc:2", "borrell-cho-dprk-russia:4")
SESSION = Session.open(load_corpus([bundled_texts_dir()]))


def _wdiff(left: str, right: str) -> str:
    diff = WordDiff("a", "b", diff_texts(left, right, SESSION.analyzer))
    return render_wdiff(diff, left, right)


# -- the word diff ---------------------------------------------------------------------------


def test_summary_names_both_sides_of_the_changed_words(tmp_path):
    result = xref("diff", *PAIR, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    # 80 words of the January passage were rewritten as 23 of November's (36 words in all):
    # "80 changed" alone read as if November had 80 words changed.
    assert (
        result.stdout.splitlines()[2] == "9 words shared, 4 inserted, 1 deleted, 80 changed into 23"
    )
    counts = json.loads(xref("diff", *PAIR, "--json", cwd=tmp_path).stdout)["counts"]
    assert (counts["changed"], counts["changed_right"]) == (80, 23)


def test_a_deleted_sentence_comes_after_the_full_stop_it_followed():
    assert _wdiff("The cat sat. The dog ran.", "The cat sat.") == "The cat sat. [-The dog ran-]"
    assert _wdiff("Hi there. Bye now. End.", "Hi there. End.") == "Hi there. [-Bye now-] End."
    assert _wdiff("Open; closed now.", "Open; shut.") == "Open; [-closed-]{+shut+} [-now-]."
    # Punctuation the right passage does not share stays where it was.
    assert _wdiff("We stop, now.", "We stop.") == "We stop [-now-]."


def test_an_accent_written_as_a_combining_mark_is_the_same_word():
    left, right = "cafe\u0301 au lait", "café au lait"
    pieces = diff_texts(left, right, SESSION.analyzer)
    assert [(p.kind, p.left, p.right) for p in pieces] == [("equal", left, right)]
    # The span keeps the accent with its letter.
    assert left[slice(*pieces[0].left_span)] == left


def test_a_hyphenated_word_written_apart_is_not_a_change():
    assert _wdiff("a state-of-the-art policy", "a state of the art policy") == (
        "a state of the art policy"
    )
    assert _wdiff("the Indo Pacific region", "the Indo-Pacific region") == "the Indo-Pacific region"
    assert _wdiff("a long-term plan", "a long term plan") == "a long term plan"
    # Only a hyphen makes one word of several: "into" is not "in to".
    assert _wdiff("go into town", "go in to town") == "go [-into-]{+in+} {+to+} town"


def test_a_word_between_two_changes_is_never_changed_into_itself():
    left, right = "the Indo-Pacific and Euro-Atlantic", "Indo Pacific and the Euro Atlantic"
    pieces = [(p.kind, p.left, p.right) for p in diff_texts(left, right, SESSION.analyzer)]
    assert ("equal", "and", "and") in pieces
    assert _wdiff(left, right) == "[-the-] Indo Pacific and {+the+} Euro Atlantic"


WORDS = st.sampled_from(
    [
        "Indo-Pacific",
        "Indo",
        "Pacific",
        "and",
        "North Korea",
        "DPRK",
        "Europe",
        "European",
        "regions",
        "is",
        "are",
        "the",
        "more",
        "북한은",
        "북한이",
        "미사일을",
        "발사했다",
        "U.S.",
        "non-proliferation",
        "state-of-the-art",
        "cafe\u0301",
        "café",
        "<script>",
        "&amp;",
        "[/]",
        "[@click=quit]",
        "*star*",
        "`tick`",
        "👍🏽",
        "🇰🇷",
        "x\u0301\u0302",
        "ǅ",
        "İstanbul",
        "ﬁne",
        "1.",
        "2024-01-23",
    ]
)


GAPS = st.sampled_from([" ", "  ", ", ", ". ", "; ", " - ", "\n", " (", ") ", '"', " | "])


@st.composite
def worded(draw: st.DrawFn) -> list[tuple[str, str]]:
    """Words, each with what follows it (a space, punctuation, a line break)."""
    return [(draw(WORDS), draw(GAPS)) for _ in range(draw(st.integers(0, 14)))]


def _text(pairs: list[tuple[str, str]]) -> str:
    return "".join(word + gap for word, gap in pairs)


@settings(max_examples=300, deadline=None)
@given(worded(), worded())
def test_property_pieces_are_exact_and_rebuild_both_sides(left_words, right_words):
    left, right = _text(left_words), _text(right_words)
    pieces = diff_texts(left, right, SESSION.analyzer)
    for side, text in (("left", left), ("right", right)):
        spans = [getattr(p, f"{side}_span") for p in pieces]
        cursor = 0
        for piece, span in zip(pieces, spans, strict=True):
            if span is None:
                assert getattr(piece, side) == ""
                assert piece.kind == ("insert" if side == "left" else "delete")
                continue
            assert text[slice(*span)] == getattr(piece, side)
            assert span[0] >= cursor and span[1] > span[0]  # in order, never overlapping
            cursor = span[1]
        # No word of the text is left out of the pieces (a Korean particle after an alias
        # stays outside its span, but its word starts inside).
        for word in WORD.finditer(text):
            assert any(s is not None and s[0] <= word.start() < s[1] for s in spans), word
    # A piece is never "changed" into the very same words ([-and-]{+and+}).
    for piece in pieces:
        if piece.kind == "replace":
            assert _keys(piece.left) != _keys(piece.right), piece
    diff = WordDiff("a", "b", pieces)
    for left_text in (None, left):
        segments = diff_segments(diff, right, left_text)
        # The later passage, in order, whitespace aside (a deletion gets a space of its own).
        rebuilt = "".join(t for k, t in segments if k != "delete")
        assert "".join(rebuilt.split()) == "".join(right.split())
        deleted = [t for k, t in segments if k == "delete"]
        assert deleted == [p.left for p in pieces if p.kind in ("delete", "replace")]


def _keys(text: str) -> list[str]:
    return [w.casefold() for w in WORD.findall(text)]


OTHER_GAP = {", ": ". ", ". ": "; ", "; ": ": ", " (": " [", ") ": "] ", " | ": " / "}


@settings(max_examples=150, deadline=None)
@given(worded())
def test_property_case_and_punctuation_alone_are_never_word_changes(pairs):
    left = _text(pairs)
    # A capital gained or lost (a sentence start); acronyms keep theirs ("US" is not "us").
    right = _text(
        [w if w.isupper() or not w[0].isascii() else w[0].swapcase() + w[1:], OTHER_GAP.get(g, g)]
        for w, g in pairs
    )
    kinds = {p.kind for p in diff_texts(left, right, SESSION.analyzer)}
    assert kinds <= {"equal", "match"}, (left, right)
