"""The corpus model: passages numbered and identified as a reader would cite them, offsets
that point at the right text, bad documents reported one line each while the good ones load,
and the two bundled statements exactly as issued."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from search_index import (
    Corpus,
    DocumentError,
    Problem,
    bundled_texts_dir,
    load_corpus,
    load_document,
)
from search_index.corpus.cleaning import clean_text

GOOD = "---\ntitle: Good statement\nissuer: Ministry\ndate: 2024-01-23\n---\n\nA good passage.\n"


def write(folder: Path, name: str, content: str | bytes) -> Path:
    """A document file in the test folder (bytes written as they are)."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


def doc(body: str, front: str = "title: T") -> str:
    return f"---\n{front}\n---\n\n{body}"


def cleaned_file_text(path: Path) -> str:
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return clean_text(data.decode("utf-16"))
    return clean_text(data.decode("utf-8"))


# --- passages: numbering, ids, text --------------------------------------------------------


def test_passages_numbered_in_order_with_ids(tmp_path: Path) -> None:
    path = write(
        tmp_path, "note.md", doc("First.\n\nSecond.\n\n\n\nThird.\n", "id: my-note\ntitle: T")
    )
    document = load_document(path)
    assert [p.number for p in document.passages] == [1, 2, 3]
    assert [p.id for p in document.passages] == ["my-note:1", "my-note:2", "my-note:3"]
    assert [p.text for p in document.passages] == ["First.", "Second.", "Third."]
    assert all(p.document_id == "my-note" for p in document.passages)


def test_id_defaults_to_file_stem_slug(tmp_path: Path) -> None:
    path = write(tmp_path, "Joint Statement_2024.txt", doc("Only.\n"))
    document = load_document(path)
    assert document.id == "joint-statement-2024"
    assert document.passages[0].id == "joint-statement-2024:1"


