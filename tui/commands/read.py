"""`xref` with no command: open the reader."""

from __future__ import annotations

import argparse

from .common import load


def run(args: argparse.Namespace) -> int:
    corpus = load(args, warn=False)
    from tui.app import XrefApp

    XrefApp(corpus).run()
    return 0
