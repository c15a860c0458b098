"""The labelled sets of real statements stay consistent with their documents.

tests/data/links_real (DPRK-Russia cooperation) is the set the link rules were measured on;
tests/data/links_heldout (Red Sea shipping attacks, labelled without looking at the engine's
links) checks that what was measured there holds elsewhere.

The link quality benchmark (tests/bench/link_quality.py) scores the engine against
labels.yaml; a label naming a passage that no longer exists, or a passage left without a class,
would silently change its figures. These tests say what is wrong the moment a document or a
label changes. They assert no quality target (the benchmark reports those).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

from search_index import load_corpus

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SETS = ("links_real", "links_heldout")
KINDS = {"heading", "dateline", "signatories", "transcript_marker", "notice", "other"}


@pytest.fixture(scope="module", params=SETS)
def folder(request) -> Path:
    return DATA_DIR / request.param


@pytest.fixture(scope="module")
def corpus(folder):
    return load_corpus([folder])


@pytest.fixture(scope="module")
def labels(folder) -> dict:
    return yaml.safe_load((folder / "labels.yaml").read_text(encoding="utf-8"))


def passage_ids(corpus) -> list[str]:
    return [p.id for d in corpus.documents for p in d.passages]


def test_every_statement_loads_with_its_source(corpus):
    assert not corpus.problems, corpus.problems
    assert len(corpus.documents) >= 12
    for document in corpus.documents:
        assert document.source and document.source.startswith("http"), document.id


def test_labels_file_has_no_duplicate_keys(folder):
    # safe_load keeps the last of two equal keys without a word: look at the composed nodes.
    text = (folder / "labels.yaml").read_text(encoding="utf-8")
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    for key_node, value_node in root.value:
        if isinstance(value_node, yaml.MappingNode):
            keys = [k.value for k, _ in value_node.value]
            repeated = sorted({k for k in keys if keys.count(k) > 1})
            assert not repeated, f"{key_node.value}: repeated {repeated}"


def test_every_passage_has_exactly_one_valid_class(corpus, labels):
    classes = labels["passages"]
    ids = passage_ids(corpus)
    assert sorted(set(ids) - set(classes)) == [], "passages without a class"
    assert sorted(set(classes) - set(ids)) == [], "labelled ids that are not passages"
    for pid, entry in classes.items():
        assert entry["class"] in {"content", "boilerplate"}, pid
        if entry["class"] == "boilerplate":
            assert entry.get("kind") in KINDS, pid
        else:
            assert "kind" not in entry, pid


def test_pairs_join_content_passages_of_different_documents_once(corpus, labels):
    classes = labels["passages"]
    seen: set[frozenset[str]] = set()
    for pair in labels["strong_pairs"]:
        a, b = pair["a"], pair["b"]
        assert classes[a]["class"] == "content", a
        assert classes[b]["class"] == "content", b
        assert corpus.passage(a).document_id != corpus.passage(b).document_id, (a, b)
        assert isinstance(pair["paraphrase"], bool), (a, b)
        assert pair.get("why"), (a, b)
        key = frozenset((a, b))
        assert key not in seen, f"pair listed twice: {a} ~ {b}"
        seen.add(key)


def test_the_benchmark_reads_the_same_labels(folder, labels):
    script = DATA_DIR.parent / "bench" / "link_quality.py"
    spec = importlib.util.spec_from_file_location("link_quality_under_test", script)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being made
    spec.loader.exec_module(module)

    read = module.load_labels(folder / "labels.yaml")
    assert len(read.classes) == len(labels["passages"])
    assert len(read.pairs) == len(labels["strong_pairs"])
    assert sum(p for _, _, p in read.pairs) == sum(
        bool(x["paraphrase"]) for x in labels["strong_pairs"]
    )
