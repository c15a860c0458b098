"""Search over the bundled statements as a user sees it: which passages a query finds, what is
highlighted, and what a wrong query says."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search_index import Corpus, bundled_texts_dir, load_corpus
from search_index.index import IndexInfo, open_index, passage_rows
from search_index.search import QueryError, SearchCancelled, SearchIndex
from search_index.session import Session
from tests.engine.whoosh_reference import positions_index, run, whoosh_pids

K = "kim-gunn-eu-psc"
B = "borrell-cho-dprk-russia"
DPRK_PASSAGES = {f"{K}:{n}" for n in range(1, 6)} | {f"{B}:{n}" for n in (1, 2, 3)}
# B:1 writes "Republic of Korea" (and the DPRK's full name, which must not count); K:2 and
# K:3 write ROK, K:4 ROK-EU. B:2 and B:3 name only the DPRK.
ROK_PASSAGES = {f"{B}:1", f"{K}:2", f"{K}:3", f"{K}:4"}
EU_PASSAGES = {f"{K}:1", f"{K}:3", f"{K}:4"}  # K:1 both names, K:3 EU's, K:4 ROK-EU
RUSSIA_PASSAGES = {f"{K}:2", f"{B}:1", f"{B}:2", f"{B}:3"}  # Russian Federation only in B:1


def open_untagged(corpus: Corpus, **options) -> tuple[SearchIndex, IndexInfo]:
    """open_index with the corpus's own analyser and no theme tags unless given."""
    return open_index(corpus, Session.open(corpus).analyzer, **options)


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    """One index of the bundled statements for the whole module, in a private cache."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XREF_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        index, _info = open_untagged(load_corpus([bundled_texts_dir()]))
        yield index
        index.close()


def found(index: SearchIndex, query: str, **kwargs) -> set[str]:
    return {hit.passage for hit in index.search(query, limit=100, **kwargs).hits}


QUERIES = [
    # aliases, both ways and in any of their names
    ("North Korea", DPRK_PASSAGES),
    ("DPRK", DPRK_PASSAGES),
    ("Democratic People's Republic of Korea", DPRK_PASSAGES),
    ('"North Korea"', DPRK_PASSAGES),
    ("north korean", DPRK_PASSAGES),
    ("Russian Federation", RUSSIA_PASSAGES),
    ('"Russian Federation"', RUSSIA_PASSAGES),
    ("Russia", RUSSIA_PASSAGES),
    ("ROK", ROK_PASSAGES),
    ("Republic of Korea", ROK_PASSAGES),
    ('"Republic of Korea"', ROK_PASSAGES),
    ("South Korea", ROK_PASSAGES),
    ("South Korean", ROK_PASSAGES),
    ("ROK DPRK", ROK_PASSAGES & DPRK_PASSAGES),
    ("EU", EU_PASSAGES),
    ("European Union", EU_PASSAGES),
    ('"European Union"', EU_PASSAGES),
    ("UNSC", {f"{K}:2", f"{B}:1", f"{B}:3"}),
    ("UN Security Council", {f"{K}:2", f"{B}:1", f"{B}:3"}),
    ("UNSC resolutions", {f"{K}:2", f"{B}:1", f"{B}:3"}),
    ("United Nations Security Council", {f"{K}:2", f"{B}:1", f"{B}:3"}),
    ("European Union headquarters", {f"{K}:1"}),
    ("North Korea sanctions", {f"{K}:5"}),
    # stemming
    ("violations", {f"{K}:2", f"{B}:1"}),
    ("violates", {f"{K}:2", f"{B}:1"}),
    ("threatening", {f"{K}:2", f"{K}:3", f"{B}:1", f"{B}:2"}),
    # hyphen and spelling variants
    ("nonproliferation", {f"{K}:5", f"{B}:2", f"{B}:3"}),
    ("non-proliferation", {f"{K}:5", f"{B}:2", f"{B}:3"}),
    ("program", {f"{K}:3", f"{B}:3"}),
    ("Indo-Pacific", {f"{K}:2", f"{B}:4"}),
    # phrases (stop words inside a phrase keep their gap)
    ('"international law"', {f"{B}:1"}),
    ('"security of Europe"', {f"{K}:2"}),
    ('"human rights situation"', {f"{K}:3", f"{K}:5"}),
    ('"rights human"', set()),
    # operators and grouping
    ("sanctions OR troops", {f"{K}:5", f"{B}:3"}),
    ("intertwined NOT Russia", {f"{B}:4"}),
    ("(sanctions OR troops) Russia", {f"{B}:3"}),
    ("intertwined -Russia", {f"{B}:4"}),
    # prefix and fuzzy
    ("intertw*", {f"{K}:2", f"{B}:4"}),
    ("intertwned~", {f"{K}:2", f"{B}:4"}),
    ("humn~ rights", {f"{K}:3", f"{K}:5"}),
    # wildcards and explicit prefixes match the words as written, not their stems
    ("violatio*", {f"{K}:2", f"{B}:1"}),
    ("viol?tion", {f"{K}:2", f"{B}:1"}),
    ("?ntertwined", {f"{K}:2", f"{B}:4"}),
    ("intertw?ned", {f"{K}:2", f"{B}:4"}),
    ("inter*ned", {f"{K}:2", f"{B}:4"}),
    ("sanc*ons", {f"{K}:5"}),
    ("*twined", {f"{K}:2", f"{B}:4"}),
    ("*ined", {f"{K}:2", f"{B}:4"}),  # intertwined, explained
    ("*yongya*", {f"{B}:2"}),
    ("de?uclear*", {f"{B}:3"}),
    ("program?e*", {f"{K}:3", f"{B}:3"}),  # programmes, indexed as program like K's program
    ("n?n-prolif*", {f"{K}:5", f"{B}:2", f"{B}:3"}),
    ("issuer:*istry intertwined", {f"{K}:2"}),
    ("title:*ean intertwined", {f"{K}:2"}),
    # field filters
    ("doc:kim-gunn-eu-psc intertwined", {f"{K}:2"}),
    ("issuer:EU DPRK", {f"{B}:1", f"{B}:2", f"{B}:3"}),
    ('issuer:"Republic of Korea" intertwined', {f"{K}:2", f"{B}:4"}),  # ROK in B's issuer
    ('issuer:"Ministry of Foreign Affairs" intertwined', {f"{K}:2"}),
    ("issuer:Ministr* intertwined", {f"{K}:2"}),
    ("issuer:Minist* intertwined", {f"{K}:2", f"{B}:4"}),  # Ministry, Minister
    ("title:DPRK-Russia", {f"{B}:{n}" for n in (1, 2, 3, 4)}),
    ('title:"Joint Statement" -title:Korean', {f"{B}:{n}" for n in (1, 2, 3, 4)}),
    ("title:Korean intertwined", {f"{K}:2"}),
    ("date:[2024-01-01 TO 2024-06-30] intertwined", {f"{K}:2"}),
    ("date:2024-11 intertwined", {f"{B}:4"}),
    ("date:2024 intertwined", {f"{K}:2", f"{B}:4"}),
    ("lang:en intertwined", {f"{K}:2", f"{B}:4"}),
    ("lang:ko intertwined", set()),
    ("lang:EN intertwined", {f"{K}:2", f"{B}:4"}),
    ("intertwined lang:[de TO fr]", {f"{K}:2", f"{B}:4"}),  # a range of language tags
    ("intertwined lang:[fr TO zh]", set()),
    ("lang:{en TO zz} intertwined", set()),
    ("date:2024-11-04 intertwined", {f"{B}:4"}),
    ("date:2024-11-05 intertwined", set()),
    ("date:[2024-06-01 TO] intertwined", {f"{B}:4"}),
    ("date:[TO 2024-06-01] intertwined", {f"{K}:2"}),
    ("date:2024* intertwined", {f"{K}:2", f"{B}:4"}),
    ("date:(2024-01 OR 2024-11) intertwined", {f"{K}:2", f"{B}:4"}),
    # nothing
    ("zebra", set()),
]


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[q for q, _ in QUERIES])
def test_query_finds_exactly_the_expected_passages(
    bundled: SearchIndex, query: str, expected: set[str]
) -> None:
    assert found(bundled, query) == expected


# Document fields (title, issuer, date, lang) are matched per document, outside Whoosh.
WHOOSH_QUERIES = [
    q for q, _ in QUERIES if not any(f"{f}:" in q for f in ("issuer", "title", "date", "lang"))
]


@pytest.fixture(scope="module")
def whoosh_positions(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """Whoosh's own index of the bundled statements, positions included (for phrases)."""
    corpus = load_corpus([bundled_texts_dir()], cache=False)
    folder = tmp_path_factory.mktemp("whoosh-positions")
    ix = positions_index(folder, Session.open(corpus).analyzer, passage_rows(corpus, None))
    with ix.searcher() as searcher:
        yield searcher


