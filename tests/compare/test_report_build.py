"""Reports: grouped by document in date order, full citations, marks, notes; text is data."""

from __future__ import annotations

import html
import re

import pytest
from hostile_statements import hostile_corpus

from search_index import bundled_texts_dir, load_corpus
from search_index.notes import NoteBook
from search_index.report import build_report, md_escape, render_html, render_markdown, write_report
from search_index.session import Session


def test_bundled_theme_report_groups_by_document_in_date_order_with_marks_and_notes():
    session = Session.open(load_corpus([bundled_texts_dir()]))
    notes = NoteBook.open(session.corpus)
    notes.put(session.corpus.passage("borrell-cho-dprk-russia:4"), "Stronger than in January.")
    report = build_report(session, theme_id="intertwined-security", notes=notes)
    assert [d.document.id for d in report.documents] == [
        "kim-gunn-eu-psc",
        "borrell-cho-dprk-russia",
    ]
    later = report.documents[1].passages[0]
    assert later.diff is not None and later.diff.left_id == "kim-gunn-eu-psc:2"
    shared = [later.passage.text[s:e] for s, e in later.shared]
    assert "closely intertwined" in shared
    text = render_markdown(report)
    assert text.index("2024-01-23") < text.index("2024-11-04")
    assert "<ins>more</ins>" in text and "<ins>than ever</ins>" in text
    assert "**closely intertwined**" in text
    assert "**Note**: Stronger than in January." in text
    assert "> 2\\. Special Representative" in text  # not an ordered list
    page = render_html(report)
    assert "<ins>more</ins>" in page and "<mark>closely intertwined</mark>" in page
    assert "para. 4" in page and "Stronger than in January." in page


def test_passages_named_are_grouped_and_a_changed_note_is_flagged(tmp_path):
    folder = hostile_corpus(tmp_path / "texts")
    session = Session.open(load_corpus([folder]))
    notes = NoteBook.open(session.corpus)
    notes.put(session.corpus.passage("late:1"), "watch")
    (folder / "late.md").write_text(
        (folder / "late.md").read_text(encoding="utf-8").replace("today", "tomorrow"),
        encoding="utf-8",
    )
    session = Session.open(load_corpus([folder]))
    notes = NoteBook.open(session.corpus)
    report = build_report(session, passage_ids=["late:1", "early:1"], notes=notes)
    assert [d.document.id for d in report.documents] == ["early", "late"]
    assert report.documents[1].passages[0].note_changed
    assert "(passage changed since the note)" in render_markdown(report)
    with pytest.raises(KeyError):
        build_report(session, passage_ids=["late:1", "nope:9"])
    with pytest.raises(KeyError):
        build_report(session, theme_id="nope")


def test_html_escapes_all_document_text_and_loads_nothing(tmp_path):
    session = Session.open(load_corpus([hostile_corpus(tmp_path / "texts")]))
    notes = NoteBook.open(session.corpus)
    notes.put(session.corpus.passage("early:1"), "<img src=x onerror=alert(1)> & ok")
    page = render_html(build_report(session, theme_id="ports", notes=notes))
    # The only tags are ours: no script, img, b or i element from the text.
    tags = set(re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", page))
    assert tags <= {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "h1",
        "h2",
        "p",
        "section",
        "div",
        "blockquote",
        "mark",
        "ins",
        "del",
        "span",
        "strong",
    }
    assert html.escape("<script>alert(1)</script>") in page
    assert "https://example.org/late?a=1&amp;b=&lt;2&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; ok" in page
    # Nothing is loaded from elsewhere: no src or href attribute, no url() or @import.
    attributes = {name for _, name in re.findall(r"<([a-z0-9]+)[^<>]*?\s([a-z-]+)=\"", page)}
    assert not attributes & {"src", "href"}
    style = page[page.index("<style>") : page.index("</style>")]
    assert "url(" not in style and "@import" not in style


def test_markdown_shows_markup_literally(tmp_path):
    session = Session.open(load_corpus([hostile_corpus(tmp_path / "texts")]))
    text = render_markdown(build_report(session, theme_id="ports"))
    assert "<script>" not in text and "\\<script\\>" in text
    assert "\\[bold\\]x\\[/bold\\]" in text and "\\*star\\*" in text and "\\&amp;" in text
    assert md_escape("1. item", line_start=True) == "1\\. item"
    assert md_escape("- item", line_start=True) == "\\- item"
    assert md_escape("a\x1b[31mred\nline") == "ared line"


def test_write_report_is_atomic_and_refuses_an_existing_file(tmp_path):
    target = tmp_path / "memo.md"
    write_report("one\n", target, force=False)
    with pytest.raises(FileExistsError):
        write_report("two\n", target, force=False)
    assert target.read_text(encoding="utf-8") == "one\n"
    write_report("two\n", target, force=True)
    assert target.read_text(encoding="utf-8") == "two\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memo.md"]
    with pytest.raises(IsADirectoryError):
        write_report("x", tmp_path, force=True)
