"""Issue 6, item 1 for the loader and the command line: a folder of hostile and broken files.

Every command loads what can be loaded, reports the rest one line each, never shows a
traceback, never hangs, runs nothing a document says, and never sends a document's bytes to
the terminal as a control sequence. All files are built here, in temporary folders.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from search_index import Corpus, load_corpus
from search_index.yamlfile import YamlError, load_yaml
from tui.cli import COMMANDS

XREF = Path(sys.executable).parent / "xref"
IS_ROOT = os.geteuid() == 0

# Bytes a terminal acts on: C0 controls except tab and newline, DEL. (C1 is checked on text.)
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]")
C1_CHARS = re.compile(r"[\x80-\x9f]")

GOOD = "---\ntitle: Good statement\ndate: 2024-01-23\n---\n\nThe good passage about DPRK.\n"
MARKUP_TITLE = "[bold red]Alarm[/] [@click=app.quit]quit[/]"
MARKUP_BODY = (
    "Click [@click=app.quit]here[/] or [@click=app.bell]there[/].\n\n"
    "Unbalanced [/] closing tag and [bold red]open style.\n\n"
    "[link=file:///etc/passwd]a link[/link] and [/bold] and [[double]] and \\[escaped]\n"
)
ESCAPE_BODY = (
    "\x1b[2J\x1b[31mRed text\x1b[0m then \x1b]52;c;ZWNobyBwd25lZA==\x07clipboard.\n\n"
    "Title change \x1b]0;pwned\x07 and \x1b]8;;https://evil.example\x1b\\hyperlink\x1b]8;;\x1b\\.\n\n"
    "Eight-bit \x9b31mCSI\x9b0m and \x9d0;title\x07 OSC and reset \x1bc here.\n"
)


@dataclass
class Hostile:
    folder: Path
    good_ids: set[str]
    bad_names: set[str]
    """File names (last path part) that must each be reported exactly once."""
    marker: Path
    """A file that exists only if a document managed to run a command."""


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def billion_laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for index, name in enumerate("bcdefghi"):
        previous = "abcdefghi"[index]
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    lines.append("title: *i")
    return "---\n" + "\n".join(lines) + "\n---\n\nBody.\n"


def build_hostile(root: Path) -> Hostile:
    folder = root / "texts"
    marker = root / "pwned-marker"
    good: set[str] = set()
    bad: set[str] = set()

    def good_doc(name: str, content: str | bytes, doc_id: str) -> None:
        write(folder / name, content)
        good.add(doc_id)

    def bad_doc(name: str, content: str | bytes) -> None:
        write(folder / name, content)
        bad.add(name)

    good_doc("good.md", GOOD, "good")
    good_doc("markup.md", f"---\ntitle: '{MARKUP_TITLE}'\n---\n\n{MARKUP_BODY}", "markup")
    good_doc(
        "escapes.md",
        '---\ntitle: "\\e]0;pwned\\aEscaped \\e[31mtitle"\nissuer: "\\e[5mBlink"\n---\n\n'
        + ESCAPE_BODY,
        "escapes",
    )
    good_doc(
        "controls.md",
        b"---\ntitle: Controls\n---\n\nNUL\x00 BEL\x07 BS\x08 VT\x0b FF\x0c DEL\x7f "
        b"and ordinary words to keep the share of control bytes small.\n",
        "controls",
    )
    good_doc(
        "utf16.md",
        "\ufeff---\ntitle: Wide 한국어\n---\n\nUTF-16 text.\n".encode("utf-16-le"),
        "utf16",
    )
    good_doc("utf16be.txt", "---\ntitle: Big end\n---\n\nUTF-16 BE.\n".encode("utf-16"), "utf16be")
    # A folder named like a document is a folder: read what is inside it.
    good_doc(
        "folder.md/inside.md", "---\ntitle: Inside\n---\n\nIn a folder named folder.md.\n", "inside"
    )
    # A link to a folder elsewhere is followed once.
    write(root / "outside" / "linked.md", "---\ntitle: Linked\n---\n\nThrough a link.\n")
    (folder / "linkdir.md").symlink_to(root / "outside", target_is_directory=True)
    good.add("linked")

    bad_doc("invalid-utf8.md", b"---\ntitle: T\n---\n\nbad \xc3\x28 sequence\n")
    bad_doc("binary.md", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    bad_doc("zeros.txt", b"\x00" * 4096)
    bad_doc("empty.md", b"")
    bad_doc("front-only.md", "---\ntitle: Only front matter\n---\n")
    bad_doc("not-yaml.md", "---\ntitle: [unclosed\n  : : {\n---\n\nBody.\n")
    bad_doc("laughs.md", billion_laughs())
    bad_doc(
        "pyobj.md",
        f"---\ntitle: !!python/object/apply:os.system ['touch {marker}']\n---\n\nBody.\n",
    )
    bad_doc(
        "pyname.md",
        f"---\ntitle: T\nx: !!python/object/new:subprocess.Popen [['touch', '{marker}']]\n"
        "---\n\nBody.\n",
    )
    bad_doc("zz-dup.md", "---\nid: good\ntitle: Duplicate of good\n---\n\nBody.\n")
    bad_doc("no-front.txt", "Just text, no front matter.\n")

    (folder / "dangling.md").symlink_to(root / "nowhere.md")
    bad.add("dangling.md")
    (folder / "loop-a.md").symlink_to(folder / "loop-b.md")
    (folder / "loop-b.md").symlink_to(folder / "loop-a.md")
    bad |= {"loop-a.md", "loop-b.md"}
    (folder / "sub").mkdir()
    (folder / "sub" / "back").symlink_to(folder, target_is_directory=True)
    bad.add("back")
    os.mkfifo(folder / "fifo.md")
    bad.add("fifo.md")

    # File names are data too: escape sequences and newlines in them must not reach the terminal.
    bad_doc("evil\x1b]0;pwned\x07\x1b[31mname.md", "---\nissuer: no title\n---\n\nBody.\n")
    bad_doc("two\nlines.md", "---\nissuer: no title\n---\n\nBody.\n")
    bad_raw_name = os.fsdecode(b"raw\x9b31m\xff.md")
    bad_doc(bad_raw_name, "---\nissuer: no title\n---\n\nBody.\n")

    unreadable = write(folder / "unreadable.md", "---\ntitle: Locked\n---\n\nLocked text.\n")
    unreadable.chmod(0)
    if IS_ROOT:
        good.add("unreadable")  # root reads it anyway
    else:
        bad.add("unreadable.md")
    return Hostile(folder, good, bad, marker)


@pytest.fixture
def hostile(tmp_path: Path) -> Hostile:
    built = build_hostile(tmp_path)
    yield built
    (built.folder / "unreadable.md").chmod(0o644)


def problem_names(corpus: Corpus) -> list[str]:
    return [Path(p.path).name for p in corpus.problems]


# --- the loader ----------------------------------------------------------------------------


def test_loader_loads_the_good_and_reports_each_bad_once(hostile: Hostile) -> None:
    corpus = load_corpus([hostile.folder])
    assert {d.id for d in corpus.documents} == hostile.good_ids
    assert sorted(problem_names(corpus)) == sorted(hostile.bad_names)
    for problem in corpus.problems:
        assert problem.message
        rendered = str(problem)
        assert "\n" not in rendered and "\r" not in rendered
        assert not CONTROL_BYTES.search(rendered.encode("utf-8", "surrogateescape"))
        assert not C1_CHARS.search(rendered)
    assert not hostile.marker.exists()


def test_loader_text_has_no_control_characters(hostile: Hostile) -> None:
    corpus = load_corpus([hostile.folder])
    for document in corpus.documents:
        for text in (document.title, document.issuer or "", *(p.text for p in document.passages)):
            assert not CONTROL_BYTES.search(text.encode("utf-8")), (document.id, text)
            assert not C1_CHARS.search(text), (document.id, text)
            assert "\t" not in text


def test_loader_escape_sequences_removed_whole(hostile: Hostile) -> None:
    corpus = load_corpus([hostile.folder])
    escapes = corpus.document("escapes")
    assert escapes.title == "Escaped title"
    assert escapes.issuer == "Blink"
    texts = [p.text for p in escapes.passages]
    assert texts[0] == "Red text then clipboard."
    assert texts[1] == "Title change  and hyperlink."  # the sequence goes, its spaces stay
    assert " ".join(texts[2].split()) == "Eight-bit CSI and OSC and reset here."
    assert "controls" in {d.id for d in corpus.documents}
    assert corpus.document("controls").passages[0].text.startswith("NUL BEL BS VT FF DEL and")


def test_loader_markup_is_kept_as_data(hostile: Hostile) -> None:
    corpus = load_corpus([hostile.folder])
    markup = corpus.document("markup")
    assert markup.title == MARKUP_TITLE
    assert [p.text for p in markup.passages] == MARKUP_BODY.strip().split("\n\n")


def test_loader_utf16_with_bom(hostile: Hostile) -> None:
    corpus = load_corpus([hostile.folder])
    assert corpus.document("utf16").title == "Wide 한국어"
    assert corpus.document("utf16").passages[0].text == "UTF-16 text."
    assert corpus.document("utf16be").passages[0].text == "UTF-16 BE."


def test_loader_reasons(hostile: Hostile) -> None:
    corpus = load_corpus([hostile.folder])
    reasons = {Path(p.path).name: p.message for p in corpus.problems}
    assert "UTF-8" in reasons["invalid-utf8.md"] and "byte offset 22" in reasons["invalid-utf8.md"]
    assert "binary" in reasons["binary.md"]
    assert "binary" in reasons["zeros.txt"]
    assert "front matter" in reasons["empty.md"]
    assert "empty body" in reasons["front-only.md"]
    assert "YAML" in reasons["not-yaml.md"]
    assert "aliases" in reasons["laughs.md"]
    assert "tag" in reasons["pyobj.md"] and "tag" in reasons["pyname.md"]
    assert "duplicate id 'good'" in reasons["zz-dup.md"]
    assert "no such file" in reasons["dangling.md"]
    assert "loop" in reasons["loop-a.md"] and "loop" in reasons["loop-b.md"]
    assert "loop" in reasons["back"]
    assert "not a regular file" in reasons["fifo.md"]
    if not IS_ROOT:
        assert "permission denied" in reasons["unreadable.md"]


def test_yaml_object_tags_refused_and_not_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    for text in (
        f"x: !!python/object/apply:os.system ['touch {marker}']",
        f"x: !!python/object/new:os.system ['touch {marker}']",
        "x: !!python/name:os.system",
        "x: !!python/module:os",
        f"!!python/object/apply:subprocess.check_call [['touch', '{marker}']]",
    ):
        with pytest.raises(YamlError, match="tag"):
            load_yaml(text)
    assert not marker.exists()


def test_yaml_billion_laughs_refused_before_expanding() -> None:
    with pytest.raises(YamlError, match="aliases") as caught:
        load_yaml(billion_laughs().split("---\n")[1])
    assert caught.value.line == 2


def test_yaml_deeply_nested_refused() -> None:
    with pytest.raises(YamlError):
        load_yaml("x: " + "[" * 50_000 + "]" * 50_000)


def test_deeply_nested_front_matter_reported_with_its_line(tmp_path: Path) -> None:
    write(tmp_path / "good.md", GOOD)
    write(
        tmp_path / "deep.md", "---\ntitle: T\nx: " + "[" * 10_000 + "]" * 10_000 + "\n---\n\nB.\n"
    )
    corpus = load_corpus([tmp_path])
    assert [d.id for d in corpus.documents] == ["good"]
    assert [(Path(p.path).name, p.line) for p in corpus.problems] == [("deep.md", 3)]
    assert "nested too deeply" in corpus.problems[0].message


def test_ten_megabyte_line_loads(tmp_path: Path) -> None:
    word = "statement "
    body = word * (10 * 1024 * 1024 // len(word))
    write(tmp_path / "big.md", f"---\ntitle: Big\n---\n\n{body}\n")
    write(tmp_path / "good.md", GOOD)
    corpus = load_corpus([tmp_path])
    assert corpus.problems == []
    big = corpus.document("big")
    assert len(big.passages) == 1
    assert big.passages[0].text == body.strip()


def test_twenty_thousand_one_word_paragraphs(tmp_path: Path) -> None:
    words = [f"word{index}" for index in range(20_000)]
    write(tmp_path / "many.md", "---\ntitle: Many\n---\n\n" + "\n\n".join(words) + "\n")
    corpus = load_corpus([tmp_path])
    many = corpus.document("many")
    assert len(many.passages) == 20_000
    assert many.passages[-1].id == "many:20000"
    assert corpus.passage("many:12345").text == "word12344"


def test_file_over_the_size_cap_is_reported_not_read(tmp_path: Path) -> None:
    big = tmp_path / "huge.md"
    with big.open("wb") as handle:  # sparse: no 64 MB of disk needed
        handle.write(b"---\ntitle: Huge\n---\n\n")
        handle.truncate(65 * 1024 * 1024)
    corpus = load_corpus([tmp_path])
    assert corpus.documents == []
    assert len(corpus.problems) == 1 and "larger than" in corpus.problems[0].message


# --- every command -------------------------------------------------------------------------


def run(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(XREF), *args],
        cwd=cwd,
        capture_output=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def assert_terminal_safe(result: subprocess.CompletedProcess[bytes]) -> tuple[str, str]:
    """No traceback, no control byte, valid UTF-8 on both streams; return them as text."""
    texts = []
    for stream in (result.stdout, result.stderr):
        match = CONTROL_BYTES.search(stream)
        assert match is None, stream[max(0, match.start() - 60) : match.end() + 60]
        text = stream.decode("utf-8")  # strict: no raw bytes from file names
        assert not C1_CHARS.search(text), text
        assert "Traceback" not in text, text
        texts.append(text)
    return texts[0], texts[1]


# Arguments for each command; a command registered later gets at least a run with no arguments.
INVOCATIONS: dict[str, list[list[str]]] = {
    "list": [["list"], ["list", "--json"]],
    "show": [
        ["show", "good:1"],
        ["show", "markup:1"],
        ["show", "escapes:1", "--json"],
        ["show", "escapes:3"],
        ["show", "controls:1"],
        ["show", "zz-dup:1"],
        ["show", "\x1b[31mbad\x1b]0;x\x07:1"],
    ],
    "check": [["check"]],
    "search": [
        ["search", "DPRK"],
        ["search", "text", "--json"],
        ["search", "click"],
        ["search", "[@click=app.quit]"],
        ["search", "\x1b[31m"],
    ],
    "links": [["links", "good:1"], ["links", "markup:1", "--json"], ["links", "--all"]],
    "themes": [["themes"], ["themes", "--json"], ["themes", "--suggest"]],
    "index": [["index"], ["index", "--json"]],
    # A server runs until stopped: here it loads the corpus (its warnings), then cannot bind a
    # documentation address (192.0.2.1) and exits; or refuses a hostile --host.
    "serve": [["serve", "--host", "192.0.2.1"], ["serve", "--host", "\x1b[31mbad\x07"]],
}


def invocations() -> list[list[str]]:
    calls = []
    for command in COMMANDS:
        calls.extend(INVOCATIONS.get(command, [[command]]))
    return calls


@pytest.mark.parametrize(
    "args", invocations(), ids=lambda a: " ".join(a).encode("unicode_escape").decode()
)
def test_every_command_is_terminal_safe(hostile: Hostile, args: list[str]) -> None:
    result = run(*args, "--texts", str(hostile.folder), cwd=hostile.folder.parent)
    assert_terminal_safe(result)
    assert result.returncode in (0, 1, 2), result.returncode
    assert not hostile.marker.exists()


def test_list_shows_the_good_and_warns_once_per_bad(hostile: Hostile) -> None:
    result = run("list", "--json", "--texts", str(hostile.folder), cwd=hostile.folder.parent)
    stdout, stderr = assert_terminal_safe(result)
    assert result.returncode == 0
    assert {d["id"] for d in json.loads(stdout)["documents"]} == hostile.good_ids
    warnings = stderr.splitlines()
    assert len(warnings) == len(hostile.bad_names), stderr
    assert all(line.startswith("xref: warning: ") for line in warnings)


def test_list_text_shows_markup_literally(hostile: Hostile) -> None:
    result = run("list", "--texts", str(hostile.folder), cwd=hostile.folder.parent)
    stdout, _ = assert_terminal_safe(result)
    assert MARKUP_TITLE in stdout
    assert "Escaped title" in stdout


def test_check_reports_every_problem_one_line_each(hostile: Hostile) -> None:
    result = run("check", "--texts", str(hostile.folder), cwd=hostile.folder.parent)
    stdout, _ = assert_terminal_safe(result)
    assert result.returncode == 1
    lines = stdout.splitlines()
    problems, summary = lines[:-1], lines[-1]
    assert len(problems) == len(hostile.bad_names), stdout
    assert summary.startswith(
        f"{len(hostile.bad_names)} problems; {len(hostile.good_ids)} documents"
    )
    for name in hostile.bad_names - {"back"}:
        plain = name.isprintable() and name.isascii()
        if plain:
            assert sum(name in line for line in problems) == 1, name
    assert not hostile.marker.exists()


def test_show_prints_markup_and_stripped_escapes_verbatim(hostile: Hostile) -> None:
    folder = str(hostile.folder)
    markup = run("show", "markup:1", "--texts", folder, cwd=hostile.folder.parent)
    stdout, _ = assert_terminal_safe(markup)
    assert "Click [@click=app.quit]here[/] or [@click=app.bell]there[/]." in stdout
    escaped = run("show", "escapes:1", "--json", "--texts", folder, cwd=hostile.folder.parent)
    stdout, _ = assert_terminal_safe(escaped)
    data = json.loads(stdout)
    assert data["text"] == "Red text then clipboard."
    assert data["citation"] == "Escaped title (Blink), para. 1"


def test_show_hostile_passage_id_is_one_safe_line(tmp_path: Path) -> None:
    write(tmp_path / "good.md", GOOD)
    result = run("show", "\x1b[31mx\nnext\x07:1", "--texts", str(tmp_path), cwd=tmp_path)
    _, stderr = assert_terminal_safe(result)
    assert result.returncode == 2
    assert len(stderr.splitlines()) == 1


def test_missing_texts_path_with_escapes_is_one_safe_line(tmp_path: Path) -> None:
    result = run("list", "--texts", str(tmp_path / "no\x1b[31msuch\nfolder"), cwd=tmp_path)
    _, stderr = assert_terminal_safe(result)
    assert result.returncode == 2
    assert len(stderr.splitlines()) == 1


def test_commands_on_ten_megabyte_line(tmp_path: Path) -> None:
    body = "x" * (10 * 1024 * 1024)
    write(tmp_path / "big.md", f"---\ntitle: Big\n---\n\n{body}\n")
    write(tmp_path / "good.md", GOOD)
    listed = run("list", "--json", "--texts", str(tmp_path), cwd=tmp_path)
    stdout, _ = assert_terminal_safe(listed)
    assert {d["id"]: d["passages"] for d in json.loads(stdout)["documents"]} == {
        "good": 1,
        "big": 1,
    }
    checked = run("check", "--texts", str(tmp_path), cwd=tmp_path)
    assert_terminal_safe(checked)
    assert checked.returncode == 0


def test_commands_on_twenty_thousand_paragraphs(tmp_path: Path) -> None:
    body = "\n\n".join(f"w{index}" for index in range(20_000))
    write(tmp_path / "many.md", f"---\ntitle: Many\n---\n\n{body}\n")
    listed = run("list", "--json", "--texts", str(tmp_path), cwd=tmp_path)
    stdout, _ = assert_terminal_safe(listed)
    assert json.loads(stdout)["documents"][0]["passages"] == 20_000
    shown = run("show", "many:20000", "--json", "--texts", str(tmp_path), cwd=tmp_path)
    stdout, _ = assert_terminal_safe(shown)
    assert json.loads(stdout)["text"] == "w19999"


# --- issue 6 item 5, the loader's part: ids safe for paths, YAML only through the safe loader ---

SOURCE_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "value",
    ["../../etc/passwd", "a/b", "a\\\\b", ".hidden", "..", "a.b", "a b", "x:1", "~root", "é"],
)
def test_path_like_ids_refused(tmp_path: Path, value: str) -> None:
    write(tmp_path / "good.md", GOOD)
    write(tmp_path / "bad.md", f"---\ntitle: T\nid: '{value}'\n---\n\nB.\n")
    corpus = load_corpus([tmp_path])
    assert [d.id for d in corpus.documents] == ["good"]
    assert [(Path(p.path).name, p.line) for p in corpus.problems] == [("bad.md", 3)]
    assert "bad id" in corpus.problems[0].message


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Report (final) v2.md", "report-final-v2"),
        ("한국어.md", "document-"),
        ("--.txt", "document-"),
        ("A..B.md", "a-b"),
        ("x" * 200 + ".md", "x" * 80),
    ],
)
def test_ids_from_file_names_are_safe_slugs(tmp_path: Path, name: str, expected: str) -> None:
    write(tmp_path / name, "---\ntitle: T\n---\n\nB.\n")
    corpus = load_corpus([tmp_path])
    assert len(corpus.documents) == 1
    assert corpus.documents[0].id.startswith(expected)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", corpus.documents[0].id)


def test_yaml_is_only_ever_loaded_with_the_safe_loader() -> None:
    # Constructing objects from YAML runs code; only yamlfile.load_yaml (a SafeLoader) and
    # yaml.compose (nodes only, no objects) may read YAML in the package.
    dangerous = re.compile(
        r"yaml\.(unsafe_load|full_load|load_all|unsafe_load_all|full_load_all)\b"
        r"|\b(UnsafeLoader|FullLoader|CLoader|CFullLoader|CUnsafeLoader)\b"
        r"|yaml\.Loader\b|Loader\s*=\s*(yaml\.)?Loader\b"
    )
    offenders = []
    for folder in ("search_index", "tui"):
        for path in sorted((SOURCE_ROOT / folder).rglob("*.py")):
            source = path.read_text(encoding="utf-8")
            for number, line in enumerate(source.splitlines(), start=1):
                if dangerous.search(line):
                    offenders.append(f"{path.relative_to(SOURCE_ROOT)}:{number}: {line.strip()}")
                if "yaml.load(" in line and "SafeLoader" not in line:
                    offenders.append(f"{path.relative_to(SOURCE_ROOT)}:{number}: {line.strip()}")
    assert offenders == []


@pytest.mark.skipif("search" not in COMMANDS, reason="no search command yet")
def test_search_finds_the_good_documents_among_hostile_ones(hostile: Hostile) -> None:
    folder = str(hostile.folder)
    for query, expected in (("good passage", "good:1"), ("clipboard", "escapes:1")):
        result = run("search", query, "--json", "--texts", folder, cwd=hostile.folder.parent)
        stdout, _ = assert_terminal_safe(result)
        assert result.returncode == 0
        assert expected in [hit["passage"] for hit in json.loads(stdout)["hits"]], query


# --- the reader on the same folder ---------------------------------------------------------


async def test_reader_opens_on_the_hostile_folder_and_lists_each_problem(hostile: Hostile) -> None:
    from tui.app import XrefApp

    app = XrefApp(load_corpus([hostile.folder]), [hostile.folder])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        warning = str(app.reader.query_one("#problems").content)
        assert not CONTROL_BYTES.search(warning.encode("utf-8", "surrogateescape"))
        assert not C1_CHARS.search(warning)
        problem_lines = [line for line in warning.splitlines() if line.startswith("  ")]
        assert len(problem_lines) >= len(hostile.bad_names)
        for key in ("j", "G", "tab", "j", "enter", "right_square_bracket", "b", "o", "escape"):
            await pilot.press(key)
            await pilot.pause()
        await pilot.press("slash")
        await pilot.press(*"[@click=app.quit]")
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running
        await pilot.press("escape", "escape")
        assert app.is_running
    assert not hostile.marker.exists()


async def test_reader_on_twenty_thousand_paragraphs_with_a_key_held_down(tmp_path: Path) -> None:
    # Issue 6 items 1 and 6 together: a huge document and a key held down. A held key sends
    # key events faster than frames are drawn, so they are queued all at once (Pilot.press
    # would wait for each one); the cursor must end exactly where the presses say.
    from textual import events

    from tui.app import XrefApp

    words = "\n\n".join(f"word{index}" for index in range(20_000))
    write(tmp_path / "many.md", f"---\ntitle: Many\ndate: 2024-01-01\n---\n\n{words}\n")
    write(tmp_path / "good.md", GOOD)
    app = XrefApp(load_corpus([tmp_path]), [tmp_path])

    def number() -> int:
        return int(str(view.passage_id).rpartition(":")[2])

    async def hold(key: str, times: int, done: Callable[[], bool]) -> None:
        for _ in range(times):
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        for _ in range(2000):  # bounded: fails instead of hanging
            if done():
                break
            await pilot.pause(0.01)
        assert done(), view.passage_id

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        view = app.reader.view
        assert view.passage_id == "many:1"
        await hold("j", 300, lambda: number() == 301)
        await hold("k", 100, lambda: number() == 201)
        await hold("G", 1, lambda: number() == 20_000)
        await hold("pageup", 40, lambda: number() <= 20_000 - 40)  # a page is >= 1 passage
        await pilot.press("k")
        assert app.is_running
        assert 1 < number() < 20_000 - 40
        assert 0 <= view.cursor_row() < view.size.height


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00binary",
        b"aliases:\n  x: &a [*a, *a]\n",
        b"aliases: !!python/object/apply:os.system ['touch MARKER']\n",
        b"aliases:\n  \x1b]0;pwned\x07bad: ['\x1b[31mred', b]\n",
        b"aliases:\n  ok: [\n",
        b"\xff\xfe\xfa not utf-8",
    ],
    ids=["binary", "laughs", "python-tag", "escapes", "not-yaml", "not-utf8"],
)
def test_check_with_hostile_rule_files_is_one_safe_line_each(
    tmp_path: Path, content: bytes
) -> None:
    # `xref check` validates aliases.yaml and themes.yaml too: the same standard as documents.
    write(tmp_path / "texts" / "good.md", GOOD)
    for name in ("aliases.yaml", "themes.yaml"):
        data = content.replace(b"MARKER", str(tmp_path / "pwned").encode())
        write(tmp_path / "texts" / name, data.replace(b"aliases:", name[:-5].encode() + b":"))
    result = run("check", "--texts", str(tmp_path / "texts"), cwd=tmp_path)
    stdout, stderr = assert_terminal_safe(result)
    assert stderr == ""
    lines = stdout.splitlines()
    problems, summary = lines[:-1], lines[-1]
    if summary.startswith("ok:"):  # escapes in names are cleaned away: a valid file
        assert result.returncode == 0 and problems == []
    else:
        assert result.returncode == 1
        plural = "s" * (len(problems) != 1)
        assert summary == f"{len(problems)} problem{plural}; 1 document, 1 passage loaded"
    for line in problems:  # one line per problem, each naming its file
        assert line.startswith(str(tmp_path / "texts")), line
    if b"\x1b" not in content:
        assert len(problems) == 2
    assert not (tmp_path / "pwned").exists()
    listed = run("list", "--json", "--texts", str(tmp_path / "texts"), cwd=tmp_path)
    assert [d["id"] for d in json.loads(assert_terminal_safe(listed)[0])["documents"]] == ["good"]


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder"])
@pytest.mark.parametrize("name", ["aliases.yaml", "themes.yaml"])
def test_rule_file_that_is_not_a_regular_file_is_a_problem_not_a_hang(
    tmp_path: Path, kind: str, name: str
) -> None:
    # A plain read of a FIFO blocks forever; /dev/zero never ends.
    texts = tmp_path / "texts"
    write(texts / "good.md", GOOD)
    target = texts / name
    if kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs here")
        os.mkfifo(target)
    elif kind == "dev-zero":
        target.symlink_to("/dev/zero")
    else:
        target.mkdir()
    result = run("check", "--texts", str(texts), cwd=tmp_path, timeout=30)
    stdout, _stderr = assert_terminal_safe(result)
    assert result.returncode == 1
    problems = stdout.splitlines()[:-1]
    assert len(problems) == 1, stdout
    assert problems[0].startswith(f"{target}: cannot be read: ")
    assert "regular file" in problems[0] or "folder" in problems[0]
    assert stdout.splitlines()[-1] == "1 problem; 1 document, 1 passage loaded"


def test_alias_names_that_are_not_text_are_reported_and_the_rest_apply(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    write(texts / "good.md", GOOD.replace("The good passage about DPRK.", "Resolution 1540."))
    write(
        texts / "aliases.yaml",
        b"aliases:\n  flags: [yes, no]\n  nested: [[a], b]\n"
        b"  res: [1540, nonproliferation-resolution]\n",
    )
    result = run("check", "--texts", str(texts), cwd=tmp_path)
    stdout, _stderr = assert_terminal_safe(result)
    problems = stdout.splitlines()[:-1]
    assert [line.split(": ", 1)[0] for line in problems] == [
        f"{texts / 'aliases.yaml'}:2",
        f"{texts / 'aliases.yaml'}:3",
    ], stdout
    assert all("every name must be text" in line for line in problems)
    found = run(
        "search", "nonproliferation-resolution", "--json", "--texts", str(texts), cwd=tmp_path
    )
    hits = json.loads(assert_terminal_safe(found)[0])["hits"]
    assert [h["passage"] for h in hits] == ["good:1"]  # the group of numbers still applies


def test_document_dense_with_colour_escapes_is_text_not_binary(tmp_path: Path) -> None:
    line = "\x1b[1m\x1b[31mERROR\x1b[0m \x1b[33mDPRK\x1b[0m"
    write(tmp_path / "log.md", f"---\ntitle: Log\n---\n\n{line}\n")
    corpus = load_corpus([tmp_path])
    assert corpus.problems == []
    assert corpus.documents[0].passages[0].text == "ERROR DPRK"
