"""The document files an import writes: any file name (even one that is not UTF-8) and any
title round-trip, two statements sharing a title and a date stay two documents, and a file is
as readable as any other the user saves."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from search_index import load_corpus
from search_index.corpus.parsing import parse_document
from search_index.importing import import_inputs
from search_index.importing.library import render
from search_index.importing.model import Article

DATA = Path(__file__).resolve().parents[1] / "data" / "import"
PASTED = (DATA / "heldout-mofa-kr-pasted.txt").read_bytes()


def test_a_file_name_that_is_not_utf8_is_imported_and_the_others_too(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    odd = os.fsencode(folder) + b"/caf\xe9.txt"
    with open(odd, "wb") as out:
        out.write(PASTED)
    (folder / "zz-other.txt").write_bytes(PASTED.replace("즉각".encode(), "당장".encode()))
    report = import_inputs([str(folder)], tmp_path / "lib")
    assert report.failed == []
    assert len(report.saved) == 2
    corpus = load_corpus([tmp_path / "lib"], cache=False)
    assert corpus.problems == []
    sources = sorted(d.source or "" for d in corpus.documents)
    assert sources[0].endswith("/caf\ufffd.txt")


def test_two_statements_with_one_title_and_date_are_two_documents(tmp_path: Path) -> None:
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    one.write_bytes(PASTED)
    two.write_bytes(PASTED.replace("즉각".encode(), "당장".encode()))
    report = import_inputs([str(one), str(two), str(one)], tmp_path / "lib")
    ids = sorted(saved.id for _, saved, _ in report.saved)
    assert ids == ["one-2016-02-07", "two-2016-02-07"]  # Korean titles: the file names
    again = import_inputs([str(one)], tmp_path / "lib")
    assert [s.status for _, s, _ in again.saved] == ["unchanged"]


def test_front_matter_is_written_by_yaml_and_reads_back(tmp_path: Path) -> None:
    nasty = "DPRK: \"Statement\" # 1 [draft] {x} 'y' \\ --- & * ! % @ `"
    article = Article(
        title=nasty,
        paragraphs=["---", "id: other", "[/] markup [bold]"],
        issuer="yes",
        date="2024-07",
        source="\ud800lone",
    )
    document = parse_document(tmp_path / "x.md", render(article, "x-2024-07"))
    assert document.title == nasty
    assert (document.issuer, document.date, document.source) == ("yes", "2024-07", "\ufffdlone")
    assert [p.text for p in document.passages] == ["---", "id: other", "[/] markup [bold]"]


def test_a_written_document_is_readable_as_the_users_other_files(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_bytes(PASTED)
    old = os.umask(0o022)
    try:
        ((_, saved, _),) = import_inputs([str(tmp_path / "page.txt")], tmp_path / "lib").saved
    finally:
        os.umask(old)
    assert stat.S_IMODE(saved.path.stat().st_mode) == 0o644  # not mkstemp's 0600
