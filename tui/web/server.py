"""textual-serve's server for our reader: one isolated reader process per browser session.

Needs the web extra (textual-serve, aiohttp): imported only when `xref serve` runs, so every
other command starts without it. The page works offline (its one external link, a web font,
is replaced by the copy textual-serve ships) and answers only this machine's own pages.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import os
import re
import signal
import sys
from typing import Any

import aiohttp_jinja2
from aiohttp import WSCloseCode, web
from aiohttp.web_runner import GracefulExit
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from search_index.corpus.cleaning import printable

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


def is_loopback(host: str | None) -> bool:
    if host is None:
        return False
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


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


class ReaderService(AppService):
    """One browser session's reader: started without a shell, in its own process group."""

    def __init__(self, command: list[str], **kwargs: Any) -> None:
        super().__init__(" ".join(command), **kwargs)
        self.argv = command

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width=width, height=height),
            start_new_session=True,
        )
        self._stdin = process.stdin
        return process

    async def end(self) -> None:
        """Ask the reader to quit (so it saves its place), then make sure it and everything
        it started are gone, however it is doing."""
        process = self._process
        if process is None:
            return
        await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
        if process.returncode is None:
            await self.send_meta({"type": "quit"})
        await end_process_group(process)
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None


class ReaderServer(Server):
    """textual-serve's server for our reader; `serve_until_signal` runs it."""

    def __init__(self, command: list[str], host: str, port: int) -> None:
        super().__init__(" ".join(command), host=host, port=port, title="xref reader")
        self.argv = command
        self.loopback = is_loopback(host)
        self.sessions: dict[ReaderService, web.WebSocketResponse] = {}

    def serve_until_signal(self) -> None:
        """Serve until SIGINT, SIGTERM or SIGHUP (a closed terminal); then end every reader.
        Raises OSError when the address cannot be bound."""
        quiet_logging()
        loop = asyncio.new_event_loop()
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(sig, self.request_exit)
        web.run_app(
            self._make_app(),
            host=self.host,
            port=self.port,
            handle_signals=False,
            loop=loop,
            access_log=None,
            shutdown_timeout=3,
            print=lambda *_: announce(self.host, self.port, self.loopback),
        )

    def request_exit(self) -> None:
        raise GracefulExit()

    async def on_startup(self, app: web.Application) -> None:
        """Nothing: the address is announced once it is bound (textual-serve's banner would
        come before, and name a shell command)."""

    async def on_shutdown(self, app: web.Application) -> None:
        """End every reader and close its browser session, so no process of ours outlives
        the server."""
        sessions = list(self.sessions.items())
        await asyncio.gather(*(service.end() for service, _ in sessions))
        for _, websocket in sessions:
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"server stopped")

    def _check_request(self, request: web.Request) -> None:
        """Served on 127.0.0.1, answer only requests addressed to this machine by name (a
        site that rebinds its name to 127.0.0.1 is refused); a websocket only from our own
        page (browsers let any page open one to any port)."""
        if self.loopback and not is_loopback(request.url.host):
            raise web.HTTPForbidden(text="xref serve answers only to localhost addresses")
        origin = request.headers.get("Origin")
        if request.path == "/ws" and origin is not None and origin != f"http://{request.host}":
            raise web.HTTPForbidden(text="xref serve: a websocket only from its own page")

    async def handle_index(self, request: web.Request) -> web.Response:  # type: ignore[override]
        """textual-serve's page, its addresses taken from the request (so it works on any
        --host), its external font link replaced by the font it ships."""
        self._check_request(request)
        context = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"ws://{request.host}/ws",
            "config": {"static": {"url": "/static/"}},
            "application": {"name": "xref reader"},
        }
        page = aiohttp_jinja2.render_string("app_index.html", request, context)
        page = EXTERNAL_LINK.sub(LOCAL_FONTS, page, count=1)
        page = EXTERNAL_LINK.sub("", page)
        return web.Response(
            text=page, content_type="text/html", headers={"Content-Security-Policy": CONTENT_POLICY}
        )

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """A browser session: a reader of its own, ended when the session ends."""
        self._check_request(request)
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        await websocket.prepare(request)
        service = ReaderService(
            self.argv,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
        )
        self.sessions[service] = websocket
        try:
            await service.start(width, height)
            await self._process_messages(websocket, service)
        finally:
            self.sessions.pop(service, None)
            await asyncio.shield(service.end())
            await websocket.close()
        return websocket
