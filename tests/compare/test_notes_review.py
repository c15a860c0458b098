"""Review of issue 14's notes: two writers at once, the first `xref import`, a data folder
that cannot be made, a symlinked notes file, a note too long, bytes that are not UTF-8.
"""

from __future__ import annotations

import json
import multiprocessing
import subprocess
from pathlib import Path

from console import XREF, xref

from search_index import bundled_texts_dir, load_corpus
from search_index.notes import NoteBook
from search_index.session import Session

PAIR = ("kim-gunn-eu-psc:2", "borrell-cho-dprk-russia:4")
SESSION = Session.open(load_corpus([bundled_texts_dir()]))


# -- notes -----------------------------------------------------------------------------------


def _add_note(folder: str, passage_id: str, barrier) -> None:
    book = NoteBook.open(load_corpus([bundled_texts_dir()]), Path(folder))
    passage = book.corpus.passage(passage_id)
    barrier.wait()
    book.put(passage, f"note on {passage_id}")


def test_two_writers_at_once_both_keep_their_notes(tmp_path):
    ids = [p.id for p in SESSION.corpus]
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(len(ids))
    workers = [context.Process(target=_add_note, args=(str(tmp_path), pid, barrier)) for pid in ids]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)  # a hang guard
        assert worker.exitcode == 0
    book = NoteBook.open(SESSION.corpus, tmp_path)
    assert [n.passage_id for n in book.notes()] == ids
    assert not book.problems


def test_notes_written_before_the_first_import_are_found_after_it(tmp_path):
    assert xref("notes", "add", PAIR[0], "before importing", cwd=tmp_path).returncode == 0
    page = tmp_path / "page.md"
    page.write_text("---\ntitle: Imported\ndate: 2024-02-02\n---\n\nA paragraph.\n", "utf-8")
    imported = xref("import", str(page), cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert "imported" in xref("list", cwd=tmp_path).stdout
    notes = json.loads(xref("notes", "--json", cwd=tmp_path).stdout)["notes"]
    assert [(n["passage"], n["body"]) for n in notes] == [(PAIR[0], "before importing")]


def test_a_data_folder_that_cannot_be_made_is_one_line_and_no_false_warning(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", "utf-8")
    env_dir = blocker / "data"
    monkeypatch.setenv("XREF_DATA_DIR", str(env_dir))
    listed = xref("notes", cwd=tmp_path)
    assert listed.returncode == 0 and listed.stderr == ""  # no notes file, nothing damaged
    added = xref("notes", "add", PAIR[0], "x", cwd=tmp_path)
    assert added.returncode == 1
    assert added.stderr.startswith("xref notes: error: cannot write ")
    assert added.stderr.endswith(": Not a directory\n") and added.stderr.count("\n") == 1
    assert "Errno" not in added.stderr and "Traceback" not in added.stderr


def test_a_symlinked_notes_file_is_named_as_one_and_its_target_kept(tmp_path):
    target = tmp_path / "elsewhere.json"
    target.write_text('{"format": "xref-notes", "version": 1, "notes": {}}', "utf-8")
    book = NoteBook.open(SESSION.corpus, tmp_path / "notes")
    book.path.parent.mkdir()
    book.path.symlink_to(target)
    book = NoteBook.open(SESSION.corpus, tmp_path / "notes")
    assert len(book.problems) == 1 and "symbolic link" in book.problems[0].message
    book.put(SESSION.corpus.passage(PAIR[0]), "mine")
    assert target.read_text("utf-8") == '{"format": "xref-notes", "version": 1, "notes": {}}'
    assert book.backup is not None and book.backup.is_symlink()
    assert NoteBook.open(SESSION.corpus, tmp_path / "notes").get(PAIR[0]).body == "mine"


def test_a_note_too_long_is_cut_and_says_so(tmp_path):
    result = xref("notes", "add", PAIR[0], "word " * 20_400, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "xref: notice: the note was cut to its first 100,000 characters" in result.stderr
    notes = json.loads(xref("notes", "--json", cwd=tmp_path).stdout)["notes"]
    assert len(notes[0]["body"]) == 100_000


def test_a_note_with_bytes_that_are_not_utf8_is_written_not_a_traceback(tmp_path):

    assert xref("notes", "add", PAIR[0], "kept", cwd=tmp_path).returncode == 0
    result = subprocess.run(
        [str(XREF).encode(), b"notes", b"add", PAIR[1].encode(), b"bad \xff byte"],
        cwd=tmp_path,
        capture_output=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    notes = json.loads(xref("notes", "--json", cwd=tmp_path).stdout)["notes"]
    assert [n["body"] for n in notes] == ["kept", "bad \ufffd byte"]
