"""The installed `xref` console script, run as a user runs it: command tests go through it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

XREF = Path(sys.executable).parent / "xref"


def xref(
    *args: str, cwd: Path, timeout: float = 120, errors: str = "strict"
) -> subprocess.CompletedProcess[str]:
    """Run `xref ARGS` from `cwd` with no standard input; output decoded as UTF-8."""
    assert XREF.exists(), f"console script not installed next to {sys.executable}"
    return subprocess.run(
        [str(XREF), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors=errors,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
