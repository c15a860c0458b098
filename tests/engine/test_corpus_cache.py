"""The document cache: a warm start reads no unchanged document again, yet every edit,
however quick, is seen, and a damaged cache is never trusted."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from search_index import load_corpus, yamlfile
from search_index.corpus import cache as corpus_cache
from search_index.corpus import cleaning, model, parsing
from search_index.paths import cache_dir


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def doc(title: str, *paragraphs: str) -> str:
    return f"---\ntitle: {title}\ndate: 2024-01-02\n---\n\n" + "\n\n".join(paragraphs) + "\n"


def view(corpus) -> tuple:
    """What a reader sees of a corpus: documents, passages with ids, offsets and lines."""
    return (
        [(d.id, d.title, d.date, d.digest, len(d.passages)) for d in corpus.documents],
        [(p.id, p.text, p.offset, p.line) for p in corpus],
        [str(p) for p in corpus.problems],
    )


def cache_files() -> list[Path]:
    folder = cache_dir() / "documents"
    return sorted(folder.iterdir()) if folder.is_dir() else []


@pytest.fixture
def trust_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by a test are milliseconds old: trust them as a day-old file is."""
    monkeypatch.setattr(corpus_cache, "RACY_NS", 0)


def test_warm_load_gives_the_same_corpus_and_writes_nothing(
    tmp_path: Path, trust_at_once: None
) -> None:
    texts = tmp_path / "texts"
    write(texts / "a.md", doc("A", "First of A.", "  Second\nof A, on two lines."))
    write(texts / "b.md", "---\ntitle: B\n---\n\n")  # a problem: empty body
    cold = load_corpus([texts])
    [cache] = cache_files()
    written = cache.stat().st_mtime_ns
    warm = load_corpus([texts])
    assert view(warm) == view(cold)
    assert cache.stat().st_mtime_ns == written
    assert type(warm.documents[0].passages).__name__ == "LazyPassages"  # not parsed again
    assert warm.passage("a:2").text == "Second of A, on two lines."


def test_an_edit_right_after_a_load_is_seen_even_with_the_same_size(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    path = write(texts / "a.md", doc("A", "Sanctions apply."))
    assert load_corpus([texts]).passage("a:1").text == "Sanctions apply."
    info = path.stat()
    write(path, doc("A", "Sanctions lapse."))  # same size, maybe the same timestamp tick
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # even with mtime put back
    assert load_corpus([texts]).passage("a:1").text == "Sanctions lapse."


def test_changed_added_and_removed_files(tmp_path: Path, trust_at_once: None) -> None:
    texts = tmp_path / "texts"
    write(texts / "a.md", doc("A", "One."))
    gone = write(texts / "b.md", doc("B", "Two."))
    load_corpus([texts])
    write(texts / "a.md", doc("A", "One, changed at length."))
    gone.unlink()
    write(texts / "c.md", doc("C", "Three."))
    warm = load_corpus([texts])
    assert [d.id for d in warm.documents] == ["a", "c"]
    assert warm.passage("a:1").text == "One, changed at length."
    assert view(load_corpus([texts])) == view(load_corpus([texts], cache=False))


@pytest.mark.parametrize(
    "damage", [b"", b"{not json", b'{"version": 1, "files": []}', b"\x00\xff" * 100]
)
def test_a_damaged_cache_is_ignored_and_replaced(
    tmp_path: Path, trust_at_once: None, damage: bytes
) -> None:
    texts = tmp_path / "texts"
    write(texts / "a.md", doc("A", "One.", "Two."))
    cold = load_corpus([texts])
    [cache] = cache_files()
    cache.write_bytes(damage)
    assert view(load_corpus([texts])) == view(cold)
    assert view(load_corpus([texts])) == view(cold)  # and the rewritten cache is sound


def test_a_cache_entry_for_another_file_state_is_not_used(
    tmp_path: Path, trust_at_once: None
) -> None:
    """An entry whose size or times do not match the file is parsed again, not trusted."""
    texts = tmp_path / "texts"
    path = write(texts / "a.md", doc("A", "Old words."))
    load_corpus([texts])
    write(path, doc("A", "New words here."))
    assert load_corpus([texts]).passage("a:1").text == "New words here."


def test_no_cache_when_the_cache_folder_cannot_be_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("XREF_CACHE_DIR", str(blocker / "cache"))
    texts = tmp_path / "texts"
    write(texts / "a.md", doc("A", "One."))
    assert [p.text for p in load_corpus([texts])] == ["One."]


def test_passages_read_later_survive_the_cache_being_replaced_or_damaged(
    tmp_path: Path, trust_at_once: None
) -> None:
    """Passages are read from the cache when first used: another process rewriting the cache
    meanwhile, or bytes damaged in place, must not change what the reader shows."""
    texts = tmp_path / "texts"
    write(texts / "a.md", doc("A", "First of A.", "Second of A."))
    write(texts / "b.md", doc("B", "Only B."))
    expected = view(load_corpus([texts], cache=False))
    load_corpus([texts])
    [cache] = cache_files()
    replaced = load_corpus([texts])  # passages not read yet
    damaged = load_corpus([texts])
    write(texts / "c.md", doc("C", "New."))
    load_corpus([texts])  # rewrites the cache file (a new file renamed over the old one)
    assert view(replaced)[1] == expected[1]
    data = bytearray(cache.read_bytes())
    start = data.index(b'{"texts"')
    data[start : start + 10] = b"#" * 10  # the passages line of the first document
    cache.write_bytes(bytes(data))
    fresh = load_corpus([texts])
    assert [p.text for p in fresh.document("a").passages] == ["First of A.", "Second of A."]
    assert view(damaged)[1] == expected[1]


def test_a_change_to_the_parsing_code_invalidates_the_cache(
    tmp_path: Path, trust_at_once: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache is keyed by the code of the modules that shape a cached document (taken from
    the modules themselves, not from file names that a move would silently break); a module
    whose source cannot be read is an error, not a key that quietly leaves its code out."""
    assert {model, parsing, cleaning, yamlfile, corpus_cache} <= set(corpus_cache.CODE_MODULES)
    texts = tmp_path / "texts"
    write(texts / "a.md", doc("A", "One.", "Two."))
    cold = load_corpus([texts])
    assert type(load_corpus([texts]).documents[0].passages).__name__ == "LazyPassages"
    changed = tmp_path / "cleaning.py"
    changed.write_bytes(Path(cleaning.__file__).read_bytes() + b"\n# a new rule\n")
    monkeypatch.setattr(cleaning, "__file__", str(changed))
    warm = load_corpus([texts])
    assert type(warm.documents[0].passages) is tuple  # parsed again, not taken from the cache
    assert view(warm) == view(cold)
    monkeypatch.setattr(cleaning, "__file__", str(tmp_path / "moved.py"))
    with pytest.raises(FileNotFoundError):
        load_corpus([texts])
