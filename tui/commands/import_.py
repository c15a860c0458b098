"""`xref import`: saved pages, PDFs, pasted copies and URLs become documents in the library."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from search_index import load_corpus
from search_index.corpus.cleaning import printable

from .common import UsageError, add_json_flag, print_json, texts_paths


def add_parser(subparsers: argparse._SubParsersAction, parents: list) -> None:
    parser = subparsers.add_parser(
        "import",
        parents=parents,
        help="make documents from saved pages, PDFs, text copies and URLs",
        description="Import each PATH_OR_URL (a .html/.htm page, a .pdf, a .txt copy, a folder "
        "of them, or an http(s) URL) as one document file in the library folder (or --into "
        "FOLDER). Importing the same source again updates its document. Inputs that cannot "
        "be read are reported one line each; the others are imported. Exit 1 if any failed. "
        "New ids never repeat one of the corpus read by default (or given with --texts).",
    )
    parser.add_argument("inputs", nargs="+", metavar="PATH_OR_URL")
    parser.add_argument(
        "--into",
        metavar="FOLDER",
        help="where the documents go (default: the library in your data folder, which "
        "xref reads beside the bundled statements)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=20.0,
        metavar="SECONDS",
        help="give up a URL that stalls this long (default 20)",
    )
    add_json_flag(parser)


def _into(args: argparse.Namespace) -> Path:
    if args.into is not None:
        if not args.into.strip():
            raise UsageError("--into needs a folder, not an empty string")
        folder = Path(args.into).expanduser()
        if folder.exists() and not folder.is_dir():
            raise UsageError(f"--into {folder}: not a folder")
        return folder
    from search_index.paths import library_dir

    try:
        return library_dir(create=True)
    except OSError as error:
        raise UsageError(f"the library folder cannot be made: {error.strerror}") from None


def run(args: argparse.Namespace) -> int:
    if not args.timeout > 0:
        raise UsageError("--timeout must be a positive number of seconds")
    from search_index.importing import import_inputs

    into = _into(args)
    # New ids must not repeat a document the reader will show beside them.
    taken = {d.id for d in load_corpus(texts_paths(args)).documents}
    report = import_inputs(list(args.inputs), into, timeout=args.timeout, taken=taken)
    if args.json:
        print_json(
            {
                "into": str(into),
                "imported": [
                    {
                        "input": given,
                        "id": saved.id,
                        "path": str(saved.path),
                        "status": saved.status,
                        "title": article.title,
                        "date": article.date,
                        "issuer": article.issuer,
                        "language": article.language,
                        "passages": len(article.paragraphs),
                    }
                    for given, saved, article in report.saved
                ],
                "failed": [{"input": given, "reason": reason} for given, reason in report.failed],
            }
        )
    else:
        for _given, saved, article in report.saved:
            print(
                printable(
                    f"{saved.status} {saved.id}: {article.title} "
                    f"({article.date or 'no date'}, {len(article.paragraphs)} paragraphs)"
                )
            )
        if report.saved:
            print(
                printable(f"documents in {into}; read one: xref --texts {report.saved[0][1].path}")
            )
    for given, reason in report.failed:
        print(printable(f"xref import: {given}: {reason}"), file=sys.stderr)
    return 1 if report.failed else 0
