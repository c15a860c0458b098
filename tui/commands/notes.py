"""`xref notes`: the analyst's notes on passages (kept per corpus in the data folder).

`xref notes` lists them; `xref notes add PASSAGE TEXT` and `xref notes remove PASSAGE` write
them from scripts (the reader has a key for it). A note never changes the document file.
"""

from __future__ import annotations

import argparse
import sys

from .common import add_json_flag, open_session, print_json, report
from .diff import find_passage


def add_parser(subparsers: argparse._SubParsersAction, parents: list) -> None:
    parser = subparsers.add_parser(
        "notes",
        parents=parents,
        help="list the notes on passages; add or remove one",
        description="List the notes written on passages of the corpus, in reading order, each "
        "with its citation; a note whose passage changed since it was written is marked. "
        "Notes are kept per corpus in the data folder (XREF_DATA_DIR overrides it).",
    )
    add_json_flag(parser)
    actions = parser.add_subparsers(dest="notes_action", metavar="ACTION")
    add = actions.add_parser(
        "add", parents=parents, help="write (or replace) the note on a passage"
    )
    add.add_argument("passage", metavar="PASSAGE", help="a passage id, such as kim-gunn-eu-psc:2")
    add.add_argument("text", metavar="TEXT", help="the note")
    remove = actions.add_parser("remove", parents=parents, help="remove the note on a passage")
    remove.add_argument("passage", metavar="PASSAGE", help="a passage id")


def run(args: argparse.Namespace) -> int:
    from search_index.corpus.cleaning import printable, strip_controls

    session = open_session(args)
    corpus = session.corpus
    book = session.notebook()
    report(map(str, book.problems))
    action = getattr(args, "notes_action", None)
    if action in ("add", "remove"):
        passage = find_passage(corpus, args.passage)
        try:
            note = book.put(passage, args.text if action == "add" else "")
        except OSError as error:
            reason = error.strerror or error
            print(
                printable(f"xref notes: error: cannot write {book.path}: {reason}"), file=sys.stderr
            )
            return 1
        if book.backup is not None:
            report([f"the unusable notes file was kept as {book.backup}"], "notice")
        if note is not None and len(note.body) < len(args.text.strip()):
            report([f"the note was cut to its first {len(note.body):,} characters"], "notice")
        if note is None:
            print(f"No note on {passage.id} now.")
        else:
            print(f"Note on {passage.id} written to {book.path}")
        return 0
    notes = book.notes()
    if args.json:
        print_json(
            {
                "file": str(book.path),
                "notes": [
                    {
                        **note.to_json(),
                        "citation": _citation(corpus, note.passage_id),
                        "changed": book.changed(note, corpus),
                    }
                    for note in notes
                ],
            }
        )
        return 0
    if not notes:
        print(f"No notes yet (they are kept in {book.path}).")
        return 0
    print(f"{len(notes)} note{'s' if len(notes) != 1 else ''} in {book.path}")
    for note in notes:
        changed = "  [passage changed since the note]" if book.changed(note, corpus) else ""
        print()
        print(f"{note.passage_id}  (updated {note.updated}){changed}")
        citation = _citation(corpus, note.passage_id)
        if citation:
            print(f"  {strip_controls(citation)}")
        for line in strip_controls(note.body).splitlines() or [""]:
            print(f"  {line}")
    return 0


def _citation(corpus: object, passage_id: str) -> str | None:
    try:
        passage = corpus.passage(passage_id)  # type: ignore[attr-defined]
    except KeyError:
        return None
    return corpus.full_citation(passage)  # type: ignore[attr-defined]
