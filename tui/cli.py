"""The `xref` command line: argument parsing and dispatch to one module per command.

Imports stay lazy so `xref list` does not pay for Textual or Whoosh, and so that main tunes
the garbage collector (_collect_less) before the engine is imported.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any

# Each name is a module in tui.commands with `add_parser(subparsers, parents)` and `run(args)`.
COMMANDS = (
    "list",
    "show",
    "check",
    "links",
    "themes",
    "search",
    "diff",
    "drift",
    "notes",
    "report",
    "import",
    "index",
    "serve",
)

MODULES = {"import": "import_"}
"""Commands whose module name differs (`import` is a Python keyword)."""


def _columns() -> int:
    """shutil.get_terminal_size().columns without importing shutil (with bz2, lzma and
    fnmatch: 3 ms of a search that shows no help)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, its width found without shutil (_columns); argparse makes
    a formatter for every argument it adds."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        super().__init__(
            prog, indent_increment, max_help_position, _columns() - 2 if width is None else width
        )


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        from search_index.corpus.cleaning import printable

        self.exit(2, printable(f"{self.prog}: error: {message} (see '{self.prog} --help')") + "\n")


def _common(dest: str = "texts") -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--texts",
        dest=dest,
        action="append",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="a folder of documents or a single document (repeatable); "
        "default: the bundled statements",
    )
    return common


def build_parser(only: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of the commands `only` (none: the reader's): importing
    the 13 command modules and building their parsers cost a one-off search 20 ms."""
    from search_index import __version__

    common = _common()
    parser = _Parser(
        prog="xref",
        description="Read official statements side by side, search them, and jump between "
        "passages that say the same thing. With no command, opens the reader.",
        # Its own dest: a subcommand's --texts would otherwise replace the ones given before it.
        parents=[_common("texts_before_command")],
    )
    parser.add_argument("--version", action="version", version=f"xref-reader {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS if only is None else only:
        module = importlib.import_module(f"tui.commands.{MODULES.get(name, name)}")
        module.add_parser(subparsers, [common])
    return parser


_TEXTS_OPTION = ("--t", "--te", "--tex", "--text", "--texts")
"""--texts and the abbreviations argparse accepts for it (the value follows)."""


def commands_needed(argv: Sequence[str]) -> tuple[str, ...] | None:
    """The commands whose parsers an argument list needs: the command it names, none when it
    names none and has only --texts (the reader), or None for all of them (`--help`, a
    mistake: their messages list every command)."""
    words = iter(argv)
    for word in words:
        if word in _TEXTS_OPTION:
            if next(words, None) is None:
                return None  # --texts without its value: argparse says so
        elif word.startswith("--texts="):
            continue
        elif word == "--":
            word = next(words, "")
            return (word,) if word in COMMANDS else None
        elif not word.startswith("-"):
            return (word,) if word in COMMANDS else None
        else:
            return None
    return ()


def _tolerate_narrow_terminals() -> None:
    """A terminal that is not UTF-8 (latin-1, cp1252) gets \\uXXXX, not a UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


ONE_SHOT = (("search",),)
"""Commands (as commands_needed names them) whose process prints and exits: the garbage
collector is tuned for them (_collect_less)."""


def _collect_less() -> None:
    """Fewer garbage collections in a short process: at Python's default (a collection every
    700 new objects) importing Whoosh and reading the corpus ran about 60 collections, 5 to
    8 ms of a search, scanning objects that live until the process ends; a collection every
    100,000 keeps memory bounded (a search may rebuild the index) and a warm search makes
    none. Exiting collected again every object still alive (the modules, the corpus:
    12 ms); gc.freeze at the end spares that, and the process is gone a moment later."""
    gc.set_threshold(100_000, 50, 1000)


def main(argv: Sequence[str] | None = None) -> int:
    _tolerate_narrow_terminals()
    needed = commands_needed(sys.argv[1:] if argv is None else argv)
    one_shot = argv is None and needed in ONE_SHOT  # a process of its own, not a caller's
    if one_shot:
        _collect_less()
    try:
        return _run(build_parser(needed), argv)
    finally:
        if one_shot:
            gc.freeze()


def _run(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> int:
    from search_index.corpus.cleaning import printable
    from tui.commands.common import UsageError

    args = parser.parse_args(argv)
    texts = getattr(args, "texts_before_command", []) + getattr(args, "texts", [])
    if texts:
        args.texts = texts
    try:
        if args.command is None:
            from tui.commands import read

            return read.run(args)
        module = importlib.import_module(f"tui.commands.{MODULES.get(args.command, args.command)}")
        return int(module.run(args) or 0)
    except UsageError as error:
        prog = f"xref {args.command}" if args.command else "xref"
        print(printable(f"{prog}: error: {error}"), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
