"""The corpus model: documents split into numbered passages, loaded safely from files.

A passage is the unit everything else points at (search hits, links, themes, the reader's
cursor), so its identifier `DOC-ID:N` must be stable for a given file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from .cleaning import clean_text, printable, strip_controls
from .yamlfile import YamlError, load_yaml, not_a_file

DOCUMENT_SUFFIXES = (".md", ".txt")
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
MAX_FRONT_MATTER_CHARS = 32 * 1024
"""PyYAML parses about 70 kB a second at worst ([1,1,1,...]): front matter is a few lines,
so a bigger one is refused rather than stalling the load for seconds."""
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ID_LENGTH = 80
LANGUAGE_PATTERN = re.compile(r"^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$")
KNOWN_KEYS = ("id", "title", "issuer", "date", "source", "language")


class Passage(NamedTuple):
    """One paragraph of a document: what search hits, links and the cursor point at.

    A named tuple, not a frozen dataclass: as immutable and hashable, and built three times
    faster, which is a third of loading a 30,000-paragraph document."""

    id: str
    document_id: str
    number: int
    text: str
    offset: int
    """Character offset of the paragraph in the cleaned text of the source file."""
    line: int
    """1-based line of the paragraph's first line in the source file."""


@dataclass(slots=True)
class Document:
    """A statement with its metadata and passages, as read from one file."""

    id: str
    title: str
    path: Path
    passages: Sequence[Passage]
    """A tuple, or passages decoded from the document cache on first use."""
    issuer: str | None = None
    date: str | None = None
    source: str | None = None
    language: str = "en"
    extra: dict[str, Any] = field(default_factory=dict)
    digest: str = ""
    """SHA-256 of the file's bytes: part of the index fingerprint."""
    id_line: int | None = None
    """Line of the `id:` key in the file (None when the id comes from the file name), so a
    duplicate id is reported where it was written."""

    def citation(self, number: int) -> str:
        """How an analyst cites a paragraph: 'Title (Issuer, 2024-01-23), para. 2'."""
        details = ", ".join(part for part in (self.issuer, self.date) if part)
        where = f" ({details})" if details else ""
        return f"{self.title}{where}, para. {number}"

    def passage(self, number: int) -> Passage:
        if not 1 <= number <= len(self.passages):
            raise KeyError(f"{self.id}:{number}")
        return self.passages[number - 1]


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a file (or a rule in it) was not used, for a one-line report."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return printable(f"{where}: {self.message}")


class DocumentError(Exception):
    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class Corpus:
    """Documents in a stable order (date, then id), with lookup by passage id."""

    def __init__(
        self,
        documents: Iterable[Document],
        problems: Iterable[Problem] = (),
        folders: Sequence[Path] = (),
    ) -> None:
        self.documents: list[Document] = sorted(
            documents, key=lambda d: (d.date is None, d.date or "", d.id)
        )
        self.problems: list[Problem] = list(problems)
        self.folders: list[Path] = list(folders)
        """Folders the documents came from: where aliases.yaml and themes.yaml are looked up."""
        self._by_id = {d.id: d for d in self.documents}

    def __iter__(self) -> Iterator[Passage]:
        for document in self.documents:
            yield from document.passages

    def __len__(self) -> int:
        return sum(len(d.passages) for d in self.documents)

    def document(self, document_id: str) -> Document:
        return self._by_id[document_id]

    def passage(self, passage_id: str) -> Passage:
        """Look up `DOC-ID:N`; KeyError with the id if there is no such passage."""
        doc_id, sep, number = passage_id.rpartition(":")
        # ASCII digits only: '²'.isdigit() is True but int('²') fails; 5000 digits too.
        digits = number.isascii() and number.isdigit() and len(number) <= 9
        if not sep or not digits or doc_id not in self._by_id:
            raise KeyError(passage_id)
        try:
            return self._by_id[doc_id].passage(int(number))
        except KeyError:
            raise KeyError(passage_id) from None

    def document_of(self, passage: Passage) -> Document:
        return self._by_id[passage.document_id]

    def citation(self, passage: Passage) -> str:
        return self.document_of(passage).citation(passage.number)


def id_from_stem(stem: str) -> str:
    """A valid document id from a file name: lowercase, runs of other characters to '-'."""
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    slug = slug[:MAX_ID_LENGTH].strip("-")
    if slug:
        return slug
    # A name with no ASCII letters or digits (성명.md): distinct names must get distinct ids.
    return "document-" + hashlib.sha256(stem.encode("utf-8", "surrogateescape")).hexdigest()[:8]


def _describe_bad_utf8(data: bytes, error: UnicodeDecodeError) -> DocumentError:
    offset = error.start
    line = data.count(b"\n", 0, offset) + 1
    return DocumentError(
        f"not UTF-8: invalid byte 0x{data[offset]:02x} at byte offset {offset}", line
    )


