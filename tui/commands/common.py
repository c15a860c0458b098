"""What every command shares: the corpus named by --texts, the engine session over it, and
printing."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from search_index import Corpus, bundled_texts_dir, load_corpus

if TYPE_CHECKING:
    from search_index.session import Session


class UsageError(Exception):
    """A user mistake on the command line: one line on stderr, exit 2."""


def default_texts() -> list[Path]:
    """Without --texts: the bundled statements, and the library `xref import` fills once it
    exists (not before: a fresh install reads exactly the bundled two)."""
    from search_index.paths import library_dir

    library = library_dir()
    return [bundled_texts_dir(), library] if library.is_dir() else [bundled_texts_dir()]


def texts_paths(args: argparse.Namespace) -> list[Path]:
    """The paths given with --texts, checked to exist; by default the bundled texts and the
    import library."""
    given = getattr(args, "texts", None)
    if not given:
        return default_texts()
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
        report(map(str, corpus.problems))
    return corpus


def open_session(
    args: argparse.Namespace, corpus: Corpus | None = None, *, similar_wording: bool = True
) -> Session:
    """The corpus (loaded unless given, its problems as warnings) with its rules; their
    problems as warnings too (paraphrases.yaml's only with `similar_wording`: a command
    that makes no links need not read it)."""
    from search_index.session import Session

    session = Session.open(corpus if corpus is not None else load(args))
    report(session.rule_warnings(similar_wording=similar_wording))
    return session


def report(lines: Iterable[str], kind: str = "warning") -> None:
    """Each line on stderr as 'xref: warning: ...' (or 'xref: notice: ...')."""
    for line in lines:
        print(f"xref: {kind}: {line}", file=sys.stderr)


def print_json(data: Any) -> None:
    # Non-ASCII as \uXXXX escapes when stdout cannot encode it (a latin-1 terminal, say).
    utf = (sys.stdout.encoding or "").lower().replace("-", "").startswith("utf")
    json.dump(data, sys.stdout, ensure_ascii=not utf, indent=2)
    sys.stdout.write("\n")


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON (see the README)")
