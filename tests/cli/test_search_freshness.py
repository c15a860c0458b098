"""`xref search` trusts the caches only for files as they were: a warm search reads no
document, yet an edit is found at once, even one that keeps the file's size and time."""

from __future__ import annotations

import json
import os
from pathlib import Path

from console import xref

DOC = "---\ntitle: Memo {n}\ndate: 2024-01-0{n}\n---\n\n{body}\n"


def _hits(folder: Path, query: str, cwd: Path) -> list[str]:
    result = xref("search", query, "--json", "--texts", str(folder), cwd=cwd)
    assert result.returncode == 0, result.stderr
    return [hit["passage"] for hit in json.loads(result.stdout)["hits"]]


def _write_old(path: Path, text: str, when: int) -> None:
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(when, when))  # an hour old: trusted by its stat alone


def test_a_search_after_editing_a_file_sees_the_edit(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    hour_ago = (int(os.path.getmtime(tmp_path)) - 3600) * 1_000_000_000
    for n in (1, 2, 3):
        body = "Sanctions on zebra imports." if n == 2 else f"Statement number {n} on trade."
        _write_old(texts / f"memo-{n}.md", DOC.format(n=n, body=body), hour_ago)
    assert _hits(texts, "zebra", tmp_path) == ["memo-2:1"]  # builds the index
    assert _hits(texts, "zebra", tmp_path) == ["memo-2:1"]  # warm: from the caches
    # Same length, same modification time: only the change time tells.
    _write_old(texts / "memo-2.md", DOC.format(n=2, body="Sanctions on okapi imports."), hour_ago)
    assert _hits(texts, "zebra", tmp_path) == []
    assert _hits(texts, "okapi", tmp_path) == ["memo-2:1"]
    # An edit just now (racily recent), a file added and one removed.
    (texts / "memo-3.md").write_text(DOC.format(n=3, body="Okapi statement."), encoding="utf-8")
    (texts / "memo-1.md").unlink()
    (texts / "memo-4.md").write_text(DOC.format(n=4, body="A zebra again."), encoding="utf-8")
    assert sorted(_hits(texts, "okapi", tmp_path)) == ["memo-2:1", "memo-3:1"]
    assert _hits(texts, "zebra", tmp_path) == ["memo-4:1"]
    assert _hits(texts, "statement", tmp_path) == ["memo-3:1"]
