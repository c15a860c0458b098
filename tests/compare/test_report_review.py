"""Review of issue 14's reports: Markdown read by a CommonMark renderer, sources as links,
`-o` a folder, a missing folder, a FIFO or a long name, the mode of the file, every use of the
shared wording marked without comparing passages two by two, notes of several lines.
"""

from __future__ import annotations

import json
import os
import stat
from html.parser import HTMLParser
from pathlib import Path

import pytest
from console import xref
from hostile_statements import HOSTILE, hostile_corpus
from markdown_it import MarkdownIt

from search_index import bundled_texts_dir, load_corpus
from search_index.session import Session

PAIR = ("kim-gunn-eu-psc:2", "borrell-cho-dprk-russia:4")
SESSION = Session.open(load_corpus([bundled_texts_dir()]))


# -- Markdown and HTML reports ---------------------------------------------------------------


class _Dom(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: dict[str, list[str]] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))
        self._open.append(tag)
        self.text.setdefault(tag, []).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            while self._open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        for tag in set(self._open):
            self.text[tag][-1] += data


def _commonmark(markdown: str) -> _Dom:
    """The Markdown as a CommonMark renderer that lets raw HTML through turns it into HTML."""
    dom = _Dom()
    dom.feed(MarkdownIt("commonmark", {"html": True}).render(markdown))
    return dom