@pytest.mark.parametrize("query", [*WHOOSH_QUERIES, "Korea OR sanctions", "+DPRK Russia"])
def test_vectorised_matching_agrees_with_whoosh(
    bundled: SearchIndex, whoosh_positions, query: str
) -> None:
    reference = whoosh_pids(whoosh_positions, bundled.expanded(query))
    assert found(bundled, query) == reference
    assert bundled.search(query).total == len(reference)


@pytest.mark.parametrize(
    "query", ["North Korea", "violations", "sanctions OR troops", "Russia UNSC", "intertw*"]
)
def test_scores_are_whoosh_bm25f(bundled: SearchIndex, query: str) -> None:
    with bundled.searchers.checkout() as searcher:
        reference = run(searcher, bundled.expanded(query), 100)
    ours = bundled.search(query, limit=100)
    assert [h.score for h in ours.hits] == pytest.approx(
        sorted(s for _p, s in reference.hits)[::-1]
    )


def test_intertwined_finds_both_statements_ranked(bundled: SearchIndex) -> None:
    result = bundled.search("intertwined")
    assert result.total == 2
    assert [h.score for h in result.hits] == sorted((h.score for h in result.hits), reverse=True)
    assert all(h.score > 0 for h in result.hits)


def test_doc_argument_restricts_to_one_document(bundled: SearchIndex) -> None:
    assert found(bundled, "North Korea", doc=B) == {f"{B}:1", f"{B}:2", f"{B}:3"}
    with pytest.raises(QueryError, match="no document"):
        bundled.search("Korea", doc="no-such-doc")


