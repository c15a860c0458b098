"""`date:` finds documents whose date is only a year or a month (as imported pages often are)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.console import xref


def _write(folder: Path, doc_id: str, date: str, text: str) -> None:
    body = f"---\nid: {doc_id}\ntitle: {doc_id}\ndate: {date}\n---\n\n{text}\n"
    (folder / f"{doc_id}.md").write_text(body, encoding="utf-8")


def _hits(folder: Path, query: str) -> set[str]:
    result = xref("search", query, "--texts", str(folder), "--json", cwd=folder)
    assert result.returncode == 0, result.stderr
    return {hit["passage"] for hit in json.loads(result.stdout)["hits"]}


def test_a_year_or_month_date_is_found_by_its_year_and_month(tmp_path: Path) -> None:
    _write(tmp_path, "yearonly", "2024", "Sanctions on arms transfers.")
    _write(tmp_path, "monthonly", "2024-07", "Sanctions again.")
    _write(tmp_path, "fulldate", "2023-05-02", "Sanctions before.")
    assert _hits(tmp_path, "sanctions date:2024") == {"yearonly:1", "monthonly:1"}
    assert _hits(tmp_path, "sanctions date:2024-07") == {"monthonly:1"}
    assert _hits(tmp_path, "sanctions date:2023") == {"fulldate:1"}
