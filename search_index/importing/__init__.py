"""Importing statements: saved pages, PDFs, pasted copies and URLs become documents.

The engine side of `xref import`: `sources` reads each input into an Article (html, pdf,
text, fetch do the reading; chrome and metadata hold the rules), `library` writes it as a
document file in the README's format, atomically, the same source always the same file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .fetch import TIMEOUT
from .library import Library, Saved
from .model import Article, Refused
from .sources import Input, describe, expand, read_input

__all__ = [
    "Article",
    "ImportReport",
    "Refused",
    "Saved",
    "import_inputs",
]


@dataclass
class ImportReport:
    """What an import did: each document written, and each input refused with its reason."""

    saved: list[tuple[str, Saved, Article]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def import_inputs(
    given: list[str], into: Path, timeout: float = TIMEOUT, taken: set[str] | None = None
) -> ImportReport:
    """Import every input into the folder `into`; a bad input never stops the others. New
    ids avoid those of `into` and `taken` (the documents read beside the library)."""
    report = ImportReport()
    inputs, failures = expand(given)
    report.failed.extend((describe(g), reason) for g, reason in failures)
    library = Library(into)
    library.ids |= taken or set()
    seen: set[str] = set()
    for item in inputs:
        key = item.url or str(item.path.resolve() if item.path else item.given)
        if key in seen:  # a file named twice, or inside a folder also given
            continue
        seen.add(key)
        try:
            article = read_input(item, timeout=timeout)
        except Refused as error:
            report.failed.append((describe(item.given), str(error)))
            continue
        except (RecursionError, MemoryError, ValueError, LookupError, OSError) as error:
            report.failed.append((describe(item.given), f"cannot be read: {type(error).__name__}"))
            continue
        try:
            saved = library.save(article)
        except (OSError, ValueError) as error:
            reason = getattr(error, "strerror", None) or type(error).__name__
            report.failed.append((describe(item.given), f"cannot be written: {reason}"))
            continue
        report.saved.append((describe(item.given), saved, article))
    return report


_ = Input  # re-exported for the benchmark