def texts_of(index: SearchIndex, query: str, passage: str) -> list[str]:
    hit = next(h for h in index.search(query, limit=100).hits if h.passage == passage)
    text = index.corpus.passage(passage).text
    return [text[s:e] for s, e in hit.matches]


HIGHLIGHTS = [
    ("North Korea", f"{B}:1", ["Democratic People’s Republic of Korea’s", "DPRK", "DPRK", "DPRK"]),
    ("DPRK", f"{K}:2", ["North Korea", "North Korea"]),
    ("North Korea", f"{K}:4", ["North Korean"]),
    ("Korean", f"{K}:4", ["Korean"]),
    ("violations", f"{K}:2", ["violation"]),
    ("nonproliferation", f"{B}:2", ["non-proliferation"]),
    ("nonproliferation", f"{K}:5", ["nonproliferation"]),
    ('"international law"', f"{B}:1", ["international law"]),
    ('"security of Europe"', f"{K}:2", ["security of Europe"]),
    ("intertwined NOT Russia", f"{B}:4", ["intertwined"]),
    ("intertw*", f"{K}:2", ["intertwined"]),
    ("inter*ned", f"{K}:2", ["intertwined"]),
    ("*ined", f"{K}:2", ["intertwined", "explained"]),
    ("viol?tion", f"{B}:1", ["violation"]),
    ("UNSC resolutions", f"{B}:3", ["UN Security Council", "resolutions"]),
    ("UNSC", f"{K}:2", ["UN Security Council"]),
    ("United Nations Security Council", f"{B}:1", ["UNSC"]),
    ("ROK", f"{B}:1", ["Republic of Korea"]),
    ("Republic of Korea", f"{K}:2", ["ROK", "ROK"]),
    ("South Korea", f"{K}:4", ["ROK"]),
    ("EU", f"{K}:1", ["EU", "European Union", "EU", "EU"]),
    ("European Union", f"{K}:3", ["EU's", "EU"]),
    ("Russia", f"{B}:1", ["Russian Federation", "Russia", "Russia’s", "Russia"]),
    ("Russian Federation", f"{K}:2", ["Russia", "Russia"]),
    ("issuer:EU intertwined", f"{B}:4", ["intertwined"]),
]


