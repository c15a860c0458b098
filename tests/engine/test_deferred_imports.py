"""Whoosh's (and dataclasses') imports that no search uses are deferred, not lost: a search
process never loads them, and the functions taken from them still work when called."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CHECK = """
import sys
import search_index
import whoosh.compat, whoosh.query.terms, cached_property
import search_index.search, search_index.session, whoosh.searching
assert "inspect" not in sys.modules and "html" not in sys.modules
assert "tempfile" not in sys.modules and "calendar" not in sys.modules
assert "whoosh.lang.porter" not in sys.modules and "shutil" not in sys.modules
assert "urllib.parse" not in sys.modules and "random" not in sys.modules
assert "queue" not in sys.modules
from pathlib import Path
assert Path("/a b").as_uri() == "file:///a%20b"
import whoosh.util, whoosh.classify
assert len(whoosh.util.random_name(12)) == 12 and whoosh.classify.random.sample([1], 1) == [1]
from whoosh.analysis import StemmingAnalyzer
assert [t.text for t in StemmingAnalyzer()("running sanctions")] == ["runn", "sanction"]  # Porter
import whoosh.util.times, whoosh.filedb.filestore
assert whoosh.util.times.adatetime(2024, 2).ceil().day == 29  # calendar.monthrange
assert whoosh.filedb.filestore.tempfile.gettempdir()
assert "urllib.request" not in sys.modules and "whoosh.lang.morph_en" not in sys.modules
assert "asyncio" not in sys.modules
assert not cached_property.asyncio.iscoroutinefunction(print)
async def co(): pass
import functools
class K:
    async def m(self): pass
    def n(self): pass
for f, expected in ((co, True), (functools.partial(co), True), (K().m, True), (K().n, False)):
    assert cached_property.asyncio.iscoroutinefunction(f) is expected, f
assert "asyncio" not in sys.modules and "inspect" not in sys.modules
assert whoosh.compat.htmlescape("<a>") == "&lt;a&gt;"
from whoosh.lang import stemmer_for_language
assert stemmer_for_language("en")("running") == "run"
assert "whoosh.lang.snowball.german" not in sys.modules
assert stemmer_for_language("de")("katzen") == "katz"
import whoosh.lang.snowball.german as german
assert german.GermanStemmer().stem("katzen") == "katz"
import whoosh.lang.morph_en as real
assert whoosh.query.terms.variations("rendering") == real.variations("rendering")
import urllib.request
assert urllib.request.urlretrieve is not None and hasattr(urllib.request, "Request")
import asyncio
assert cached_property.asyncio.iscoroutinefunction(co) and asyncio.Future
from dataclasses import dataclass
@dataclass
class NoDoc:
    a: int
assert NoDoc.__doc__ == "NoDoc(a: int)" and "inspect" in sys.modules
print("ok")
"""


def test_deferred_modules_load_when_called_and_later_imports_are_real(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
