"""Reading one document file: bytes to cleaned text, front matter to metadata, paragraphs
to numbered passages. Every way a file can be unusable is a DocumentError saying why."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import re
from pathlib import Path
from typing import Any

from ..yamlfile import YamlError, load_yaml, not_a_file
from .cleaning import clean_text, strip_controls
from .model import Document, DocumentError, Passage

MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
MAX_FRONT_MATTER_CHARS = 32 * 1024
"""PyYAML parses about 70 kB a second at worst ([1,1,1,...]): front matter is a few lines,
so a bigger one is refused rather than stalling the load for seconds."""
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ID_LENGTH = 80
LANGUAGE_PATTERN = re.compile(r"^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$")
KNOWN_KEYS = ("id", "title", "issuer", "date", "source", "language")


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


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for mostly-ASCII UTF-16 written without a byte order mark
    (Windows tools do): the high byte of nearly every character is zero, on one side only.
    Without this such a file was 'binary file, not text'."""
    head = data[:8192]
    if len(data) % 2 or len(head) < 4:
        return None
    pairs = len(head) // 2
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > pairs * 0.3 and even < pairs * 0.02:
        return "utf-16-le"
    if even > pairs * 0.3 and odd < pairs * 0.02:
        return "utf-16-be"
    return None


def decode_document(data: bytes) -> str:
    """Decode file bytes to cleaned text; raise DocumentError saying why it is not text."""
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else None
    encoding = encoding or _utf16_without_bom(data)
    if encoding:
        try:
            text = data.decode(encoding)
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
        raise DocumentError(os_reason(error)) from None
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
        raise DocumentError(os_reason(error)) from None


def os_reason(error: OSError) -> str:
    """Why a file or folder cannot be read, in words for a problem report."""
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


_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


def _parse_date(value: Any) -> str:
    """ISO 8601 as written; a year or a year and month alone (2024, 2024-07) is kept as such:
    often all a statement says, and search already takes date:2024."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        text = value.strip()
        partial = _PARTIAL_DATE.match(text)
        if partial and int(partial[1]) >= 1 and (partial[2] is None or 1 <= int(partial[2]) <= 12):
            return text
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
        if path.suffix.lower() == ".txt":
            return _plain_text(path, lines, digest)
        raise DocumentError(
            "no front matter: a document starts with a '---' line, 'title: ...', and '---'", 1
        )
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        raise DocumentError("front matter is not closed: no '---' line after the opening one", 1)
    return _with_front_matter(path, lines, end, digest)


def _with_front_matter(path: Path, lines: list[str], end: int, digest: str) -> Document:
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
        raise DocumentError(
            f"front matter {error.message}{_colon_hint(front_lines, line)}", line
        ) from None
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
                f"bad date {str(meta['date'])[:40]!r}: use ISO 8601, such as 2024-01-23 "
                "(or 2024-01, 2024)",
                _key_line(front_lines, "date"),
            ) from None
    language = field_text("language") or "en"
    if not LANGUAGE_PATTERN.match(language):
        raise DocumentError(
            f"bad language {language[:20]!r}: use a BCP 47 tag such as en or ko",
            _key_line(front_lines, "language"),
        )

    passages = _passages(lines, end, doc_id)
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


def _colon_hint(front_lines: list[str], line: int) -> str:
    """': put the title in quotes' when the line is 'key: value with: a colon' (a title
    pasted from a page), the commonest front matter mistake."""
    index = line - 2
    if not 0 <= index < len(front_lines):
        return ""
    key, colon, value = front_lines[index].partition(":")
    value = value.strip()
    if colon and ": " in value and not value.startswith(("'", '"', "[", "{", "|", ">")):
        return f": put the {key.strip() or 'value'} in quotes"
    return ""


def _plain_text(path: Path, lines: list[str], digest: str) -> Document:
    """A .txt without front matter: its first non-blank line is the title, the rest its
    paragraphs (a pasted copy needs no YAML to be read; `xref import` cleans one fully)."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise DocumentError(
            "no front matter, and no text: a document starts with a '---' line, "
            "'title: ...', and '---'",
            1,
        )
    title = " ".join(strip_controls(lines[first]).split())[:500]
    doc_id = id_from_stem(path.stem)
    passages = _passages(lines, first, doc_id)
    if not passages:
        raise DocumentError(
            "empty body: a .txt without front matter takes its first line as the title, "
            "and nothing follows it",
            first + 1,
        )
    return Document(id=doc_id, title=title, path=path, passages=tuple(passages), digest=digest)


def _passages(lines: list[str], end: int, doc_id: str) -> list[Passage]:
    """The paragraphs after line index `end`, numbered from 1, with offsets and lines."""
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
    return passages


def load_document(path: Path) -> Document:
    """Read one document file; raise DocumentError (with a line if known) if it is unusable."""
    data = _read_bytes(path)
    return parse_document(path, decode_document(data), hashlib.sha256(data).hexdigest())
