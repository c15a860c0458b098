"""`xref themes`: which documents raise each curated theme; `--suggest` proposes new themes."""

from __future__ import annotations

import argparse
from typing import Any

from .common import UsageError, add_json_flag, open_session, print_json, report


def add_parser(subparsers: argparse._SubParsersAction, parents: list) -> None:
    parser = subparsers.add_parser(
        "themes",
        parents=parents,
        help="themes by documents (coverage), or suggested themes as YAML",
        description="Print a table of the curated themes (themes.yaml) by documents, in date "
        "order, with the passage numbers that raise each theme ('-' where a document does "
        "not). With --suggest, group wording that automatic links share into candidate themes "
        "and print them as YAML to paste into themes.yaml.",
    )
    parser.add_argument(
        "--suggest", action="store_true", help="suggest themes from the automatic links (YAML)"
    )
    parser.add_argument(
        "--limit", type=int, default=20, metavar="N", help="at most N suggestions (default 20)"
    )
    add_json_flag(parser)


def _coverage(corpus: Any, themes: Any) -> list[dict[str, Any]]:
    rows = []
    for theme in themes.themes:
        passages = themes.passages_of(theme.id)
        by_doc: dict[str, list[int]] = {d.id: [] for d in corpus.documents}
        for pid in passages:
            by_doc[corpus.passage(pid).document_id].append(corpus.passage(pid).number)
        rows.append(
            {
                "id": theme.id,
                "label": theme.label,
                "description": theme.description,
                "passages": passages,
                "documents": {d: numbers for d, numbers in by_doc.items() if numbers},
                "missing": [d for d, numbers in by_doc.items() if not numbers],
            }
        )
    return rows


def _print_table(corpus: Any, rows: list[dict[str, Any]]) -> None:
    documents = corpus.documents
    for k, document in enumerate(documents, 1):
        print(f"D{k} = {document.id} ({document.date or 'no date'})")
    print()
    width = max([len("theme"), *(len(r["id"]) for r in rows)])
    cells = []
    for row in rows:
        cells.append([",".join(map(str, row["documents"].get(d.id, []))) or "-" for d in documents])
    widths = [
        max(len(f"D{k}"), *(len(c[k - 1]) for c in cells)) if cells else len(f"D{k}")
        for k in range(1, len(documents) + 1)
    ]
    header = ["theme".ljust(width)] + [f"D{k}".ljust(w) for k, w in enumerate(widths, 1)]
    print("  ".join(header).rstrip())
    for row, cell in zip(rows, cells, strict=True):
        line = [row["id"].ljust(width)] + [c.ljust(w) for c, w in zip(cell, widths, strict=True)]
        print("  ".join(line).rstrip())


def _suggestion_yaml(suggestions: list[Any]) -> str:
    import yaml

    lines = ["# Suggested themes: check the wording, rename, then paste under 'themes:'."]
    lines.append("themes:")
    for s in suggestions:
        item = {
            "id": s.id,
            "label": s.label,
            "description": s.description,
            "match": s.match,
        }
        text = yaml.safe_dump([item], allow_unicode=True, sort_keys=False, width=100)
        shown = ", ".join(s.passages[:8])
        more = f", … ({len(s.passages)} passages)" if len(s.passages) > 8 else ""
        lines.append(f"  # passages: {shown}{more}")
        lines.extend("  " + line for line in text.rstrip("\n").split("\n"))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise UsageError(f"--limit {args.limit}: give a number of suggestions, 1 or more")
    session = open_session(args)
    corpus, themes = session.corpus, session.themes
    if args.suggest:
        from search_index.links import suggest_themes

        xrefs = session.open_links()
        report(session.notices, "notice")
        suggestions = suggest_themes(xrefs, args.limit)
        if args.json:
            print_json({"suggestions": [s.to_json() for s in suggestions]})
        elif suggestions:
            print(_suggestion_yaml(suggestions))
        else:
            print("# no suggestions: the automatic links share no recurring phrases")
        return 0
    rows = _coverage(corpus, themes)
    if args.json:
        print_json(
            {
                "documents": [{"id": d.id, "date": d.date} for d in corpus.documents],
                "themes": rows,
            }
        )
        return 0
    if not rows:
        print("no themes: put a themes.yaml in the documents' folder (see the README)")
        return 0
    _print_table(corpus, rows)
    return 0
