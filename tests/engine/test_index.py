"""The cached index: built once, reused without writing, rebuilt when the corpus changes or the
cache is damaged, never half-built, and usable when the cache folder is not."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from search_index import Corpus, bundled_texts_dir, load_corpus
from search_index.index import MARKER, IndexInfo, fingerprint, open_index
from search_index.paths import cache_dir
from search_index.search import SearchIndex
from search_index.session import Session
from search_index.whoosh.phrases import PHRASE_FILE

XREF = Path(sys.executable).parent / "xref"


def make_texts(folder: Path, extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "one.md").write_text(
        "---\ntitle: One\ndate: 2024-03-01\n---\n\nThe DPRK launched a missile.\n\n"
        f"Sanctions were discussed.{extra}\n",
        encoding="utf-8",
    )
    (folder / "two.md").write_text(
        "---\ntitle: Two\n---\n\nNorth Korea and Russia cooperate.\n", encoding="utf-8"
    )
    return folder


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under root with its size and modification time."""
    out = {}
    for path in root.rglob("*"):
        if path.is_file():
            info = path.stat()
            out[str(path.relative_to(root))] = (info.st_size, info.st_mtime_ns)
    return out


def open_untagged(corpus: Corpus, **options) -> tuple[SearchIndex, IndexInfo]:
    """open_index with the corpus's own analyser and no theme tags unless given."""
    return open_index(corpus, Session.open(corpus).analyzer, **options)


def hits(index, query: str) -> set[str]:
    return {h.passage for h in index.search(query).hits}


def test_second_start_reuses_the_index_and_writes_nothing(tmp_path: Path) -> None:
    corpus = load_corpus([make_texts(tmp_path / "texts")])
    index, info = open_untagged(corpus)
    assert info.reused is False
    assert info.documents == 2 and info.passages == 3
    assert info.location == cache_dir() / "index" / info.fingerprint
    assert {"fingerprint", "index", "commit"} <= set(info.timings)
    index.close()
    before = snapshot(cache_dir())

    index, again = open_untagged(load_corpus([tmp_path / "texts"]))
    assert again.reused is True
    assert again.fingerprint == info.fingerprint
    assert set(again.timings) == {"fingerprint", "open"}
    assert hits(index, "North Korea") == {"one:1", "two:1"}
    index.close()
    assert snapshot(cache_dir()) == before


def test_changed_document_rebuilds(tmp_path: Path) -> None:
    texts = make_texts(tmp_path / "texts")
    index, first = open_untagged(load_corpus([texts]))
    assert hits(index, "uranium") == set()
    index.close()
    make_texts(texts, extra=" Uranium enrichment too.")
    index, second = open_untagged(load_corpus([texts]))
    assert second.reused is False
    assert second.fingerprint != first.fingerprint
    assert hits(index, "uranium") == {"one:2"}
    index.close()


def test_fingerprint_covers_aliases_and_tags(tmp_path: Path) -> None:
    texts = make_texts(tmp_path / "texts")
    corpus = load_corpus([texts])
    analyzer = Session.open(corpus).analyzer
    base = fingerprint(corpus, analyzer)
    assert fingerprint(corpus, analyzer, {"one:1": ["missiles"]}) != base
    (texts / "aliases.yaml").write_text("aliases:\n  rus:\n    - Russia\n    - Muscovy\n")
    assert fingerprint(corpus, Session.open(corpus).analyzer) != base


def damage_remove_folder(folder: Path) -> None:
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()


def damage_truncate_toc(folder: Path) -> None:
    toc = next(folder.glob("*.toc"))
    toc.write_bytes(toc.read_bytes()[:20])


def damage_delete_segment(folder: Path) -> None:
    for seg in folder.glob("*.seg"):
        seg.unlink()


def damage_truncate_segment(folder: Path) -> None:
    seg = next(folder.glob("*.seg"))
    seg.write_bytes(seg.read_bytes()[:100])


