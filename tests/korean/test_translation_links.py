"""Translation links as the link build makes them: a Korean release and its English version
get links paragraph to paragraph, with the aligned words on both sides; unrelated documents
in the two languages get none."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from console import xref

from search_index import load_corpus
from search_index.links import build_links
from search_index.session import Session

ROOT = Path(__file__).resolve().parents[2]
KOREAN = ROOT / "tests/data/korean"
PAIRS = KOREAN / "pairs"
KIM_KO, KIM_EN = "mofa-kim-gunn-eu-psc-ko", "kim-gunn-eu-psc"


def translations(xrefs, passage_id: str) -> list:
    return [d for d in xrefs.links_of(passage_id) if "translation" in d.kinds]


def test_each_korean_paragraph_links_to_its_english_version_with_the_words_both_write() -> None:
    corpus = load_corpus([KOREAN / f"{KIM_KO}.md", ROOT / "texts"], cache=False)
    xrefs = Session.open(corpus).open_links()
    for n in range(1, 6):
        (link,) = translations(xrefs, f"{KIM_KO}:{n}")
        assert link.target == f"{KIM_EN}:{n}"
        (back,) = translations(xrefs, f"{KIM_EN}:{n}")
        assert back.target == f"{KIM_KO}:{n}"
        source, target = corpus.passage(link.source).text, corpus.passage(link.target).text
        for item in link.shared:  # every span is the words as written on its side
            assert item.kind == "translation"
            assert source[slice(*item.source_span)] == item.text
            assert target[slice(*item.target_span)] == item.target_text
    first = translations(xrefs, f"{KIM_KO}:1")[0]
    written = {(s.text, s.target_text) for s in first.shared}
    assert {("1.23(화)", "January 23"), ("김건", "Kim Gunn"), ("27", "27")} <= written
    assert ("정치안보위원회", "Political and Security Committee") in written
    back = translations(xrefs, f"{KIM_EN}:1")[0]  # the same anchors seen from English
    assert {(s.target_text, s.text) for s in back.shared} == written
    # The rest of the corpus is English: the Korean release has no other link.
    assert all("translation" in d.kinds for d in xrefs.links_of(f"{KIM_KO}:2"))


def test_the_labelled_pair_aligns_and_a_paragraph_the_english_leaves_out_gets_no_link() -> None:
    spec = yaml.safe_load((PAIRS / "alignment.yaml").read_text(encoding="utf-8"))
    pair = spec["pairs"]["strategic-dialogue-2024"]
    ko_path, en_path = (PAIRS / pair["ko"]).resolve(), (PAIRS / pair["en"]).resolve()
    corpus = load_corpus([ko_path, en_path], cache=False)
    xrefs = Session.open(corpus).open_links()
    ko, en = ko_path.stem, en_path.stem
    for k, e in pair["align"].items():
        found = [d.target for d in translations(xrefs, f"{ko}:{k}")]
        assert found == ([f"{en}:{e}"] if e else []), k


def test_unrelated_korean_and_english_documents_get_no_translation_links() -> None:
    # The Korean release of the strategic dialogue and the joint statement issued the same
    # day on the same meeting (DPRK, Russia, Indo-Pacific in both): not one text.
    paths = [
        KOREAN / "mofa-strategic-dialogue-2024-ko.md",
        KOREAN / "constitution-ko.md",
        KOREAN / "mofa-wiegand-2022-ko.md",
        ROOT / "texts/borrell-cho-dprk-russia.md",
    ]
    xrefs = Session.open(load_corpus(paths, cache=False)).open_links()
    assert not [d for d in xrefs.all_links() if "translation" in d.kinds]


def test_translation_links_survive_the_link_cache_and_the_cap() -> None:
    paths = [
        KOREAN / f"{KIM_KO}.md",
        KOREAN / "leaderstimes-kim-gunn-eu-psc.md",
        ROOT / "texts/kim-gunn-eu-psc.md",
    ]
    corpus = load_corpus(paths, cache=False)
    built = Session.open(corpus).open_links()
    assert built.build_seconds is not None
    again = Session.open(load_corpus(paths, cache=False)).open_links()
    assert again.build_seconds is None  # read from links.npz
    first = {(d.source, d.target, d.kinds) for d in built.all_links()}
    assert {(d.source, d.target, d.kinds) for d in again.all_links()} == first
    # Two Korean copies of one release: each English paragraph has a translation in both.
    assert {d.target for d in translations(again, f"{KIM_EN}:2")} == {
        f"{KIM_KO}:2",
        "leaderstimes-kim-gunn-eu-psc:2",
    }
    # The tightest cap keeps every translation link (the copies' own links are weaker).
    session = Session.open(corpus)
    capped = build_links(corpus, session.analyzer, top_k=1, max_links=1)
    kept = {(link.source, link.target) for link in capped if link.kind == "translation"}
    assert kept == {(s, t) for s, t, kinds in first if "translation" in kinds}


def test_xref_links_labels_translation_links_with_the_aligned_words(tmp_path: Path) -> None:
    texts = ["--texts", str(KOREAN / f"{KIM_KO}.md"), "--texts", str(ROOT / "texts")]
    result = xref(*texts, "links", f"{KIM_KO}:1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "[translation]" in lines[1] and f"{KIM_EN}:1" in lines[1]
    assert "“1.23(화)” = “January 23”" in result.stdout
    assert "“김건” = “Kim Gunn”" in result.stdout
    data = json.loads(xref(*texts, "links", f"{KIM_EN}:1", "--json", cwd=tmp_path).stdout)
    (link,) = [x for x in data["links"] if "translation" in x["kinds"]]
    assert link["target"] == f"{KIM_KO}:1"
    items = {(s["text"], s["target_text"]): s for s in link["shared"]}
    date = items[("January 23", "1.23(화)")]
    assert date["kind"] == "translation" and date["group"] == "01-23"
    korean = load_corpus([KOREAN / f"{KIM_KO}.md"], cache=False).passage(f"{KIM_KO}:1").text
    assert korean[slice(*date["target_span"])] == "1.23(화)"
