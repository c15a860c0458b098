"""Every rules file that is not UTF-8 is reported the same way, with the line of the bad byte.

aliases.yaml, paraphrases.yaml and themes.yaml share one reader (yamlfile.read_rule_text);
before it, only themes.yaml named the line, and a user could not tell where in a long alias
file the Latin-1 paste was."""

from __future__ import annotations

from pathlib import Path

from tests.console import xref

DOC = "---\nid: memo\ntitle: Memo\n---\n\nSanctions on arms transfers.\n"


def test_each_rules_file_names_the_line_of_its_bad_byte(tmp_path: Path) -> None:
    (tmp_path / "memo.md").write_text(DOC, encoding="utf-8")
    for name in ("aliases.yaml", "paraphrases.yaml", "themes.yaml"):
        (tmp_path / name).write_bytes(b"# rules\ngroups:\n  a: [caf\xe9, cafe]\n")
    result = xref("check", "--texts", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines() + result.stderr.splitlines()
    for name in ("aliases.yaml", "paraphrases.yaml", "themes.yaml"):
        assert f"{tmp_path / name}:3: not UTF-8 text" in lines, lines
    assert "3 problems; 1 document, 1 passage loaded" in lines, lines
