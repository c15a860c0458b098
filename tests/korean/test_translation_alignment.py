"""Translation alignment: anchors written either way, and paragraphs paired across languages."""

from __future__ import annotations

from pathlib import Path

from search_index import load_corpus
from search_index.links.translation import align, anchors, best_matches
from search_index.session import Session

ROOT = Path(__file__).resolve().parents[2]


def keys(text: str, analyzer) -> dict[str, str]:
    return {a.key: text[a.start : a.end] for a in anchors(text, analyzer)}


def test_dates_numbers_and_names_are_anchors_in_both_languages() -> None:
    analyzer = Session.open(load_corpus([ROOT / "texts"])).analyzer
    ko = "김건 본부장은 1월 23일 EU 27개 회원국의 정치안보위원회에서 북한의 위협을 설명하였다."
    en = "On January 23, Kim Gunn briefed the PSC of 27 EU member states on North Korea's threats."
    ko_keys, en_keys = keys(ko, analyzer), keys(en, analyzer)
    assert ko_keys["01-23"] == "1월 23일" and en_keys["01-23"] == "January 23"
    assert ko_keys["27"] == "27" and en_keys["27"] == "27"
    assert ko_keys["§dprk"] == "북한" and en_keys["§dprk"] == "North Korea's"
    assert ko_keys["§kim-gunn"] == "김건" and en_keys["§kim-gunn"] == "Kim Gunn"
    assert ko_keys["§psc"] == "정치안보위원회" and en_keys["§psc"] == "PSC"
    dotted = keys("1.23(화) 브뤼셀", analyzer)
    assert dotted["01-23"] == "1.23(화)" and dotted["wd1"] == "화"
    assert keys("on Tuesday, January 23", analyzer)["wd1"] == "Tuesday"


def test_the_korean_release_aligns_with_its_english_version_paragraph_by_paragraph() -> None:
    corpus = load_corpus(
        [ROOT / "tests/data/korean/mofa-kim-gunn-eu-psc-ko.md", ROOT / "texts/kim-gunn-eu-psc.md"],
        cache=False,
    )
    ko = corpus.document("mofa-kim-gunn-eu-psc-ko")
    en = corpus.document("kim-gunn-eu-psc")
    analyzer = Session.open(corpus).analyzer
    found = align(ko.passages, en.passages, analyzer)
    best = best_matches(found, "ko")
    assert {k: c.en for k, c in best.items()} == {
        f"mofa-kim-gunn-eu-psc-ko:{n}": f"kim-gunn-eu-psc:{n}" for n in range(1, 6)
    }
    back = best_matches(found, "en")
    assert {k: c.ko for k, c in back.items()} == {
        f"kim-gunn-eu-psc:{n}": f"mofa-kim-gunn-eu-psc-ko:{n}" for n in range(1, 6)
    }
    first = best["mofa-kim-gunn-eu-psc-ko:1"]
    ko_text, en_text = ko.passages[0].text, en.passages[0].text
    written = {(ko_text[slice(*s.ko_span)], en_text[slice(*s.en_span)]) for s in first.anchors}
    assert ("1.23(화)", "January 23") in written
    eu = [s for s in first.anchors if s.key == "§eu"]
    assert ko_text[slice(*eu[0].ko_span)] in ("유럽연합", "EU")
    assert en_text[slice(*eu[0].en_span)] in ("EU", "European Union")
