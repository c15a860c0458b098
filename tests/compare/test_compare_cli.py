"""`xref diff`, `drift`, `notes`, `report` and `show`, run as a user runs them."""

from __future__ import annotations

import json
import os
import pty
import subprocess
from pathlib import Path

from console import XREF, xref
from hostile_statements import hostile_corpus

PAIR = ("kim-gunn-eu-psc:2", "borrell-cho-dprk-russia:4")


def test_diff_shows_more_and_than_ever_inserted_and_closely_intertwined_shared(tmp_path):
    result = xref("diff", *PAIR, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "{+more+} closely intertwined {+than ever+}" in result.stdout
    assert "[-region-]" in result.stdout
    assert "\033[" not in result.stdout  # not a terminal: no colour
    lines = result.stdout.splitlines()
    assert lines[0].startswith("--- kim-gunn-eu-psc:2  Special Representative")
    assert lines[1].startswith("+++ borrell-cho-dprk-russia:4  DPRK/Russia")


def test_diff_json_marks_the_pieces(tmp_path):
    result = xref("diff", *PAIR, "--json", cwd=tmp_path)
    data = json.loads(result.stdout)
    kinds = {(p["kind"], p["right"]) for p in data["pieces"]}
    assert {("insert", "more"), ("insert", "than ever"), ("equal", "closely intertwined")} <= kinds
    assert data["right_citation"].endswith("para. 4")


def test_diff_is_coloured_on_a_terminal(tmp_path):
    main, secondary = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    try:
        process = subprocess.run(
            [str(XREF), "diff", *PAIR],
            cwd=tmp_path,
            stdout=secondary,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            timeout=120,
            env=env,
        )
        os.close(secondary)
        chunks = []
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(main)
    output = b"".join(chunks).decode("utf-8")
    assert process.returncode == 0
    assert "\033[1;32mmore\033[0m" in output and "{+" not in output


def test_unknown_ids_are_one_line_and_exit_2(tmp_path):
    for args in (
        ("diff", "kim-gunn-eu-psc:2", "nope:1"),
        ("diff", "kim-gunn-eu-psc:99", "kim-gunn-eu-psc:1"),
        ("drift", "no-such-theme"),
        ("report", "no-such-theme"),
        ("report", "kim-gunn-eu-psc:2", "nope"),
        ("notes", "add", "nope:1", "text"),
    ):
        result = xref(*args, cwd=tmp_path)
        assert result.returncode == 2, args
        assert len(result.stderr.splitlines()) == 1 and result.stdout == "", args


def test_drift_lists_january_before_november(tmp_path):
    result = xref("drift", "intertwined-security", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.index("2024-01-23") < result.stdout.index("2024-11-04")
    assert "{+more+} closely intertwined {+than ever+}" in result.stdout
    data = json.loads(xref("drift", "intertwined-security", "--json", cwd=tmp_path).stdout)
    assert [s["passage"] for s in data["steps"]] == list(PAIR)


def test_notes_add_list_and_remove(tmp_path):
    assert "No notes yet" in xref("notes", cwd=tmp_path).stdout
    added = xref("notes", "add", PAIR[0], "Compare <b>this</b> [red]x[/red]", cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    listed = xref("notes", cwd=tmp_path).stdout
    assert "kim-gunn-eu-psc:2" in listed and "Compare <b>this</b> [red]x[/red]" in listed
    data = json.loads(xref("notes", "--json", cwd=tmp_path).stdout)
    assert [(n["passage"], n["changed"]) for n in data["notes"]] == [(PAIR[0], False)]
    assert data["file"].startswith(os.environ["XREF_DATA_DIR"])
    xref("notes", "remove", PAIR[0], cwd=tmp_path)
    assert json.loads(xref("notes", "--json", cwd=tmp_path).stdout)["notes"] == []


def test_a_damaged_notes_file_is_one_warning_and_kept(tmp_path):
    xref("notes", "add", PAIR[0], "first", cwd=tmp_path)
    path = Path(json.loads(xref("notes", "--json", cwd=tmp_path).stdout)["file"])
    path.write_bytes(b"{broken")
    listed = xref("notes", cwd=tmp_path)
    assert listed.returncode == 0
    assert len(listed.stderr.splitlines()) == 1 and str(path) in listed.stderr
    added = xref("notes", "add", PAIR[1], "second", cwd=tmp_path)
    assert "kept as" in added.stderr
    backups = list(path.parent.glob(path.name + ".damaged-*"))
    assert [b.read_bytes() for b in backups] == [b"{broken"]


def test_report_to_stdout_to_a_file_and_force(tmp_path):
    result = xref("report", "intertwined-security", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("# Intertwined")
    out = tmp_path / "memo.html"
    written = xref("report", "intertwined-security", "-o", str(out), cwd=tmp_path)
    assert written.returncode == 0 and str(out) in written.stdout
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    again = xref("report", *PAIR, "-o", str(out), cwd=tmp_path)
    assert again.returncode == 2 and "--force" in again.stderr
    forced = xref("report", *PAIR, "-o", str(out), "--force", "--format", "md", cwd=tmp_path)
    assert forced.returncode == 0
    assert out.read_text(encoding="utf-8").startswith("# Comparison of passages")


def test_show_and_report_cite_the_source_url(tmp_path):
    folder = hostile_corpus(tmp_path / "texts")
    shown = json.loads(
        xref("show", "late:1", "--texts", str(folder), "--json", cwd=tmp_path).stdout
    )
    assert shown["citation"].endswith("para. 1, https://example.org/late?a=1&b=<2>")
    page = xref("report", "ports", "--texts", str(folder), "--format", "html", cwd=tmp_path)
    assert "para. 1, https://example.org/late?a=1&amp;b=&lt;2&gt;" in page.stdout
    assert "<script>" not in page.stdout


def test_markup_and_escapes_reach_no_output_as_codes(tmp_path):
    folder = hostile_corpus(tmp_path / "texts")
    texts = ("--texts", str(folder))
    added = xref(
        "notes", "add", "late:1", "\x1b[31mred\x07 \u202eevil [b]x[/b]", *texts, cwd=tmp_path
    )
    assert added.returncode == 0, added.stderr
    for args in (
        ("diff", "early:1", "late:1"),
        ("drift", "ports"),
        ("notes",),
        ("report", "ports"),
        ("report", "ports", "--format", "html"),
    ):
        result = xref(*args, *texts, cwd=tmp_path)
        assert result.returncode == 0, (args, result.stderr)
        for output in (result.stdout, result.stderr):
            assert "\x1b" not in output and "\x07" not in output and "\u202e" not in output
    listed = xref("notes", *texts, cwd=tmp_path).stdout
    assert "red evil [b]x[/b]" in listed
    assert (
        "<script>alert(1)</script>"
        in xref("diff", "early:1", "late:1", *texts, cwd=tmp_path).stdout
    )
