"""`xref` with no command: open the reader; its exit status is non-zero when it ended in an
error."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys

from search_index.corpus.cleaning import printable
from tui import gc_pause

from .common import load, texts_paths


def run(args: argparse.Namespace) -> int:
    gc_pause.pause()  # until the first frame (XrefApp.on_ready): see tui/gc_pause.py
    corpus = load(args, warn=False)
    from tui.app import XrefApp

    app = XrefApp(corpus, texts_paths(args))
    # A loop of our own: asyncio.run would wait, after the reader has gone, for a worker
    # thread still in the engine (a snippet of a 10 MB passage: quitting took 10 s).
    loop = asyncio.new_event_loop()
    try:
        app.run(loop=loop)
    finally:
        gc_pause.resume()  # an app that ended before its first frame (an error) resumed none
        app.session.stop()
    if app.save_problem:
        print(
            printable(f"xref: the reader's place was not remembered: {app.save_problem}"),
            file=sys.stderr,
        )
    # Textual prints an unhandled error's traceback and sets return_code to 1; without this
    # the shell saw 0 and a script went on as if the reader had been quit.
    status = app.return_code or 0
    if app.session.busy:
        # Python's exit joins every worker thread too; the place is saved and the child build
        # ended, and a worker only reads (caches are written atomically): end without it.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    loop.close()
    return status
