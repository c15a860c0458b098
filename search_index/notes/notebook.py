"""The analyst's notes on passages: one JSON file per corpus in the user's data folder.

Why keyed by passage id and a hash of the passage's text: ids are stable for a file, but a
document can be edited; a note whose passage text changed (or is gone) is shown as "passage
changed since the note" instead of silently sticking to other words.

Notes are the user's work, so: writes are atomic; the document files are never touched; a
notes file that is damaged, a folder or not ours is reported once (a Problem naming it) and
moved aside to a backup before a new one is written, never overwritten.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..corpus import Corpus, Passage, Problem
from ..paths import data_dir, library_dir
from .files import atomic_write_text

FORMAT = "xref-notes"
VERSION = 1
NOTES_FOLDER = "notes"
MAX_NOTES_BYTES = 20_000_000
"""A notes file larger than this is not read (reported as damaged, kept)."""
MAX_NOTE_CHARS = 100_000
"""A note longer than this is cut: notes are sentences, not documents."""


@dataclass(frozen=True, slots=True)
class Note:
    """One note on one passage, with the hash of the passage text it was written on."""

    passage_id: str
    text_hash: str
    body: str
    created: str
    """ISO 8601 timestamp (UTC)."""
    updated: str

    def to_json(self) -> dict[str, Any]:
        return {
            "passage": self.passage_id,
            "text_hash": self.text_hash,
            "body": self.body,
            "created": self.created,
            "updated": self.updated,
        }


def text_hash(text: str) -> str:
    """The hash a note keeps of its passage's text (16 hex digits of SHA-256)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def corpus_key(corpus: Corpus) -> str:
    """Which notes file a corpus uses: a hash of its folders (or, for single files, of the
    folders they are in), so the same texts opened again find their notes. The import
    library is left out beside other folders: it joins the default corpus on the first
    `xref import`, and the notes written before must still be found after it."""
    places = [str(p.resolve()) for p in corpus.folders] or sorted(
        {str(d.path.resolve().parent) for d in corpus.documents}
    )
    library = str(library_dir().resolve())
    places = [p for p in places if p != library] or places
    return hashlib.sha256("\n".join(sorted(places)).encode("utf-8", "surrogatepass")).hexdigest()[
        :16
    ]


