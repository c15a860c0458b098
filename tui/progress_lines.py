"""The progress protocol between `xref index --progress-lines` and the reader that starts it.

Why a module of its own: the reader builds a missing index in a child process and shows its
progress; the writer (the index command) and the reader (its session worker) must agree on
one line format, and neither should import the other to get it.
"""

from __future__ import annotations

PREFIX = "@progress"
"""A progress line: '@progress STAGE DONE TOTAL' (stages: index, terms, links, INDEX_READY)."""

INDEX_READY = "index-ready"
"""The stage of the line written once the index is in the cache, before the links are done:
the reader opens it then and searches while the child builds the links (a first build at
100,000 passages: 3.5 s sooner, at 1,000,000: 32 s)."""

NOTICE = "xref: notice: "
"""A notice line of the child (a damaged cache rebuilt, a cache kept in memory)."""


def progress_line(stage: str, done: int, total: int) -> str:
    return f"{PREFIX} {stage} {done} {total}\n"


def parse_progress(line: str) -> tuple[str, int, int] | None:
    """(stage, done, total) of a progress line, None for any other line."""
    parts = line.split()
    if len(parts) == 4 and parts[0] == PREFIX and parts[2].isdigit():
        return parts[1], int(parts[2]), int(parts[3]) if parts[3].isdigit() else 0
    return None


def parse_notice(line: str) -> str | None:
    """The text of a notice line, None for any other line."""
    return line[len(NOTICE) :].strip() if line.startswith(NOTICE) else None
