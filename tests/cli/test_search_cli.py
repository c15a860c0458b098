"""`xref search` and `xref index` through the installed console script, as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from console import XREF, xref


def test_index_json_reports_build_then_reuse(tmp_path: Path) -> None:
    first = xref("index", "--json", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    data = json.loads(first.stdout)
    assert set(data) == {"documents", "passages", "location", "fingerprint", "reused", "timings"}
    assert data["documents"] == 2 and data["passages"] == 9
    assert data["reused"] is False
    assert {"fingerprint", "index", "commit"} <= set(data["timings"])
    assert all(isinstance(v, int | float) and v >= 0 for v in data["timings"].values())
    assert Path(data["location"]).name == data["fingerprint"]

    second = json.loads(xref("index", "--json", cwd=tmp_path).stdout)
    assert second["reused"] is True
    assert second["fingerprint"] == data["fingerprint"]
    assert set(second["timings"]) == {"fingerprint", "open"}

    rebuilt = json.loads(xref("index", "--rebuild", "--json", cwd=tmp_path).stdout)
    assert rebuilt["reused"] is False and rebuilt["location"] == data["location"]


def test_index_plain_output(tmp_path: Path) -> None:
    result = xref("index", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("Index built: 2 documents, 9 passages")
    assert "fingerprint:" in result.stdout and "timings:" in result.stdout
    again = xref("index", cwd=tmp_path)
    assert again.stdout.startswith("Index reused (nothing changed): 2 documents, 9 passages")


def test_search_json_has_the_documented_shape(tmp_path: Path) -> None:
    result = xref("search", "North Korea", "--json", "--limit", "3", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"query", "took_ms", "total", "truncated", "hits"}
    assert data["query"] == "North Korea" and data["total"] == 8 and len(data["hits"]) == 3
    hit = data["hits"][0]
    assert set(hit) == {"passage", "document", "title", "score", "snippet", "matches"}
    text = json.loads(xref("show", hit["passage"], "--json", cwd=tmp_path).stdout)["text"]
    for start, end in hit["matches"]:
        assert text[start:end] in ("North Korea", "North Korea's", "North Korea’s", "DPRK")


def test_search_doc_option_and_aliases(tmp_path: Path) -> None:
    result = xref(
        "search", "North Korea", "--doc", "borrell-cho-dprk-russia", "--json", cwd=tmp_path
    )
    data = json.loads(result.stdout)
    assert {h["passage"] for h in data["hits"]} == {
        "borrell-cho-dprk-russia:1",
        "borrell-cho-dprk-russia:2",
        "borrell-cho-dprk-russia:3",
    }
    text = json.loads(xref("show", "borrell-cho-dprk-russia:3", "--json", cwd=tmp_path).stdout)[
        "text"
    ]
    hit = next(h for h in data["hits"] if h["passage"] == "borrell-cho-dprk-russia:3")
    assert {text[s:e] for s, e in hit["matches"]} == {"DPRK"}


def test_plain_search_output_is_readable_and_has_no_escapes_when_piped(tmp_path: Path) -> None:
    result = xref("search", "intertwined", cwd=tmp_path)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("2 passages match")
    assert any(line.startswith("kim-gunn-eu-psc:2 ") for line in lines)
    assert any("intertwined" in line for line in lines if line.startswith("  "))
    assert "\x1b" not in result.stdout


def test_plain_output_says_1_passage_matches(tmp_path: Path) -> None:
    result = xref("search", "Pyongyang", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("1 passage matches [")


def test_no_hits_is_success(tmp_path: Path) -> None:
    result = xref("search", "zebra", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == "No passages match 'zebra'."
    data = json.loads(xref("search", "zebra", "--json", cwd=tmp_path).stdout)
    assert data["total"] == 0 and data["hits"] == []


def assert_one_line_error(result: subprocess.CompletedProcess[str], needle: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("xref search: error:")
    assert needle in lines[0]
    assert "Traceback" not in result.stderr


def test_query_errors_exit_2_with_one_sentence(tmp_path: Path) -> None:
    assert_one_line_error(xref("search", "colour:red", cwd=tmp_path), "unknown field 'colour:'")
    assert_one_line_error(xref("search", '"North Korea', cwd=tmp_path), "quotation mark")
    assert_one_line_error(xref("search", "(DPRK", cwd=tmp_path), "not closed")
    assert_one_line_error(xref("search", "date:2024-99 DPRK", cwd=tmp_path), "date")
    assert_one_line_error(xref("search", "x" * 10_000, cwd=tmp_path), "limit is 1,000")
    assert_one_line_error(xref("search", "DPRK", "--doc", "nope", cwd=tmp_path), "--doc nope")
    assert_one_line_error(xref("search", "DPRK", "--limit", "-1", cwd=tmp_path), "--limit")


def test_search_a_folder_given_with_texts(tmp_path: Path) -> None:
    folder = tmp_path / "ko"
    folder.mkdir()
    (folder / "s.md").write_text(
        "---\ntitle: 성명\nlanguage: ko\n---\n\n대한민국은 협력한다.\n", encoding="utf-8"
    )
    result = xref("--texts", str(folder), "search", "대한민국", "--json", cwd=tmp_path)
    data = json.loads(result.stdout)
    assert [h["passage"] for h in data["hits"]] == ["s:1"]
    assert data["hits"][0]["matches"] == [[0, 4]]


def test_module_entry_point_runs_search(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "search", "intertwined", "--json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total"] == 2


def test_matches_are_emphasised_on_a_terminal(tmp_path: Path) -> None:
    import os
    import pty

    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen(
            [str(XREF), "search", "intertwined"],
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
            stdout=follower,
            stderr=subprocess.PIPE,
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                data = os.read(leader, 4096)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        proc.wait(timeout=120)
    finally:
        os.close(leader)
    out = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0
    assert "\x1b[1;4mintertwined\x1b[0m" in out


def test_damage_found_only_while_searching_is_rebuilt_and_the_search_answers(
    tmp_path: Path,
) -> None:
    """Damage the checks on opening cannot see: the search still answers, rebuilding what it
    could not read."""
    from damage import damage_only_a_search_finds

    from search_index import bundled_texts_dir, load_corpus

    expected = json.loads(xref("search", "intertwined", "--json", cwd=tmp_path).stdout)
    offset = damage_only_a_search_finds(load_corpus([bundled_texts_dir()]), "intertwined")
    result = xref("search", "intertwined", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "rebuilding" in result.stderr, result.stderr
    found = json.loads(result.stdout)
    assert [h["passage"] for h in found["hits"]] == [h["passage"] for h in expected["hits"]]
    again = xref("search", "intertwined", "--json", cwd=tmp_path)
    assert again.returncode == 0 and again.stderr == "", (offset, again.stderr)
