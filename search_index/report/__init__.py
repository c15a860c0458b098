"""Reports: a memo-ready comparison of a theme's passages (or of passages named), with full
citations, shared wording, word diffs and the analyst's notes.

build (Report: what goes in, in which order) -> render (Markdown; one self-contained HTML
file, document text escaped); write_report puts either in a file atomically.
"""

from __future__ import annotations

from pathlib import Path

from ..notes.files import atomic_write_text
from .build import Report, ReportDocument, ReportPassage, build_report
from .render import md_escape, render_html, render_markdown


def write_report(text: str, path: Path, *, force: bool) -> None:
    """Write a report atomically; FileExistsError if `path` exists and not `force` (a report
    replaces a file only when asked), IsADirectoryError if it is a folder."""
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder")
    if not force and path.exists():
        raise FileExistsError(f"{path} exists (--force replaces it)")
    atomic_write_text(path, text, replace=force, private=False)


__all__ = [
    "Report",
    "ReportDocument",
    "ReportPassage",
    "build_report",
    "md_escape",
    "render_html",
    "render_markdown",
    "write_report",
]
