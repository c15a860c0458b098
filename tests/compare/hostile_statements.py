"""Shared by the compare tests: statements whose text and metadata are full of markup."""

from __future__ import annotations

from pathlib import Path

HOSTILE = "<script>alert(1)</script> & [bold]x[/bold] *star* `tick` 1. <b>harbour</b> &amp;"


def hostile_corpus(folder: Path) -> Path:
    """Two dated statements on one theme, text and metadata full of markup."""
    folder.mkdir()
    (folder / "themes.yaml").write_text(
        "themes:\n  - id: ports\n    label: Ports <i>&</i>\n    description: d\n"
        "    match: [harbour]\n",
        encoding="utf-8",
    )
    (folder / "late.md").write_text(
        '---\ntitle: "Late <script>x</script>"\ndate: 2024-05-01\n'
        'source: "https://example.org/late?a=1&b=<2>"\n---\n\n'
        f"The harbour stays open {HOSTILE} today.\n",
        encoding="utf-8",
    )
    (folder / "early.md").write_text(
        f"---\ntitle: Early [red]\ndate: 2024-02-01\n---\n\nThe harbour is open {HOSTILE} now.\n",
        encoding="utf-8",
    )
    return folder
