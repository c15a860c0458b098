"""PDF statements: the text in reading order, without running headers, footers and page
numbers, a paragraph that runs across a page break joined again (pdfminer.six keeps the
layout boxes this needs)."""

from __future__ import annotations

import io
import itertools
import re
import statistics
from dataclasses import dataclass

from ..corpus.cleaning import clean_text
from .chrome import is_chrome
from .metadata import detect_language, find_date
from .model import Article, Refused

MARGIN = 0.09
"""The top and bottom share of a page where running headers and footers stand."""
_PROSE_END = re.compile(r"([.!?:;…]|다|[.!?][”\"’])\s*$")


@dataclass
class _Line:
    page: int
    top: float
    bottom: float
    x: float
    size: float
    text: str
    band: bool  # in the top or bottom margin of its page


def _lines(data: bytes) -> tuple[list[_Line], dict[str, str]]:
    try:
        from pdfminer.high_level import extract_pages
        from pdfminer.layout import LAParams, LTChar, LTTextContainer, LTTextLine
        from pdfminer.pdfdocument import PDFDocument, PDFPasswordIncorrect
        from pdfminer.pdfparser import PDFParser
    except ImportError:  # pragma: no cover - pdfminer.six is a dependency
        raise Refused("reading PDFs needs pdfminer.six (pip install pdfminer.six)") from None
    info: dict[str, str] = {}
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        for entry in document.info:
            for key, value in entry.items():
                if isinstance(value, bytes):
                    value = _pdf_string(value)
                if isinstance(value, str):
                    info[key] = value
    except PDFPasswordIncorrect:
        raise Refused("encrypted PDF: it cannot be read without its password") from None
    except Exception as error:
        raise Refused(f"not a readable PDF ({type(error).__name__})") from None
    lines: list[_Line] = []
    try:
        for number, page in enumerate(extract_pages(io.BytesIO(data), laparams=LAParams())):
            height = page.height or 1
            for box in page:
                if not isinstance(box, LTTextContainer):
                    continue
                for line in box:
                    if not isinstance(line, LTTextLine):
                        continue
                    text = " ".join(line.get_text().split())
                    if not text:
                        continue
                    sizes = [c.size for c in line if isinstance(c, LTChar)]
                    band = line.y0 > height * (1 - MARGIN) or line.y1 < height * MARGIN
                    lines.append(
                        _Line(
                            number, -line.y1, -line.y0, line.x0, max(sizes, default=0), text, band
                        )
                    )
    except Exception as error:
        raise Refused(f"not a readable PDF ({type(error).__name__})") from None
    lines.sort(key=lambda line: (line.page, round(line.top, 1), line.x))
    return lines, info


def _pdf_string(value: bytes) -> str:
    if value.startswith((b"\xfe\xff", b"\xff\xfe")):
        return value.decode("utf-16", "replace")
    return value.decode("latin-1")


def _furniture(lines: list[_Line]) -> set[int]:
    """Indexes of running headers and footers: margin lines repeated on several pages
    (digits aside), and page numbers."""
    pages = {line.page for line in lines}
    counts: dict[str, set[int]] = {}
    for line in lines:
        if line.band:
            counts.setdefault(re.sub(r"\d+", "#", line.text), set()).add(line.page)
    out = set()
    for index, line in enumerate(lines):
        if not line.band:
            continue
        repeated = len(pages) > 1 and len(counts[re.sub(r"\d+", "#", line.text)]) > 1
        if repeated or is_chrome(line.text):
            out.add(index)
    return out


def _join(previous: str, line: str) -> str:
    if previous.endswith("-") and line[:1].islower() and previous[-2:-1].isalpha():
        return previous + line
    return f"{previous} {line}"


def read_pdf(data: bytes, source: str) -> Article:
    """The statement in a PDF: title from the largest type on the first page (else the
    PDF's Title), date from the lines around it, paragraphs from the gaps between lines."""
    lines, info = _lines(data)
    if not lines:
        raise Refused("no text in the PDF: a scan or images only (run OCR on it first)")
    skip = _furniture(lines)
    body = [line for index, line in enumerate(lines) if index not in skip]
    if not body:
        raise Refused("no article text in the PDF")
    sizes = [line.size for line in body if line.size]
    common = statistics.median(sizes) if sizes else 0
    first_page = min(line.page for line in body)
    title_lines = [line for line in body if line.page == first_page and line.size > common * 1.15]
    title = " ".join(line.text for line in title_lines) or info.get("Title", "").strip()
    if not title:
        raise Refused("no title: no heading on the first page and no Title in the PDF")
    text_lines = [line for line in body if line not in title_lines]
    start = 0
    date = None
    # Lines above the first paragraph (a place and date line, a reference) are metadata.
    while start < len(text_lines) and (
        len(text_lines[start].text) < 60 and not _PROSE_END.search(text_lines[start].text)
    ):
        date = date or find_date(text_lines[start].text)
        start += 1
    paragraphs = _paragraphs(text_lines[start:])
    paragraphs = [p for p in paragraphs if not is_chrome(p)]
    if not paragraphs:
        raise Refused("no article text in the PDF")
    return Article(
        title=clean_text(title),
        paragraphs=[clean_text(p) for p in paragraphs],
        date=date,
        issuer=info.get("Author", "").strip() or None,
        language=detect_language(" ".join(paragraphs)),
    )


def _paragraphs(lines: list[_Line]) -> list[str]:
    """Lines joined into paragraphs: a gap larger than the usual line spacing ends one; a
    page break ends one only where the last line ends a sentence."""
    gaps = [
        b.top - a.bottom
        for a, b in itertools.pairwise(lines)
        if a.page == b.page and b.top > a.bottom - 1
    ]
    usual = statistics.median(gaps) if gaps else 0
    out: list[str] = []
    previous: _Line | None = None
    for line in lines:
        if previous is None:
            out.append(line.text)
        elif line.page != previous.page:
            if _PROSE_END.search(previous.text):
                out.append(line.text)
            else:
                out[-1] = _join(out[-1], line.text)
        elif line.top - previous.bottom > usual + max(2.0, usual * 0.5):
            out.append(line.text)
        else:
            out[-1] = _join(out[-1], line.text)
        previous = line
    return out