@pytest.mark.parametrize(("query", "passage", "expected"), HIGHLIGHTS)
def test_highlight_spans_cover_the_words_written(
    bundled: SearchIndex, query: str, passage: str, expected: list[str]
) -> None:
    assert texts_of(bundled, query, passage) == expected


def test_snippet_is_cut_at_word_boundaries_and_contains_the_match(bundled: SearchIndex) -> None:
    for hit in bundled.search("sanctions").hits + bundled.search("Pyongyang").hits:
        text = bundled.corpus.passage(hit.passage).text
        body = hit.snippet.strip("…")
        assert body in text
        assert text.index(body) == hit.snippet_start
        start, end = hit.snippet_start, hit.snippet_start + len(body)
        assert start == 0 or text[start - 1] == " "
        assert end == len(text) or text[end] in " .,;"
        first = hit.matches[0]
        assert start <= first[0] and first[1] <= end
        assert len(hit.snippet) <= 260


def test_snippet_does_not_cut_at_dotted_acronyms_or_initials() -> None:
    from search_index.search import make_snippet

    before = "The meeting began with a long review of the regional situation. " * 3
    sentence = (
        "The U.N. Security Council and the U.S. delegation, joined by J. Smith, condemned "
        "the launch of the missile."
    )
    text = before + sentence + " After that the meeting ended. " + before
    start = text.index("condemned")
    snippet, offset = make_snippet(text, [(start, start + len("condemned"))])
    assert snippet.strip("…").startswith("The U.N. Security Council")
    assert offset == text.index(sentence)
    assert snippet.endswith("missile.…")


def test_json_has_the_documented_shape(bundled: SearchIndex) -> None:
    data = bundled.search("intertwined", limit=1).to_json()
    assert set(data) == {"query", "took_ms", "total", "truncated", "hits"}
    assert data["total"] == 2 and len(data["hits"]) == 1
    assert set(data["hits"][0]) == {"passage", "document", "title", "score", "snippet", "matches"}
    assert data["truncated"] is False


DATE_HELP = "use YYYY, YYYY-MM or YYYY-MM-DD, or a range date:[2024-01-01 TO 2024-06-30]"
ERRORS = [
    ("foo:bar", "unknown field 'foo:'"),
    ('"North Korea', "quotation mark"),
    ("(DPRK OR Russia", "'(' is not closed"),
    ("DPRK)", "')' without an opening"),
    ("date:[2024-01-01 TO 2024-06-30", "'[' is not closed"),
    ("date:2024-13-45 DPRK", "date"),
    ("*", "lone *"),
    ("  ", "empty"),
    ("the of and", "no words"),
    ("x" * 1001, "limit is 1,000"),
    (" ".join(f"{c}*" for c in "abcdefghijklmnopq"), "more than 16 prefix"),
    ("?", "lone * or ?"),
    ("date:>2024", f"a date in the query is not valid ('>2024'): {DATE_HELP}"),
    ("date:yesterday intertwined", "a date in the query is not valid ('yesterday'): use YYYY"),
    ("date:[2024-01-01 TO 2024-13-01]", "not valid ('2024-13-01'): use YYYY, YYYY-MM or"),
    ("date:[a TO b]", f"a date in the query is not valid ('a'): {DATE_HELP}"),
    ("date:2024-02-30 DPRK", "not valid ('2024-02-30')"),
    ("date:[2024]", "not valid ('[2024]')"),
    ("date:(2024 OR 20x5) DPRK", "not valid ('20x5')"),
]


