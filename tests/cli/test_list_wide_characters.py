"""`xref list` keeps its columns in line when ids, issuers or titles are Korean (two cells each)."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len

from tests.console import xref


def test_titles_start_in_one_column_with_korean_issuers(tmp_path: Path) -> None:
    docs = {
        "ko-release": ("외교부 대변인실", "북한 러시아 군사협력 관련 대변인 논평"),
        "en-release": ("Ministry of Foreign Affairs", "Spokesperson's statement"),
    }
    for doc_id, (issuer, title) in docs.items():
        (tmp_path / f"{doc_id}.md").write_text(
            f"---\nid: {doc_id}\ntitle: {title}\nissuer: {issuer}\ndate: 2024-01-02\n---\n\n"
            "Some text here.\n",
            encoding="utf-8",
        )
    result = xref("list", "--texts", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    header, rows = lines[0], lines[1:]
    column = cell_len(header[: header.index("TITLE")])
    assert len(rows) == len(docs)
    for row in rows:
        title = next(title for _, title in docs.values() if title in row)
        assert cell_len(row[: row.index(title)]) == column, row
