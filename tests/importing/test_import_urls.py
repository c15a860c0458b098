"""`xref import URL` against a real http.server on 127.0.0.1: the page is fetched and read in
the charset its server declares; a timeout, a redirect loop or an HTTP error is one line."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import console
import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "import"


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/press/panama":
            # The EUC-KR page, its charset only in the header (the <meta> removed).
            body = (DATA / "mofa-ko-panama.html").read_bytes()
            body = body.replace(b"; charset=euc-kr", b"")
            self._send(200, body, "text/html; charset=EUC-KR")
        elif self.path == "/remarks.pdf":
            self._send(200, (DATA / "un-sg-remarks-2016.pdf").read_bytes(), "application/pdf")
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif self.path == "/huge":
            self.send_response(200)  # announces 100 MB; the import must not wait for them
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(100 * 1024 * 1024))
            self.end_headers()
        elif self.path == "/slow":
            time.sleep(5)
            self._send(200, b"<html><body><p>late</p></body></html>", "text/html")
        else:
            self._send(404, b"not here", "text/plain")

    def _send(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_pages_and_pdfs_fetched_from_their_urls(server: str, tmp_path: Path) -> None:
    urls = [f"{server}/press/panama", f"{server}/remarks.pdf"]
    result = console.xref("import", *urls, "--json", cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    imported = json.loads(result.stdout)["imported"]
    assert [i["title"] for i in imported] == [
        "‘파나마 정부 북한 선박 차단’에 대한 외교부 대변인 논평",
        "Secretary-General’s remarks to the Security Council on the Democratic People’s "
        "Republic of Korea",
    ]
    assert [i["language"] for i in imported] == ["ko", "en"]
    listed = json.loads(console.xref("list", "--json", cwd=tmp_path).stdout)["documents"]
    sources = {d["source"] for d in listed}
    assert set(urls) <= sources
    again = console.xref("import", urls[0], "--json", cwd=tmp_path, timeout=120)
    assert json.loads(again.stdout)["imported"][0]["status"] == "unchanged"


def test_a_timeout_a_redirect_loop_and_a_404_are_one_line_each(server: str, tmp_path: Path) -> None:
    urls = [f"{server}/{p}" for p in ("slow", "loop", "gone", "huge", "press/panama")]
    result = console.xref("import", *urls, "--timeout", "0.5", cwd=tmp_path, timeout=120)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 4, result.stderr
    assert lines[0].startswith(f"xref import: {server}/slow: timed out")
    assert lines[1].startswith(f"xref import: {server}/loop: too many redirects")
    assert lines[2] == f"xref import: {server}/gone: HTTP 404 Not Found"
    assert lines[3] == f"xref import: {server}/huge: larger than 64 MB"
    assert result.stdout.startswith("created statement-")


def test_only_http_urls_are_fetched(tmp_path: Path) -> None:
    result = console.xref("import", "ftp://127.0.0.1/x.html", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        "xref import: ftp://127.0.0.1/x.html: only http and https URLs can be imported, not ftp:\n"
    )
