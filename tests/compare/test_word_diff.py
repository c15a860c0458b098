"""The word diff: what was inserted, deleted and changed, what both say, exact spans."""

from __future__ import annotations

import time

import pytest

from search_index import bundled_texts_dir, load_corpus
from search_index.analysis import AliasTable, Analyzer
from search_index.compare import WordDiff, diff_passages, diff_texts, render_wdiff
from search_index.session import Session


@pytest.fixture(scope="module")
def session() -> Session:
    return Session.open(load_corpus([bundled_texts_dir()]))


def _pieces(left: str, right: str, analyzer: Analyzer) -> list[tuple[str, str, str]]:
    return [(p.kind, p.left, p.right) for p in diff_texts(left, right, analyzer)]


def _check_spans(left: str, right: str, analyzer: Analyzer) -> None:
    for piece in diff_texts(left, right, analyzer):
        if piece.left_span is not None:
            assert left[slice(*piece.left_span)] == piece.left
        else:
            assert piece.left == "" and piece.kind == "insert"
        if piece.right_span is not None:
            assert right[slice(*piece.right_span)] == piece.right
        else:
            assert piece.right == "" and piece.kind == "delete"


def test_bundled_pair_more_and_than_ever_inserted_closely_intertwined_shared(session):
    diff = session.diff("kim-gunn-eu-psc:2", "borrell-cho-dprk-russia:4")
    inserted = [p.right for p in diff.pieces if p.kind == "insert"]
    equal = [p.right for p in diff.pieces if p.kind == "equal"]
    assert "more" in inserted and "than ever" in inserted
    assert "closely intertwined" in equal
    assert ("match", "Europe", "European") in [(p.kind, p.left, p.right) for p in diff.pieces]
    left = session.corpus.passage("kim-gunn-eu-psc:2").text
    right = session.corpus.passage("borrell-cho-dprk-russia:4").text
    _check_spans(left, right, session.analyzer)
    plain = render_wdiff(diff, left, right)
    assert "{+more+} closely intertwined {+than ever+}" in plain
    assert "[-region-]" in plain


def test_alias_names_are_a_match_not_a_change(session):
    left = "We condemn North Korea for the launch."
    right = "We condemn the DPRK for the launch."
    pieces = _pieces(left, right, session.analyzer)
    assert ("match", "North Korea", "DPRK") in pieces
    assert not [p for p in pieces if p[0] in ("replace", "delete")]
    _check_spans(left, right, session.analyzer)
    assert "North" not in render_wdiff(
        WordDiff("a", "b", diff_texts(left, right, session.analyzer)), left, right
    )


def test_case_and_punctuation_changes_are_not_word_changes():
    analyzer = Analyzer(AliasTable())
    left = "The security of Europe, and Asia is non-proliferation."
    right = "the Security of europe and asia is: nonproliferation!"
    assert [p[0] for p in _pieces(left, right, analyzer)] == ["equal"]
    _check_spans(left, right, analyzer)


def test_inserted_deleted_and_changed_words_are_marked():
    analyzer = Analyzer(AliasTable())
    left = "Ministers strongly condemned the launch on Tuesday."
    right = "Ministers condemned the missile launch on Friday."
    pieces = _pieces(left, right, analyzer)
    assert ("delete", "strongly", "") in pieces
    assert ("insert", "", "missile") in pieces
    assert ("replace", "Tuesday", "Friday") in pieces
    diff = WordDiff("a", "b", diff_texts(left, right, analyzer))
    assert (diff.deleted, diff.inserted, diff.changed) == (1, 1, 1)
    assert render_wdiff(diff, left, right) == (
        "Ministers [-strongly-] condemned the {+missile+} launch on [-Tuesday-]{+Friday+}."
    )
    coloured = render_wdiff(diff, left, right, ansi=True)
    assert "\033[1;32mmissile\033[0m" in coloured and "[-" not in coloured


def test_stems_match_only_where_the_run_around_them_matches():
    analyzer = Analyzer(AliasTable())
    pieces = _pieces("the attack on Europe today", "the attacks on European soil", analyzer)
    assert ("match", "attack", "attacks") in pieces or (
        "equal",
        "the attack on",
        "the attacks on",
    ) in pieces
    assert ("match", "Europe", "European") in pieces
    # In a rewritten sentence a shared stem is chance, not a match.
    rewritten = _pieces(
        "Ministers discussed securing matters at length with partners",
        "Security officials agreed to meet next spring in Seoul",
        analyzer,
    )
    assert [k for k, _, _ in rewritten] == ["replace"]


def test_spans_are_exact_on_hostile_text():
    analyzer = Analyzer(AliasTable())
    left = "<script>alert(1)</script> & [bold]x[/bold] \x1b[31mred café"
    right = "<b>alert(2)</b> &amp; [/] red cafés naïve"
    _check_spans(left, right, analyzer)
    plain = render_wdiff(WordDiff("a", "b", diff_texts(left, right, analyzer)), left, right)
    assert "\x1b" not in plain and "</b> &amp; [/] red" in plain


def test_empty_and_identical_texts():
    analyzer = Analyzer(AliasTable())
    assert diff_texts("", "", analyzer) == ()
    assert _pieces("", "new words", analyzer) == [("insert", "", "new words")]
    assert _pieces("old words", "", analyzer) == [("delete", "old words", "")]
    assert _pieces("same words", "same words", analyzer) == [("equal", "same words", "same words")]


def test_json_has_counts_and_pieces(session):
    data = session.diff("kim-gunn-eu-psc:2", "borrell-cho-dprk-russia:4").to_json()
    assert data["left"] == "kim-gunn-eu-psc:2"
    assert data["counts"]["inserted"] >= 3
    assert {"kind", "left", "right", "left_span", "right_span"} <= set(data["pieces"][0])


def test_unknown_passage_is_a_key_error(session):
    with pytest.raises(KeyError):
        session.diff("kim-gunn-eu-psc:2", "nope:1")


def test_a_huge_passage_is_cut_not_hung():
    analyzer = Analyzer(AliasTable())
    from search_index.corpus import Passage

    words = " ".join(f"w{k}" for k in range(30_000))
    left = Passage("a:1", "a", 1, words, 0, 1)
    right = Passage("b:1", "b", 1, words + " more", 0, 1)
    started = time.monotonic()
    diff = diff_passages(left, right, analyzer)
    assert diff.truncated
    assert time.monotonic() - started < 60  # a generous hang guard, not a timing assertion