_BINARY_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
"""Control bytes that mark a binary file; ESC is not one: a coloured log pasted into a
document is text whose escape sequences the cleaning removes."""


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if not head:
        return False
    # Counted in C (translate deletes the control bytes): a Python loop over every byte
    # cost 0.2 ms a file, a tenth of a warm start at 400 documents.
    controls = len(head) - len(head.translate(None, _BINARY_BYTES))
    return controls / len(head) > 0.10


def decode_document(data: bytes) -> str:
    """Decode file bytes to cleaned text; raise DocumentError saying why it is not text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise DocumentError(
                f"not valid UTF-16: bad bytes at byte offset {error.start}"
            ) from None
        return clean_text(text)
    if _looks_binary(data):
        raise DocumentError("binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _describe_bad_utf8(data, error) from None
    return clean_text(text)


def _read_bytes(path: Path) -> bytes:
    try:
        info = os.stat(path)
    except OSError as error:
        raise DocumentError(_os_reason(error)) from None
    problem = not_a_file(info)
    if problem:
        raise DocumentError(problem)
    if info.st_size > MAX_DOCUMENT_BYTES:
        raise DocumentError(f"file larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            return handle.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as error:
        raise DocumentError(_os_reason(error)) from None


def _os_reason(error: OSError) -> str:
    import errno

    reasons = {
        errno.ENOENT: "no such file",
        errno.EACCES: "permission denied: the file cannot be read",
        errno.EPERM: "permission denied: the file cannot be read",
        errno.ELOOP: "symbolic link loop",
        errno.EISDIR: "is a folder, not a file",
        errno.ENOTDIR: "a part of the path is not a folder",
        errno.ENAMETOOLONG: "file name too long",
    }
    return reasons.get(error.errno or 0, (error.strerror or "cannot be read").lower())


def _key_line(front_lines: list[str], key: str) -> int | None:
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*:")
    for index, line in enumerate(front_lines):
        if pattern.match(line):
            return index + 2  # the opening '---' is line 1
    return None


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = " ".join(strip_controls(str(value)).split())
        return text or None
    raise TypeError(type(value).__name__)


def _parse_date(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        text = value.strip()
        for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
            try:
                parsed = parse(text)
            except ValueError:
                continue
            return (parsed.date() if isinstance(parsed, dt.datetime) else parsed).isoformat()
    raise ValueError(str(value))


def parse_document(path: Path, text: str, digest: str = "") -> Document:
    """Split cleaned text into front matter and passages; raise DocumentError if unusable."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise DocumentError(
            "no front matter: a document starts with a '---' line, 'title: ...', and '---'", 1
        )
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        raise DocumentError("front matter is not closed: no '---' line after the opening one", 1)
    front_lines = lines[1:end]
    front_text = "\n".join(front_lines)
    if len(front_text) > MAX_FRONT_MATTER_CHARS:
        raise DocumentError(
            f"front matter larger than {MAX_FRONT_MATTER_CHARS // 1024} kB "
            "(it should be a few 'key: value' lines)",
            2,
        )
    try:
        meta = load_yaml(front_text)
    except YamlError as error:
        line = error.line + 1 if error.line else 2
        raise DocumentError(f"front matter {error.message}", line) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise DocumentError("front matter is not a mapping of 'key: value' lines", 2)
    meta = {str(k): v for k, v in meta.items()}

    def field_text(key: str) -> str | None:
        try:
            return _as_text(meta.get(key))
        except TypeError as error:
            raise DocumentError(
                f"'{key}' must be text, not a {error}", _key_line(front_lines, key)
            ) from None

    title = field_text("title")
    if not title:
        raise DocumentError("missing title in front matter", _key_line(front_lines, "title") or 1)
    doc_id = field_text("id")
    if doc_id is None:
        doc_id = id_from_stem(path.stem)
    elif not ID_PATTERN.match(doc_id) or len(doc_id) > MAX_ID_LENGTH:
        raise DocumentError(
            f"bad id {doc_id[:40]!r}: use lowercase letters, digits and '-'",
            _key_line(front_lines, "id"),
        )
    date = None
    if meta.get("date") is not None:
        try:
            date = _parse_date(meta["date"])
        except ValueError:
            raise DocumentError(
                f"bad date {str(meta['date'])[:40]!r}: use ISO 8601, such as 2024-01-23",
                _key_line(front_lines, "date"),
            ) from None
    language = field_text("language") or "en"
    if not LANGUAGE_PATTERN.match(language):
        raise DocumentError(
            f"bad language {language[:20]!r}: use a BCP 47 tag such as en or ko",
            _key_line(front_lines, "language"),
        )

    passages: list[Passage] = []
    offset = sum(len(line) + 1 for line in lines[: end + 1])
    current: list[str] = []
    start_line = start_offset = 0
    for index in range(end + 1, len(lines) + 1):
        line = lines[index] if index < len(lines) else ""
        if line.strip():
            if not current:
                start_line, start_offset = index + 1, offset + (len(line) - len(line.lstrip()))
            current.append(line.strip())
        elif current:
            number = len(passages) + 1
            passages.append(
                Passage(
                    id=f"{doc_id}:{number}",
                    document_id=doc_id,
                    number=number,
                    text=" ".join(current),
                    offset=start_offset,
                    line=start_line,
                )
            )
            current = []
        offset += len(line) + 1
    if not passages:
        raise DocumentError("empty body: no paragraphs after the front matter", end + 1)
    return Document(
        id=doc_id,
        title=title,
        path=path,
        passages=tuple(passages),
        issuer=field_text("issuer"),
        date=date,
        source=field_text("source"),
        language=language,
        extra={k: v for k, v in meta.items() if k not in KNOWN_KEYS},
        digest=digest,
        id_line=_key_line(front_lines, "id") if field_text("id") is not None else None,
    )


