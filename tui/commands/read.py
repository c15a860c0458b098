"""`xref` with no command: open the reader."""

from __future__ import annotations

import argparse

from .common import load, texts_paths


def run(args: argparse.Namespace) -> int:
    corpus = load(args, warn=False)
    from tui.app import XrefApp

    app = XrefApp(corpus, texts_paths(args))
    app.run()
    return 0
