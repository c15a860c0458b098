"""`xref diff PASSAGE PASSAGE`: what the second passage says differently from the first."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from .common import UsageError, add_json_flag, open_session, print_json

if TYPE_CHECKING:
    from search_index import Corpus, Passage
    from search_index.compare import WordDiff


def add_parser(subparsers: argparse._SubParsersAction, parents: list) -> None:
    parser = subparsers.add_parser(
        "diff",
        parents=parents,
        help="word diff of two passages",
        description="Print the second passage with the words it adds, drops or changes from "
        "the first marked: [-deleted-] {+inserted+} (as wdiff and 'git diff --word-diff' "
        "write them), in colour on a terminal (NO_COLOR turns colour off). Case, "
        "punctuation and different names for one thing (North Korea / DPRK) are not changes.",
    )
    parser.add_argument(
        "left", metavar="PASSAGE", help="the earlier passage, such as kim-gunn-eu-psc:2"
    )
    parser.add_argument("right", metavar="PASSAGE", help="the later passage")
    add_json_flag(parser)


def find_passage(corpus: Corpus, passage_id: str) -> Passage:
    """The passage, or the one-line usage error every compare command gives (exit 2)."""
    try:
        return corpus.passage(passage_id)
    except KeyError:
        raise UsageError(
            f"no passage {passage_id!r} (ids look like DOC-ID:N; see 'xref list')"
        ) from None


def colour_wanted() -> bool:
    """Colour on a terminal, unless NO_COLOR is set (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def counts_line(diff: WordDiff) -> str:
    """'9 words shared, 4 inserted, 1 deleted, 80 changed into 23': both sides of the changed
    stretches, as wdiff -s counts them (80 words of the first rewritten as 23 of the second;
    '80 changed' alone reads as if the second passage had 80 words changed)."""
    changed = f"{diff.changed} changed"
    if diff.changed:
        changed += f" into {diff.changed_right}"
    return (
        f"{diff.shared} words shared, {diff.inserted} inserted, {diff.deleted} deleted, {changed}"
    )


def run(args: argparse.Namespace) -> int:
    from search_index.compare import diff_passages, render_wdiff

    session = open_session(args)
    corpus = session.corpus
    left, right = find_passage(corpus, args.left), find_passage(corpus, args.right)
    diff = diff_passages(left, right, session.analyzer)
    if args.json:
        data = diff.to_json()
        data["left_citation"] = corpus.full_citation(left)
        data["right_citation"] = corpus.full_citation(right)
        print_json(data)
        return 0
    from search_index.corpus.cleaning import strip_controls

    print(f"--- {left.id}  {strip_controls(corpus.full_citation(left))}")
    print(f"+++ {right.id}  {strip_controls(corpus.full_citation(right))}")
    print(
        counts_line(diff) + (" (passage cut: too long to compare whole)" if diff.truncated else "")
    )
    print()
    print(render_wdiff(diff, left.text, right.text, ansi=colour_wanted()))
    return 0
