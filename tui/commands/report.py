"""`xref report (THEME | PASSAGE...)`: a memo-ready comparison, Markdown or one HTML file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import UsageError, open_session, report
from .diff import find_passage


def add_parser(subparsers: argparse._SubParsersAction, parents: list) -> None:
    parser = subparsers.add_parser(
        "report",
        parents=parents,
        help="a comparison with citations, diffs and notes (Markdown or HTML)",
        description="Write a report of a theme (every passage it tags) or of the passages "
        "named: grouped by document in date order, each with its full citation and source "
        "URL, the wording shared with the other documents marked, the word diff against the "
        "previous document and your notes. HTML is one self-contained file (no fonts or "
        "scripts loaded from anywhere). Without -o it goes to standard output.",
    )
    parser.add_argument(
        "targets",
        nargs="+",
        metavar="THEME|PASSAGE",
        help="a theme id (see 'xref themes') or one or more passage ids",
    )
    parser.add_argument(
        "--format",
        choices=("md", "html"),
        default=None,
        help="md (default) or html; -o FILE.html chooses html",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not stdout")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")


def run(args: argparse.Namespace) -> int:
    from search_index.corpus.cleaning import printable
    from search_index.report import build_report, render_html, render_markdown, write_report

    output = Path(args.output).expanduser() if args.output else None
    if args.output is not None and not args.output.strip():
        raise UsageError("-o needs a file name")
    form = args.format or (
        "html" if output is not None and output.suffix.lower() in (".html", ".htm") else "md"
    )
    if output is not None:
        if output.is_dir():
            raise UsageError(f"-o {output} is a folder: give a file name")
        if not output.parent.is_dir():
            raise UsageError(f"-o {output}: no folder {output.parent} to write it in")
        if output.exists() and not output.is_file():  # a device, a FIFO: never replaced
            raise UsageError(f"-o {output} is not a regular file")
        if output.exists() and not args.force:
            raise UsageError(f"{output} exists: give --force to replace it")
    session = open_session(args)
    targets = args.targets
    theme_id = None
    if len(targets) == 1 and ":" not in targets[0]:
        theme_id = targets[0]
        try:
            session.themes.theme(theme_id)
        except KeyError:
            raise UsageError(f"no theme {theme_id!r} (see 'xref themes')") from None
    else:
        for target in targets:
            if ":" not in target and target in {t.id for t in session.themes.themes}:
                raise UsageError(f"{target!r} is a theme: give one theme, or passage ids")
            find_passage(session.corpus, target)
    notes = session.notebook()
    report(map(str, notes.problems))
    built = build_report(
        session, theme_id=theme_id, passage_ids=() if theme_id else targets, notes=notes
    )
    if not built.documents:
        report([f"theme {theme_id!r} tags no passage in these documents"], "notice")
    text = render_html(built) if form == "html" else render_markdown(built)
    if output is None:
        sys.stdout.write(text)
        return 0
    try:
        write_report(text, output, force=args.force)
    except FileExistsError:
        raise UsageError(f"{output} exists: give --force to replace it") from None
    except OSError as error:
        reason = error.strerror or error
        print(printable(f"xref report: error: cannot write {output}: {reason}"), file=sys.stderr)
        return 1
    print(f"Report ({form}) written to {output}")
    return 0