@pytest.mark.parametrize(("query", "needle"), ERRORS, ids=[q[:20] for q, _ in ERRORS])
def test_bad_queries_get_one_sentence(bundled: SearchIndex, query: str, needle: str) -> None:
    with pytest.raises(QueryError) as caught:
        bundled.search(query)
    message = str(caught.value)
    assert needle in message
    assert "\n" not in message and "Traceback" not in message
    assert not any(python in message for python in ("int()", "Error", "Exception"))


QUERY_PIECES = [
    *"ab DPRK\"()[]{}*?~:^-+\\/'’",
    *("OR", "NOT", "AND", "TO", "대한"),
    *("date:", "doc:", "lang:", "title:", "issuer:", "theme:"),
]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(QUERY_PIECES), max_size=20).map("".join))
def test_any_query_gives_results_or_a_clean_error(bundled: SearchIndex, query: str) -> None:
    try:
        result = bundled.search(query, as_you_type=True)
    except QueryError as error:
        assert str(error) and "\n" not in str(error)
    else:
        for hit in result.hits:
            text = bundled.corpus.passage(hit.passage).text
            assert all(0 <= s < e <= len(text) for s, e in hit.matches)


def test_search_as_you_type_treats_the_last_word_as_a_prefix(bundled: SearchIndex) -> None:
    assert found(bundled, "intertw", as_you_type=True) == {f"{K}:2", f"{B}:4"}
    assert found(bundled, "intertw") == set()
    # a word typed past its stem (violation -> violat) still matches
    assert found(bundled, "violatio", as_you_type=True) == {f"{K}:2", f"{B}:1"}
    # a finished alias is not turned into a prefix
    assert found(bundled, "North Korea", as_you_type=True) == DPRK_PASSAGES
    assert found(bundled, "Russia sanc", as_you_type=True) == set()
    assert found(bundled, "Korea sanc", as_you_type=True) == {f"{K}:5"}


