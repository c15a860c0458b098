"""A theme's drift in date order, and the analyst's notes kept per corpus."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from search_index import Corpus, Document, Passage, bundled_texts_dir, load_corpus
from search_index.compare.drift import date_key
from search_index.notes import NoteBook
from search_index.session import Session


def _write(folder: Path, name: str, date: str | None, body: str) -> None:
    date_line = f"date: {date}\n" if date else ""
    (folder / f"{name}.md").write_text(
        f"---\ntitle: {name}\n{date_line}---\n\n{body}\n", encoding="utf-8"
    )


def test_bundled_drift_lists_january_before_november():
    session = Session.open(load_corpus([bundled_texts_dir()]))
    drift = session.drift("intertwined-security")
    assert [s.passage.id for s in drift.steps] == ["kim-gunn-eu-psc:2", "borrell-cho-dprk-russia:4"]
    assert [s.date for s in drift.steps] == ["2024-01-23", "2024-11-04"]
    first, second = drift.steps
    assert first.diff is None
    assert second.diff is not None and second.diff.left_id == "kim-gunn-eu-psc:2"
    assert "para. 2" in first.citation
    assert json.dumps(drift.to_json())


def test_unknown_theme_is_a_key_error():
    session = Session.open(load_corpus([bundled_texts_dir()]))
    with pytest.raises(KeyError):
        session.drift("no-such-theme")


def test_partial_dates_sort_by_what_is_known_and_say_so():
    assert date_key("2024") == ((2024,), "date known to the year only")
    assert date_key("2024-07") == ((2024, 7), "date known to the month only")
    assert date_key("2024-07-02") == ((2024, 7, 2), None)
    assert date_key(None) == ((), "no date")
    ordered = sorted(["2024-07-02", "2024-07", "2023-12-31", "2024"], key=lambda d: date_key(d)[0])
    assert ordered == ["2023-12-31", "2024", "2024-07", "2024-07-02"]


def test_drift_takes_one_passage_per_document_and_lists_the_others(tmp_path):
    (tmp_path / "themes.yaml").write_text(
        "themes:\n  - id: ports\n    label: Ports\n    description: Ports.\n    match: [harbour]\n",
        encoding="utf-8",
    )
    _write(tmp_path, "later", "2024-05-01", "The harbour is closed.\n\nThe harbour stays closed.")
    _write(tmp_path, "undated", None, "The harbour is open again.")
    _write(tmp_path, "earlier", "2024-02-01", "The harbour is open.")
    session = Session.open(load_corpus([tmp_path]))
    steps = session.drift("ports").steps
    assert [s.passage.id for s in steps] == ["earlier:1", "later:1", "undated:1"]
    assert steps[1].others == ("later:2",)
    assert steps[2].date_note == "no date"


def _corpus(tmp_path: Path, text: str = "The harbour is open.") -> Corpus:
    folder = tmp_path / "texts"
    folder.mkdir(exist_ok=True)
    _write(folder, "doc", "2024-01-01", text)
    return load_corpus([folder])


def test_notes_survive_a_restart_and_never_touch_the_document(tmp_path):
    corpus = _corpus(tmp_path)
    before = (tmp_path / "texts" / "doc.md").read_bytes()
    book = NoteBook.open(corpus)
    assert str(book.path).startswith(os.environ["XREF_DATA_DIR"])
    note = book.put(corpus.passage("doc:1"), "  Check the <b>date</b> & [/] source.  ")
    assert note is not None and note.body == "Check the <b>date</b> & [/] source."
    again = NoteBook.open(_corpus(tmp_path))
    assert again.problems == []
    assert [n.body for n in again.notes()] == [note.body]
    assert not again.changed(again.notes()[0], again.corpus)
    assert (tmp_path / "texts" / "doc.md").read_bytes() == before
    assert again.put(corpus.passage("doc:1"), "") is None
    assert NoteBook.open(corpus).notes() == []


def test_a_note_on_a_changed_passage_is_detected(tmp_path):
    corpus = _corpus(tmp_path)
    NoteBook.open(corpus).put(corpus.passage("doc:1"), "open?")
    changed = _corpus(tmp_path, "The harbour is closed.")
    book = NoteBook.open(changed)
    assert book.changed(book.get("doc:1"), changed)


@pytest.mark.parametrize("damage", ["garbage", "foreign", "folder"])
def test_a_damaged_notes_file_is_reported_once_and_kept_in_a_backup(tmp_path, damage):
    corpus = _corpus(tmp_path)
    path = NoteBook.open(corpus).path
    path.parent.mkdir(parents=True, exist_ok=True)
    if damage == "garbage":
        path.write_bytes(b"\x00{not json")
    elif damage == "foreign":
        path.write_text('{"someone": "else"}', encoding="utf-8")
    else:
        path.mkdir()
        (path / "keep.txt").write_text("mine", encoding="utf-8")
    book = NoteBook.open(corpus)
    assert len(book.problems) == 1 and str(path) in str(book.problems[0])
    book.put(corpus.passage("doc:1"), "new note")
    assert book.backup is not None and book.backup.exists()
    assert len(book.problems) == 1
    fresh = NoteBook.open(corpus)
    assert fresh.problems == [] and fresh.get("doc:1").body == "new note"
    if damage == "folder":
        assert (book.backup / "keep.txt").read_text(encoding="utf-8") == "mine"
    else:
        assert book.backup.read_bytes() != path.read_bytes()


def test_notes_of_another_corpus_are_apart(tmp_path):
    one = _corpus(tmp_path)
    other_folder = tmp_path / "other"
    other_folder.mkdir()
    _write(other_folder, "doc", "2024-01-01", "The harbour is open.")
    other = load_corpus([other_folder])
    NoteBook.open(one).put(one.passage("doc:1"), "only here")
    assert NoteBook.open(other).notes() == []


def test_full_citation_has_the_source_url_when_known():
    document = Document(
        "d",
        "Title",
        Path("d.md"),
        (Passage("d:1", "d", 1, "x", 0, 1),),
        issuer="MOFA",
        date="2024-01-23",
        source="https://example.org/a",
    )
    assert document.citation(1) == "Title (MOFA, 2024-01-23), para. 1"
    assert document.full_citation(1) == "Title (MOFA, 2024-01-23), para. 1, https://example.org/a"
    document.source = None
    assert document.full_citation(1) == document.citation(1)


def test_drift_of_documents_with_partial_dates_says_what_is_known(tmp_path):
    (tmp_path / "themes.yaml").write_text(
        "themes:\n  - id: ports\n    label: Ports\n    description: Ports.\n    match: [harbour]\n",
        encoding="utf-8",
    )
    _write(tmp_path, "full", "2024-07-02", "The harbour is shut.")
    _write(tmp_path, "month", "2024-07", "The harbour is closing.")
    _write(tmp_path, "year", "2024", "The harbour is open.")
    _write(tmp_path, "before", "2023-12-31", "The harbour is new.")
    session = Session.open(load_corpus([tmp_path]))
    assert session.corpus.problems == []
    steps = session.drift("ports").steps
    assert [s.passage.document_id for s in steps] == ["before", "year", "month", "full"]
    assert [s.date_note for s in steps] == [
        None,
        "date known to the year only",
        "date known to the month only",
        None,
    ]
