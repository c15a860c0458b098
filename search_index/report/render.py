"""A report as Markdown or as one self-contained HTML file.

Document text is data, never markup: in HTML every piece of it goes through html.escape; in
Markdown every character Markdown (or the HTML it lets through) would act on is escaped with a
backslash, so "<script>", "&amp;", "[link](x)" or "*" read literally in any renderer. Neither
output has anything that loads from elsewhere (no fonts, scripts or images): a browser shows it
offline. Controls and escape sequences were removed when the documents were read, and are
removed again here in case a report is printed to a terminal.
"""

from __future__ import annotations

import html
import re

from .. import __version__
from ..compare.word_diff import MAX_DIFF_WORDS, diff_segments
from ..corpus.cleaning import strip_controls
from .build import Report, ReportPassage

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&$])")
"""What Markdown (or the HTML it passes through) acts on anywhere in a line."""
_MD_LINE_START = re.compile(r"^(\s*)([-+=]|\d+[.)])")
"""What it acts on only at the start of a line: lists, setext underlines."""

LEGEND = (
    "Shared wording is marked; in the changes, deleted words are struck through and inserted "
    "words underlined."
)


def md_escape(text: str, *, line_start: bool = False) -> str:
    """Text that a Markdown renderer shows as written, on one line (line breaks and runs of
    spaces become one space). `line_start`: the text opens a line, so a leading "2." or "-"
    is escaped too (it would start a list)."""
    text = _MD_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", strip_controls(text)))
    if line_start:
        text = _MD_LINE_START.sub(_escape_marker, text, count=1)
    return text


_WEB_URL = re.compile(r"https?://[^\s<>\"\\`\x00-\x1f\x7f]+", re.IGNORECASE)
"""A source that becomes a link: a web address with nothing an autolink or href refuses."""


def _md_source(source: str) -> str:
    """A web address as an autolink, which takes its text literally (no escapes, no
    entities: "&amp;" there would be part of the address); anything else as plain text."""
    if _WEB_URL.fullmatch(source):
        return f"<{source}>"
    return md_escape(source)


def _md_lines(text: str) -> str:
    """A note's lines kept as lines of one paragraph (hard breaks), each escaped as a line
    start, so "- a point" stays text and the note's layout survives."""
    lines = [md_escape(line, line_start=True) for line in text.splitlines() if line.strip()]
    return "\\\n".join(lines)


def _escape_marker(match: re.Match[str]) -> str:
    marker = match[2]
    return match[1] + marker[:-1] + "\\" + marker[-1]


def _cut(item: ReportPassage) -> str:
    """Said when a passage was too long to compare whole: the rest reads as if unchanged."""
    if item.diff is None or not item.diff.truncated:
        return ""
    return f" (only the first {MAX_DIFF_WORDS:,} words of each passage compared)"


def _segments(item: ReportPassage) -> list[tuple[str, str]]:
    assert item.diff is not None
    left = item.compared_with.text if item.compared_with is not None else None
    return diff_segments(item.diff, item.passage.text, left)


def _spans_split(text: str, spans: tuple[tuple[int, int], ...]) -> list[tuple[bool, str]]:
    """The text cut into (marked?, piece) by ascending spans."""
    out: list[tuple[bool, str]] = []
    cursor = 0
    for start, end in spans:
        if start > cursor:
            out.append((False, text[cursor:start]))
        out.append((True, text[start:end]))
        cursor = end
    if cursor < len(text):
        out.append((False, text[cursor:]))
    return out


def _md_diff(item: ReportPassage) -> str:
    assert item.diff is not None
    # <del>, not ~~: strikethrough is a GitHub extension CommonMark renderers print as "~~".
    marks = {"delete": ("<del>", "</del>"), "insert": ("<ins>", "</ins>"), "match": ("", "")}
    parts = []
    for k, (kind, text) in enumerate(_segments(item)):
        before, after = marks.get(kind, ("", ""))
        escaped = md_escape(text, line_start=k == 0)
        parts.append(before + escaped + after if kind in marks and text.strip() else escaped)
    return "".join(parts).strip()


