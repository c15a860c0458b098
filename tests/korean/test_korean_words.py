"""Korean words: where the content ends, which words are grammar only, and evidence helpers."""

from __future__ import annotations

import pytest

from search_index.analysis import Analyzer
from search_index.analysis.korean import (
    LIGHT,
    eojeol_spans,
    is_function_phrase,
    is_function_word,
    snap_span,
)


def content(word: str) -> str:
    return word[: LIGHT.content_length(word)]


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("공무원은", "공무원"),
        ("공무원이", "공무원"),
        ("공무원의", "공무원"),
        ("대통령령으로", "대통령령"),
        ("육아휴직을", "육아휴직"),
        ("북한이", "북한"),
        ("국가가", "국가"),
        ("대응하여", "대응"),
        ("국제적인", "국제적"),
        ("원은", "원"),
        ("EU가", "EU"),
        ("DPRK의", "DPRK"),
        ("EU측의", "EU"),
        ("27개국의", "27개국"),
    ],
)
def test_particles_and_endings_come_off(word: str, stem: str) -> None:
    assert content(word) == stem


@pytest.mark.parametrize(
    "word",
    ["국가", "회의", "한반도", "정상회의", "민주주의", "전문가", "우크라이나", "벨기에", "10만"],
)
def test_words_that_only_look_like_they_end_in_a_particle_keep_it(word: str) -> None:
    assert content(word) == word


def test_grammar_words_and_phrases() -> None:
    assert is_function_word("있다") and is_function_word("것을") and is_function_word("하여야")
    assert not is_function_word("수도") and not is_function_word("대통령")
    assert is_function_phrase("하여야 한다")
    assert is_function_phrase("수 있다")
    assert is_function_phrase("에는")
    assert is_function_phrase("- 10 -")  # a page number says nothing either
    assert not is_function_phrase("에는 대통령")
    assert not is_function_phrase("North Korea")


def test_spans_snap_to_whole_words_without_their_particle() -> None:
    text = "제75조 대통령은 대통령령으로 정한다"
    start = text.index("령령")
    assert text[slice(*snap_span(text, start, start + 2))] == "대통령령"
    start = text.index("통령은")
    assert text[slice(*snap_span(text, start, start + 2))] == "대통령"
    start = text.index("대통령은")
    assert text[slice(*snap_span(text, start, start + 4))] == "대통령"  # not its particle
    assert snap_span("같다)를", 3, 4) == (3, 3)  # a particle alone is no wording
    english = "North Korea's missiles"
    assert snap_span(english, 0, 11) == (0, 11)  # only Korean words are snapped
    assert [text[a:b] for a, b in eojeol_spans(text)] == [
        "제75조",
        "대통령은",
        "대통령령으로",
        "정한다",
    ]


def test_a_query_word_with_a_particle_has_the_terms_of_the_bare_word() -> None:
    analyzer = Analyzer()
    bare = analyzer.terms("공무원")
    for form in ("공무원은", "공무원이", "공무원의", "공무원을"):
        assert analyzer.terms(form) == bare
    # A one-syllable word with a particle is a marked term, never a pair inside another word.
    assert analyzer.terms("원은") == [".원"]
    assert ".원" not in {t.term for t in analyzer.tokens("법원은 국회의원은 자원은")}
    # Grammar only: no terms at all, as English stop words.
    assert analyzer.terms("하여야 한다") == [] and analyzer.terms("수 있다") == []