def test_markdown_deletions_are_struck_through_by_plain_commonmark(tmp_path):
    result = xref("report", "intertwined-security", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    dom = _commonmark(result.stdout)
    assert "region" in dom.text["del"]
    assert "~~" not in "".join(dom.text["p"])


def _with_source(tmp_path: Path, source: str) -> Path:
    folder = hostile_corpus(tmp_path / "texts")
    late = folder / "late.md"
    text = late.read_text(encoding="utf-8").replace(
        'source: "https://example.org/late?a=1&b=<2>"', f"source: {json.dumps(source)}"
    )
    late.write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("form", ["md", "html"])
def test_a_source_with_an_ampersand_links_to_itself(tmp_path, form):
    source = "https://example.org/press?id=7&lang=en"
    folder = _with_source(tmp_path, source)
    result = xref("report", "ports", "--texts", str(folder), "--format", form, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    if form == "md":
        dom = _commonmark(result.stdout)
    else:
        dom = _Dom()
        dom.feed(result.stdout)
    assert [a.get("href") for tag, a in dom.tags if tag == "a"] == [source]


@pytest.mark.parametrize("form", ["md", "html"])
def test_a_source_that_is_not_a_web_address_is_never_a_link(tmp_path, form):
    folder = _with_source(tmp_path, "javascript:alert(1)")
    result = xref("report", "ports", "--texts", str(folder), "--format", form, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    dom = _commonmark(result.stdout) if form == "md" else _Dom()
    if form == "html":
        dom.feed(result.stdout)
    assert [tag for tag, _ in dom.tags if tag == "a"] == []
    assert "javascript:alert(1)" in result.stdout
    # Not an autolink either: markdown-it refuses javascript: links, other renderers follow them.
    assert "<javascript:" not in result.stdout


def test_markup_in_documents_reads_literally_once_the_markdown_is_rendered(tmp_path):
    folder = hostile_corpus(tmp_path / "texts")
    xref("notes", "add", "--texts", str(folder), "late:1", f"note {HOSTILE}", cwd=tmp_path)
    result = xref("report", "ports", "--texts", str(folder), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    dom = _commonmark(result.stdout)
    assert {tag for tag, _ in dom.tags} <= {
        "h1",
        "h2",
        "p",
        "em",
        "strong",
        "blockquote",
        "ins",
        "del",
        "a",
    }
    quotes = [" ".join(q.split()) for q in dom.text["blockquote"]]
    assert f"The harbour stays open {HOSTILE} today." in quotes
    assert f"The harbour is open {HOSTILE} now." in quotes
    assert any(f"note {HOSTILE}" in p for p in dom.text["p"])
    assert "Late <script>x</script>" in dom.text["h2"]


def test_an_undated_document_says_no_date_once(tmp_path):
    folder = hostile_corpus(tmp_path / "texts")
    (folder / "undated.md").write_text("---\ntitle: Undated\n---\n\nThe harbour.\n", "utf-8")
    result = xref("report", "ports", "--texts", str(folder), cwd=tmp_path)
    assert "\nno date\n" in result.stdout and "(no date)" not in result.stdout


# -- writing a report ------------------------------------------------------------------------


def test_report_to_a_folder_or_into_a_missing_folder_is_one_line_exit_2(tmp_path):
    for target, says in ((tmp_path, "is a folder"), (tmp_path / "no" / "r.md", "no folder")):
        for force in ((), ("--force",)):
            result = xref("report", "intertwined-security", "-o", str(target), *force, cwd=tmp_path)
            assert result.returncode == 2, result.stderr
            assert result.stderr.startswith("xref report: error: ") and says in result.stderr
            assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert not (tmp_path / "no").exists()


def test_two_themes_are_refused_as_such(tmp_path):
    folder = hostile_corpus(tmp_path / "texts")
    result = xref("report", "ports", "ports", "--texts", str(folder), cwd=tmp_path)
    assert result.returncode == 2
    assert "'ports' is a theme: give one theme, or passage ids" in result.stderr


def test_a_theme_with_no_passages_says_so(tmp_path):
    folder = hostile_corpus(tmp_path / "texts")
    themes = folder / "themes.yaml"
    themes.write_text(
        themes.read_text("utf-8") + "  - id: empty\n    label: E\n    description: d\n"
        "    match: [xylophone]\n",
        "utf-8",
    )
    result = xref("report", "empty", "--texts", str(folder), cwd=tmp_path)
    assert result.returncode == 0
    assert "xref: notice: theme 'empty' tags no passage in these documents" in result.stderr


def test_a_written_report_is_readable_like_any_saved_file(tmp_path):
    page = tmp_path / "memo.html"
    assert xref("report", "intertwined-security", "-o", str(page), cwd=tmp_path).returncode == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(page.stat().st_mode) == 0o666 & ~umask  # not mkstemp's 0600


def test_drift_and_report_say_when_a_passage_was_too_long_to_compare_whole(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "themes.yaml").write_text(
        "themes:\n  - id: ports\n    label: P\n    description: d\n    match: [harbour]\n",
        "utf-8",
    )
    words = " ".join(f"w{k}" for k in range(25_000))
    for name, date in (("a", "2024-01-01"), ("b", "2024-02-01")):
        (folder / f"{name}.md").write_text(
            f"---\ntitle: {name}\ndate: {date}\n---\n\nThe harbour {name} {words}.\n", "utf-8"
        )
    drift = xref("drift", "ports", "--texts", str(folder), cwd=tmp_path)
    assert "(passage cut: too long to compare whole)" in drift.stdout
    for form in ("md", "html"):
        report = xref("report", "ports", "--texts", str(folder), "--format", form, cwd=tmp_path)
        assert "(only the first 20,000 words of each passage compared):" in report.stdout


# -- shared wording in reports ---------------------------------------------------------------


def test_report_marks_every_use_of_the_shared_wording_not_only_the_first():
    from search_index.report import build_report

    report = build_report(SESSION, theme_id="dprk-nuclear-missile")
    marked = {p.passage.id: [p.passage.text[a:b] for a, b in p.shared] for p in report.passages()}
    text = SESSION.corpus.passage("kim-gunn-eu-psc:5").text
    assert text.count("North Korea") == 5  # the DPRK is named in the other document
    assert sum(m.startswith("North Korea") for m in marked["kim-gunn-eu-psc:5"]) == 5
    intertwined = build_report(SESSION, theme_id="intertwined-security").passages()
    assert [[p.passage.text[a:b] for a, b in p.shared] for p in intertwined] == [
        ["security of the Indo-Pacific", "closely intertwined"]
    ] * 2


def test_report_of_a_theme_of_600_passages_does_not_compare_them_two_by_two(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "themes.yaml").write_text(
        "themes:\n  - id: ports\n    label: P\n    description: d\n    match: [harbour]\n",
        "utf-8",
    )
    words = "security Europe Korea missile closely intertwined regions cooperation Russia".split()
    for k in range(300):
        body = "\n\n".join(
            " ".join(words[(k * 7 + i * j) % len(words)] for i in range(50)) + " harbour."
            for j in (1, 2)
        )
        (folder / f"d{k:03}.md").write_text(
            f"---\ntitle: D{k}\ndate: 2024-{k % 12 + 1:02}-01\n---\n\n{body}\n", "utf-8"
        )
    # Two by two this took minutes (52 s for 300 passages); the timeout is a hang guard.
    result = xref("report", "ports", "--texts", str(folder), cwd=tmp_path, timeout=240)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n> ") == 600


def test_a_report_with_a_long_file_name_is_written(tmp_path):
    page = tmp_path / ("a" * 245 + ".md")  # a valid name; its temporary name must be too
    result = xref("report", "intertwined-security", "-o", str(page), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert page.read_text("utf-8").startswith("# Intertwined")
    assert [p.name for p in tmp_path.iterdir()] == [page.name]


@pytest.mark.parametrize("form", ["md", "html"])
def test_a_note_of_several_lines_keeps_its_lines(tmp_path, form):
    body = "Compare:\n- more\n- than ever \\\n\n# not a heading"
    assert xref("notes", "add", PAIR[1], body, cwd=tmp_path).returncode == 0
    result = xref("report", "intertwined-security", "--format", form, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    if form == "md":
        rendered = MarkdownIt("commonmark", {"html": True}).render(result.stdout)
        assert "Compare:<br />\n- more<br />\n- than ever \\<br />\n# not a heading" in rendered
    else:
        assert '<p class="note"><strong>Note</strong>: Compare:\n- more\n' in result.stdout
        assert "white-space: pre-line" in result.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_report_never_replaces_a_fifo_even_with_force(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = xref("report", "intertwined-security", "-o", str(fifo), "--force", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"xref report: error: -o {fifo} is not a regular file\n"
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
