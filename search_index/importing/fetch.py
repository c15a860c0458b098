"""Fetching a statement from its URL: bounded in time, size and redirects, http(s) only."""

from __future__ import annotations

import http.client
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from dataclasses import dataclass
from email.message import Message

from .model import MAX_INPUT_BYTES, Refused

TIMEOUT = 20.0
"""Seconds a connection or a read may stall before the URL is given up."""
TOTAL_TIMES = 3
"""The whole fetch (headers and body) may take this many `timeout`s: a server that drips a
byte at a time never stalls a read, so only a total deadline ends it."""
MAX_REDIRECTS = 5
READABLE_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/pdf")
"""What a page, a PDF or a text copy is served as; application/octet-stream is sniffed."""
USER_AGENT = "xref-reader/0.1 (+https://github.com/; import of a public statement)"


@dataclass
class Fetched:
    data: bytes
    content_type: str
    charset: str | None
    url: str


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS
    max_repeats = 1

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        scheme = urllib.parse.urlsplit(newurl).scheme.lower()
        if scheme not in ("http", "https"):
            raise Refused(f"redirected to a {scheme or 'relative'}: URL, not http(s)")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, timeout: float = TIMEOUT, max_bytes: int = MAX_INPUT_BYTES) -> Fetched:
    """The body of an http(s) URL; Refused with the reason (timeout, redirect loop, HTTP
    status, not a page, too large) otherwise. The fetch runs in a worker thread so that the
    total deadline holds even while a server drips its headers."""
    if urllib.parse.urlsplit(url).scheme.lower() not in ("http", "https"):
        raise Refused("only http and https URLs can be imported")
    outcome: list[Fetched | BaseException] = []
    deadline = time.monotonic() + timeout * TOTAL_TIMES

    def work() -> None:
        try:
            outcome.append(_fetch(url, timeout, max_bytes, deadline))
        except BaseException as error:  # handed to the caller's thread
            outcome.append(error)

    worker = threading.Thread(target=work, name="xref-fetch", daemon=True)
    worker.start()
    worker.join(timeout * TOTAL_TIMES + 1)
    if not outcome:
        raise Refused(f"timed out: not complete after {timeout * TOTAL_TIMES:g} s")
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


def _fetch(url: str, timeout: float, max_bytes: int, deadline: float) -> Fetched:
    opener = urllib.request.build_opener(_Redirects())
    request = urllib.request.Request(
        url, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}
    )
    too_large = f"larger than {max_bytes // (1024 * 1024)} MB"
    try:
        with opener.open(request, timeout=timeout) as response:
            headers: Message = response.headers
            kind = headers.get_content_type()
            if kind not in READABLE_TYPES and kind != "application/octet-stream":
                raise Refused(f"the server sent {kind}, not a web page, a PDF or text")
            length = headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise Refused(too_large)
            data = _read_until(response, max_bytes, deadline, timeout)
            encoding = (headers.get("Content-Encoding") or "").strip().lower()
            if encoding in ("gzip", "x-gzip", "deflate"):
                data = _inflate(data, max_bytes, too_large)
            elif encoding not in ("", "identity"):
                raise Refused(f"the server sent it {encoding}-compressed, which is not read")
            return Fetched(data, kind, headers.get_content_charset(), response.geturl())
    except urllib.error.HTTPError as error:
        if error.code in (301, 302, 303, 307, 308):
            raise Refused(f"too many redirects (more than {MAX_REDIRECTS}, or a loop)") from None
        raise Refused(f"HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            raise Refused(f"timed out after {timeout:g} s") from None
        if isinstance(reason, OSError) and reason.strerror:
            raise Refused(f"cannot be fetched: {reason.strerror.lower()}") from None
        raise Refused(f"cannot be fetched: {reason}") from None
    except TimeoutError:
        raise Refused(f"timed out after {timeout:g} s") from None
    except (OSError, ValueError) as error:
        raise Refused(f"cannot be fetched: {type(error).__name__}") from None


def _read_until(
    response: http.client.HTTPResponse, max_bytes: int, deadline: float, timeout: float
) -> bytes:
    """The body in pieces, given up at the total deadline or past `max_bytes`."""
    pieces: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise Refused(f"timed out: not complete after {timeout * TOTAL_TIMES:g} s")
        piece = response.read1(65536)
        if not piece:
            return b"".join(pieces)
        size += len(piece)
        if size > max_bytes:
            raise Refused(f"larger than {max_bytes // (1024 * 1024)} MB")
        pieces.append(piece)


def _inflate(data: bytes, max_bytes: int, too_large: str) -> bytes:
    """gzip or deflate undone, never past `max_bytes` (a small bomb cannot fill memory)."""
    for wbits in (47, -15):  # gzip or zlib header (47 detects both), then raw deflate
        inflater = zlib.decompressobj(wbits)
        try:
            out = inflater.decompress(data, max_bytes + 1)
        except zlib.error:
            continue
        if len(out) > max_bytes or inflater.unconsumed_tail:
            raise Refused(too_large + " once decompressed")
        return out
    raise Refused("the server's compressed data is broken")
