"""Issue 16, "Found by an attack run", engine side: each input that broke a command or the reader.

Every test builds its hostile input in a temporary folder and checks what a user notices: the
command answers in time, says what is wrong in one line, and still serves the good documents.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from console import xref

from search_index import load_corpus
from search_index.corpus.cache import DocumentCache
from search_index.corpus.parsing import decode_document
from tui.keymap import parse_keymap

GOOD = "---\ntitle: Good statement\ndate: 2024-01-23\n---\n\nThe good passage about DPRK.\n"


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def corpus_with_good(tmp_path: Path) -> Path:
    folder = tmp_path / "texts"
    write(folder / "good.md", GOOD)
    return folder


# --- 1. 1,000 nested folders ----------------------------------------------------------------


def test_a_thousand_nested_folders_keep_every_document(tmp_path: Path) -> None:
    folder = corpus_with_good(tmp_path)
    deep = os.open(folder, os.O_RDONLY)
    try:  # made level by level from a folder descriptor: the path is too long for mkdir -p
        for _ in range(1000):
            os.mkdir("d", dir_fd=deep)
            inner = os.open("d", os.O_RDONLY, dir_fd=deep)
            os.close(deep)
            deep = inner
        fd = os.open("deep.md", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=deep)
        os.write(fd, b"---\ntitle: Deep\n---\n\nFound at the bottom.\n")
        os.close(fd)
    finally:
        os.close(deep)
    try:
        corpus = load_corpus([folder])
        assert {d.id for d in corpus.documents} == {"good", "deep"}
        result = xref("list", "--texts", str(folder), cwd=tmp_path)
        assert result.returncode == 0, result.stderr[-2000:]
        assert "Traceback" not in result.stderr
        assert "Good statement" in result.stdout and "Deep" in result.stdout
    finally:
        remove_nested(folder)


def remove_nested(folder: Path) -> None:
    """Remove the d/d/d/... chain bottom up (shutil.rmtree, as pytest's cleanup, recurses)."""
    fds = [os.open(folder, os.O_RDONLY)]
    while "d" in os.listdir(fds[-1]):
        fds.append(os.open("d", os.O_RDONLY, dir_fd=fds[-1]))
    os.unlink("deep.md", dir_fd=fds[-1])
    os.close(fds.pop())
    while fds:
        os.rmdir("d", dir_fd=fds[-1])
        os.close(fds.pop())


# --- 2. rules files nested 500 levels deep --------------------------------------------------


def block_nesting(top: str, levels: int) -> str:
    lines = [f"{top}:"]
    lines += ["  " * (i + 1) + f"k{i}:" for i in range(levels)]
    return "\n".join(lines) + "\n" + "  " * (levels + 1) + "x\n"


def test_rules_files_nested_500_levels_are_one_problem_line(tmp_path: Path) -> None:
    for name, top in (("aliases.yaml", "aliases"), ("themes.yaml", "themes")):
        folder = corpus_with_good(tmp_path / name)
        write(folder / name, block_nesting(top, 500))
        result = xref("search", "good", "--texts", str(folder), cwd=tmp_path)
        assert result.returncode == 0, result.stderr[-2000:]
        assert "Traceback" not in result.stderr
        assert "good:1" in result.stdout
        lines = [line for line in result.stderr.splitlines() if name in line]
        assert len(lines) == 1 and "nested too deeply" in lines[0], result.stderr[-2000:]


# --- 3. quadratic rules ---------------------------------------------------------------------


def test_an_alias_group_of_60000_names_is_refused(tmp_path: Path) -> None:
    folder = corpus_with_good(tmp_path)
    names = "".join(f"    - name{n}\n" for n in range(60_000))
    write(folder / "aliases.yaml", f"aliases:\n  huge:\n{names}  ok:\n    - alpha\n    - beta\n")
    result = xref("search", "good", "--texts", str(folder), cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "good:1" in result.stdout
    problems = [line for line in result.stderr.splitlines() if "aliases.yaml" in line]
    assert len(problems) == 1 and "'huge'" in problems[0] and "at most" in problems[0]


def test_fifty_thousand_keys_for_one_binding_are_refused() -> None:
    keys = ", ".join(f"ctrl+{chr(97 + n % 26)}{n}" for n in range(50_000))
    keymap, problems = parse_keymap(f"keys:\n  passage.next: {keys}\n", "keys.yaml")
    assert keymap == {}  # the default (j, down) is kept
    assert len(problems) == 1 and "at most" in problems[0].message
    assert problems[0].line == 2


def test_fifty_thousand_unknown_binding_ids_are_read_in_linear_time() -> None:
    text = "keys:\n" + "".join(f"  no.such{n}: x\n" for n in range(50_000))
    started = time.monotonic()
    keymap, problems = parse_keymap(text, "keys.yaml")
    # A hang guard, not a speed figure: the quadratic reading took minutes.
    assert time.monotonic() - started < 60
    assert keymap == {}
    assert problems and problems[0].line == 2


async def test_reader_with_a_huge_keymap_still_moves_and_quits(private_dirs: Path) -> None:
    from search_index import bundled_texts_dir
    from tui.app import XrefApp

    config = private_dirs / "config"
    keys = ", ".join(f"ctrl+{chr(97 + n % 26)}{n}" for n in range(50_000))
    write(config / "keys.yaml", f"keys:\n  passage.next: {keys}\n")
    paths = [bundled_texts_dir()]
    app = XrefApp(load_corpus(paths), paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = app.reader.view
        first = view.passage_id
        await pilot.press("j")
        assert view.passage_id != first
        assert "at most" in str(app.reader.query_one("#problems").content)
        await pilot.press("q")


# --- 4. queries -----------------------------------------------------------------------------


def search_error(tmp_path: Path, query: str) -> str:
    result = xref("search", query, cwd=tmp_path)
    assert result.returncode == 2, (query, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Error" not in lines[0] and "list index" not in lines[0], lines[0]
    return lines[0]


def test_operators_without_a_word_are_query_errors(tmp_path: Path) -> None:
    assert "NOT" in search_error(tmp_path, "NOT NOT korea")
    assert "AND" in search_error(tmp_path, "korea AND")
    assert "OR" in search_error(tmp_path, "korea OR")
    assert "OR" in search_error(tmp_path, "OR korea")
    assert "NOT" in search_error(tmp_path, "korea NOT")
    assert "AND" in search_error(tmp_path, "(korea AND) russia")
    # Operators that have their words are fine, phrases and all.
    result = xref("search", 'korea AND NOT "European Union" OR russia', cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def test_a_large_fuzzy_distance_searches_as_two(tmp_path: Path) -> None:
    def total(query: str) -> int:
        result = xref("search", query, "--json", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)["total"]

    assert total("korea~10") == total("korea~9") == total("korea~2") > 0
    assert total("korea~25/2") == total("korea~2/2")


def test_tied_scores_break_in_corpus_order(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    bodies = {
        1: "Sanctions apply to many other things here.",
        2: "Sanctions apply.",
        3: "Sanctions, sanctions apply.",
    }
    # Three scores, each shared by several passages: ties at every limit.
    for n, rank in enumerate([1, 3, 2, 3, 2, 2, 3, 3], 1):
        write(folder / f"d{n}.md", f"---\ntitle: Doc {n}\n---\n\n{bodies[rank]}\n")

    def passages(limit: int) -> list[str]:
        result = xref("search", "sanctions", "--json", "--limit", str(limit), "--texts",
                      str(folder), cwd=tmp_path)  # fmt: skip
        assert result.returncode == 0, result.stderr
        return [hit["passage"] for hit in json.loads(result.stdout)["hits"]]

    everything = passages(8)
    assert everything == [f"d{n}:1" for n in (2, 4, 7, 8, 3, 5, 6, 1)]
    for limit in range(1, 8):
        assert passages(limit) == everything[:limit], limit


# --- 5. a huge single paragraph -------------------------------------------------------------

BIG_WORDS = (
    "the council imposed penalties on the regime over its missile launches and arms transfers"
).split()


def big_paragraph(size: int, tail: str = "") -> str:
    words = []
    length = 0
    n = 0
    while length < size:
        word = BIG_WORDS[n % len(BIG_WORDS)] + ("" if n % 7 else "s")
        words.append(word)
        length += len(word) + 1
        n += 1
    return " ".join(words) + tail


def test_a_huge_paragraph_gives_a_bounded_answer(tmp_path: Path) -> None:
    folder = corpus_with_good(tmp_path)
    body = big_paragraph(6_000_000, " and finally the sanctions.")
    write(folder / "big.md", f"---\ntitle: Big\n---\n\n{body}\n")
    built = xref("index", "--texts", str(folder), cwd=tmp_path, timeout=600)
    assert built.returncode == 0, built.stderr
    for query in ("council", '"missile launches"', "sanctions"):
        result = xref("search", query, "--json", "--texts", str(folder), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert len(result.stdout) < 100_000, (query, len(result.stdout))
        hit = json.loads(result.stdout)["hits"][0]
        assert hit["passage"] == "big:1"
        word = query.strip('"').split()[0]
        assert word in hit["snippet"], (query, hit["snippet"][:300])
        start, end = hit["matches"][0]
        assert body[start:end].startswith(word)


# --- 6. smaller ones ------------------------------------------------------------------------


def test_bidi_overrides_never_reach_the_terminal(tmp_path: Path) -> None:
    folder = corpus_with_good(tmp_path)
    write(folder / "ti\u202etle.md", "---\ntitle: Evil \u202eeman\u2066 here\n---\n\nBody text.\n")
    write(folder / "bad\u202ename.md", "---\nissuer: no title\n---\n\nBody.\n")
    for args in (("list",), ("check",), ("show", "ti\u202etle:1"), ("search", "body")):
        result = xref(*args, "--texts", str(folder), cwd=tmp_path)
        for stream in (result.stdout, result.stderr):
            assert not any(ch in stream for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067"
                           "\u2068\u2069"), (args, stream)  # fmt: skip
    listed = xref("list", "--texts", str(folder), cwd=tmp_path)
    assert "Evil eman here" in listed.stdout
    assert "bad\\u202ename.md" in listed.stderr


def test_a_zero_width_space_inside_a_word_is_invisible_to_search(tmp_path: Path) -> None:
    folder = corpus_with_good(tmp_path)
    write(folder / "zw.md", "---\ntitle: Zero width\n---\n\nThe sanc\u200btions were imposed.\n")
    for query in ("sanc\u200btions", "sanctions", "sanc\u2060tion\ufeffs"):
        result = xref("search", query, "--json", "--texts", str(folder), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        hits = json.loads(result.stdout)["hits"]
        assert [h["passage"] for h in hits] == ["zw:1"], query


def test_a_file_with_a_non_utf8_name_does_not_stop_the_document_cache(tmp_path: Path) -> None:
    folder = corpus_with_good(tmp_path)
    write(folder / os.fsdecode(b"caf\xe9.md"), "---\ntitle: Latin-1 name\n---\n\nBody.\n")
    cache = DocumentCache.for_paths([folder])
    assert cache.file is not None
    corpus = load_corpus([folder])
    assert len(corpus.documents) == 2
    assert cache.file.exists()
    text = cache.file.read_text("utf-8")  # one JSON line per file, the odd name escaped
    assert "Latin-1 name" in text and "Good statement" in text


def test_utf16_without_a_bom_is_read_as_text(tmp_path: Path) -> None:
    text = "---\ntitle: No BOM\n---\n\nUTF-16 without a byte order mark, 한국어 too.\n"
    assert decode_document(text.encode("utf-16-le")) == text
    assert decode_document(text.encode("utf-16-be")) == text
    folder = corpus_with_good(tmp_path)
    write(folder / "le.md", text.encode("utf-16-le"))
    write(folder / "be.txt", text.replace("No BOM", "Big end").encode("utf-16-be"))
    corpus = load_corpus([folder])
    assert corpus.problems == []
    assert {d.title for d in corpus.documents} == {"Good statement", "No BOM", "Big end"}
