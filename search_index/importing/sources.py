"""Turning the inputs of `xref import` (files, folders, URLs) into articles, one reason per
input that cannot be read."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from ..corpus.cleaning import printable
from ..corpus.parsing import os_reason
from .fetch import TIMEOUT, fetch
from .html import read_html
from .model import MAX_INPUT_BYTES, Article, Refused
from .pdf import read_pdf
from .text import read_text

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
IMPORT_SUFFIXES = (*HTML_SUFFIXES, ".pdf", ".txt", ".text")


@dataclass
class Input:
    """One thing to import: what the user wrote (for messages) and where it is."""

    given: str
    path: Path | None = None
    url: str | None = None


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


_OTHER_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)


def expand(given: list[str]) -> tuple[list[Input], list[tuple[str, str]]]:
    """Each URL and file as one input; a folder as the importable files below it (hidden
    entries and a browser's `page_files/` folders skipped). Missing paths are failures."""
    inputs: list[Input] = []
    failures: list[tuple[str, str]] = []
    for item in given:
        if is_url(item):
            inputs.append(Input(item, url=item))
            continue
        if _OTHER_SCHEME.match(item):
            scheme = item.split(":", 1)[0].lower()
            hint = " (give the file's path instead)" if scheme == "file" else ""
            reason = f"only http and https URLs can be imported, not {scheme}:{hint}"
            failures.append((item, reason))
            continue
        path = Path(item).expanduser()
        try:
            info = os.stat(path)
        except OSError as error:
            failures.append((item, os_reason(error)))
            continue
        if not stat.S_ISDIR(info.st_mode):
            inputs.append(Input(item, path=path))
            continue
        found = []
        for root, folders, files in os.walk(path):
            folders[:] = sorted(
                f for f in folders if not f.startswith(".") and not f.endswith("_files")
            )
            found.extend(
                Path(root) / name
                for name in sorted(files)
                if not name.startswith(".") and name.lower().endswith(IMPORT_SUFFIXES)
            )
        if not found:
            failures.append((item, "no .html, .htm, .pdf or .txt files in this folder"))
        inputs.extend(Input(str(p), path=p) for p in found)
    return inputs, failures


def _read_file(path: Path) -> bytes:
    try:
        info = os.stat(path)
    except OSError as error:
        raise Refused(os_reason(error)) from None
    if not stat.S_ISREG(info.st_mode):
        raise Refused("not a regular file")
    if info.st_size > MAX_INPUT_BYTES:
        raise Refused(f"larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB")
    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_INPUT_BYTES + 1)
    except OSError as error:
        raise Refused(os_reason(error)) from None


def _kind(name: str, data: bytes, content_type: str = "") -> str:
    lowered = name.lower().split("?")[0]
    if data.startswith(b"%PDF-") or content_type == "application/pdf":
        return "pdf"
    if lowered.endswith(".pdf"):
        return "pdf"
    if lowered.endswith(HTML_SUFFIXES) or content_type in ("text/html", "application/xhtml+xml"):
        return "html"
    if lowered.endswith((".txt", ".text")) or content_type == "text/plain":
        return "text"
    head = data[:1024].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")):
        return "html"
    if lowered.endswith((".docx", ".doc", ".odt", ".rtf")):
        raise Refused("word-processor files are not read: save it as PDF or HTML first")
    return "text"


def read_input(item: Input, timeout: float = TIMEOUT) -> Article:
    """The article in one input; Refused with the reason if it has none."""
    declared = None
    content_type = ""
    if item.url:
        fetched = fetch(item.url, timeout=timeout)
        data, declared, content_type = fetched.data, fetched.charset, fetched.content_type
        name, source = fetched.url, item.url
    else:
        assert item.path is not None
        data = _read_file(item.path)
        name, source = item.path.name, str(item.path.resolve())
    if not data.strip():
        raise Refused("empty file")
    kind = _kind(name, data, content_type)
    if kind == "pdf":
        article = read_pdf(data, source)
    elif kind == "html":
        article = read_html(data, source, declared)
    else:
        article = read_text(data, source, item.path)
    if len(article.title) > 500:
        raise Refused("no title: the first line is a whole paragraph")
    article.source = article.source or source
    return article


def describe(given: str) -> str:
    """The input as it may be printed: one line, escapes for control characters."""
    return printable(given)
