"""The review's held-out pages (make_heldout_r1.py): styles the import rules were not built on.
Each assertion is what a reader of the imported document sees: its own paragraph numbers, the
article heading as title, the date it was issued, the organisation that issued it."""

from __future__ import annotations

import shutil
from pathlib import Path

from search_index import load_corpus
from search_index.importing import import_inputs
from search_index.importing.metadata import find_date

DATA = Path(__file__).resolve().parents[1] / "data" / "import"


def _imported(tmp_path: Path, name: str):  # type: ignore[no-untyped-def]
    report = import_inputs([str(DATA / name)], tmp_path / "lib")
    assert report.failed == []
    corpus = load_corpus([tmp_path / "lib"], cache=False)
    assert corpus.problems == []
    (document,) = corpus.documents
    return document


def test_an_ordered_list_of_paragraphs_keeps_its_numbers(tmp_path: Path) -> None:
    document = _imported(tmp_path, "heldout-mofa-jp-2016.html")
    texts = [p.text for p in document.passages]
    assert [t.split(" ", 1)[0] for t in texts] == ["1.", "2.", "3.", "4.", "5."]
    assert texts[2].startswith("3. In the evening, Mr. Fumio Kishida")
    assert document.issuer == "Ministry of Foreign Affairs of Japan"  # the logo, not "MOFA: ..."


def test_a_list_that_starts_later_or_skips_keeps_the_pages_numbers(tmp_path: Path) -> None:
    page = (
        "<html><body><h1>Statement on the excerpted paragraphs of a declaration</h1>"
        "<p>Brussels, 8 November 2024</p><ol start='12'>"
        "<li>The first quoted paragraph is long enough to be read as prose by the extractor.</li>"
        "<li value='15'>The second quoted paragraph skips to the number the declaration has.</li>"
        "<li>The third follows it and must be numbered sixteen, as the page shows it.</li>"
        "</ol></body></html>"
    )
    (tmp_path / "excerpt.html").write_text(page, encoding="utf-8")
    report = import_inputs([str(tmp_path / "excerpt.html")], tmp_path / "lib")
    ((_, _, article),) = report.saved
    assert [p.split(" ", 1)[0] for p in article.paragraphs] == ["12.", "15.", "16."]


def test_the_heading_not_the_og_title_and_the_issued_date_not_the_update(tmp_path: Path) -> None:
    document = _imported(tmp_path, "heldout-nato-nac-2024.html")
    assert document.title == (
        "Statement by the North Atlantic Council on the deployment of DPRK troops to Russia"
    )
    assert document.date == "2024-11-08"  # 'Issued on', not 'Last updated: 11 Nov. 2024'
    assert document.passages[0].text.startswith("1. NATO Allies strongly condemn")
    assert [p.text.split(" ", 1)[0] for p in document.passages] == ["1.", "2.", "4.", "5."]


def test_a_korean_board_page_in_euc_kr_names_the_ministry(tmp_path: Path) -> None:
    document = _imported(tmp_path, "heldout-mofa-kr-board-euckr.html")
    assert document.issuer == "외교부"  # not the page's '상세보기' (detail view)
    assert document.language == "ko" and document.date == "2023-07-18"
    # A Korean title has no ASCII words: the id is named after the file, readable.
    assert document.id == "heldout-mofa-kr-board-euckr-2023-07-18"


def test_ordinal_and_month_first_dates(tmp_path: Path) -> None:
    assert find_date("23rd January 2024") == "2024-01-23"
    assert find_date("Washington, DC, 01/23/2024") == "2024-01-23"
    assert find_date("11/01/2022") == "2022-01-11"  # day first stays first where both are dates
    source = DATA / "heldout-nato-nac-2024.html"
    page = source.read_bytes().replace(b"Issued on 08 Nov. 2024", b"Issued on 8th November 2024")
    (tmp_path / "nato.html").write_bytes(page)
    report = import_inputs([str(tmp_path / "nato.html")], tmp_path / "lib")
    assert report.saved[0][2].date == "2024-11-08"
    shutil.rmtree(tmp_path / "lib")
