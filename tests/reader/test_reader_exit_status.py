"""A reader that ended in an error gives a non-zero exit status (a script or a shell `&&` must
see the failure); one that was quit gives 0.

The reader runs in a real terminal (a pty) through `tui.cli.main`, as `xref` runs it. No
document makes the reader crash any more, so the crash comes from a real XrefApp subclass whose
`j` raises, put in place of XrefApp in that child process only.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

CHILD = """
import sys
from pathlib import Path

import tui.app
from tui.cli import main

class CrashingApp(tui.app.XrefApp):
    CSS_PATH = str(Path(tui.app.__file__).parent / tui.app.XrefApp.CSS_PATH)

    def on_key(self, event):
        if event.key == "j" and {crash}:
            raise RuntimeError("the reader crashed on purpose")

tui.app.XrefApp = CrashingApp
sys.exit(main([]))
"""


def run_reader(tmp_path: Path, crash: bool, keys: bytes) -> tuple[int, str]:
    """Start the reader in a pty, send `keys` once its first frame is drawn; its exit status
    and what it wrote."""
    script = tmp_path / "crashing_reader.py"
    script.write_text(CHILD.format(crash=crash), encoding="utf-8")
    controller, terminal = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    child = subprocess.Popen(
        [sys.executable, str(script)],
        cwd=tmp_path,
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env=env,
        close_fds=True,
        start_new_session=True,
    )
    os.close(terminal)
    output = b""
    sent = False
    deadline = time.monotonic() + 60
    try:
        while child.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([controller], [], [], 0.1)
            if ready:
                try:
                    output += os.read(controller, 65536)
                except OSError:
                    break
            if not sent and b"ready" in output:
                os.write(controller, keys)
                sent = True
        code = child.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        if child.poll() is None:
            child.kill()
        os.close(controller)
    return code, output.decode("utf-8", "replace")


def test_a_reader_that_crashed_exits_non_zero(tmp_path: Path) -> None:
    code, output = run_reader(tmp_path, crash=True, keys=b"j")
    assert "the reader crashed on purpose" in output
    assert code != 0


def test_a_reader_that_was_quit_exits_zero(tmp_path: Path) -> None:
    code, output = run_reader(tmp_path, crash=False, keys=b"q")
    assert code == 0, output[-2000:]
