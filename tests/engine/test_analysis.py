"""The shared analyser: what a query, a theme rule and a link all see."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search_index import bundled_texts_dir, load_corpus
from search_index.analysis import Analyzer
from search_index.analysis.aliases import AliasTable, load_aliases, parse_aliases
from search_index.session import Session


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Session.open(load_corpus([bundled_texts_dir()])).analyzer


def test_alias_names_share_one_term(analyzer: Analyzer) -> None:
    names = ["DPRK", "North Korea", "Democratic People's Republic of Korea", "north korea's"]
    assert {analyzer.terms(name)[0] for name in names} == {"§dprk"}
    assert analyzer.terms("the Republic of Korea") == analyzer.terms("ROK") == ["§rok"]
    assert analyzer.terms("UN Security Council") == analyzer.terms("UNSC") == ["§unsc"]
    assert analyzer.terms("the United Nations Security Council") == ["§unsc"]


def test_alias_span_covers_the_words_written(analyzer: Analyzer) -> None:
    text = "Cooperation between Russia and North Korea’s regime"
    alias = [t for t in analyzer.tokens(text) if t.term == "§dprk"]
    assert [text[t.start : t.end] for t in alias] == ["North Korea’s"]


def test_index_mode_keeps_component_words_at_the_alias_position(analyzer: Analyzer) -> None:
    tokens = analyzer.tokens("North Korea sanctions")
    assert {(t.term, t.pos) for t in tokens} >= {("§dprk", 0), ("korea", 0), ("sanction", 1)}
    query = analyzer.tokens("North Korea sanctions", mode="query")
    assert [(t.term, t.pos) for t in query] == [("§dprk", 0), ("sanction", 1)]


def test_stemming_is_snowball(analyzer: Analyzer) -> None:
    assert len({analyzer.terms(w)[0] for w in ["violation", "violations", "violates"]}) == 1
    assert analyzer.terms("running") == analyzer.terms("run")


def test_spelling_and_hyphen_variants_fold(analyzer: Analyzer) -> None:
    assert analyzer.terms("non-proliferation") == analyzer.terms("nonproliferation")
    assert analyzer.terms("programmes") == analyzer.terms("programs")
    assert analyzer.terms("jeopardise") == analyzer.terms("jeopardize")
    assert analyzer.terms("exercise") != analyzer.terms("exercize")  # -ise is not a suffix here


def test_hyphen_parts_are_searchable(analyzer: Analyzer) -> None:
    terms = {t.term for t in analyzer.tokens("ballistic missile-related technology")}
    assert {"missil", "relat"} <= terms
    dprk = [t for t in analyzer.tokens("DPRK-Russia cooperation") if t.term == "§dprk"]
    assert [(t.start, t.end) for t in dprk] == [(0, 4)]


def test_stop_words_dropped_but_acronyms_kept(analyzer: Analyzer) -> None:
    assert analyzer.terms("the IT workers") == ["it", "worker"]
    assert analyzer.terms("it works for us") == ["work"]
    assert analyzer.terms("US sanctions") == ["§usa", "sanction"]


def test_korean_particles_are_found_by_bigrams(analyzer: Analyzer) -> None:
    query = analyzer.terms("대한민국")
    text = analyzer.terms("대한민국은 유럽연합과")
    assert query == ["대한", "한민", "민국"]
    assert text[:3] == query


def test_a_soft_hyphen_is_invisible(analyzer: Analyzer) -> None:
    text = "the non\u00adproliferation regime of pro\u00adlif\u00ad\u00aderation"
    assert analyzer.terms(text) == analyzer.terms("the nonproliferation regime of proliferation")
    words = [text[t.start : t.end] for t in analyzer.tokens(text)]
    assert words == ["non\u00adproliferation", "regime", "pro\u00adlif\u00ad\u00aderation"]
    assert analyzer.terms("Russian Fede\u00adration") == ["§russia"]


def test_other_scripts_are_tokenised(analyzer: Analyzer) -> None:
    assert analyzer.terms("Россия и КНДР") == ["россия", "и", "кндр"]


def test_bad_alias_rules_are_reported_with_line_and_skipped(tmp_path: Path) -> None:
    text = (
        "aliases:\n"
        "  good:\n    - Alpha Land\n    - AL\n"
        "  Bad Id:\n    - x\n    - y\n"
        "  lonely:\n    - only one\n"
        "  notalist: just text\n"
    )
    table, problems = parse_aliases(text, "aliases.yaml")
    assert table.groups == {"good": ["Alpha Land", "AL"]}
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [
        (5, "bad alias group id 'Bad Id'"),
        (8, "alias group 'lonely' needs at least two names"),
        (10, "alias group 'notalist' needs a list of names"),
    ]
    broken = tmp_path / "aliases.yaml"
    broken.write_text("aliases: [unclosed\n", encoding="utf-8")
    loaded = load_aliases([broken])
    assert len(loaded.problems) == 1 and "not valid YAML" in loaded.problems[0].message


def test_yaml_bombs_and_tags_are_refused() -> None:
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\naliases: {g: [*b, *b]}\n"
    _, problems = parse_aliases(bomb, "aliases.yaml")
    assert problems and "aliases (*name) are not allowed" in problems[0].message
    _, problems = parse_aliases("aliases: !!python/object/apply:os.getcwd []\n", "a.yaml")
    assert problems and "unsupported YAML tag" in problems[0].message


def test_corpus_folder_aliases_extend_the_bundled_ones(tmp_path: Path) -> None:
    (tmp_path / "aliases.yaml").write_text(
        "aliases:\n  ukraine:\n    - Ukraine\n    - Ukrainian Republic\n", encoding="utf-8"
    )
    corpus = load_corpus([tmp_path])
    analyzer = Session.open(corpus).analyzer
    assert analyzer.terms("Ukrainian Republic") == analyzer.terms("Ukraine")
    assert analyzer.terms("North Korea") == ["§dprk"]


def test_version_changes_with_aliases() -> None:
    first = Analyzer(AliasTable({"a": ["Alpha", "A1"]}))
    second = Analyzer(AliasTable({"a": ["Alpha", "A2"]}))
    assert first.version != second.version


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200))
def test_every_span_lies_in_the_text_and_positions_ascend(text: str) -> None:
    analyzer = Analyzer(AliasTable({"dprk": ["DPRK", "North Korea"]}))
    for mode in ("index", "query"):
        tokens = analyzer.tokens(text, mode=mode)
        positions = [t.pos for t in tokens]
        assert positions == sorted(positions)
        for token in tokens:
            assert 0 <= token.start < token.end <= len(text)
            assert token.term
        if mode == "query":
            assert len(set(positions)) == len(positions)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from(["North", "Korea", "DPRK", "the", "sanctions", "’s", " ", "-"])),
)
def test_alias_spans_are_exactly_an_alias_name(words: list[str]) -> None:
    text = " ".join(words)
    analyzer = Analyzer(AliasTable({"dprk": ["DPRK", "North Korea"]}))
    for token in analyzer.tokens(text):
        if token.kind == "alias":
            written = text[token.start : token.end]
            assert analyzer.alias_term(written.removesuffix("’s").removesuffix(" ’s")) == "§dprk"
