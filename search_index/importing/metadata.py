"""Dates and languages as statements write them: '02.07.2024', 'March 26, 2014', '2013년 7월'."""

from __future__ import annotations

import datetime as dt
import re

from ..analysis.dates import MONTH_PATTERN, MONTHS

_MONTH = r"(?P<month>" + MONTH_PATTERN + r")\.?"
_FORMS = [
    # 2024-07-02, 2024.07.02, 2024/07/02, 2013. 7. 17.
    re.compile(
        r"(?<!\d)(?P<year>(?:19|20)\d\d)\s*[-./]\s*(?P<m>\d{1,2})\s*[-./]\s*(?P<day>\d{1,2})(?!\d)"
    ),
    # 2013년 7월 17일, 2024년 7월
    re.compile(r"(?P<year>(?:19|20)\d\d)\s*년\s*(?P<m>\d{1,2})\s*월(?:\s*(?P<day>\d{1,2})\s*일)?"),
    # 02.07.2024, 11/01/2022 (day first, as European sites write it)
    re.compile(
        r"(?<![\d.])(?P<day>\d{1,2})\s*[./]\s*(?P<m>\d{1,2})\s*[./]\s*(?P<year>(?:19|20)\d\d)(?!\d)"
    ),
    # March 26, 2014 / Dec 12, 2012
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    # 13 April 2023, 23rd January 2024, 5th of May 2024
    re.compile(
        r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?"
        + _MONTH
        + r",?\s+(?P<year>(?:19|20)\d\d)\b",
        re.I,
    ),
    # 01/23/2024 (month first, as US sites write it: only where day first is no date)
    re.compile(r"(?<![\d.])(?P<m>\d{1,2})/(?P<day>\d{1,2})/(?P<year>(?:19|20)\d\d)(?!\d)"),
    # July 2024 (a partial date)
    re.compile(r"\b" + _MONTH + r"\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    # 2024-07 (a partial date)
    re.compile(r"(?<![\d-])(?P<year>(?:19|20)\d\d)-(?P<m>\d{2})(?![\d-])"),
]


def _from_match(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    year = int(groups["year"])
    month = MONTHS[groups["month"].lower()] if groups.get("month") else int(groups["m"])
    day = groups.get("day")
    try:
        if day is None:
            dt.date(year, month, 1)
            return f"{year:04d}-{month:02d}"
        return dt.date(year, month, int(day)).isoformat()
    except ValueError:
        return None


def find_date(text: str) -> str | None:
    """The first date written in `text` as ISO 8601 (YYYY-MM when the day is not given)."""
    best: tuple[int, str] | None = None
    for form in _FORMS:
        for match in form.finditer(text):
            found = _from_match(match)
            if found and (best is None or match.start() < best[0]):
                best = (match.start(), found)
            if found:
                break
    return best[1] if best else None


def iso_date(value: str | None) -> str | None:
    """A date from metadata ('2024-01-15T14:05:11+00:00', '20240115') as ISO, or None."""
    if not value:
        return None
    text = value.strip()
    compact = re.fullmatch(r"((?:19|20)\d\d)(\d\d)(\d\d)", text)
    if compact:
        text = "-".join(compact.groups())
    return find_date(text)


_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_LETTER = re.compile(r"[^\W\d_]")


def detect_language(text: str, declared: str | None = None) -> str:
    """'ko' for text mostly in Hangul, else the page's declared language, else 'en'."""
    sample = text[:20000]
    letters = len(_LETTER.findall(sample)) or 1
    if len(_HANGUL.findall(sample)) / letters > 0.3:
        return "ko"
    if declared:
        primary = declared.strip().split("-")[0].split("_")[0].lower()
        if re.fullmatch(r"[a-z]{2,3}", primary) and primary != "ko":
            return primary
    return "en"
