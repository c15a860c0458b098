"""The loader meets real files halfway: partial dates, a colon in an unquoted title, pages and
PDFs inside a --texts folder, and .txt copies without front matter."""

from __future__ import annotations

from pathlib import Path

import pytest

from search_index import load_corpus


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


@pytest.mark.parametrize("date", ["2024", "2024-07", "'2024-07'"])
def test_a_year_or_a_month_is_a_date(tmp_path: Path, date: str) -> None:
    write(tmp_path, "a.md", f"---\ntitle: T\ndate: {date}\n---\n\nBody.\n")
    corpus = load_corpus([tmp_path])
    assert corpus.problems == []
    assert corpus.documents[0].date == date.strip("'")


def test_a_month_that_does_not_exist_is_still_a_bad_date(tmp_path: Path) -> None:
    write(tmp_path, "a.md", "---\ntitle: T\ndate: 2024-13\n---\n\nBody.\n")
    assert load_corpus([tmp_path]).problems[0].message.startswith("bad date")


def test_an_unquoted_colon_in_the_title_says_put_it_in_quotes(tmp_path: Path) -> None:
    write(tmp_path, "a.md", "---\nid: a\ntitle: DPRK: Statement by the Spokesperson\n---\n\nB.\n")
    (problem,) = load_corpus([tmp_path]).problems
    assert problem.message.endswith("put the title in quotes"), problem.message
    assert problem.line == 3


@pytest.mark.parametrize("name", ["page.html", "saved.htm", "statement.pdf", "memo.docx"])
def test_pages_and_pdfs_in_a_texts_folder_are_reported_not_skipped(
    tmp_path: Path, name: str
) -> None:
    write(tmp_path, "good.md", "---\ntitle: T\n---\n\nBody.\n")
    write(tmp_path, name, b"<html>x</html>")
    corpus = load_corpus([tmp_path])
    assert [d.id for d in corpus.documents] == ["good"]
    (problem,) = corpus.problems
    assert Path(problem.path).name == name
    assert problem.message.startswith("not a document") and "xref import" in problem.message


def test_a_page_given_directly_is_reported_too(tmp_path: Path) -> None:
    (problem,) = load_corpus([write(tmp_path, "page.html", "<p>x</p>")]).problems
    assert "use xref import" in problem.message


def test_a_txt_without_front_matter_takes_its_first_line_as_title(tmp_path: Path) -> None:
    write(tmp_path, "copy.txt", "\nJoint Statement on X\n\nFirst paragraph.\n\nSecond one.\n")
    (document,) = load_corpus([tmp_path]).documents
    assert document.title == "Joint Statement on X"
    assert [p.text for p in document.passages] == ["First paragraph.", "Second one."]
    assert document.id == "copy"
    assert document.passages[1].line == 6


def test_a_txt_of_one_line_has_no_body(tmp_path: Path) -> None:
    write(tmp_path, "one.txt", "Just a line.\n")
    (problem,) = load_corpus([tmp_path]).problems
    assert problem.message.startswith("empty body")
