"""`xref show PASSAGE`: one passage with its full citation (the source URL when known)."""

from __future__ import annotations

import argparse

from .common import UsageError, add_json_flag, load, print_json


def add_parser(subparsers: argparse._SubParsersAction, parents: list) -> None:
    parser = subparsers.add_parser(
        "show",
        parents=parents,
        help="print a passage with its citation",
        description="Print a passage (DOC-ID:N) with its citation, which ends with the "
        "document's source URL when it has one.",
    )
    parser.add_argument(
        "passage", metavar="PASSAGE", help="a passage id, such as kim-gunn-eu-psc:2"
    )
    add_json_flag(parser)


def run(args: argparse.Namespace) -> int:
    corpus = load(args)
    try:
        passage = corpus.passage(args.passage)
    except KeyError:
        raise UsageError(
            f"no passage {args.passage!r} (ids look like DOC-ID:N; see 'xref list')"
        ) from None
    citation = corpus.full_citation(passage)
    if args.json:
        print_json(
            {
                "passage": passage.id,
                "document": passage.document_id,
                "number": passage.number,
                "text": passage.text,
                "citation": citation,
            }
        )
    else:
        print(citation)
        print()
        print(passage.text)
    return 0
