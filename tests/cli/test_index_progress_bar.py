"""`xref index` in a terminal: a progress bar with counts per stage, the stages without counts
named ("index (saving)…": the commit showed as a full bar for seconds, as if stuck), and the
line cleared at the end so the report starts on a clean line."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from search_index import bundled_texts_dir

ROOT = Path(__file__).resolve().parents[2]


def test_the_bar_names_the_stages_without_counts(tmp_path: Path) -> None:
    controller, terminal = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    child = subprocess.Popen(
        [sys.executable, "-m", "tui", "--texts", str(bundled_texts_dir()), "index"],
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=terminal,
        env=env,
    )
    os.close(terminal)
    err = b""
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([controller], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(controller, 65536)
                except OSError:  # the child closed its end
                    break
                if not chunk:
                    break
                err += chunk
            elif child.poll() is not None:
                break
        out = child.communicate(timeout=60)[0].decode()
    finally:
        if child.poll() is None:
            child.kill()
        os.close(controller)
    text = err.decode("utf-8", "replace")
    assert child.returncode == 0, text
    assert "index  [" in text and "]" in text  # the counted stage's bar
    assert "index (saving)…" in text
    assert text.index("index (saving)…") > text.rindex("index  [")
    assert text.rstrip().endswith("\x1b[K")  # cleared before the report
    assert out.startswith("Index built:")
