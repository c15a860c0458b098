"""The HTML report opened in headless Chromium (Debian's `chromium`; .ci/run installs it):
the DOM the browser built from the file shows the citations and the marked words, and no
element came from document text."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from console import xref
from hostile_statements import hostile_corpus

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium not installed (.ci/run installs Debian's chromium)"
)


class _Elements(HTMLParser):
    """Every element of a DOM dump with its class and its text content."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[list] = []  # [tag, class, text]
        self._open: list[list] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        element = [tag, dict(attrs).get("class", ""), ""]
        self.elements.append(element)
        if tag not in ("meta", "br"):
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element[2] += data

    def texts(self, tag: str, cls: str | None = None) -> list[str]:
        return [t for g, c, t in self.elements if g == tag and (cls is None or c == cls)]


def rendered(page: Path, tmp_path: Path) -> _Elements:
    """The DOM Chromium built from the file, serialised by --dump-dom, parsed."""
    assert CHROMIUM is not None
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'chromium-profile'}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,  # a hang guard, not a timing
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "<body" in result.stdout, result.stderr[-2000:]
    parser = _Elements()
    parser.feed(result.stdout)
    return parser


@needs_chromium
def test_bundled_theme_report_in_chromium_shows_citations_and_marked_words(tmp_path):
    page = tmp_path / "memo.html"
    assert (
        xref("notes", "add", "borrell-cho-dprk-russia:4", "Stronger now", cwd=tmp_path).returncode
        == 0
    )
    written = xref("report", "intertwined-security", "-o", str(page), cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    dom = rendered(page, tmp_path)
    citations = dom.texts("p", "citation")
    assert len(citations) == 2
    assert "(Ministry of Foreign Affairs, Republic of Korea, 2024-01-23), para. 2" in citations[0]
    assert "2024-11-04), para. 4" in citations[1]
    assert {"more", "than ever"} <= set(dom.texts("ins"))
    assert "region" in dom.texts("del")
    assert "closely intertwined" in dom.texts("mark")
    assert any("Stronger now" in t for t in dom.texts("p", "note"))
    assert dom.texts("script") == []


@needs_chromium
def test_markup_in_documents_stays_text_in_chromium(tmp_path):
    folder = hostile_corpus(tmp_path / "texts")
    page = tmp_path / "hostile.html"
    written = xref("report", "ports", "--texts", str(folder), "-o", str(page), cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    dom = rendered(page, tmp_path)
    tags = {tag for tag, _, _ in dom.elements}
    assert not tags & {"script", "b", "i", "img"}
    quotes = dom.texts("blockquote")
    assert any("<script>alert(1)</script> & [bold]x[/bold] *star*" in q for q in quotes)
    assert dom.texts("h2")[1] == "Late <script>x</script>"
    assert any("https://example.org/late?a=1&b=<2>" in c for c in dom.texts("p", "citation"))
