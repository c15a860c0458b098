"""The reader's remembered state and key map files: bad files never break the reader."""

from __future__ import annotations

from pathlib import Path

from tui.keymap import BY_ID, SPECS, display_keys, parse_keymap
from tui.state import corpus_key, load_state, save_state


def test_state_round_trip_per_corpus(tmp_path: Path) -> None:
    one, two = corpus_key([tmp_path / "a"]), corpus_key([tmp_path / "b"])
    save_state(one, {"panes": [{"document": "x", "passage": "x:3"}], "theme": "nord"}, tmp_path)
    save_state(two, {"theme": "gruvbox"}, tmp_path)
    assert load_state(one, tmp_path)["panes"][0]["passage"] == "x:3"
    assert load_state(two, tmp_path) == {"theme": "gruvbox"}
    assert [p.name for p in tmp_path.iterdir()] == ["reader-state.json"]  # no temp files left


def test_corrupt_or_strange_state_file_is_ignored(tmp_path: Path) -> None:
    key = corpus_key([tmp_path])
    for content in ("{not json", "[1, 2]", '{"corpora": 5}', "\x00\xff"):
        (tmp_path / "reader-state.json").write_text(content, errors="surrogateescape")
        assert load_state(key, tmp_path) == {}
    save_state(key, {"theme": "nord"}, tmp_path)
    assert load_state(key, tmp_path) == {"theme": "nord"}


def test_corpus_key_does_not_depend_on_path_order(tmp_path: Path) -> None:
    assert corpus_key([tmp_path / "a", tmp_path / "b"]) == corpus_key(
        [tmp_path / "b", tmp_path / "a"]
    )


def test_keymap_accepts_strings_and_lists() -> None:
    keymap, problems = parse_keymap(
        "keys:\n  link.follow: l, enter\n  history.back: [h, alt+left]\n", "keys.yaml"
    )
    assert problems == []
    assert keymap == {"link.follow": "l,enter", "history.back": "h,alt+left"}


def test_keymap_reports_each_bad_entry_with_its_line() -> None:
    text = (
        "keys:\n"
        "  link.follow: x\n"
        "  no.such: z\n"
        "  search.open: ''\n"
        "  hit.next: [1, 2]\n"
        "  hit.previous: 'ctrl+ x'\n"
    )
    keymap, problems = parse_keymap(text, "keys.yaml")
    assert keymap == {"link.follow": "x"}
    assert [(p.line, p.message.split(" ")[0]) for p in problems] == [
        (3, "unknown"),
        (4, "bad"),
        (5, "bad"),
        (6, "bad"),
    ]
    assert all(str(p).startswith("keys.yaml:") for p in problems)


def test_keymap_that_is_not_yaml_is_one_problem() -> None:
    keymap, problems = parse_keymap("keys: [unclosed\n", "keys.yaml")
    assert keymap == {}
    assert len(problems) == 1 and "default keys kept" in problems[0].message


def test_every_binding_has_a_unique_id_and_readable_keys() -> None:
    assert len(BY_ID) == len(SPECS)
    for spec in SPECS:
        assert display_keys(spec.keys)
    assert display_keys("question_mark,f1") == "? / F1"


def test_state_in_an_unusable_folder_says_why_and_keeps_nothing_half_written(
    tmp_path: Path,
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    problem = save_state("k", {"theme": "nord"}, blocker)
    assert problem is not None and str(blocker) in problem
    assert load_state("k", blocker) == {}
    assert save_state("k", {"theme": "nord"}, tmp_path) is None
