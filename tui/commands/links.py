"""`xref links`: the passages of other documents that say the same thing, with the evidence."""

from __future__ import annotations

import argparse
from typing import Any

from .common import UsageError, add_json_flag, open_session, print_json, report


def add_parser(subparsers: argparse._SubParsersAction, parents: list) -> None:
    parser = subparsers.add_parser(
        "links",
        parents=parents,
        help="passages of other documents linked to a passage, with shared wording",
        description="Show the automatic links of a passage (best first): score, strong or "
        "related, kinds (verbatim, paraphrase, theme, translation), shared themes, the wording "
        "both passages use (= another name, ≈ similar wording) and, for long paragraphs, the "
        "best sentence pair. A translation link joins a paragraph of a Korean document to its "
        "English version's; its evidence is the names, numbers and dates both write "
        "(“1.23(화)” = “January 23”). Headings, datelines, signatory lists and notices get no "
        "links. "
        "With --all, every link of the corpus.",
    )
    parser.add_argument("passage", nargs="?", metavar="PASSAGE", help="a passage id: DOC-ID:N")
    parser.add_argument("--all", action="store_true", help="every link of the corpus")
    parser.add_argument(
        "--limit", type=int, default=None, metavar="N", help="at most N links (per passage)"
    )
    add_json_flag(parser)


def _print_detail(detail: Any, indent: str = "  ") -> None:
    kinds = ", ".join(detail.kinds)
    themes = f"  themes: {', '.join(detail.themes)}" if detail.themes else ""
    print(f"{indent}{detail.score:.3f} {detail.strength:<7}  {detail.target}  [{kinds}]{themes}")
    for shared in detail.shared:
        if shared.kind == "similar":
            print(f"{indent}    “{shared.text}” ≈ “{shared.target_text}”  (similar wording)")
        elif shared.text == shared.target_text:
            print(f"{indent}    “{shared.text}”")
        else:
            print(f"{indent}    “{shared.text}” = “{shared.target_text}”")
    if detail.sentences is not None:
        pair = detail.sentences
        print(f"{indent}    best sentences ({pair.score:.2f}): “{_short(pair.source_text)}”")
        print(f"{indent}      ~ “{_short(pair.target_text)}”")
    for reason in detail.reasons:
        print(f"{indent}    ({reason})")


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def run(args: argparse.Namespace) -> int:
    if args.limit is not None and args.limit < 1:
        raise UsageError(f"--limit {args.limit}: give a number of links, 1 or more")
    if args.all and args.passage:
        raise UsageError("give a passage id or --all, not both")
    if not args.all and not args.passage:
        raise UsageError("give a passage id (such as kim-gunn-eu-psc:2) or --all")
    session = open_session(args)
    xrefs = session.open_links()
    report(session.notices, "notice")
    corpus = xrefs.corpus
    if args.all:
        details = []
        for passage in corpus:
            details.extend(xrefs.links_of(passage.id, args.limit))
        if args.json:
            print_json({"links": [d.to_json(with_source=True) for d in details]})
            return 0
        current = None
        for detail in details:
            if detail.source != current:
                current = detail.source
                print(current)
            _print_detail(detail)
        if not details:
            print("no links")
        return 0
    try:
        corpus.passage(args.passage)
    except KeyError:
        raise UsageError(f"unknown passage {args.passage!r} (see 'xref list')") from None
    details = xrefs.links_of(args.passage, args.limit)
    kind = xrefs.table.kind(args.passage)
    if args.json:
        links = [d.to_json() for d in details]
        print_json({"passage": args.passage, "kind": kind, "links": links})
        return 0
    count = f"{len(details)} link{'s' * (len(details) != 1)}"
    if kind != "content":
        print(f"{args.passage}: {count} ({kind.replace('_', ' ')}: no automatic links)")
        return 0
    print(f"{args.passage}: {count}")
    for detail in details:
        _print_detail(detail)
    return 0