def render_markdown(report: Report) -> str:
    """The report as Markdown: headings per document, quotes with shared wording in bold."""
    lines = [f"# {md_escape(report.title)}", ""]
    if report.description:
        lines += [md_escape(report.description), ""]
    lines += [f"*{LEGEND} Generated {report.generated} by xref-reader {__version__}.*", ""]
    for block in report.documents:
        document = block.document
        date = document.date or "no date"
        note = f" ({block.date_note})" if block.date_note and document.date else ""
        lines += [f"## {md_escape(document.title)}", "", f"{md_escape(date)}{note}"]
        if document.source:
            lines += ["", f"Source: {_md_source(document.source)}"]
        lines.append("")
        for item in block.passages:
            quote = "".join(
                f"**{md_escape(piece, line_start=k == 0)}**"
                if marked and piece.strip()
                else md_escape(piece, line_start=k == 0)
                for k, (marked, piece) in enumerate(_spans_split(item.passage.text, item.shared))
            )
            lines += [f"> {quote}", "", f"— {md_escape(item.citation)}", ""]
            if item.diff is not None:
                head = f"Changes from {md_escape(item.diff.left_id)}{_cut(item)}:"
                lines += [head, "", _md_diff(item), ""]
            if item.note is not None:
                changed = " (passage changed since the note)" if item.note_changed else ""
                lines += [f"**Note**{changed}: {_md_lines(item.note.body)}", ""]
    return "\n".join(lines).rstrip() + "\n"


_CSS = """
body { font-family: Georgia, 'Times New Roman', serif; max-width: 46em; margin: 2em auto;
  padding: 0 1em; line-height: 1.5; color: #111; background: #fff; }
h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 2em; }
blockquote { margin: 0.5em 0; padding-left: 1em; border-left: 3px solid #999; }
.citation { font-size: 0.9em; color: #333; }
mark { background: #fff3a0; color: inherit; }
ins { background: #d7f5d7; text-decoration: underline; }
del { background: #f8d4d4; text-decoration: line-through; }
.match { border-bottom: 1px dotted #06c; }
.diff { font-size: 0.95em; background: #f6f6f6; padding: 0.5em 0.8em; }
.note { border: 1px solid #cca; background: #fffbe8; padding: 0.4em 0.8em;
  white-space: pre-line; }
.changed { color: #a00; font-weight: bold; }
.meta, .legend { color: #555; font-size: 0.9em; }
@media print { .diff { background: none; } }
"""


def _h(text: str) -> str:
    return html.escape(strip_controls(text), quote=True)


def _html_diff(item: ReportPassage) -> str:
    assert item.diff is not None
    tags = {"delete": "del", "insert": "ins"}
    parts = []
    for kind, text in _segments(item):
        if kind in tags:
            parts.append(f"<{tags[kind]}>{_h(text)}</{tags[kind]}>")
        elif kind == "match":
            parts.append(f'<span class="match">{_h(text)}</span>')
        else:
            parts.append(_h(text))
    return "".join(parts)


def render_html(report: Report) -> str:
    """The report as one HTML file with its style inline: nothing loaded from elsewhere."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        f"<title>{_h(report.title)}</title>",
        f"<style>{_CSS}</style>",
        "</head><body>",
        f"<h1>{_h(report.title)}</h1>",
    ]
    if report.description:
        out.append(f'<p class="description">{_h(report.description)}</p>')
    out.append(
        f'<p class="legend">{_h(LEGEND)} Generated {_h(report.generated)} by xref-reader '
        f"{_h(__version__)}.</p>"
    )
    for block in report.documents:
        document = block.document
        out.append(f'<section class="document" id="{_h(document.id)}">')
        out.append(f"<h2>{_h(document.title)}</h2>")
        note = f" ({_h(block.date_note)})" if block.date_note and document.date else ""
        out.append(f'<p class="meta">{_h(document.date or "no date")}{note}</p>')
        if document.source:
            source = _h(document.source)
            if _WEB_URL.fullmatch(document.source):  # a link to the source, nothing loaded
                source = f'<a href="{source}">{source}</a>'
            out.append(f'<p class="meta source">Source: {source}</p>')
        for item in block.passages:
            quote = "".join(
                f"<mark>{_h(piece)}</mark>" if marked else _h(piece)
                for marked, piece in _spans_split(item.passage.text, item.shared)
            )
            out.append(f'<div class="passage" id="{_h(item.passage.id)}">')
            out.append(f"<blockquote>{quote}</blockquote>")
            out.append(f'<p class="citation">— {_h(item.citation)}</p>')
            if item.diff is not None:
                head = f"Changes from {_h(item.diff.left_id)}{_cut(item)}:"
                out.append(f'<p class="meta">{head}</p>')
                out.append(f'<p class="diff">{_html_diff(item)}</p>')
            if item.note is not None:
                changed = (
                    ' <span class="changed">(passage changed since the note)</span>'
                    if item.note_changed
                    else ""
                )
                out.append(
                    f'<p class="note"><strong>Note</strong>{changed}: {_h(item.note.body)}</p>'
                )
            out.append("</div>")
        out.append("</section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
