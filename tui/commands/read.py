"""`xref` with no command: open the reader."""

from __future__ import annotations

import argparse
import sys

from search_index.corpus.cleaning import printable

from .common import load, texts_paths


def run(args: argparse.Namespace) -> int:
    corpus = load(args, warn=False)
    from tui.app import XrefApp

    app = XrefApp(corpus, texts_paths(args))
    try:
        app.run()
    finally:
        app.session.stop()
    if app.save_problem:
        print(
            printable(f"xref: the reader's place was not remembered: {app.save_problem}"),
            file=sys.stderr,
        )
    return 0
