"""`xref serve`: the reader in a browser, tested as a user sees it.

A real `xref serve` on 127.0.0.1 and headless Chromium (Debian's `chromium`; .ci/run installs
it) driven over the DevTools protocol: the page loads with every name but 127.0.0.1 unresolvable
(no network), the app arrives over its websocket, keys go in as key events, and the test reads
the screen from the page's xterm.js terminal (its buffer holds what its WebGL canvas draws: the
characters and their colours). Then the server is stopped and no reader process may be left.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from console import XREF, xref

websockets_sync = pytest.importorskip("websockets.sync.client")

KIM = "Special Representative for Korean Peninsula"
BORRELL = "DPRK/Russia: Joint Statement"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium not installed (.ci/run installs Debian's chromium)"
)

# Installed before the page's scripts run: keeps the xterm.js Terminal the page creates (it is
# assigned to `this.terminal`) and reads its buffer: each row's text, and its runs of one
# background colour.
TERMINAL_READER = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true,
                                             enumerable: true});
    if (value && value.buffer && value.buffer.active) window.__xrefTerminal = value;
  },
});
window.__xrefRuns = () => {
  const terminal = window.__xrefTerminal;
  if (!terminal) return [];
  const buffer = terminal.buffer.active, rows = [];
  for (let y = 0; y < terminal.rows; y++) {
    const line = buffer.getLine(y), runs = [];
    for (let x = 0; line && x < line.length; x++) {
      const cell = line.getCell(x);
      if (!cell || cell.getWidth() === 0) continue;
      const bg = cell.isBgDefault() ? "default" : String(cell.getBgColor());
      const last = runs[runs.length - 1];
      if (last && last.bg === bg) last.text += cell.getChars() || " ";
      else runs.push({bg, text: cell.getChars() || " "});
    }
    rows.push(runs);
  }
  return rows;
};
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(check: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def process_table() -> dict[int, tuple[str, int, int]]:
    """pid -> (state, parent pid, process group) of every process on the machine."""
    table = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            state, ppid, pgrp = stat.read_text().rsplit(")", 1)[1].split()[:3]
            table[int(stat.parent.name)] = (state, int(ppid), int(pgrp))
    return table


def readers_of(server: subprocess.Popen[str]) -> set[int]:
    """The server's reader processes (each leads its own process group)."""
    return {pid for pid, (_, ppid, _) in process_table().items() if ppid == server.pid}


def left_running(groups: set[int]) -> list[int]:
    """Live (not zombie) processes in the readers' process groups: an index build they started
    belongs to them too."""
    return [pid for pid, (state, _, pgrp) in process_table().items() if pgrp in groups]


def without_zombies(pids: list[int]) -> list[int]:
    table = process_table()
    return [pid for pid in pids if pid in table and table[pid][0] != "Z"]