def load_document(path: Path) -> Document:
    """Read one document file; raise DocumentError (with a line if known) if it is unusable."""
    data = _read_bytes(path)
    return parse_document(path, decode_document(data), hashlib.sha256(data).hexdigest())


def find_document_files(folder: Path) -> tuple[list[Path], list[Problem]]:
    """Every .md and .txt file below a folder, sorted; hidden entries and link loops skipped."""
    files: list[Path] = []
    problems: list[Problem] = []
    seen: set[tuple[int, int]] = set()

    def on_error(error: OSError) -> None:
        problems.append(Problem(str(error.filename or folder), _os_reason(error)))

    for root, dirs, names in os.walk(folder, onerror=on_error, followlinks=True):
        try:
            info = os.stat(root)
        except OSError:
            continue
        key = (info.st_dev, info.st_ino)
        if key in seen:
            # A link back to a folder above is a loop (reported); a second link to a folder
            # read elsewhere is just another way in (its files are already loaded).
            real, parent = os.path.realpath(root), os.path.realpath(os.path.dirname(root))
            if parent == real or parent.startswith(real.rstrip(os.sep) + os.sep):
                problems.append(Problem(root, "symbolic link loop: folder already read"))
            dirs[:] = []
            continue
        seen.add(key)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith(".") and name.lower().endswith(DOCUMENT_SUFFIXES):
                files.append(Path(root) / name)
    return files, problems


def _is_dir(path: Path) -> bool:
    """Path.is_dir, except that any OSError (name too long, permission) means 'read it as a
    file', so load_document reports the reason instead of load_corpus raising."""
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def load_corpus(paths: Sequence[Path | str], *, cache: bool = True) -> Corpus:
    """Load every readable document from files and folders; collect problems, never raise.

    With `cache`, documents parsed by an earlier run and unchanged since are taken from the
    private cache (search_index.corpus_cache) instead of being read again."""
    from .corpus_cache import DocumentCache

    remembered = DocumentCache.for_paths([Path(p) for p in paths]) if cache else None
    documents: list[Document] = []
    problems: list[Problem] = []
    folders: list[Path] = []
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if _is_dir(path):
            folders.append(path)
            found, walk_problems = find_document_files(path)
            files.extend(found)
            problems.extend(walk_problems)
        else:
            files.append(path)
    by_id: dict[str, Path] = {}
    seen_files: set[object] = set()
    for path in files:
        info = _stat_or_none(path)
        # The same file reached twice (a link, two --texts) is read once; by inode, as
        # realpath costs a stat per path component.
        key: object = (info.st_dev, info.st_ino) if info else os.path.realpath(path)
        if key in seen_files:
            continue
        seen_files.add(key)
        found = remembered.get(path, info) if remembered is not None and info else None
        if isinstance(found, tuple):
            problems.append(Problem(str(path), found[0], found[1]))
            continue
        try:
            document = found or load_document(path)
        except DocumentError as error:
            problems.append(Problem(str(path), error.message, error.line))
            if remembered is not None and info is not None:
                remembered.put_problem(path, info, error.message, error.line)
            continue
        except (OSError, RecursionError, MemoryError) as error:
            problems.append(Problem(str(path), f"cannot be read: {type(error).__name__}"))
            continue
        if remembered is not None and info is not None and found is None:
            remembered.put_document(path, info, document)
        if document.id in by_id:
            problems.append(
                Problem(
                    str(path),
                    f"duplicate id {document.id!r}: already used by {by_id[document.id]}",
                    document.id_line,
                )
            )
            continue
        by_id[document.id] = path
        documents.append(document)
    if remembered is not None:
        remembered.save()
    return Corpus(documents, problems, folders)


def _stat_or_none(path: Path) -> os.stat_result | None:
    """A regular file's stat (the cache key), or None: anything else is read to say why."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info if stat.S_ISREG(info.st_mode) else None


def bundled_texts_dir() -> Path:
    """The statements shipped with the package: in the wheel, or in a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "bundled_texts", here.parent / "texts"):
        if candidate.is_dir():
            return candidate
    return here / "bundled_texts"
