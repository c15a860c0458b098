"""`xref serve [--host H] [--port N]`: the reader in a browser tab, served by textual-serve.

Each browser session runs its own reader process, started isolated (`python -I`) so that nothing
in the working folder or the environment is imported in place of ours, in a process group of its
own so that ending the session ends whatever the reader started too. The page works offline:
textual-serve ships its script, and the one web font it links to is replaced by its own copy.
The server binds 127.0.0.1 unless told otherwise, since whoever reaches the port reads the corpus.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import re
import sys

from search_index.corpus.cleaning import printable

from .common import UsageError, load, texts_paths

NEEDS_EXTRA = "xref serve needs the web extra: pip install 'xref-reader[web]'"
HOST_NAME = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*\.?")


def add_parser(subparsers: argparse._SubParsersAction, parents: list) -> None:
    parser = subparsers.add_parser(
        "serve",
        parents=parents,
        help="serve the reader to a web browser (needs the web extra)",
        description="Serve the reader over HTTP for a browser tab: each browser session gets "
        "its own reader. Binds 127.0.0.1 unless --host says otherwise; anyone who can reach "
        "the port can read the documents. Ctrl+C stops the server and every reader.",
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 is every "
        "interface: anyone who reaches the port can read the documents)",
    )
    parser.add_argument("--port", type=_port, default=8000, metavar="N", help="port (default 8000)")


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number (1-65535)")
    return port


def _check_host(host: str) -> str:
    """An IP address or a host name; anything else is a usage error, not a resolver call."""
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    if len(host) > 253 or not HOST_NAME.fullmatch(host):
        raise UsageError(f"--host {host!r} is not an address or host name")
    return host


def reader_command(args: argparse.Namespace) -> list[str]:
    """The command each browser session runs: our reader started as the reader starts its
    child build (isolated, see session_worker.child_command: `-I -m tui` found no `tui` in a
    checkout run without installing), the same --texts (absolute, as the server may be asked
    from another folder than the one it was started in)."""
    from tui.session_worker import child_command

    texts: list[str] = []
    for given in getattr(args, "texts", None) or []:
        texts += ["--texts", os.path.abspath(os.path.expanduser(given))]
    return child_command(texts)


def run(args: argparse.Namespace) -> int:
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        print(NEEDS_EXTRA, file=sys.stderr)
        return 2
    host = _check_host(args.host)
    texts_paths(args)  # a missing --texts is a usage error here, not in every browser tab
    load(args)  # the corpus's problems, once, in the terminal that started the server
    from tui.web.server import ReaderServer

    server = ReaderServer(reader_command(args), host=host, port=args.port)
    try:
        server.serve_until_signal()
    except OSError as error:
        reason = error.strerror or str(error)
        print(
            printable(f"xref serve: error: cannot listen on {host} port {args.port}: {reason}"),
            file=sys.stderr,
        )
        return 1
    return 0
