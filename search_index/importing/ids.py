"""Readable, stable document ids: the title's words and the date, 'dprk-statement-2024-07-02'."""

from __future__ import annotations

import hashlib
import re
import unicodedata
import urllib.parse
from pathlib import PurePath

from ..corpus.parsing import MAX_ID_LENGTH, id_from_stem

TITLE_WORDS = 8


def document_id(title: str, date: str | None, source: str | None = None) -> str:
    """The id an imported document gets: up to eight words of its title, then its date.
    A title without ASCII letters (a Korean one) is named by its source, the site or the
    file name ('mofa-go-kr-2023-07-18'), else by a short digest of the title."""
    plain = re.sub(r"['’‘]", "", title)  # People's, Spokesperson’s: one word each
    ascii_title = unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    slug = "-".join(words[:TITLE_WORDS])
    if len(re.sub(r"[^a-z]", "", slug)) < 3:
        slug = _from_source(source)
    if len(re.sub(r"[^a-z]", "", slug)) < 3:
        digest = hashlib.sha256(title.encode("utf-8", "replace")).hexdigest()[:8]
        slug = f"statement-{digest}"
    tail = f"-{date}" if date else ""
    return slug[: MAX_ID_LENGTH - len(tail) - 3].strip("-") + tail


def _from_source(source: str | None) -> str:
    """'mofa-go-kr' for a page of www.mofa.go.kr, 'press-release' for press_release.html."""
    if not source:
        return ""
    if "://" in source:
        host = urllib.parse.urlsplit(source).hostname or ""
        stem = host.removeprefix("www.")
    else:
        stem = PurePath(source).stem
    slug = id_from_stem(stem)
    return "" if slug.startswith("document-") else "-".join(slug.split("-")[:TITLE_WORDS])


def free_id(base: str, taken: set[str]) -> str:
    """`base`, or base-2, base-3 ... : never the id of another document."""
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"
