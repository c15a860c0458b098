"""`xref index [--rebuild] [--json]`: build or reuse the search index and report it."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from .common import add_json_flag, load, print_json


def add_parser(subparsers: argparse._SubParsersAction, parents: list) -> None:
    parser = subparsers.add_parser(
        "index",
        parents=parents,
        help="build (or reuse) the search index and report it",
        description="Build the search index of the documents, or reuse the cached one if "
        "nothing changed, and report where it is and how long each stage took.",
    )
    parser.add_argument(
        "--rebuild", action="store_true", help="build again even if the cached index is current"
    )
    add_json_flag(parser)
    # For the reader, which builds in a child process: machine-readable progress on stderr.
    parser.add_argument("--progress-lines", action="store_true", help=argparse.SUPPRESS)


PROGRESS_PREFIX = "@progress"
"""A progress line: '@progress STAGE DONE TOTAL' (stages: index, terms, links)."""


class _Bar:
    """A one-line progress bar with counts on stderr, only when stderr is a terminal; or,
    for the reader's child process, one PROGRESS_PREFIX line per step."""

    def __init__(self, lines: bool = False) -> None:
        self.lines = lines
        self.enabled = lines or sys.stderr.isatty()
        self.last = 0.0
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if done < total and now - self.last < 0.1:
            return
        self.last = now
        if self.lines:
            sys.stderr.write(f"{PROGRESS_PREFIX} {stage} {done} {total}\n")
            sys.stderr.flush()
            return
        width = 30
        filled = width * done // total if total else width
        bar = "#" * filled + "-" * (width - filled)
        sys.stderr.write(f"\r{stage:<6} [{bar}] {done:,}/{total:,}")
        sys.stderr.flush()
        self.shown = True

    def finish(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def _themes(corpus: Any, analyzer: Any) -> Any:
    try:
        from search_index.themes import load_themes_for
    except ImportError:
        return None
    themes = load_themes_for(corpus, analyzer)
    for problem in themes.problems:
        print(f"xref: warning: themes: {problem}", file=sys.stderr)
    return themes


def _links(corpus: Any, analyzer: Any, themes: Any, info: Any, bar: _Bar) -> None:
    """The cross-reference stage, cached beside the index under the same fingerprint."""
    try:
        from search_index.links import open_links
    except ImportError:
        return
    try:
        refs = open_links(corpus, analyzer, themes, location=info.location, progress=bar)
    except Exception as error:  # the index is still usable without links
        print(f"xref: warning: cross-references not built ({error})", file=sys.stderr)
        return
    info.notices.extend(getattr(refs, "notices", ()))
    seconds = getattr(refs, "build_seconds", None)
    if seconds is not None:
        info.timings["links"] = round(seconds, 4)
        info.reused = False


def run(args: argparse.Namespace) -> int:
    from search_index.index import load_analyzer, open_index

    corpus = load(args)
    notices: list[str] = []
    analyzer = load_analyzer(corpus, notices)
    for notice in notices:
        print(f"xref: warning: {notice}", file=sys.stderr)
    themes = _themes(corpus, analyzer)
    bar = _Bar(lines=args.progress_lines)
    try:
        index, info = open_index(corpus, analyzer, tags=themes, rebuild=args.rebuild, progress=bar)
        try:
            _links(corpus, analyzer, themes, info, bar)
        finally:
            index.close()
    finally:
        bar.finish()
    for notice in info.notices:
        print(f"xref: notice: {notice}", file=sys.stderr)
    if args.json:
        print_json(info.to_json())
        return 0
    state = "reused (nothing changed)" if info.reused else "built"
    print(f"Index {state}: {info.documents:,} documents, {info.passages:,} passages")
    print(f"location:    {info.location if info.location else '(in memory)'}")
    print(f"fingerprint: {info.fingerprint}")
    stages = ", ".join(f"{name} {seconds:.3f}s" for name, seconds in info.timings.items())
    print(f"timings:     {stages}")
    return 0
