"""`xref drift THEME`: a theme's wording over time, one passage per document in date order."""

from __future__ import annotations

import argparse

from .common import UsageError, add_json_flag, open_session, print_json
from .diff import colour_wanted, counts_line


def add_parser(subparsers: argparse._SubParsersAction, parents: list) -> None:
    parser = subparsers.add_parser(
        "drift",
        parents=parents,
        help="a theme's wording over time, document by document",
        description="Print the passages a theme tags, one per document (its first), in date "
        "order (a year or a month alone sorts before the full dates in it and is marked), "
        "each with its citation and its word diff against the one before.",
    )
    parser.add_argument("theme", metavar="THEME", help="a theme id (see 'xref themes')")
    add_json_flag(parser)


def run(args: argparse.Namespace) -> int:
    from search_index.compare import render_wdiff
    from search_index.corpus.cleaning import strip_controls

    session = open_session(args)
    try:
        drift = session.drift(args.theme)
    except KeyError:
        raise UsageError(f"no theme {args.theme!r} (see 'xref themes')") from None
    if args.json:
        print_json(drift.to_json())
        return 0
    count = len(drift.steps)
    documents = "1 document" if count == 1 else f"{count} documents"
    print(f"{strip_controls(drift.label)} ({drift.theme_id}): {documents}, in date order")
    colour = colour_wanted()
    previous = None
    for k, step in enumerate(drift.steps, 1):
        print()
        note = f"  ({step.date_note})" if step.date_note else ""
        print(f"{k}. {step.date or 'no date'}  {step.passage.id}{note}")
        print(f"   {strip_controls(step.citation)}")
        if step.others:
            print(f"   also tagged in this document: {', '.join(step.others)}")
        if step.diff is None or previous is None:
            print(f"   {strip_controls(step.passage.text)}")
        else:
            cut = " (passage cut: too long to compare whole)" if step.diff.truncated else ""
            print(f"   changes from {step.diff.left_id}: {counts_line(step.diff)}{cut}")
            print("   " + render_wdiff(step.diff, previous.text, step.passage.text, ansi=colour))
        previous = step.passage
    return 0