def damage_scramble_segment(folder: Path) -> None:
    seg = next(folder.glob("*.seg"))
    data = bytearray(seg.read_bytes())
    data[: len(data) // 2] = bytes(len(data) // 2)
    seg.write_bytes(bytes(data))


def damage_segment_keeping_its_size(folder: Path) -> None:
    """Bytes overwritten in place (a bad disk, a stray write): the size is unchanged."""
    seg = max(folder.glob("*.seg"), key=lambda p: p.stat().st_size)
    data = bytearray(seg.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 300] = bytes(300)
    seg.write_bytes(bytes(data))


def damage_delete_positions(folder: Path) -> None:
    (folder / PHRASE_FILE).unlink()


def damage_truncate_positions(folder: Path) -> None:
    path = folder / PHRASE_FILE
    path.write_bytes(path.read_bytes()[:-64])


def damage_marker(folder: Path) -> None:
    (folder / MARKER).write_text("{not json")


def damage_missing_marker(folder: Path) -> None:
    (folder / MARKER).unlink()


@pytest.mark.parametrize(
    "damage",
    [
        damage_remove_folder,
        damage_truncate_toc,
        damage_delete_segment,
        damage_truncate_segment,
        damage_scramble_segment,
        damage_segment_keeping_its_size,
        damage_delete_positions,
        damage_truncate_positions,
        damage_marker,
        damage_missing_marker,
    ],
)
def test_damaged_index_is_rebuilt(tmp_path: Path, damage) -> None:
    texts = make_texts(tmp_path / "texts")
    index, info = open_untagged(load_corpus([texts]))
    index.close()
    assert info.location is not None
    damage(info.location)
    index, again = open_untagged(load_corpus([texts]))
    assert again.reused is False
    if damage is not damage_remove_folder:
        assert len(again.notices) == 1
        assert "damaged" in again.notices[0] and "rebuilt" in again.notices[0]
    assert hits(index, "DPRK") == {"one:1", "two:1"}
    index.close()
    index, third = open_untagged(load_corpus([texts]))
    assert third.reused is True and third.notices == []
    index.close()


def test_rebuild_builds_again_in_place(tmp_path: Path) -> None:
    texts = make_texts(tmp_path / "texts")
    index, first = open_untagged(load_corpus([texts]))
    index.close()
    index, second = open_untagged(load_corpus([texts]), rebuild=True)
    assert second.reused is False and second.location == first.location
    assert hits(index, "sanctions") == {"one:2"}
    index.close()
    assert [p.name for p in (cache_dir() / "index").iterdir()] == [first.fingerprint]


def test_interrupted_build_leaves_no_index_and_the_next_start_builds(tmp_path: Path) -> None:
    texts = make_texts(tmp_path / "texts")

    def explode(stage: str, done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        open_untagged(load_corpus([texts]), progress=explode)
    assert list((cache_dir() / "index").iterdir()) == []
    index, info = open_untagged(load_corpus([texts]))
    assert info.reused is False and hits(index, "missile") == {"one:1"}
    index.close()


def test_leftover_build_of_a_dead_process_is_removed(tmp_path: Path) -> None:
    texts = make_texts(tmp_path / "texts")
    root = cache_dir() / "index"
    root.mkdir(parents=True, exist_ok=True)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    leftover = root / f".build-{dead.stdout.strip()}-abc-xyz"
    leftover.mkdir()
    (leftover / "half.seg").write_bytes(b"x" * 10)
    index, info = open_untagged(load_corpus([texts]))
    index.close()
    assert not leftover.exists()
    assert sorted(p.name for p in root.iterdir()) == [info.fingerprint]


def test_progress_reports_counts(tmp_path: Path) -> None:
    texts = make_texts(tmp_path / "texts")
    seen: list[tuple[str, int, int]] = []
    index, _ = open_untagged(load_corpus([texts]), progress=lambda *a: seen.append(a))
    index.close()
    assert seen[-2:] == [("index", 3, 3), ("index:saving", 0, 0)]  # the commit: no counts
    assert all(s == "index" and 0 <= d <= t == 3 for s, d, t in seen[:-1])


def test_unusable_cache_folder_falls_back_to_memory(tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("XREF_CACHE_DIR", str(blocker))
    index, info = open_untagged(load_corpus([bundled_texts_dir()]))
    assert info.location is None and info.reused is False
    assert len(info.notices) == 1 and "in memory" in info.notices[0]
    assert len(hits(index, "intertwined")) == 2
    index.close()


def test_theme_set_tags_are_not_computed_on_a_warm_start() -> None:
    corpus = load_corpus([bundled_texts_dir()])
    first = Session.open(corpus)
    first.open_index()
    first.close()
    session = Session.open(corpus)  # a new start
    session.open_index()
    info, again = first.index_info, session.index_info
    assert again.reused is True and again.fingerprint == info.fingerprint
    assert session.themes.is_tagged is False
    session.close()


def run_xref_index(texts: Path, env: dict[str, str], *flags: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(XREF), "--texts", str(texts), "index", "--json", *flags],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_concurrent_builders_both_work(tmp_path: Path) -> None:
    texts = make_texts(tmp_path / "texts")
    env = dict(os.environ)
    procs = [run_xref_index(texts, env) for _ in range(3)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], outputs
    prints = {json.loads(out)["fingerprint"] for out, _err in outputs}
    assert len(prints) == 1
    corpus = load_corpus([texts])
    session = Session.open(corpus)
    index, info = session.open_index(), session.index_info  # as `xref index` does
    assert info.reused is True and hits(index, "DPRK") == {"one:1", "two:1"}
    index.close()
    assert not [p for p in (cache_dir() / "index").iterdir() if p.name.startswith(".")]


def test_killed_builds_never_leave_a_half_index(tmp_path: Path) -> None:
    texts = tmp_path / "big"
    texts.mkdir()
    paragraphs = "\n\n".join(
        f"Paragraph {i} on North Korea, sanctions and missile number {i}." for i in range(3000)
    )
    (texts / "big.md").write_text(f"---\ntitle: Big\n---\n\n{paragraphs}\n", encoding="utf-8")
    env = dict(os.environ)
    # Random moments across the build (start-up, analysis, commit, rename); XREF_KILL_RUNS
    # raises the count for a real measurement (the closing note's 50+), XREF_KILL_SEED
    # repeats a run.
    runs = int(os.environ.get("XREF_KILL_RUNS", "6"))
    seed = int(os.environ.get("XREF_KILL_SEED", str(time.time_ns() % 100_000)))
    moments = random.Random(seed)
    for run in range(runs):
        delay = moments.uniform(0.1, 2.5)
        proc = run_xref_index(texts, env, "--rebuild")
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        corpus = load_corpus([texts])
        session = Session.open(corpus)
        index, info = session.open_index(), session.index_info
        where = f"seed {seed}, run {run}, killed after {delay:.2f} s"
        assert not [n for n in info.notices if "damaged" in n], (where, info.notices)
        assert index.search("missile", limit=1).total == 3000, where
        index.close()


def test_concurrent_rebuilds_all_finish_and_leave_a_sound_index(tmp_path: Path) -> None:
    """Three `xref index --rebuild` at once: each moves the others' folder aside."""
    texts = make_texts(tmp_path / "texts")
    env = dict(os.environ)
    for _round in range(3):
        procs = [run_xref_index(texts, env, "--rebuild") for _ in range(3)]
        outputs = [p.communicate(timeout=120) for p in procs]
        assert [p.returncode for p in procs] == [0, 0, 0], outputs
        assert not any("Traceback" in err for _out, err in outputs), outputs
    corpus = load_corpus([texts])
    session = Session.open(corpus)
    index, info = session.open_index(), session.index_info
    assert not [n for n in info.notices if "damaged" in n], info.notices
    assert hits(index, "DPRK") == {"one:1", "two:1"}
    index.close()


def test_old_index_folders_are_pruned(tmp_path: Path) -> None:
    from search_index.index import KEEP_INDEXES

    texts = make_texts(tmp_path / "texts")
    built = []
    for i in range(KEEP_INDEXES + 2):
        make_texts(texts, extra=f" Version {i}.")
        index, info = open_untagged(load_corpus([texts]))
        index.close()
        built.append(info.fingerprint)
        os.utime(info.location / MARKER, (1_000_000 + i, 1_000_000 + i))
    kept = sorted(p.name for p in (cache_dir() / "index").iterdir())
    assert kept == sorted(built[-KEEP_INDEXES:])
