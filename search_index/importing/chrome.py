"""Lines that belong to a site, not to its statement: skip links, menus, counters, surveys.

Extractors keep some of them (the measurement in tests/bench/import_quality.py shows which);
these rules remove what they keep, in pages, PDFs and pasted copies alike.
"""

from __future__ import annotations

import re

from .metadata import find_date

_CHROME_PATTERNS = [
    # Skip links and search toggles, English and Korean.
    r"(skip|go|jump) to (main )?(content|navigation|menu|search)",
    r"바로가기",
    r"검색창 (열기|닫기)",
    # Counters, attachments, previous/next, lists.
    r"^(hits?|views?|조회수?|조회)\s*[:：]?\s*[\d,]+$",
    r"^(attachments?|첨부\s*파일|첨부)\b",
    r"^(previous|next|prev|이전글|다음글)\b",
    r"^(목록|list|back to top|print|인쇄|share|share this page:?|download pdf)$",
    # Satisfaction surveys.
    r"만족하십니까|만족도\s*조사|satisfaction survey|are you satisfied with",
    r"^(매우\s*만족|만족|보통|불만족|매우\s*불만족)$",
    r"^(very satisfied|satisfied|neutral|dissatisfied|very dissatisfied)$",
    # Footers, notices and the like.
    r"all rights reserved|^copyright\b|^©",
    r"^for information media\b",
    r"^\*?\s*unofficial translation$",
    r"^(끝|end)\s*\.?$",
    r"^page \d+( of \d+)?$",
    r"^\d+\s*/\s*\d+$",
    r"^-?\s*\d{1,3}\s*-?$",
    # A UN document symbol (SG/SM/21760, SC/15755) or an EEAS unique id on a line of its own.
    r"^[A-Z]{1,4}(/[A-Z0-9.]{1,8}){1,4}$",
    r"unique id\s*:",
    # A link on a line of its own, labelled or not ('Original article link: https://...').
    r"^[^.!?]{0,40}\bhttps?://\S+$",
    # A telephone line ('Newsdesk 020 7008 3100', '+32 (0) 2 29 88093').
    r"^[^\d.!?]{0,30}\+?\(?\d[\d ()./-]{6,}\d$",
]
_CHROME = re.compile("|".join(f"(?:{p})" for p in _CHROME_PATTERNS), re.IGNORECASE)
_BREADCRUMB = re.compile(r"\s(>|»|›|/)\s")
_SENTENCE_END = re.compile(r"[.!?:;”\"’)\]…。다요]\s*$")


def is_chrome(line: str) -> bool:
    """True for a line that is site furniture wherever it stands."""
    text = " ".join(line.split())
    if not text:
        return True
    if _CHROME.search(text):
        return True
    if len(text) < 120 and len(_BREADCRUMB.findall(text)) >= 2:
        return True
    return len(text) <= 40 and find_date(text) is not None and _mostly_date(text)


def _mostly_date(text: str) -> bool:
    """'13 April 2023', 'Date : 2017-10-27', 'Brussels, 02.07.2024': a date line, not prose."""
    return len(re.sub(r"[\W\d_]+", "", text)) <= 20


def is_sentence(line: str) -> bool:
    """A line that ends the way prose does (also a Korean '…다.' or a quotation)."""
    return bool(_SENTENCE_END.search(line.strip()))


def strip_chrome(lines: list[str], title: str | None = None) -> list[str]:
    """The lines without site furniture, the title repeated above the text, and the short
    lines without sentence punctuation that open or close it (a slogan, a section name)."""
    key = _key(title) if title else None
    kept = [line for line in lines if not is_chrome(line) and (key is None or _key(line) != key)]
    while kept and _is_label(kept[0]):
        kept.pop(0)
    while kept and _is_label(kept[-1]):
        kept.pop()
    return kept


def _is_label(line: str) -> bool:
    return len(line) < 70 and not is_sentence(line)


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text).lower()
