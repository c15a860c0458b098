"""Property-based tests for the loader (issue 6): whatever bytes or text a file holds, loading
never raises anything but a reported problem, and what it keeps is clean, numbered 1..n and
exactly the paragraphs of the cleaned body."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from search_index import DocumentError, load_corpus
from search_index.corpus import decode_document, parse_document
from search_index.corpus.cleaning import clean_text

# Characters a terminal could act on (C0 except newline, DEL, C1) plus tab (expanded).
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
FRONT = "---\ntitle: T\n---\n"
PATH = Path("doc.md")

SETTINGS = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Text with plenty of the characters that matter: line ends, blanks, controls, escapes,
# combining marks, Hangul, markup brackets.
interesting_chars = st.sampled_from(
    list("\n\n\n\r \t\x00\x07\x1b\x7f\x85\x9b\x9d\u0301\u00a0\u2028\ufeff[]/@=-:#'\"가각a.")
)
bodies = st.one_of(
    st.text(),
    st.lists(st.one_of(interesting_chars, st.text(max_size=8)), max_size=80).map("".join),
    st.lists(
        st.one_of(
            st.sampled_from(["\x1b[31m", "\x1b]52;c;QQ==\x07", "\x1b]8;;u\x1b\\", "\x9b1m"]),
            st.text(alphabet="ab \n\t", max_size=6),
        ),
        max_size=30,
    ).map("".join),
)


def paragraphs_of(body: str) -> list[str]:
    """The reference: blocks between whitespace-only lines, lines stripped and joined by a space."""
    blocks = re.split(r"\n(?:[^\S\n]*\n)+", "\n" + body + "\n")
    result = []
    for block in blocks:
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if lines:
            result.append(" ".join(lines))
    return result


def cleaned_body(cleaned: str) -> str:
    lines = cleaned.split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    return "\n".join(lines[end + 1 :])


@SETTINGS
@given(body=bodies)
@example(body="")
@example(body="\n\n \t \n")
@example(body="\u2028one\u2029two\x85three")
@example(body="a\r\rb\r\n\r\nc")
@example(body="e\u0301\n\n\u1100\u1161")
@example(body="\x1b[31m\n\nred\x1b[0m\x1b]0;t\x07")
def test_parse_never_raises_and_passages_match_the_cleaned_body(body: str) -> None:
    cleaned = clean_text(FRONT + body)
    try:
        document = parse_document(PATH, cleaned)
    except DocumentError as error:
        assert error.message
        assert paragraphs_of(cleaned_body(cleaned)) == []
        assert "empty body" in error.message
        return
    passages = document.passages
    assert [p.number for p in passages] == list(range(1, len(passages) + 1))
    assert [p.id for p in passages] == [f"doc:{n}" for n in range(1, len(passages) + 1)]
    assert [p.text for p in passages] == paragraphs_of(cleaned_body(cleaned))
    for passage in passages:
        assert passage.text and passage.text == passage.text.strip()
        assert not CONTROL.search(passage.text)
        assert "\n" not in passage.text
        first_line = cleaned.split("\n")[passage.line - 1].strip()
        assert cleaned[passage.offset :].startswith(first_line)
        assert passage.text.startswith(first_line)


@SETTINGS
@given(data=st.binary(max_size=400))
@example(data=b"\xff\xfe" + "ok".encode("utf-16-le"))
@example(data=b"\xfe\xff\x00")
@example(data=b"\xef\xbb\xbf\x1b[31mx\r\n")
@example(data=b"\x00" * 10)
@example(data=b"\xc3\x28")
def test_decode_document_returns_clean_text_or_a_reason(data: bytes) -> None:
    try:
        text = decode_document(data)
    except DocumentError as error:
        assert error.message and "\n" not in error.message
        return
    assert not CONTROL.search(text)
    assert "\r" not in text and not text.startswith("\ufeff")
    assert clean_text(text) == text


@SETTINGS
@given(data=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)))
@example(data=b"---\ntitle: T\n---\n\nbody\n")
@example(data=b"---\ntitle: !!binary aGVsbG8=\n---\n\nb\n")
@example(data=b"---\ntitle: 2024-01-01\n---\n\nb\n")
@example(data=b"---\n? [a, b]\n: c\ntitle: T\n---\n\nb\n")
@example(data=b"---\ntitle: T\ndate: 99999-01-01\n---\n\nb\n")
@example(data=b"---\ntitle: T\ndate: 2024-01-01T25:61:00\n---\n\nb\n")
def test_load_corpus_never_raises_on_any_file(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.md"
        path.write_bytes(data)
        corpus = load_corpus([folder])
        assert len(corpus.documents) + len(corpus.problems) == 1
        for problem in corpus.problems:
            assert problem.path == str(path)
            assert problem.message and "\n" not in str(problem)
        assert path.read_bytes() == data


scalars = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        [
            "2024-01-23",
            "2024-13-45",
            "2024-02-30",
            "2024-01-23T10:00:00",
            "[1, 2]",
            "{a: b}",
            "!!binary aGk=",
            "!!set {a}",
            "!!float .nan",
            "!!timestamp x",
            "!!bool maybe",
            "!!int ''",
            "!!int " + "9" * 5000,
            "!!float x",
            "!!str [a]",
            "!!python/name:os.system",
            "~",
            "true",
            "0x1F",
            "1e999",
            "&a x",
            "*a",
            "|\n  block",
            "'quoted: [x]'",
            '"\\e[31m\\x9b"',
            "-",
            "? x",
        ]
    ),
)
front_matters = st.dictionaries(
    st.sampled_from(["title", "id", "date", "issuer", "source", "language", "extra", "1"]),
    scalars,
    max_size=6,
).map(lambda d: "".join(f"{key}: {value}\n" for key, value in d.items()))


@SETTINGS
@given(front=st.one_of(front_matters, st.text(max_size=120)))
def test_any_front_matter_is_a_document_or_one_reported_problem(front: str) -> None:
    cleaned = clean_text(f"---\n{front}\n---\n\nBody.\n")
    try:
        document = parse_document(PATH, cleaned)
    except DocumentError as error:
        assert error.message and "\n" not in error.message
        assert error.line is None or error.line >= 1
        return
    assert document.title and not CONTROL.search(document.title)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", document.id)
    assert document.date is None or re.fullmatch(r"\d{4}-\d\d-\d\d", document.date)
    for value in (document.issuer, document.source):
        assert value is None or not CONTROL.search(value)


def reference_clean(text: str) -> str:
    """Cleaning spelled out for text without escape introducers (ESC, C1): nothing is lost
    but the BOM, CRs, control characters and tabs."""
    import unicodedata

    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or not ("\x00" <= ch < " " or ch == "\x7f"))
    text = unicodedata.normalize("NFC", text).lstrip("\ufeff")
    return text.expandtabs(4)


@SETTINGS
@given(
    text=st.text(
        alphabet=st.characters(
            blacklist_characters="\x1b", blacklist_categories=("Cs",), max_codepoint=0x7F
        )
        | st.characters(min_codepoint=0xA0)
        | st.sampled_from(list("\r\n\t\x00\x07\ufeff\u0301"))
    )
)
def test_text_without_escapes_loses_nothing_but_controls(text: str) -> None:
    assert clean_text(text) == reference_clean(text)


@SETTINGS
@given(text=bodies)
@example(text="e\x00\u0301")
@example(text="e\x1b[1m\u0301")
@example(text="\x00\ufeffx")
@example(text="\ufeff\ufeff")
def test_cleaned_text_is_nfc_and_cleaning_it_again_changes_nothing(text: str) -> None:
    import unicodedata

    cleaned = clean_text(text)
    assert unicodedata.is_normalized("NFC", cleaned)
    assert clean_text(cleaned) == cleaned
