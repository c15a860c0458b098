"""Month and weekday names as English statements write them: one table for every reader of dates.

The importer reads a document's date from them ('March 26, 2014'), the link kinds tell a
dateline from them ('BRUSSELS, 23 January') and translation links pair an English date with
its Korean form ('January 23' / '1월 23일'); one table, so the three never disagree on what a
month is (Sept. as well as Sep.).
"""

from __future__ import annotations

_NAMES = (  # each month's full name first, then how it is shortened
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sep", "sept"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)
MONTHS: dict[str, int] = {
    name: number for number, names in enumerate(_NAMES, start=1) for name in names
}
"""Every name of a month, full or short, lower case -> its number (1-12)."""

MONTH_PATTERN = "|".join(sorted(MONTHS, key=len, reverse=True))
"""A regular expression alternation of every month name, longest first (september before
sep), to be compiled case-insensitively."""

WEEKDAYS: dict[str, int] = {
    day: number
    for number, day in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
}
"""English weekday names -> 0 (Monday) to 6 (Sunday), as datetime.weekday() counts."""
KOREAN_WEEKDAYS: dict[str, int] = {day: number for number, day in enumerate("월화수목금토일")}
"""The one-syllable Korean weekdays of a dateline such as 1.23(화), counted as WEEKDAYS."""
