"""Pasted copies: text taken off a site with its menus above the title, often one line per
paragraph instead of blank lines between them."""

from __future__ import annotations

import re
from pathlib import Path

from ..corpus.cleaning import clean_text
from ..corpus.model import DocumentError
from ..corpus.parsing import decode_document, parse_document
from .chrome import is_chrome, strip_chrome
from .metadata import detect_language, find_date
from .model import Article, Refused

_PROSE_END = re.compile(r"([.!?:;…]|다|[.!?][”\"’])\s*$")


def decode_text(data: bytes) -> str:
    """UTF-8 or UTF-16 as the loader reads them; a Korean (CP949) or Western (CP1252) copy
    saved by an older editor is read too rather than refused."""
    try:
        return decode_document(data)
    except DocumentError as error:
        if not error.message.startswith("not UTF-8"):
            raise Refused(error.message) from None
    for encoding in ("cp949", "cp1252"):
        try:
            return clean_text(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise Refused("not text in UTF-8, UTF-16, CP949 or CP1252")


def _lines_and_paragraphs(text: str) -> list[str]:
    """One entry per paragraph: blank-line blocks joined when the copy has them, else one
    paragraph a line. A block of short label lines (a menu) stays one entry a line."""
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    out: list[str] = []
    if len(blocks) < 3:
        return [line.strip() for line in text.split("\n") if line.strip()]
    for block in blocks:
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if all(len(line) < 80 and not _PROSE_END.search(line) for line in lines):
            out.extend(lines)
        else:
            out.append(" ".join(lines))
    return out


def read_text(data: bytes, source: str, path: Path | None = None) -> Article:
    """The statement in a pasted copy: chrome dropped, the title found above the first
    paragraph, the date from the lines around it."""
    text = decode_text(data)
    if text.lstrip().startswith("---") and path is not None:
        try:
            document = parse_document(path, text.lstrip())
        except DocumentError as error:
            raise Refused(f"front matter: {error.message}") from None
        return Article(
            title=document.title,
            paragraphs=[p.text for p in document.passages],
            date=document.date,
            issuer=document.issuer,
            language=document.language,
            source=document.source,
        )
    entries = _lines_and_paragraphs(text)
    first_prose = next(
        (i for i, line in enumerate(entries) if _PROSE_END.search(line) and len(line) > 40),
        None,
    )
    if first_prose is None:
        raise Refused("no article text: no paragraph of prose")
    leading = entries[:first_prose]
    date = next((d for d in (find_date(line) for line in leading if is_chrome(line)) if d), None)
    candidates = [line for line in leading if not is_chrome(line)]
    if not candidates:
        raise Refused("no title: no heading line above the first paragraph")
    title = candidates[-1]
    body = strip_chrome(entries[first_prose:], title)
    if date is None:
        tail = [line for line in entries[first_prose:] if is_chrome(line)]
        date = next((d for d in map(find_date, tail) if d), None)
    if not body:
        raise Refused("no article text")
    return Article(
        title=title,
        paragraphs=body,
        date=date,
        language=detect_language(" ".join(body)),
    )