LOCK_FILE = ".lock"
"""Held while a note is read, changed and written, so two xrefs writing at once (the reader
and `xref notes add`, two scripts) both keep their note."""


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on `path` (created); no lock where the platform has no flock."""
    try:
        import fcntl
    except ImportError:  # Windows: the last writer wins, the file stays whole
        yield
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _text_of(body: str) -> str:
    """The body as text UTF-8 can hold: bytes that were not UTF-8 (a command-line argument
    decoded with surrogateescape) and lone surrogates become U+FFFD, not a failed write."""
    try:
        raw = body.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = body.encode("utf-8", "replace")
    return raw.decode("utf-8", "replace")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class NotesDamaged(ValueError):
    """Why a notes file cannot be used (damaged, a folder, not ours)."""


def _read(path: Path) -> dict[str, Note] | None:
    """The notes in a file; None if there is no file; NotesDamaged if it cannot be used."""
    try:
        info = path.lstat()
    except (FileNotFoundError, NotADirectoryError):
        return None  # no file yet (or no data folder: writing says why, once)
    except OSError as error:
        raise NotesDamaged(f"cannot be read ({error.strerror or error})") from None
    if stat.S_ISDIR(info.st_mode):
        raise NotesDamaged("is a folder, not a notes file")
    if stat.S_ISLNK(info.st_mode):
        raise NotesDamaged("is a symbolic link, not a notes file of its own")
    if not stat.S_ISREG(info.st_mode):
        raise NotesDamaged("is not a regular file")
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        raise NotesDamaged("belongs to another user")
    if info.st_size > MAX_NOTES_BYTES:
        raise NotesDamaged(f"is over {MAX_NOTES_BYTES:,} bytes")
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as error:
        raise NotesDamaged(f"is damaged ({type(error).__name__})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise NotesDamaged("is not an xref-reader notes file")
    if data.get("version") != VERSION:
        raise NotesDamaged(f"has notes format version {data.get('version')!r}, not {VERSION}")
    entries = data.get("notes")
    if not isinstance(entries, dict):
        raise NotesDamaged("is damaged (no notes table)")
    notes: dict[str, Note] = {}
    for passage_id, entry in entries.items():
        fields = ("text_hash", "body", "created", "updated")
        if not isinstance(entry, dict) or not all(isinstance(entry.get(f), str) for f in fields):
            raise NotesDamaged(f"is damaged (the note on {str(passage_id)[:80]!r})")
        notes[passage_id] = Note(passage_id, *(entry[f] for f in fields))
    return notes


class NoteBook:
    """The notes of one corpus. Open with `NoteBook.open(corpus)`."""

    def __init__(self, corpus: Corpus, path: Path) -> None:
        self.corpus = corpus
        self.path = path
        self.problems: list[Problem] = []
        """The notes file's problem, reported once on opening (the file is kept)."""
        self.backup: Path | None = None
        """Where an unusable notes file was moved before the first new note was written."""
        self._damaged = False
        self._notes: dict[str, Note] = {}
        self._load(report=True)

    @classmethod
    def open(cls, corpus: Corpus, folder: Path | None = None) -> NoteBook:
        """The notes of `corpus`, kept in `folder` (default: `notes/` in the data folder,
        XREF_DATA_DIR overrides). Never raises for a bad file: see `problems`."""
        if folder is None:
            folder = data_dir(create=False) / NOTES_FOLDER
        return cls(corpus, folder / f"{corpus_key(corpus)}.json")

    def _load(self, *, report: bool) -> None:
        try:
            notes = _read(self.path)
        except NotesDamaged as error:
            self._damaged = True
            self._notes = {}
            if report:
                message = f"notes file {error}; it is kept, and moved aside when a note is written"
                self.problems.append(Problem(str(self.path), message))
            return
        self._damaged = False
        self._notes = notes or {}

    def get(self, passage_id: str) -> Note | None:
        """The note on a passage, or None."""
        return self._notes.get(passage_id)

    def notes(self) -> list[Note]:
        """Every note, in corpus order; notes on passages no longer there last, by id."""
        order = {p.id: k for k, p in enumerate(self.corpus)}
        return sorted(
            self._notes.values(),
            key=lambda n: (n.passage_id not in order, order.get(n.passage_id, 0), n.passage_id),
        )

    def changed(self, note: Note, corpus: Corpus | None = None) -> bool:
        """Whether the passage's text changed since the note was written (or it is gone)."""
        try:
            passage = (corpus or self.corpus).passage(note.passage_id)
        except KeyError:
            return True
        return text_hash(passage.text) != note.text_hash

    def put(self, passage: Passage, body: str) -> Note | None:
        """Write (or replace) the note on a passage; an empty body deletes it (None then).

        The file is read again first, so a note written meanwhile by another xref (the reader
        and `xref notes add`) is kept. OSError if the data folder cannot be written."""
        body = _text_of(body).strip()[:MAX_NOTE_CHARS]
        folder = self.path.parent
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        with _locked(folder / LOCK_FILE):
            try:
                return self._put(passage, body)
            except BaseException:
                self._load(report=False)  # what is on disk, not the note that failed
                raise

    def _put(self, passage: Passage, body: str) -> Note | None:
        self._load(report=False)
        old = self._notes.get(passage.id)
        note: Note | None = None
        if body:
            now = _now()
            created = old.created if old is not None else now
            note = Note(passage.id, text_hash(passage.text), body, created, now)
            self._notes[passage.id] = note
        elif old is None:
            return None
        else:
            del self._notes[passage.id]
        self._write()
        return note

    def _write(self) -> None:
        if self._damaged:
            self._move_aside()
        data = {
            "format": FORMAT,
            "version": VERSION,
            "corpus": [str(p) for p in self.corpus.folders],
            "notes": {
                n.passage_id: {k: v for k, v in n.to_json().items() if k != "passage"}
                for n in self.notes()
            },
        }
        atomic_write_text(self.path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")

    def _move_aside(self) -> None:
        """Rename the unusable file (or folder) to a backup name nothing else uses."""
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        for k in range(1000):
            candidate = self.path.with_name(f"{self.path.name}.damaged-{stamp}-{k}")
            if not os.path.lexists(candidate):
                break
        else:
            raise OSError(f"{self.path}: no free backup name")
        if os.path.lexists(self.path):
            os.rename(self.path, candidate)
            self.backup = candidate
        self._damaged = False
