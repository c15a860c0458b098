"""Whoosh's imports that no search uses are deferred, not lost: a search process never
loads them, and the functions Whoosh took from them still work when called."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CHECK = """
import sys
import search_index
import whoosh.compat, whoosh.query.terms, cached_property
assert "urllib.request" not in sys.modules and "whoosh.lang.morph_en" not in sys.modules
assert "asyncio" not in sys.modules
assert not cached_property.asyncio.iscoroutinefunction(print)
async def co(): pass
assert cached_property.asyncio.iscoroutinefunction(co)
assert "asyncio" not in sys.modules
import whoosh.lang.morph_en as real
assert whoosh.query.terms.variations("rendering") == real.variations("rendering")
import urllib.request
assert urllib.request.urlretrieve is not None and hasattr(urllib.request, "Request")
import asyncio
assert cached_property.asyncio.iscoroutinefunction(co) and asyncio.Future
print("ok")
"""


def test_deferred_modules_load_when_called_and_later_imports_are_real(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
