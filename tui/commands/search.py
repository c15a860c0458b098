"""`xref search QUERY [--limit N] [--doc ID] [--json]`: ranked passages with matches."""

from __future__ import annotations

import argparse
import sys

from .common import UsageError, add_json_flag, load, open_session, print_json, report


def add_parser(subparsers: argparse._SubParsersAction, parents: list) -> None:
    parser = subparsers.add_parser(
        "search",
        parents=parents,
        help="search the passages (Whoosh query language)",
        description='Search every passage: words (all must match), OR, NOT, "phrases", '
        "prefix*, fuzzy~, (groups) and the fields doc:, issuer:, date: (also "
        "date:[2024-01-01 TO 2024-06-30]), lang:, theme:, title:. Aliases such as DPRK / "
        "North Korea match each other.",
    )
    parser.add_argument("query", metavar="QUERY", help="what to search for (quote it in the shell)")
    parser.add_argument(
        "--limit", type=int, default=20, metavar="N", help="show at most N hits (default 20)"
    )
    parser.add_argument("--doc", metavar="ID", help="only passages of this document")
    add_json_flag(parser)


def _emphasised(text: str, spans: list[tuple[int, int]], offset: int, tty: bool) -> str:
    """The snippet with matches in bold when printing to a terminal, plain otherwise."""
    from search_index.corpus.cleaning import strip_controls

    if not tty:
        return strip_controls(text)
    lead = 1 if text.startswith("…") else 0
    out = []
    cursor = 0
    for start, end in spans:
        s, e = start - offset + lead, end - offset + lead
        if e <= lead or s >= len(text):
            continue
        s, e = max(s, lead), min(e, len(text))
        if s < cursor:
            continue
        out.append(strip_controls(text[cursor:s]))
        out.append("\033[1;4m" + strip_controls(text[s:e]) + "\033[0m")
        cursor = e
    out.append(strip_controls(text[cursor:]))
    return "".join(out)


def run(args: argparse.Namespace) -> int:
    from search_index.search import IndexUnreadable, QueryError

    if args.limit < 0:
        raise UsageError("--limit must be 0 or more")
    corpus = load(args)
    if args.doc is not None:
        try:
            corpus.document(args.doc)
        except KeyError:
            raise UsageError(f"--doc {args.doc}: no such document (see 'xref list')") from None
    session = open_session(args, corpus, similar_wording=False)  # links only
    result = None
    for attempt in range(2):  # damage found only while reading: rebuild once and search again
        index = session.open_index(rebuild=attempt > 0)
        index.plain_python = True  # one search: NumPy's import would cost more than it saves
        assert session.index_info is not None
        report(session.index_info.notices, "notice")
        try:
            result = index.search(args.query, limit=args.limit, doc=args.doc)
            break
        except QueryError as error:
            raise UsageError(f"query {args.query[:80]!r}: {error}") from None
        except IndexUnreadable as error:
            if attempt:
                print(f"xref search: error: {error}; run 'xref index --rebuild'", file=sys.stderr)
                return 1
            print(f"xref: notice: {error}; rebuilding it", file=sys.stderr)
        finally:
            session.close()
    assert result is not None
    if args.json:
        print_json(result.to_json())
        return 0
    tty = sys.stdout.isatty()
    if not result.hits:
        print(f"No passages match {args.query!r}.")
        return 0
    shown = len(result.hits)
    more = f" (showing {shown})" if shown < result.total else ""
    cut = "; some prefixes were cut to their most frequent completions" if result.truncated else ""
    count = "1 passage matches" if result.total == 1 else f"{result.total:,} passages match"
    print(f"{count}{more}{cut} [{result.took_ms:.1f} ms]")
    for hit in result.hits:
        print()
        print(f"{hit.passage}  {hit.score:.2f}  {hit.title}")
        print("  " + _emphasised(hit.snippet, hit.matches, hit.snippet_start, tty))
    return 0