def test_prefix_expansion_is_bounded_and_reported(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    words = [f"zq{a}{b}{c}" for a in "abcde" for b in "abcde" for c in "abcd"]  # 100 words
    body = "\n\n".join(f"Passage about {w}." for w in words)
    (folder / "many.md").write_text(f"---\ntitle: Many\n---\n\n{body}\n", encoding="utf-8")
    index, _ = open_untagged(load_corpus([folder]))
    result = index.search("zq*", limit=5)
    assert result.truncated is True
    assert result.total == 64
    assert result.to_json()["truncated"] is True
    narrow = index.search("zqa*")
    assert narrow.truncated is False and narrow.total == 20
    index.close()


def test_ranges_and_infix_patterns_are_bounded_too(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    words = [f"zq{a}{b}{c}" for a in "abcde" for b in "abcde" for c in "abcd"]  # 100 words
    body = "\n\n".join(f"Passage about {w}." for w in words)
    (folder / "many.md").write_text(f"---\ntitle: Many\n---\n\n{body}\n", encoding="utf-8")
    index, _ = open_untagged(load_corpus([folder]))
    for query in ("[zq TO zr]", "*q*"):
        result = index.search(query, limit=5)
        assert (result.truncated, result.total) == (True, 64), query
    assert (index.search("[zqa TO zqb]").truncated, index.search("[zqa TO zqb]").total) == (
        False,
        20,
    )
    assert index.search("*ad?").total == 4
    index.close()


def test_fuzzy_distance_is_capped_at_two(bundled: SearchIndex) -> None:
    assert found(bundled, "intertwned~9") == found(bundled, "intertwned~2") >= {f"{K}:2", f"{B}:4"}
    assert found(bundled, "cooperation~9") == found(bundled, "cooperation~2")
    assert found(bundled, "cooperation~9") != found(bundled, "[a TO z]")


def test_a_cancel_from_another_thread_stops_an_expensive_expansion(tmp_path: Path) -> None:
    """Expanding 16 fuzzy words over 40,000 distinct words takes a while; a cancel set from
    another thread part way must stop it at the next word, not after the expansion."""
    import random
    import string
    import time

    rng = random.Random(7)
    words = sorted({"".join(rng.choices(string.ascii_lowercase, k=9)) for _ in range(40_000)})
    folder = tmp_path / "texts"
    folder.mkdir()
    body = "\n\n".join(" ".join(words[i : i + 200]) for i in range(0, len(words), 200))
    (folder / "vocab.md").write_text(f"---\ntitle: V\n---\n\n{body}\n", encoding="utf-8")
    index, _ = open_untagged(load_corpus([folder]))
    query = " ".join(f"{w[:6]}xyz~2" for w in words[:: len(words) // 16][:16])
    started = time.perf_counter()
    assert index.search(query).total == 0
    full = time.perf_counter() - started
    assert full > 0.3, "the query must be expensive for this test to mean anything"
    cancel = threading.Event()
    timer = threading.Timer(full / 10, cancel.set)
    timer.start()
    started = time.perf_counter()
    with pytest.raises(SearchCancelled):
        index.search(query, cancel=cancel)
    stopped = time.perf_counter() - started
    timer.join()
    assert stopped < full / 2
    index.close()


def test_korean_particles_are_found(tmp_path: Path) -> None:
    folder = tmp_path / "ko"
    folder.mkdir()
    (folder / "statement.md").write_text(
        "---\ntitle: 외교부 성명\nlanguage: ko\n---\n\n"
        "대한민국은 북한의 핵 개발을 규탄한다.\n\n"
        "대한민국의 안보는 유럽과 연결되어 있다.\n\n"
        "한국과 유럽연합은 협력한다.\n",
        encoding="utf-8",
    )
    index, _ = open_untagged(load_corpus([folder]))
    result = index.search("대한민국", limit=10)
    assert {h.passage for h in result.hits} == {"statement:1", "statement:2"}
    for hit in result.hits:
        text = index.corpus.passage(hit.passage).text
        assert [text[s:e] for s, e in hit.matches] == ["대한민국"]
    assert found(index, "lang:ko 유럽") == {"statement:2", "statement:3"}
    assert found(index, "민국") == {"statement:1", "statement:2"}
    index.close()


def test_a_soft_hyphen_inside_a_word_does_not_split_it(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "shy.md").write_text(
        "---\ntitle: Shy\n---\n\nThe non\u00adproliferation regime holds.\n\n"
        "Proliferation is another word.\n",
        encoding="utf-8",
    )
    index, _ = open_untagged(load_corpus([folder]))
    for query in ("nonproliferation", "non-proliferation", "nonprolif*"):
        assert texts_of(index, query, "shy:1") == ["non\u00adproliferation"], query
    phrase = texts_of(index, '"nonproliferation regime"', "shy:1")
    assert phrase == ["non\u00adproliferation regime"]
    assert found(index, "proliferation") == {"shy:2"}
    index.close()


def test_the_word_list_is_part_of_the_checked_index(tmp_path: Path) -> None:
    """Patterns read the words as written from a file in the index folder: one lost or cut
    short is a damaged index, rebuilt, never a silent miss."""
    from search_index.whoosh.surface_words import SURFACE_FILE

    corpus = load_corpus([bundled_texts_dir()])
    index, info = open_untagged(corpus)
    index.close()
    assert info.location is not None
    words = info.location / SURFACE_FILE
    words.write_bytes(words.read_bytes()[:-10])
    index, again = open_untagged(corpus)
    assert again.reused is False and "damaged" in again.notices[0]
    assert found(index, "inter*ned") == {f"{K}:2", f"{B}:4"}
    index.close()


def test_a_lone_hangul_syllable_finds_the_words_that_contain_it(tmp_path: Path) -> None:
    folder = tmp_path / "ko"
    folder.mkdir()
    (folder / "s.md").write_text(
        "---\ntitle: 핵 문제\nlanguage: ko\n---\n\n"
        "북핵 문제는 심각하다.\n\n"
        "핵무기 개발을 규탄한다.\n\n"
        "핵 실험은 안 된다.\n\n"
        "경제 협력을 논의했다.\n",
        encoding="utf-8",
    )
    index, _ = open_untagged(load_corpus([folder]))
    assert found(index, "핵") == {"s:1", "s:2", "s:3"}
    assert found(index, "핵", as_you_type=True) == {"s:1", "s:2", "s:3"}
    assert found(index, "핵무기") == {"s:2"}
    assert found(index, "핵 규탄") == {"s:2"}
    assert found(index, "title:핵 협력") == {"s:4"}
    for hit in index.search("핵").hits:
        text = index.corpus.passage(hit.passage).text
        assert hit.matches and all("핵" in text[s:e] for s, e in hit.matches)
    index.close()


def test_theme_filter_uses_the_given_tags(tmp_path: Path) -> None:
    corpus = load_corpus([bundled_texts_dir()])
    tags = {f"{K}:2": ["security-link"], f"{B}:4": ["security-link", "other"]}
    index, _ = open_untagged(corpus, tags=tags)
    assert found(index, "theme:security-link") == {f"{K}:2", f"{B}:4"}
    assert found(index, "theme:other intertwined") == {f"{B}:4"}
    index.close()


def test_cancelled_search_stops(bundled: SearchIndex) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(SearchCancelled):
        bundled.search("Korea", cancel=cancel)
    assert found(bundled, "intertwined") == {f"{K}:2", f"{B}:4"}


def test_searches_from_several_threads_agree(bundled: SearchIndex) -> None:
    queries = [q for q, _ in QUERIES]
    expected = {q: found(bundled, q) for q in queries}
    failures: list[str] = []

    def worker() -> None:
        for _ in range(3):
            for q in queries:
                if found(bundled, q) != expected[q]:
                    failures.append(q)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []


def test_many_fresh_threads_share_a_few_searchers(bundled: SearchIndex) -> None:
    """Each new thread used to open (and keep) its own searcher and caches: ~120 MB apiece at
    100,000 passages. Now at most MAX_SEARCHERS exist however many threads search."""
    from search_index.whoosh.searchers import MAX_SEARCHERS

    queries = ["North Korea", "intertwined NOT Russia", "violations", "sanctions OR troops"]
    expected = {q: found(bundled, q) for q in queries}
    start = threading.Barrier(24)
    results: list[tuple[str, set[str]]] = []

    def worker(n: int) -> None:
        start.wait()
        for q in queries[n % 4 :] + queries[: n % 4]:
            results.append((q, found(bundled, q)))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(24)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 24 * len(queries)
    assert all(got == expected[q] for q, got in results)
    assert 1 <= bundled.searchers.opened <= MAX_SEARCHERS


def test_a_deleted_index_folder_is_reported_as_unreadable(tmp_path: Path) -> None:
    import shutil

    from search_index.search import IndexUnreadable

    index, info = open_untagged(load_corpus([bundled_texts_dir()]))
    assert info.location is not None
    shutil.rmtree(info.location)
    with pytest.raises(IndexUnreadable, match="could not be read"):
        index.search("DPRK")
    index.close()


def test_an_empty_corpus_searches_to_nothing(tmp_path: Path) -> None:
    index, info = open_untagged(Corpus([]))
    assert info.passages == 0
    assert index.search("DPRK").hits == []
    index.close()
