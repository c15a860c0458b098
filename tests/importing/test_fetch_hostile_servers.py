"""`xref import URL` against hostile servers on 127.0.0.1: one that drips a byte at a time
(only a total deadline ends it), one that sends gzip (read), a gzip bomb (refused before it
fills memory), a picture or JSON (not a page), and URLs of other schemes. Each is one line,
nothing is written for it, and the good page beside them is imported."""

from __future__ import annotations

import gzip
import json
import os
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import console
import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "import"
PAGE = (DATA / "heldout-nato-nac-2024.html").read_bytes()


class Hostile(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(240):  # two minutes, never a stall longer than half a second
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.5)
            except OSError:
                return
        elif self.path == "/gzip":
            self._send(gzip.compress(PAGE), "text/html", gzip=True)
        elif self.path == "/bomb":
            self._send(gzip.compress(b"\0" * (80 * 1024 * 1024)), "text/html", gzip=True)
        elif self.path == "/picture":
            self._send(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png")
        elif self.path == "/data":
            self._send(
                b'{"text": "A long sentence that could pass for prose."}', "application/json"
            )
        else:
            self._send(PAGE, "text/html; charset=utf-8")

    def _send(self, body: bytes, kind: str, gzip: bool = False) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        if gzip:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def hostile() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def library() -> Path:
    return Path(os.environ["XREF_DATA_DIR"]) / "library"


def test_a_dripping_server_meets_a_total_deadline(hostile: str, tmp_path: Path) -> None:
    # Each read gets a byte within 0.5 s, under the 1 s timeout: only the total deadline
    # (three timeouts) ends it. The subprocess timeout is a hang guard, not a measurement.
    result = console.xref("import", f"{hostile}/drip", "--timeout", "1", cwd=tmp_path, timeout=90)
    assert result.returncode == 1
    assert result.stderr == f"xref import: {hostile}/drip: timed out: not complete after 3 s\n"
    assert not library().exists() or os.listdir(library()) == []


def test_gzip_is_read_and_a_bomb_and_other_types_are_refused(hostile: str, tmp_path: Path) -> None:
    urls = [f"{hostile}/{p}" for p in ("gzip", "bomb", "picture", "data")]
    urls += ["file:///etc/hostname", "ftp://127.0.0.1/x.html"]
    result = console.xref("import", *urls, "--json", cwd=tmp_path, timeout=120)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert [i["title"] for i in report["imported"]] == [
        "Statement by the North Atlantic Council on the deployment of DPRK troops to Russia"
    ]
    reasons = {f["input"]: f["reason"] for f in report["failed"]}
    assert reasons == {
        f"{hostile}/bomb": "larger than 64 MB once decompressed",
        f"{hostile}/picture": "the server sent image/png, not a web page, a PDF or text",
        f"{hostile}/data": "the server sent application/json, not a web page, a PDF or text",
        "file:///etc/hostname": "only http and https URLs can be imported, not file: "
        "(give the file's path instead)",
        "ftp://127.0.0.1/x.html": "only http and https URLs can be imported, not ftp:",
    }
    # Only the good page's document, and no temporary file left beside it.
    assert [p.suffix for p in library().iterdir()] == [".md"]


def test_the_same_page_from_its_url_and_from_a_saved_file_is_one_document(
    hostile: str, tmp_path: Path
) -> None:
    first = console.xref("import", f"{hostile}/press/nato", "--json", cwd=tmp_path, timeout=120)
    saved = tmp_path / "saved-nato.html"
    saved.write_bytes(PAGE)
    second = console.xref("import", str(saved), "--json", cwd=tmp_path, timeout=120)
    assert second.returncode == 0, second.stderr
    (one,), (two,) = json.loads(first.stdout)["imported"], json.loads(second.stdout)["imported"]
    assert one["status"] == "created" and two["status"] == "unchanged"
    assert one["id"] == two["id"]
    assert len(list(library().glob("*.md"))) == 1
