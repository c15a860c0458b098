"""`xref list`: the documents of the corpus."""

from __future__ import annotations

import argparse

from rich.cells import cell_len, set_cell_size

from .common import add_json_flag, load, print_json


def add_parser(subparsers: argparse._SubParsersAction, parents: list) -> None:
    parser = subparsers.add_parser(
        "list", parents=parents, help="list the documents", description="List the documents."
    )
    add_json_flag(parser)


def run(args: argparse.Namespace) -> int:
    corpus = load(args)
    if args.json:
        print_json(
            {
                "documents": [
                    {
                        "id": d.id,
                        "title": d.title,
                        "issuer": d.issuer,
                        "date": d.date,
                        "source": d.source,
                        "language": d.language,
                        "passages": len(d.passages),
                    }
                    for d in corpus.documents
                ]
            }
        )
        return 0
    if not corpus.documents:
        print("No documents. Add .md or .txt files with front matter (see the README).")
        return 0
    width = max(cell_len(d.id) for d in corpus.documents)
    issuers = [shorten(d.issuer or "-", ISSUER_WIDTH) for d in corpus.documents]
    issuer_width = max(len("ISSUER"), *(cell_len(i) for i in issuers))
    print(f"{'ID':<{width}}  {'DATE':<10}  {'PASSAGES':>8}  {'ISSUER':<{issuer_width}}  TITLE")
    for d, issuer in zip(corpus.documents, issuers, strict=True):
        print(
            f"{_pad(d.id, width)}  {d.date or '-':<10}  {len(d.passages):>8}  "
            f"{_pad(issuer, issuer_width)}  {d.title}"
        )
    return 0


def _pad(text: str, cells: int) -> str:
    """Pad to a width in terminal cells: a Korean syllable takes two, so len() misaligns."""
    return text + " " * max(0, cells - cell_len(text))


ISSUER_WIDTH = 48
"""Longer issuers are cut with '…' so the titles stay in one column."""


def shorten(text: str, width: int) -> str:
    """Cut to `width` terminal cells with '…'."""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1).rstrip() + "…"
