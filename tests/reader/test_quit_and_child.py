"""The reader's child build and quitting: nothing from the working folder or the environment
runs in the child, and `q`, SIGTERM or SIGHUP during a long build gives the shell back at once,
with the place remembered and no process of ours left.

The quit tests run the installed `xref` in a pseudo-terminal, as a user does, on a corpus big
enough that the build takes many seconds; "exits within 10 s" is a correctness bound (before
the fix `q` waited for the whole build), not a performance measurement.
"""

from __future__ import annotations

import contextlib
import os
import pty
import random
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

from search_index import bundled_texts_dir, load_corpus
from tui.app import XrefApp

XREF = Path(sys.executable).parent / "xref"
CHILD_MARK = "index --progress-lines"
PLANTED = ("tui/__init__.py", "tui/__main__.py", "search_index/__init__.py", "argparse.py")
"""Modules a hostile folder plants: our packages and a standard-library one."""


def plant(folder: Path, marker: Path) -> None:
    """Files that, if imported, write `marker`: a downloaded corpus or a shared drive."""
    for name in PLANTED:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            "import pathlib\n"
            f"pathlib.Path({str(marker)!r}).write_text({name!r})\n"
            "raise SystemExit('planted code ran')\n"
        )


def copied_texts(tmp_path: Path) -> Path:
    """The bundled statements in a folder of their own, so the index must be built."""
    texts = tmp_path / "texts"
    shutil.copytree(bundled_texts_dir(), texts)
    return texts


async def built_by_child(app: XrefApp) -> int | None:
    """Open the reader until search and links are ready; the child build's exit status."""
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(1200):
            if app.reader is not None and app.reader.ready:
                break
            await pilot.pause(0.05)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.reader is not None and app.reader.ready
        assert "Search and links ready" in app.reader.session_status
        child = app.session.child
        assert child is not None, "the index was not built in a child process"
        return child.returncode


@pytest.mark.parametrize("where", ["working folder", "PYTHONPATH"])
async def test_planted_code_never_runs_in_the_child_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    texts = copied_texts(tmp_path)
    hostile = tmp_path / "hostile"
    marker = tmp_path / "planted-code-ran"
    plant(hostile, marker)
    if where == "working folder":
        monkeypatch.chdir(hostile)
    else:
        monkeypatch.chdir(tmp_path)
        monkeypatch.setenv("PYTHONPATH", str(hostile))
        monkeypatch.setenv("PYTHONSTARTUP", str(hostile / "argparse.py"))
    status = await built_by_child(XrefApp(load_corpus([texts]), [texts]))
    assert not marker.exists(), f"planted {marker.read_text()} ran in the child build"
    assert status == 0


# -- quitting during a long build, in a real terminal --------------------------------------------

WORDS = (
    "korea sanctions missile nuclear council russia europe security cyber threat peace envoy "
    "briefing arms transfer munitions region cooperation ministry treaty"
).split()


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40,000 short paragraphs in one document: the build takes many seconds."""
    folder = tmp_path_factory.mktemp("big")
    rnd = random.Random(16)
    paragraphs = (" ".join(rnd.choices(WORDS, k=12)) + "." for _ in range(40_000))
    body = "\n\n".join(paragraphs)
    (folder / "big.md").write_text(f"---\nid: big\ntitle: Big\n---\n\n{body}\n")
    return folder


def child_builds(texts: Path) -> list[int]:
    """Pids of child builds of this corpus still running (whoever their parent is now)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if CHILD_MARK in command and str(texts) in command and state != "Z":
            found.append(int(entry.name))
    return found


class Terminal:
    """`xref --texts TEXTS` in a pseudo-terminal, its output drained and kept."""

    def __init__(self, texts: Path) -> None:
        self.output = bytearray()
        self.status: int | None = None
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become the reader
            os.execve(str(XREF), [str(XREF), "--texts", str(texts)], env)
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        while True:
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                return
            if not data:
                return
            self.output += data

    def wait_exit(self, timeout: float) -> int | None:
        """The exit status, or None if still running after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = status
            elif time.monotonic() >= deadline:
                break
            else:
                time.sleep(0.02)
        return self.status

    def close(self) -> None:
        if self.wait_exit(0) is None:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)


@pytest.mark.parametrize("how", ["q", "SIGTERM", "SIGHUP"])
def test_quitting_during_the_build_ends_it_at_once(
    big_corpus: Path, private_dirs: Path, how: str
) -> None:
    assert XREF.exists(), f"console script not installed next to {sys.executable}"
    terminal = Terminal(big_corpus)
    try:
        deadline = time.monotonic() + 120
        while not child_builds(big_corpus):
            assert time.monotonic() < deadline, "the reader never started its child build"
            assert terminal.wait_exit(0) is None, "the reader ended before its child build"
            time.sleep(0.05)
        time.sleep(0.5)  # the child is well into the build
        if how == "q":
            os.write(terminal.fd, b"q")
        else:
            os.kill(terminal.pid, getattr(signal, how))
        status = terminal.wait_exit(10)
        assert status is not None, f"the reader was still running 10 s after {how}"
        time.sleep(0.5)
        assert child_builds(big_corpus) == [], f"the child build outlived the reader ({how})"
        state = private_dirs / "state" / "reader-state.json"
        assert state.exists(), f"the reader's place was not remembered on {how}"
        assert b"\x1b[?1049l" in terminal.output, "the terminal was not given back"
        if how != "q":
            assert os.WIFEXITED(status), f"killed by {how}, nothing cleaned up"
    finally:
        for pid in child_builds(big_corpus):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        terminal.close()
