"""The `xref` command line as a user or a script runs it: the installed console script,
started from another folder, its text and JSON output, exit codes and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import console
import pytest
from console import XREF

from search_index import __version__
from tui.cli import COMMANDS

KIM_TITLE = (
    "Special Representative for Korean Peninsula Peace and Security Affairs Visits "
    "European Union (EU) (Jan. 23)"
)
BORRELL_TITLE = (
    "DPRK/Russia: Joint Statement by the High Representative Josep Borrell and Minister of "
    "Foreign Affairs of the Republic of Korea Cho Tae-yul on DPRK-Russia Cooperation"
)


def xref(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Undecodable output is replaced here: these tests look at what a terminal would show."""
    return console.xref(*args, cwd=cwd, timeout=timeout, errors="replace")


def assert_usage_error(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "error" in lines[0]
    for needle in needles:
        assert needle in lines[0]


def write(folder: Path, name: str, content: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


# --- list ----------------------------------------------------------------------------------


def test_list_json_from_another_folder(tmp_path: Path) -> None:
    result = xref("list", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert list(data) == ["documents"]
    assert [(d["id"], d["passages"]) for d in data["documents"]] == [
        ("kim-gunn-eu-psc", 5),
        ("borrell-cho-dprk-russia", 4),
    ]
    kim, borrell = data["documents"]
    assert kim == {
        "id": "kim-gunn-eu-psc",
        "title": KIM_TITLE,
        "issuer": "Ministry of Foreign Affairs, Republic of Korea",
        "date": "2024-01-23",
        "source": None,
        "language": "en",
        "passages": 5,
    }
    assert set(borrell) == {"id", "title", "issuer", "date", "source", "language", "passages"}
    assert (borrell["title"], borrell["date"]) == (BORRELL_TITLE, "2024-11-04")


def test_list_text(tmp_path: Path) -> None:
    result = xref("list", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "DATE", "PASSAGES", "ISSUER", "TITLE"]
    assert lines[1].split()[:3] == ["kim-gunn-eu-psc", "2024-01-23", "5"]
    issuer_column = lines[0].index("ISSUER")
    assert lines[1][issuer_column:].startswith("Ministry of Foreign Affairs, Republic of Korea")
    assert lines[2][issuer_column:].startswith("EU High Representative and ROK Minister")
    assert lines[1].endswith(KIM_TITLE)
    assert lines[2].split()[:3] == ["borrell-cho-dprk-russia", "2024-11-04", "4"]
    assert lines[2].endswith(BORRELL_TITLE)
    assert len(lines) == 3


def test_list_with_texts_folder_and_file_repeatable(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    write(folder, "one.md", "---\ntitle: One 한국어\ndate: 2023-05-01\n---\n\nA.\n\nB.\n")
    single = write(tmp_path / "elsewhere", "two.txt", "---\ntitle: Two\n---\n\nC.\n")
    result = xref("--texts", str(folder), "list", "--texts", str(single), "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    documents = json.loads(result.stdout)["documents"]
    assert [(d["id"], d["title"], d["passages"]) for d in documents] == [
        ("one", "One 한국어", 2),
        ("two", "Two", 1),
    ]


def test_list_relative_texts_path_from_cwd(tmp_path: Path) -> None:
    write(tmp_path / "docs", "one.md", "---\ntitle: One\n---\n\nA.\n")
    result = xref("list", "--texts", "docs", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [d["id"] for d in json.loads(result.stdout)["documents"]] == ["one"]


def test_list_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    text = xref("list", "--texts", "empty", cwd=tmp_path)
    assert text.returncode == 0
    assert "No documents" in text.stdout
    data = xref("list", "--texts", "empty", "--json", cwd=tmp_path)
    assert json.loads(data.stdout) == {"documents": []}


def test_list_warns_about_bad_documents_one_line_each(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    write(folder, "good.md", "---\ntitle: Good\n---\n\nA.\n")
    write(folder, "untitled.md", "---\nissuer: X\n---\n\nA.\n")
    write(folder, "nobody.md", "---\ntitle: T\n---\n")
    result = xref("list", "--texts", str(folder), "--json", cwd=tmp_path)
    assert result.returncode == 0
    assert [d["id"] for d in json.loads(result.stdout)["documents"]] == ["good"]
    warnings = result.stderr.splitlines()
    assert len(warnings) == 2, result.stderr
    assert all(line.startswith("xref: warning: ") for line in warnings)
    assert any("untitled.md:1: missing title" in line for line in warnings)
    assert any("nobody.md" in line and "empty body" in line for line in warnings)


# --- show ----------------------------------------------------------------------------------


def test_show_json_exact_fields(tmp_path: Path) -> None:
    result = xref("show", "kim-gunn-eu-psc:2", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == ["passage", "document", "number", "text", "citation"]
    assert data["passage"] == "kim-gunn-eu-psc:2"
    assert data["document"] == "kim-gunn-eu-psc"
    assert data["number"] == 2
    assert data["text"].startswith("2. Special Representative Kim pointed out that the arms")
    assert data["text"].endswith("territorial occupation.")
    assert data["citation"] == (
        f"{KIM_TITLE} (Ministry of Foreign Affairs, Republic of Korea, 2024-01-23), para. 2"
    )


def test_show_text(tmp_path: Path) -> None:
    result = xref("show", "borrell-cho-dprk-russia:1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"{BORRELL_TITLE} (EU High Representative and ROK Minister of Foreign Affairs, "
        "2024-11-04), para. 1"
    )
    assert lines[1] == ""
    assert lines[2].startswith("We condemn in the strongest possible terms")
    assert len(lines) == 3


def test_show_from_texts_folder_with_citation_without_issuer(tmp_path: Path) -> None:
    write(tmp_path / "d", "memo.md", "---\ntitle: Memo\ndate: 2020-02-02\n---\n\nOne.\n\nTwo.\n")
    result = xref("show", "memo:2", "--texts", "d", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["text"], data["citation"]) == ("Two.", "Memo (2020-02-02), para. 2")


@pytest.mark.parametrize(
    "passage",
    [
        "kim-gunn-eu-psc:6",
        "kim-gunn-eu-psc:0",
        "nobody:1",
        "kim-gunn-eu-psc",
        "x:y",
        "kim-gunn-eu-psc:²",
        "kim-gunn-eu-psc:" + "9" * 5000,
    ],
)
def test_show_unknown_passage_is_a_usage_error(tmp_path: Path, passage: str) -> None:
    assert_usage_error(xref("show", passage, cwd=tmp_path), "xref show", passage)


def test_show_without_passage_is_a_usage_error(tmp_path: Path) -> None:
    assert_usage_error(xref("show", cwd=tmp_path), "PASSAGE")


# --- check ---------------------------------------------------------------------------------


def test_check_clean_exits_0(tmp_path: Path) -> None:
    result = xref("check", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "ok: 2 documents, 9 passages"
    assert "Traceback" not in result.stderr


def test_check_with_problems_exits_1_and_prints_each(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    write(folder, "good.md", "---\ntitle: Good\n---\n\nA.\n")
    write(folder, "untitled.md", "---\nissuer: X\n---\n\nA.\n")
    write(folder, "baddate.md", "---\ntitle: T\ndate: 2024-13-45\n---\n\nA.\n")
    (folder / "latin.md").write_bytes(b"---\ntitle: T\n---\n\ncaf\xe9\n")
    result = xref("check", "--texts", str(folder), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 4, result.stdout
    assert f"{folder / 'untitled.md'}:1: missing title in front matter" in lines
    assert any(
        line.startswith(f"{folder / 'baddate.md'}:3: bad date '2024-13-45'") for line in lines
    )
    assert any(line.startswith(f"{folder / 'latin.md'}:5: not UTF-8") for line in lines)
    assert lines[-1] == "3 problems; 1 document, 1 passage loaded"


def test_check_missing_texts_is_a_usage_error(tmp_path: Path) -> None:
    assert_usage_error(
        xref("check", "--texts", "no-such-folder", cwd=tmp_path), "no-such-folder", "--texts"
    )


# --- version, help, usage errors -----------------------------------------------------------


def test_version(tmp_path: Path) -> None:
    result = xref("--version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"xref-reader {__version__}"


def test_help_lists_every_command(tmp_path: Path) -> None:
    result = xref("--help", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("usage: xref")
    for name in COMMANDS:
        assert name in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_help_on_every_command(tmp_path: Path, command: str) -> None:
    result = xref(command, "--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: xref {command}")
    assert "--texts" in result.stdout
    assert result.stderr == ""


def test_unknown_command_is_a_usage_error(tmp_path: Path) -> None:
    assert_usage_error(xref("frobnicate", cwd=tmp_path), "frobnicate")


def test_unknown_option_is_a_usage_error(tmp_path: Path) -> None:
    assert_usage_error(xref("list", "--no-such-option", cwd=tmp_path), "--no-such-option")


@pytest.mark.parametrize("command", ["list", "check"])
def test_missing_texts_path_is_a_usage_error(tmp_path: Path, command: str) -> None:
    missing = tmp_path / "missing" / "folder"
    assert_usage_error(xref(command, "--texts", str(missing), cwd=tmp_path), str(missing))


def test_texts_without_value_is_a_usage_error(tmp_path: Path) -> None:
    assert_usage_error(xref("list", "--texts", cwd=tmp_path), "--texts")


def test_empty_texts_path_is_a_usage_error_not_the_working_folder(tmp_path: Path) -> None:
    write(tmp_path, "stray.md", "---\ntitle: Stray\n---\n\nA.\n")
    result = xref("list", "--texts", "", cwd=tmp_path)
    assert_usage_error(result, "--texts")
    assert "Stray" not in result.stdout


# --- python -m tui -------------------------------------------------------------------------


def test_python_m_tui_same_as_console_script(tmp_path: Path) -> None:
    module = subprocess.run(
        [sys.executable, "-m", "tui", "list", "--json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert module.returncode == 0, module.stderr
    script = xref("list", "--json", cwd=tmp_path)
    assert module.stdout == script.stdout
    assert [d["passages"] for d in json.loads(module.stdout)["documents"]] == [5, 4]


def test_python_m_tui_usage_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "show", "nope:1"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert_usage_error(result, "nope:1")


def test_output_piped_to_a_closed_reader_is_not_a_traceback(tmp_path: Path) -> None:
    # `xref list | head -1` on a big corpus: a closed pipe must not print a traceback.
    folder = tmp_path / "many"
    for index in range(300):
        write(folder, f"doc-{index:03}.md", f"---\ntitle: Document {index}\n---\n\nText.\n")
    process = subprocess.Popen(
        [str(XREF), "list", "--texts", str(folder)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read().decode("utf-8", "replace")
    process.wait(timeout=60)
    assert "Traceback" not in stderr


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_terminal_that_is_not_utf8(tmp_path: Path, encoding: str) -> None:
    # A latin-1 or ASCII terminal cannot show Korean: escaped text, never a UnicodeEncodeError.
    write(tmp_path / "d", "ko.md", "---\ntitle: 한국어 제목\n---\n\n본문 — “quote”\n")
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    for args in (["show", "ko:1"], ["list"], ["check"]):
        result = subprocess.run(
            [str(XREF), *args, "--texts", "d"],
            cwd=tmp_path,
            capture_output=True,
            env=env,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
        assert result.returncode == 0, result.stderr
        assert b"Traceback" not in result.stderr
        assert result.stdout.decode(encoding)
    data = subprocess.run(
        [str(XREF), "show", "ko:1", "--json", "--texts", "d"],
        cwd=tmp_path,
        capture_output=True,
        env=env,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert json.loads(data.stdout.decode(encoding))["text"] == "본문 — “quote”"


def test_reader_with_missing_texts_is_a_usage_error_not_a_screen(tmp_path: Path) -> None:
    # `xref --texts PATH` opens the reader; a missing PATH must fail before any screen starts.
    assert_usage_error(xref("--texts", "missing-folder", cwd=tmp_path, timeout=30), "missing")


def test_texts_path_with_unknown_user_is_a_usage_error(tmp_path: Path) -> None:
    assert_usage_error(xref("list", "--texts", "~no-such-user-xref/x", cwd=tmp_path), "~no-such")


def test_texts_name_too_long_is_a_warning_not_a_traceback(tmp_path: Path) -> None:
    result = xref("list", "--json", "--texts", "a" * 300, cwd=tmp_path)
    assert result.returncode == 0
    assert json.loads(result.stdout) == {"documents": []}
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert "file name too long" in result.stderr


def test_unrecognised_argument_with_escapes_is_one_safe_line(tmp_path: Path) -> None:
    result = xref("list", "\x1b]0;pwned\x07\x1b[31mX\nY", cwd=tmp_path)
    assert_usage_error(result, "unrecognized arguments")
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