@contextlib.contextmanager
def serve(tmp_path: Path, *args: str) -> Iterator[tuple[subprocess.Popen[str], int]]:
    """`xref serve --port FREE ARGS` running until the block ends (then SIGINT, or killed)."""
    port = free_port()
    out = (tmp_path / "serve.out").open("w+")
    server = subprocess.Popen(
        [str(XREF), "serve", "--port", str(port), *args],
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        stdout=out,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for(
            lambda: server.poll() is not None or "the reader is at" in read(out),
            30,
            "xref serve to listen",
        )
        assert server.poll() is None, read(out)
        assert f"http://127.0.0.1:{port}/" in read(out)
        yield server, port
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        out.close()


def read(out: Any) -> str:
    out.seek(0)
    return out.read()


class Browser:
    """Headless Chromium with one page, driven over the DevTools protocol."""

    def __init__(self, profile: Path) -> None:
        port = free_port()
        self.process = subprocess.Popen(
            [
                str(CHROMIUM),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                # No network: every name but 127.0.0.1 fails to resolve.
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                "--window-size=1600,1000",
                f"--user-data-dir={profile}",
                f"--remote-debugging-port={port}",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        targets = wait_for(lambda: self._targets(port), 30, "Chromium's DevTools")
        page = next(t for t in targets if t["type"] == "page")
        self.socket = websockets_sync.connect(page["webSocketDebuggerUrl"], max_size=None)
        self.socket.__enter__()
        self.ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []

    @staticmethod
    def _targets(port: int) -> list[dict[str, Any]] | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=2) as r:
                return [t for t in json.load(r) if t["type"] == "page"] or None
        except OSError:
            return None

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        number = next(self.ids)
        self.socket.send(json.dumps({"id": number, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv(timeout=30))
            if message.get("id") == number:
                assert "error" not in message, message
                return message["result"]
            self.events.append(message)

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def runs(self) -> list[list[dict[str, str]]]:
        return self.evaluate("window.__xrefRuns()") or []

    def screen(self) -> str:
        return "\n".join("".join(run["text"] for run in row) for row in self.runs())

    def press(self, key: str) -> None:
        code = f"Key{key.upper()}"
        for kind in ("keyDown", "keyUp"):
            extra = {"text": key} if kind == "keyDown" else {}
            self.call(
                "Input.dispatchKeyEvent",
                type=kind,
                key=key,
                code=code,
                windowsVirtualKeyCode=ord(key.upper()),
                **extra,
            )

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.socket.close()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    chromium = Browser(tmp_path / "chromium-profile")
    try:
        yield chromium
    finally:
        chromium.close()


def highlighted(rows: list[list[dict[str, str]]], colour: str) -> list[str]:
    """The text of every run drawn on `colour`, stripped."""
    return [run["text"].strip() for row in rows for run in row if run["bg"] == colour]


@needs_chromium
def test_the_reader_in_a_browser_follows_a_link_offline(tmp_path: Path, browser: Browser) -> None:
    links = json.loads(xref("links", "kim-gunn-eu-psc:2", "--json", cwd=tmp_path).stdout)
    best = links["links"][0]
    with serve(tmp_path) as (server, port):
        browser.call("Network.enable")
        browser.call("Page.enable")
        browser.call("Emulation.setFocusEmulationEnabled", enabled=True)
        browser.call("Page.addScriptToEvaluateOnNewDocument", source=TERMINAL_READER)
        browser.call("Page.navigate", url=f"http://127.0.0.1:{port}/")

        screen = wait_for(
            lambda: (s := browser.screen()) and KIM in s and BORRELL in s and s, 60, "both titles"
        )
        # The links are built in the background (search first): the status line says when.
        wait_for(lambda: "Search and links ready" in browser.screen(), 60, "the links")
        readers = readers_of(server)
        assert len(readers) == 1, readers
        browser.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
        browser.press("j")
        browser.press("x")
        screen = wait_for(
            lambda: (s := browser.screen()) and "link 1 of" in s and s, 20, "the followed link"
        )
        assert f"link 1 of {len(links['links'])}" in screen

        # The shared wording is drawn on its highlight colour, in both panes.
        rows = browser.runs()
        first = best["shared"][0]
        assert first["text"] == first["target_text"] == "arms transfers", first
        colour = next(
            run["bg"] for row in rows for run in row if run["text"].strip() == first["text"]
        )
        marked = highlighted(rows, colour)
        assert marked.count(first["text"]) == 2, marked
        shared_words = {
            word
            for item in best["shared"]
            for word in (item["text"] + " " + item["target_text"]).split()
        }
        assert {word for text in marked for word in text.split()} <= shared_words, marked

        # Offline: nothing was asked of any address but the server's, and nothing failed.
        requests = [
            e["params"]["request"]["url"]
            for e in browser.events
            if e["method"] == "Network.requestWillBeSent"
        ]
        assert requests and all(u.startswith(f"http://127.0.0.1:{port}/") for u in requests)
        assert not [e for e in browser.events if e["method"] == "Network.loadingFailed"]

        server.send_signal(signal.SIGINT)
        assert server.wait(15) == 0
    assert without_zombies(left_running(readers)) == []


def test_sigterm_ends_the_server_and_every_reader(tmp_path: Path) -> None:
    # A folder holding a `tui` package of its own: the readers must not run it.
    planted = tmp_path / "tui"
    planted.mkdir()
    marker = tmp_path / "planted-code-ran"
    for name in ("__init__.py", "__main__.py"):
        (planted / name).write_text(f"open({str(marker)!r}, 'w').close()\n")
    with serve(tmp_path) as (server, port), contextlib.ExitStack() as stack:
        sessions = [
            stack.enter_context(
                websockets_sync.connect(f"ws://127.0.0.1:{port}/ws?width=100&height=30")
            )
            for _ in range(2)
        ]
        for session in sessions:
            received = b""
            while b"Special Representative" not in received:
                received += session.recv(60)
        readers = readers_of(server)
        assert len(readers) == 2, readers
        server.send_signal(signal.SIGTERM)
        assert server.wait(15) == 0  # a hang guard: it ends the readers, then itself
    assert without_zombies(left_running(readers)) == []
    assert not marker.exists()


def test_a_page_elsewhere_cannot_open_a_session_or_rebind_the_name(tmp_path: Path) -> None:
    with serve(tmp_path) as (server, port):
        with (
            pytest.raises(Exception, match="403"),
            websockets_sync.connect(f"ws://127.0.0.1:{port}/ws", origin="http://evil.example"),
        ):
            pass
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/", headers={"Host": f"evil.example:{port}"}
        )
        with pytest.raises(urllib.error.HTTPError, match="403"):
            urllib.request.urlopen(request, timeout=10)
        assert readers_of(server) == set()


def test_without_the_web_extra_it_says_how_to_get_it(tmp_path: Path) -> None:
    # textual-serve made unimportable, as in an install without the extra.
    code = (
        "import sys; sys.modules['textual_serve'] = None; from tui.cli import main; "
        "sys.exit(main(['serve']))"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "xref serve needs the web extra: pip install 'xref-reader[web]'\n"
