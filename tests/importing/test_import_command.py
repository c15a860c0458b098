"""`xref import` as a user runs it: a saved page becomes a document the reader and every
command read at once; the same page again updates it; every bad input is one line."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import console

DATA = Path(__file__).resolve().parents[1] / "data" / "import"
MOFA = "mofa-en-commentary.html"


def xref(*args: str, cwd: Path) -> console.subprocess.CompletedProcess[str]:
    return console.xref(*args, cwd=cwd, timeout=120)


def library() -> Path:
    return Path(os.environ["XREF_DATA_DIR"]) / "library"


def test_a_saved_page_becomes_a_document_every_command_reads(tmp_path: Path) -> None:
    result = xref("import", str(DATA / MOFA), "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    imported = json.loads(result.stdout)["imported"]
    assert [i["status"] for i in imported] == ["created"]
    doc_id = imported[0]["id"]
    assert doc_id == "mofa-spokespersons-commentary-on-us-announcement-of-third-2017-10-27"
    listed = json.loads(xref("list", "--json", cwd=tmp_path).stdout)["documents"]
    by_id = {d["id"]: d for d in listed}
    assert {"kim-gunn-eu-psc", "borrell-cho-dprk-russia", doc_id} == set(by_id)
    assert by_id[doc_id]["title"].startswith("MOFA Spokesperson’s Commentary on US")
    assert by_id[doc_id]["date"] == "2017-10-27"
    assert by_id[doc_id]["issuer"] == "Ministry of Foreign Affairs, Republic of Korea"
    assert by_id[doc_id]["passages"] == 3
    # The document's own numbers are its passages' numbers: "para. 3" is its paragraph 3.
    shown = json.loads(xref("show", f"{doc_id}:3", "--json", cwd=tmp_path).stdout)
    assert shown["text"].startswith("3. The ROK government urges")
    assert xref("check", cwd=tmp_path).returncode == 0


def test_importing_the_same_page_again_updates_its_document(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    shutil.copy(DATA / MOFA, page)
    first = json.loads(xref("import", str(page), "--json", cwd=tmp_path).stdout)["imported"][0]
    again = json.loads(xref("import", str(page), "--json", cwd=tmp_path).stdout)["imported"][0]
    assert (again["id"], again["status"]) == (first["id"], "unchanged")
    page.write_bytes(page.read_bytes().replace(b"(local time).", b"(local time), in Washington."))
    changed = json.loads(xref("import", str(page), "--json", cwd=tmp_path).stdout)["imported"]
    assert (changed[0]["id"], changed[0]["status"]) == (first["id"], "updated")
    files = sorted(p.name for p in library().iterdir())
    assert files == [f"{first['id']}.md"]
    assert "in Washington." in (library() / files[0]).read_text(encoding="utf-8")


def test_a_different_source_with_the_same_title_never_takes_its_id(tmp_path: Path) -> None:
    copy = tmp_path / "elsewhere" / "copy.html"
    copy.parent.mkdir()
    shutil.copy(DATA / MOFA, copy)
    result = xref("import", str(DATA / MOFA), str(copy), "--json", cwd=tmp_path)
    # The same statement saved twice is one document, whichever copy comes later...
    imported = json.loads(result.stdout)["imported"]
    assert [i["status"] for i in imported] == ["created", "unchanged"]
    assert imported[1]["id"] == imported[0]["id"]
    # ...a different text under the same title and date gets an id of its own.
    copy.write_bytes(copy.read_bytes().replace(b"(local time).", b"(local time), in Washington."))
    result = xref("import", str(copy), "--json", cwd=tmp_path)
    ids = [imported[0]["id"], json.loads(result.stdout)["imported"][0]["id"]]
    assert ids[1] == ids[0] + "-2"
    assert xref("check", cwd=tmp_path).returncode == 0  # no duplicate id


def test_into_a_folder_then_read_with_texts(tmp_path: Path) -> None:
    into = tmp_path / "corpus"
    result = xref("import", str(DATA / "un-sg-remarks-2016.pdf"), "--into", str(into), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("created secretary-generals-remarks-to-the-security-council")
    listed = json.loads(xref("list", "--json", "--texts", str(into), cwd=tmp_path).stdout)
    assert [d["passages"] for d in listed["documents"]] == [8]
    assert not library().exists()


def test_every_bad_input_is_one_line_and_the_others_are_imported(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "broken.html").write_text("<html><body><div><p><b></i></table", encoding="utf-8")
    (inputs / "menus-only.html").write_text(
        "<html><body><nav><a href='/'>Home</a> <a href='/press'>Press</a></nav>"
        "<footer>Copyright 2024</footer></body></html>",
        encoding="utf-8",
    )
    (inputs / "junk.html").write_bytes(bytes(range(256)) * 64)
    with open(inputs / "huge.html", "wb") as handle:  # 200 MB, sparse: nothing is read
        handle.truncate(200 * 1024 * 1024)
    shutil.copy(DATA / "bad" / "encrypted.pdf", inputs / "encrypted.pdf")
    shutil.copy(DATA / "bad" / "scanned.pdf", inputs / "scanned.pdf")
    shutil.copy(DATA / "state-media-note.html", inputs / "good.html")
    result = xref("import", str(inputs), str(tmp_path / "missing.html"), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    reasons = {Path(line.split(": ")[1]).name: line for line in lines}
    assert len(lines) == len(reasons) == 7, result.stderr
    assert "no article text" in reasons["broken.html"]
    assert "no article text" in reasons["menus-only.html"]
    assert "binary" in reasons["junk.html"]
    assert "larger than 64 MB" in reasons["huge.html"]
    assert "encrypted" in reasons["encrypted.pdf"]
    assert "no text in the PDF" in reasons["scanned.pdf"]
    assert "no such file" in reasons["missing.html"]
    assert [p.name for p in library().iterdir()] == [
        "u-s-senior-official-for-the-dprk-paks-2024-01-15.md"
    ]  # nothing half-written, no temporary file left


def test_without_a_library_the_commands_read_exactly_the_bundled_statements(
    tmp_path: Path,
) -> None:
    listed = json.loads(xref("list", "--json", cwd=tmp_path).stdout)["documents"]
    assert {d["id"] for d in listed} == {"kim-gunn-eu-psc", "borrell-cho-dprk-russia"}
    assert not library().exists()


def test_markup_and_escapes_in_a_page_stay_text(tmp_path: Path) -> None:
    page = tmp_path / "hostile.html"
    page.write_text(
        "<html><body><h1>[bold red]Alarm[/] \x1b]0;pwned\x07title</h1>"
        "<p>Click [@click=app.quit]here[/] to read the statement of the ministry today.</p>"
        "<p>A second paragraph of the statement, \x1b[31mcoloured\x1b[0m by an escape.</p>"
        "</body></html>",
        encoding="utf-8",
    )
    result = xref("import", str(page), "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (imported,) = json.loads(result.stdout)["imported"]
    assert imported["title"] == "[bold red]Alarm[/] title"
    text = Path(imported["path"]).read_text(encoding="utf-8")
    assert "\x1b" not in text and "\x07" not in text
    assert "Click [@click=app.quit]here[/] to read" in text
    assert xref("check", cwd=tmp_path).returncode == 0