def test_lines_of_one_paragraph_joined_with_a_space(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", doc("line one\n   line two  \nline three\n\nnext\n"))
    document = load_document(path)
    assert document.passages[0].text == "line one line two line three"
    assert document.passages[1].text == "next"


def test_whitespace_only_lines_separate_paragraphs(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", doc("one\n   \t \ntwo\n"))
    assert [p.text for p in load_document(path).passages] == ["one", "two"]


def test_body_without_final_newline(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", doc("one\n\ntwo"))
    assert [p.text for p in load_document(path).passages] == ["one", "two"]


def test_metadata_fields(tmp_path: Path) -> None:
    front = (
        "title: A title\nissuer: An issuer\ndate: 2024-11-04\nsource: https://example.org/x\n"
        "language: ko\nid: some-id\nplace: Seoul"
    )
    document = load_document(write(tmp_path, "x.md", doc("Body.\n", front)))
    assert (document.id, document.title, document.issuer) == ("some-id", "A title", "An issuer")
    assert (document.date, document.source, document.language) == (
        "2024-11-04",
        "https://example.org/x",
        "ko",
    )
    assert document.extra == {"place": "Seoul"}
    assert document.citation(1) == "A title (An issuer, 2024-11-04), para. 1"


def test_language_defaults_to_en_and_date_may_be_a_datetime(tmp_path: Path) -> None:
    document = load_document(
        write(tmp_path, "x.md", doc("B.\n", "title: T\ndate: 2024-01-23T10:00:00"))
    )
    assert document.language == "en"
    assert document.date == "2024-01-23"


def test_corpus_lookup_iteration_and_stable_order(tmp_path: Path) -> None:
    write(tmp_path, "b.md", doc("b1\n\nb2\n", "title: B\ndate: 2024-01-01"))
    write(tmp_path, "a.md", doc("a1\n", "title: A\ndate: 2024-06-01"))
    write(tmp_path, "c.md", doc("c1\n", "title: C"))
    corpus = load_corpus([tmp_path])
    assert [d.id for d in corpus.documents] == ["b", "a", "c"]  # by date, undated last
    assert [p.id for p in corpus] == ["b:1", "b:2", "a:1", "c:1"]
    assert len(corpus) == 4
    assert corpus.passage("b:2").text == "b2"
    assert corpus.citation(corpus.passage("a:1")) == "A (2024-06-01), para. 1"
    assert corpus.document("c").title == "C"
    for bad in (
        "b:3",
        "b:0",
        "b",
        "zzz:1",
        "b:x",
        "",
        ":1",
        "b:-1",
        "b:²",
        "b:1.0",
        "b:" + "1" * 5000,
    ):
        with pytest.raises(KeyError):
            corpus.passage(bad)
    assert [d.id for d in load_corpus([tmp_path]).documents] == ["b", "a", "c"]


def test_nested_folders_read_hidden_skipped_other_suffixes_ignored(tmp_path: Path) -> None:
    write(tmp_path, "sub/deeper/one.md", doc("x\n"))
    write(tmp_path, "two.TXT", doc("x\n"))
    write(tmp_path, ".hidden.md", doc("x\n"))
    write(tmp_path, ".git/three.md", doc("x\n"))
    write(tmp_path, "notes.rst", doc("x\n"))
    corpus = load_corpus([tmp_path])
    assert sorted(d.id for d in corpus.documents) == ["one", "two"]
    assert corpus.problems == []


def test_single_files_and_folders_mixed(tmp_path: Path) -> None:
    one = write(tmp_path / "single", "one.md", doc("x\n"))
    write(tmp_path / "folder", "two.md", doc("x\n"))
    corpus = load_corpus([one, tmp_path / "folder"])
    assert sorted(d.id for d in corpus.documents) == ["one", "two"]


def test_same_file_given_twice_loads_once(tmp_path: Path) -> None:
    path = write(tmp_path, "one.md", doc("x\n"))
    corpus = load_corpus([path, tmp_path, path])
    assert [d.id for d in corpus.documents] == ["one"]
    assert corpus.problems == []


# --- offsets and lines ---------------------------------------------------------------------


def assert_offsets_point_at_passages(path: Path) -> None:
    cleaned = cleaned_file_text(path)
    lines = cleaned.split("\n")
    for passage in load_document(path).passages:
        first_line = lines[passage.line - 1].strip()
        assert passage.text.startswith(first_line), passage
        assert cleaned[passage.offset :].startswith(first_line), passage
        # The offset is the first character of the paragraph on its line.
        line_start = sum(len(x) + 1 for x in lines[: passage.line - 1])
        assert line_start <= passage.offset < line_start + len(lines[passage.line - 1])


def test_offset_and_line_of_each_passage(tmp_path: Path) -> None:
    text = "---\ntitle: T\n---\n\nAlpha one\nalpha two\n\n  Beta indented\n\n\nGamma\n"
    path = write(tmp_path, "a.md", text)
    passages = load_document(path).passages
    assert [p.line for p in passages] == [5, 8, 11]
    assert [p.offset for p in passages] == [
        text.index("Alpha"),
        text.index("Beta"),
        text.index("Gamma"),
    ]
    assert_offsets_point_at_passages(path)


def test_offsets_with_bom_crlf_tabs_and_decomposed_text(tmp_path: Path) -> None:
    raw = (
        "\ufeff---\r\ntitle: T\r\n---\r\n\r\n\tTabbed e\u0301te\u0301\r\nmore\r\n\r\n"
        "Lone\rCR line\r\rKvarnstro\u0308m here\r\n"
    )
    path = write(tmp_path, "a.md", raw)
    passages = load_document(path).passages
    assert [p.text for p in passages] == ["Tabbed été more", "Lone CR line", "Kvarnström here"]
    assert [p.line for p in passages] == [5, 8, 11]
    assert_offsets_point_at_passages(path)


def test_offsets_after_control_characters_removed(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", "---\ntitle: T\n---\n\x1b[31m\x00\n\nRed\x1b[0m text\n\nNext\n")
    passages = load_document(path).passages
    assert [p.text for p in passages] == ["Red text", "Next"]
    assert_offsets_point_at_passages(path)


def test_bundled_offsets_point_at_passages() -> None:
    for path in sorted(bundled_texts_dir().glob("*.md")):
        assert_offsets_point_at_passages(path)


# --- the file on disk is never modified ----------------------------------------------------


def test_loading_never_modifies_files(tmp_path: Path) -> None:
    raws = {
        "crlf.md": b"\xef\xbb\xbf---\r\ntitle: T\r\n---\r\n\r\n\ttab\x1b[31m red\r\n",
        "nfd.md": "---\ntitle: T\n---\n\ne\u0301\n".encode(),
        "bad.md": b"---\ntitle: T\n---\n\n\xff\xfe bad\n",
        "utf16.md": "---\ntitle: U\n---\n\nwide\n".encode("utf-16"),
    }
    paths = {name: write(tmp_path, name, raw) for name, raw in raws.items()}
    before = {name: (p.stat().st_mtime_ns, p.stat().st_size) for name, p in paths.items()}
    corpus = load_corpus([tmp_path])
    assert len(corpus.documents) == 3
    for name, path in paths.items():
        assert path.read_bytes() == raws[name]
        assert (path.stat().st_mtime_ns, path.stat().st_size) == before[name]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(raws)


# --- bad documents -------------------------------------------------------------------------


def load_with_one_bad(tmp_path: Path, name: str, content: str | bytes) -> tuple[Corpus, Problem]:
    """Load a folder with one good document and one bad one; return the single problem."""
    write(tmp_path, "good.md", GOOD)
    bad = write(tmp_path, name, content)
    corpus = load_corpus([tmp_path])
    assert [d.id for d in corpus.documents] == ["good"], corpus.problems
    assert len(corpus.problems) == 1, corpus.problems
    problem = corpus.problems[0]
    assert problem.path == str(bad)
    rendered = str(problem)
    assert "\n" not in rendered
    assert rendered.startswith(str(bad))
    return corpus, problem


def test_not_utf8_reports_byte_offset(tmp_path: Path) -> None:
    content = b"---\ntitle: T\n---\n\ncaf\xe9 au lait\n"
    _, problem = load_with_one_bad(tmp_path, "latin1.md", content)
    assert "UTF-8" in problem.message
    offset = content.index(b"\xe9")
    assert f"byte offset {offset}" in problem.message
    assert problem.line == 5


def test_front_matter_not_yaml(tmp_path: Path) -> None:
    _, problem = load_with_one_bad(
        tmp_path, "bad.md", "---\ntitle: T\nissuer: [unclosed\ndate: 2024\n---\n\nBody.\n"
    )
    assert "YAML" in problem.message
    assert problem.line is not None and 2 <= problem.line <= 5


def test_front_matter_tab_indentation_not_yaml(tmp_path: Path) -> None:
    _, problem = load_with_one_bad(tmp_path, "bad.md", "---\ntitle: T\n\t- x: : :\n---\n\nB.\n")
    assert "YAML" in problem.message


def test_front_matter_not_a_mapping(tmp_path: Path) -> None:
    _, problem = load_with_one_bad(tmp_path, "list.md", "---\n- title\n- T\n---\n\nBody.\n")
    assert "mapping" in problem.message
    assert problem.line == 2


def test_front_matter_plain_string_not_a_mapping(tmp_path: Path) -> None:
    _, problem = load_with_one_bad(tmp_path, "str.md", "---\njust a title\n---\n\nBody.\n")
    assert "mapping" in problem.message


def test_missing_title(tmp_path: Path) -> None:
    _, problem = load_with_one_bad(tmp_path, "untitled.md", "---\nissuer: X\n---\n\nBody.\n")
    assert "title" in problem.message
    assert problem.line == 1


def test_empty_title(tmp_path: Path) -> None:
    _, problem = load_with_one_bad(tmp_path, "empty.md", "---\nissuer: X\ntitle: ''\n---\n\nB.\n")
    assert "title" in problem.message
    assert problem.line == 3


def test_title_that_is_a_mapping(tmp_path: Path) -> None:
    _, problem = load_with_one_bad(tmp_path, "t.md", "---\ntitle:\n  a: b\n---\n\nB.\n")
    assert "title" in problem.message
    assert problem.line == 2


def test_no_front_matter(tmp_path: Path) -> None:
    _, problem = load_with_one_bad(tmp_path, "plain.md", "Just text.\n\nMore text.\n")
    assert "front matter" in problem.message
    assert problem.line == 1


def test_front_matter_not_closed(tmp_path: Path) -> None:
    _, problem = load_with_one_bad(tmp_path, "open.md", "---\ntitle: T\n\nBody.\n")
    assert "front matter" in problem.message and "closed" in problem.message


@pytest.mark.parametrize("value", ["23/01/2024", "yesterday", "2024-13-45", "2024-02-30", "[1, 2]"])
def test_bad_date(tmp_path: Path, value: str) -> None:
    _, problem = load_with_one_bad(
        tmp_path, "dated.md", f"---\ntitle: T\ndate: {value}\n---\n\nBody.\n"
    )
    assert problem.message.startswith("bad date "), problem.message
    assert problem.line == 3


@pytest.mark.parametrize(
    "value", ["Upper-Case", "under_score", "-lead", "trail-", "a--b", "x" * 81]
)
def test_bad_id(tmp_path: Path, value: str) -> None:
    _, problem = load_with_one_bad(tmp_path, "ided.md", f"---\ntitle: T\nid: {value}\n---\n\nB.\n")
    assert "id" in problem.message
    assert problem.line == 3


def test_bad_language(tmp_path: Path) -> None:
    _, problem = load_with_one_bad(
        tmp_path, "lang.md", "---\ntitle: T\nlanguage: not a tag!\n---\n\nB.\n"
    )
    assert "language" in problem.message
    assert problem.line == 3


def test_duplicate_id(tmp_path: Path) -> None:
    write(tmp_path, "a-first.md", doc("First.\n", "title: First\nid: same"))
    second = write(tmp_path, "b-second.md", doc("Second.\n", "title: Second\nid: same"))
    corpus = load_corpus([tmp_path])
    assert [d.title for d in corpus.documents] == ["First"]
    assert len(corpus.problems) == 1
    problem = corpus.problems[0]
    assert problem.path == str(second)
    assert "duplicate id 'same'" in problem.message
    assert "a-first.md" in problem.message
    assert problem.line == 3  # the `id:` line of the second file


def test_duplicate_id_from_stem_and_explicit_id(tmp_path: Path) -> None:
    write(tmp_path, "a/report.md", doc("x\n"))
    write(tmp_path, "b/other.md", doc("y\n", "title: T\nid: report"))
    corpus = load_corpus([tmp_path])
    assert len(corpus.documents) == 1
    assert len(corpus.problems) == 1 and "duplicate id" in corpus.problems[0].message


def test_empty_body(tmp_path: Path) -> None:
    _, problem = load_with_one_bad(tmp_path, "empty-body.md", "---\ntitle: T\n---\n\n   \n\n")
    assert "empty body" in problem.message
    assert problem.line == 3


def test_front_matter_only(tmp_path: Path) -> None:
    _, problem = load_with_one_bad(tmp_path, "fm.md", "---\ntitle: T\n---")
    assert "empty body" in problem.message


def test_empty_file(tmp_path: Path) -> None:
    _, problem = load_with_one_bad(tmp_path, "empty.md", b"")
    assert "front matter" in problem.message


def test_folder_given_as_a_document(tmp_path: Path) -> None:
    folder = tmp_path / "looks-like.md"
    folder.mkdir()
    with pytest.raises(DocumentError, match="folder"):
        load_document(folder)


def test_folder_named_like_a_document_is_read_as_a_folder(tmp_path: Path) -> None:
    write(tmp_path, "good.md", GOOD)
    write(tmp_path, "chapter.md/inner.md", doc("x\n"))
    corpus = load_corpus([tmp_path])
    assert sorted(d.id for d in corpus.documents) == ["good", "inner"]
    assert corpus.problems == []


def test_dangling_symlink(tmp_path: Path) -> None:
    write(tmp_path, "good.md", GOOD)
    link = tmp_path / "gone.md"
    link.symlink_to(tmp_path / "missing-target.md")
    corpus = load_corpus([tmp_path])
    assert [d.id for d in corpus.documents] == ["good"]
    assert [(p.path, p.message) for p in corpus.problems] == [(str(link), "no such file")]


def test_symlink_to_a_good_file_loads(tmp_path: Path) -> None:
    target = write(tmp_path / "elsewhere", "target.md", doc("x\n"))
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "link.md").symlink_to(target)
    corpus = load_corpus([tmp_path / "texts"])
    assert [d.id for d in corpus.documents] == ["link"]


def test_symlink_loop_file(tmp_path: Path) -> None:
    write(tmp_path, "good.md", GOOD)
    (tmp_path / "a.md").symlink_to(tmp_path / "b.md")
    (tmp_path / "b.md").symlink_to(tmp_path / "a.md")
    corpus = load_corpus([tmp_path])
    assert [d.id for d in corpus.documents] == ["good"]
    assert sorted(Path(p.path).name for p in corpus.problems) == ["a.md", "b.md"]
    assert all("loop" in p.message for p in corpus.problems)


def test_symlink_loop_folder(tmp_path: Path) -> None:
    write(tmp_path, "good.md", GOOD)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "back").symlink_to(tmp_path)
    corpus = load_corpus([tmp_path])
    assert [d.id for d in corpus.documents] == ["good"]
    assert len(corpus.problems) == 1
    assert "loop" in corpus.problems[0].message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_named_like_a_document(tmp_path: Path) -> None:
    write(tmp_path, "good.md", GOOD)
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    corpus = load_corpus([tmp_path])  # must not block waiting for a writer
    assert [d.id for d in corpus.documents] == ["good"]
    assert [(p.path, p.message) for p in corpus.problems] == [(str(fifo), "not a regular file")]


def load_without_privileges(paths: list[Path]) -> tuple[list[str], list[tuple[str, str]]]:
    """Load as a user who cannot read locked files: root reads whatever the mode, and CI runs
    as root, so a root test forks a child that drops to nobody before loading."""
    if os.geteuid() != 0:
        corpus = load_corpus(paths)
        return [d.id for d in corpus.documents], [(p.path, p.message) for p in corpus.problems]
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        status = 1
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            corpus = load_corpus(paths)
            result = {
                "ids": [d.id for d in corpus.documents],
                "problems": [(p.path, p.message) for p in corpus.problems],
            }
            os.write(write_end, json.dumps(result).encode())
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, "the unprivileged load failed"
    result = json.loads(data)
    return result["ids"], [tuple(p) for p in result["problems"]]


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder the unprivileged child can enter (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="xref-perm-"))
    folder.chmod(0o755)
    yield folder
    for top, dirs, files in os.walk(folder):  # top-down: unlock a folder before entering it
        for name in dirs:
            os.chmod(os.path.join(top, name), 0o755)
        for name in files:
            os.chmod(os.path.join(top, name), 0o644)
    shutil.rmtree(folder)


def test_unreadable_file(shared_dir: Path) -> None:
    write(shared_dir, "good.md", GOOD)
    locked = write(shared_dir, "locked.md", GOOD.replace("Good", "Locked"))
    locked.chmod(0)
    ids, problems = load_without_privileges([shared_dir])
    assert ids == ["good"]
    assert len(problems) == 1
    assert problems[0][0] == str(locked)
    assert "permission denied" in problems[0][1]


def test_unreadable_folder(shared_dir: Path) -> None:
    write(shared_dir, "good.md", GOOD)
    locked = shared_dir / "locked"
    write(locked, "inner.md", GOOD)
    locked.chmod(0)
    ids, problems = load_without_privileges([shared_dir])
    assert ids == ["good"]
    assert len(problems) == 1
    assert "permission denied" in problems[0][1]


def test_missing_path_given_directly(tmp_path: Path) -> None:
    corpus = load_corpus([tmp_path / "nope.md"])
    assert corpus.documents == []
    assert [p.message for p in corpus.problems] == ["no such file"]


def test_every_kind_of_bad_document_at_once(tmp_path: Path) -> None:
    bad = {
        "latin1.md": b"---\ntitle: T\n---\n\ncaf\xe9\n",
        "notyaml.md": "---\ntitle: [x\n---\n\nB.\n",
        "list.md": "---\n- a\n---\n\nB.\n",
        "untitled.md": "---\nissuer: I\n---\n\nB.\n",
        "date.md": "---\ntitle: T\ndate: someday\n---\n\nB.\n",
        "id.md": "---\ntitle: T\nid: Not_Valid\n---\n\nB.\n",
        "dup.md": "---\ntitle: T\nid: good\n---\n\nB.\n",
        "empty.md": "---\ntitle: T\n---\n",
    }
    write(tmp_path, "a-good.md", GOOD.replace("title:", "id: good\ntitle:"))
    write(tmp_path, "z-other.md", doc("Other good.\n", "title: Other"))
    for name, content in bad.items():
        write(tmp_path, name, content)
    corpus = load_corpus([tmp_path])
    assert sorted(d.id for d in corpus.documents) == ["good", "z-other"]
    assert sorted(Path(p.path).name for p in corpus.problems) == sorted(bad)
    for problem in corpus.problems:
        assert problem.message and "\n" not in str(problem)


# --- the bundled statements ----------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled() -> Corpus:
    return load_corpus([bundled_texts_dir()])


def test_bundled_statements_load_cleanly(bundled: Corpus) -> None:
    assert bundled.problems == []
    assert [(d.id, len(d.passages)) for d in bundled.documents] == [
        ("kim-gunn-eu-psc", 5),
        ("borrell-cho-dprk-russia", 4),
    ]


def test_bundled_kim_gunn(bundled: Corpus) -> None:
    document = bundled.document("kim-gunn-eu-psc")
    assert document.title == (
        "Special Representative for Korean Peninsula Peace and Security Affairs Visits "
        "European Union (EU) (Jan. 23)"
    )
    assert document.date == "2024-01-23"
    assert document.issuer == "Ministry of Foreign Affairs, Republic of Korea"
    assert document.passages[0].text.startswith("1. Special Representative")
    for number, passage in enumerate(document.passages, start=1):
        assert passage.text.startswith(f"{number}. ")
    assert bundled.citation(document.passages[1]) == (
        f"{document.title} (Ministry of Foreign Affairs, Republic of Korea, 2024-01-23), para. 2"
    )


def test_bundled_borrell_cho(bundled: Corpus) -> None:
    document = bundled.document("borrell-cho-dprk-russia")
    assert document.title == (
        "DPRK/Russia: Joint Statement by the High Representative Josep Borrell and Minister of "
        "Foreign Affairs of the Republic of Korea Cho Tae-yul on DPRK-Russia Cooperation"
    )
    assert document.date == "2024-11-04"
    assert document.passages[0].text.startswith("We condemn in the strongest possible terms")
    assert document.passages[-1].text.startswith("We take note that the security")


def test_bundled_statements_have_no_navigation_lines(bundled: Corpus) -> None:
    for passage in bundled:
        assert "바로가기" not in passage.text
        assert "Press Releases" not in passage.text
        assert not any("\uac00" <= ch <= "\ud7a3" for ch in passage.text), passage.id


def test_bundled_bodies_word_for_word_from_the_seeds(bundled: Corpus) -> None:
    seeds = Path(__file__).resolve().parents[3] / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"seed files not available at {seeds}")
    pairs = {
        "kim-gunn-eu-psc": "000_45a4c7e308e649cd.txt",
        "borrell-cho-dprk-russia": "004_a2805c465232abf6.txt",
    }
    for doc_id, seed_name in pairs.items():
        document = bundled.document(doc_id)
        lines = [
            " ".join(line.split())
            for line in clean_text((seeds / seed_name).read_text(encoding="utf-8")).splitlines()
            if line.strip()
        ]
        # The seed is the web page: navigation lines, then the title, then one paragraph a line.
        body = lines[lines.index(document.title) + 1 :]
        assert [p.text for p in document.passages] == body, doc_id


def test_file_names_without_ascii_letters_get_distinct_stable_ids(tmp_path: Path) -> None:
    # Korean file names are common for these statements: they must not collide as 'document'.
    write(tmp_path, "성명.md", doc("A.\n"))
    write(tmp_path, "보도자료.md", doc("B.\n"))
    corpus = load_corpus([tmp_path])
    assert corpus.problems == []
    ids = sorted(d.id for d in corpus.documents)
    assert len(set(ids)) == 2
    assert all(re.fullmatch(r"document-[0-9a-f]{8}", i) for i in ids)
    assert sorted(d.id for d in load_corpus([tmp_path]).documents) == ids


def test_second_link_to_a_folder_is_not_a_loop(tmp_path: Path) -> None:
    write(tmp_path, "a/doc.md", doc("x\n"))
    (tmp_path / "b").symlink_to(tmp_path / "a", target_is_directory=True)
    corpus = load_corpus([tmp_path])
    assert [d.id for d in corpus.documents] == ["doc"]
    assert corpus.problems == []


def test_path_name_too_long_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    write(tmp_path, "good.md", GOOD)
    corpus = load_corpus([tmp_path, tmp_path / ("a" * 300), tmp_path / ("b" * 300) / "x.md"])
    assert [d.id for d in corpus.documents] == ["good"]
    assert [p.message for p in corpus.problems] == ["file name too long"] * 2


@pytest.mark.parametrize(
    "front",
    [
        "\n".join(f"k{index}: {'v' * 100}" for index in range(12_000)),  # 1.3 MB
        "x: [" + ",".join(["1"] * 400_000) + "]",  # 12 s of PyYAML if it were parsed
        "\n".join(f"k{index}: 1" for index in range(90_000)),
    ],
)
def test_huge_front_matter_is_refused_before_parsing(tmp_path: Path, front: str) -> None:
    _, problem = load_with_one_bad(tmp_path, "huge.md", f"---\ntitle: T\n{front}\n---\n\nB.\n")
    assert "front matter larger than" in problem.message
    assert problem.line == 2


def test_front_matter_of_a_few_kilobytes_still_loads(tmp_path: Path) -> None:
    notes = "notes: '" + "word " * 4000 + "'"
    document = load_document(write(tmp_path, "a.md", doc("B.\n", f"title: T\n{notes}")))
    assert document.extra["notes"].startswith("word word")
