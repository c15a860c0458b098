"""`xref index [--rebuild] [--json]`: build or reuse the search index and report it."""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING

from tui.progress_lines import INDEX_READY, progress_line

from .common import add_json_flag, open_session, print_json, report

if TYPE_CHECKING:
    from search_index.session import Session


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


class _Bar:
    """A one-line progress bar with counts on stderr, only when stderr is a terminal; or,
    for the reader's child process, one progress line per step (tui.progress_lines)."""

    def __init__(self, lines: bool = False) -> None:
        self.lines = lines
        self.enabled = lines or sys.stderr.isatty()
        self.last = 0.0
        self.stage = ""
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if done < total and stage == self.stage and now - self.last < 0.1:
            return
        self.last, self.stage = now, stage
        if self.lines:
            sys.stderr.write(progress_line(stage, done, total))
            sys.stderr.flush()
            return
        if not total:  # a stage without counts: "index (saving)…", "kinds…"
            head, _, step = stage.partition(":")
            sys.stderr.write(f"\r\033[K{head} ({step})…" if step else f"\r\033[K{stage}…")
            sys.stderr.flush()
            self.shown = True
            return
        width = 30
        filled = width * done // total
        bar = "#" * filled + "-" * (width - filled)
        sys.stderr.write(f"\r{stage:<6} [{bar}] {done:,}/{total:,}")
        sys.stderr.flush()
        self.shown = True

    def index_ready(self) -> None:
        """For the reader: the index is in the cache, the links may still be building."""
        if self.lines:
            sys.stderr.write(progress_line(INDEX_READY, 1, 1))
            sys.stderr.flush()

    def finish(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def run(args: argparse.Namespace) -> int:
    session = open_session(args)
    bar = _Bar(lines=args.progress_lines)
    try:
        # A big corpus's links are built meanwhile on another core (links.alongside).
        session.open_index(rebuild=args.rebuild, progress=bar, links_alongside=True)
        bar.index_ready()
        try:
            _links(session, bar)
        finally:
            session.close()
    finally:
        bar.finish()
    info = session.index_info
    assert info is not None
    report(session.notices, "notice")
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


def _links(session: Session, bar: _Bar) -> None:
    """The cross-reference stage, cached beside the index under the same fingerprint."""
    try:
        links = session.open_links(progress=bar)
    except Exception as error:  # the index is still usable without links
        print(f"xref: warning: cross-references not built ({error})", file=sys.stderr)
        return
    info = session.index_info
    if links.build_seconds is not None and info is not None:
        info.timings["links"] = round(links.build_seconds, 4)
        info.reused = False
