"""`xref serve [--host H] [--port N]`: the reader in a browser tab, served by textual-serve.

Each browser session runs its own reader process, started as `python -I -m tui` so that nothing
in the working folder or the environment is imported in place of ours, in a process group of its
own so that ending the session ends whatever the reader started too. The page works offline:
textual-serve ships its script, and the one web font it links to is replaced by its own copy.
The server binds 127.0.0.1 unless told otherwise, since whoever reaches the port reads the corpus.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ipaddress
import logging
import os
import re
import signal
import sys
from typing import Any

from search_index.corpus.cleaning import printable

from .common import UsageError, load, texts_paths

NEEDS_EXTRA = "xref serve needs the web extra: pip install 'xref-reader[web]'"
HOST_NAME = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*\.?")
# The template's external links (a Google Fonts stylesheet) and what stands in for them.
EXTERNAL_LINK = re.compile(r"<link\b[^>]*\bhref=\"(?:https?:)?//[^\"]*\"[^>]*>", re.IGNORECASE)
LOCAL_FONT = (
    '@font-face {{ font-family: "Roboto Mono"; font-style: {style}; font-weight: 100 700; '
    'src: url("/static/fonts/{file}") format("truetype"); }}'
)
LOCAL_FONTS = "<style>{}</style>".format(
    " ".join(
        LOCAL_FONT.format(style=style, file=file)
        for style, file in (
            ("normal", "RobotoMono-VariableFont_wght.ttf"),
            ("italic", "RobotoMono-Italic-VariableFont_wght.ttf"),
        )
    )
)
# The page may load nothing from elsewhere: with no network it works the same.
CONTENT_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'"
)
GRACE = 2.0  # seconds a reader gets to save its place and quit before it is terminated


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


def _is_loopback(host: str | None) -> bool:
    if host is None:
        return False
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def reader_command(args: argparse.Namespace) -> list[str]:
    """The command each browser session runs: this Python, isolated (-I: no working folder,
    user site or PYTHON* variables on the path), our reader, the same --texts (absolute, as the
    server may be asked from another folder than the one it was started in)."""
    command = [sys.executable, "-I", "-m", "tui"]
    for given in getattr(args, "texts", None) or []:
        command += ["--texts", os.path.abspath(os.path.expanduser(given))]
    return command


def run(args: argparse.Namespace) -> int:
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        print(NEEDS_EXTRA, file=sys.stderr)
        return 2
    host = _check_host(args.host)
    texts_paths(args)  # a missing --texts is a usage error here, not in every browser tab
    load(args)  # the corpus's problems, once, in the terminal that started the server
    from ._serve_app import ReaderServer

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


def announce(host: str, port: int, loopback: bool) -> None:
    """The one line a user needs: where to point the browser, and what binding exposes."""
    shown = f"[{host}]" if ":" in host else host
    print(f"xref serve: the reader is at http://{shown}:{port}/ (Ctrl+C stops it)", flush=True)
    if not loopback:
        print(
            printable(
                f"xref: warning: listening on {host}: anyone who can reach port {port} can "
                "read these documents"
            ),
            file=sys.stderr,
            flush=True,
        )


def quiet_logging() -> None:
    """Only textual-serve's and aiohttp's warnings, one plain line each, on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("xref serve: %(message)s"))
    for name in ("textual-serve", "aiohttp"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)
        logger.propagate = False


def end_group(pid: int, sig: int = signal.SIGTERM) -> bool:
    """Signal the process group `pid` leads; False if nothing is left in it."""
    try:
        os.killpg(pid, sig)
    except (ProcessLookupError, PermissionError):
        return False
    return True


async def end_process_group(process: Any, grace: float = GRACE) -> None:
    """Wait up to `grace` for the reader to quit, then terminate, then kill its whole group:
    an index build it started goes with it."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(process.wait(), grace)
    if not end_group(process.pid):
        return
    for _ in range(20):
        await asyncio.sleep(0.05)
        if not end_group(process.pid, 0):
            return
    end_group(process.pid, signal.SIGKILL)
    await process.wait()
