"""What every command shares: loading the corpus named by --texts, and printing."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from search_index import Corpus, bundled_texts_dir, load_corpus


def texts_paths(args: argparse.Namespace) -> list[Path]:
    """The paths given with --texts, checked to exist; the bundled texts by default."""
    from tui.cli import UsageError

    given = getattr(args, "texts", None)
    if not given:
        return [bundled_texts_dir()]
    paths = []
    for given_path in given:
        if not given_path.strip():  # Path('') is '.': never read the working folder unasked
            raise UsageError("--texts needs a file or folder, not an empty string")
        try:
            path = Path(given_path).expanduser()
        except RuntimeError:  # '~nosuchuser/...': leave it as written
            path = Path(given_path)
        try:
            path.lstat()
        except (FileNotFoundError, NotADirectoryError):
            raise UsageError(f"--texts {path}: no such file or folder") from None
        except OSError:
            pass  # exists but cannot be read (permission, name too long): reported on loading
        paths.append(path)
    return paths


def load(args: argparse.Namespace, *, warn: bool = True) -> Corpus:
    """Load the corpus; problems go to stderr as warnings, one line each."""
    corpus = load_corpus(texts_paths(args))
    if warn:
        for problem in corpus.problems:
            print(f"xref: warning: {problem}", file=sys.stderr)
    return corpus


def print_json(data: Any) -> None:
    # Non-ASCII as \uXXXX escapes when stdout cannot encode it (a latin-1 terminal, say).
    utf = (sys.stdout.encoding or "").lower().replace("-", "").startswith("utf")
    json.dump(data, sys.stdout, ensure_ascii=not utf, indent=2)
    sys.stdout.write("\n")


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON (see the README)")
